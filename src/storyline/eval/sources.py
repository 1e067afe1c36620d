"""Public annotated news rendered as plain text, so gold sets can point into it by offset.

A gold set written by Storyline's developers never copies third-party text: it
names a document by a *ref* and gives character offsets into the text this
module renders from the public files in ``shared/eval``. Refs:

* ``ecbplus/<topic>/<file>.xml`` — ECB+ (CROMER XML). Tokens are detokenised
  (no space before closing punctuation and clitics, ``` `` ``` and ``''`` become
  ``"``); one sentence per line, so a line number is ECB+'s sentence number.
  ``tokens`` maps each ``t_id`` to its character span. ``published`` is the
  first full date in the first four sentences (ecbplus files carry one), else None.
* ``timebank/<file>.tml`` and ``aquaint/<file>.tml`` — TempEval-3 TimeML:
  the text inside ``<TEXT>`` with every tag removed; ``published`` is the DCT.
* ``polnear/<filename>`` — PolNeAR: ``text/<filename>.txt`` as is;
  ``published``, ``source`` and ``title`` from ``metadata.tsv``.

The data root is ``$STORYLINE_EVAL_DATA`` if set, else the first ``shared/eval``
found beside the current directory or any of its parents, else beside this
repository.
"""

from __future__ import annotations

import csv
import functools
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

_TOKEN = re.compile(r'<token t_id="(\d+)" sentence="(\d+)" number="\d+"[^>]*>([^<]*)</token>')
_TAG = re.compile(r"<[^>]+>")
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "'s", "'S", "n't", "'re", "'ve", "'ll", "'d", "'m", "''", "’s"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}


@dataclass(frozen=True)
class SourceDoc:
    """One public document as text: ``tokens`` (ECB+ only) maps token id → (start, end)."""

    ref: str
    text: str
    published: str | None = None
    title: str | None = None
    source: str | None = None
    tokens: dict[str, tuple[int, int]] = field(default_factory=dict)
    sentences: tuple[tuple[int, int], ...] = ()


def data_root() -> Path:
    """Where ``shared/eval`` is; InputError when it is nowhere to be found."""
    if env := os.environ.get("STORYLINE_EVAL_DATA"):
        return Path(env)
    here = Path(__file__).resolve()
    for base in [Path.cwd(), *Path.cwd().parents, *here.parents]:
        candidate = base / "shared" / "eval"
        if candidate.is_dir():
            return candidate
        candidate = base.parent / "shared" / "eval"
        if candidate.is_dir():
            return candidate
    raise InputError("the public evaluation data (shared/eval) was not found; set $STORYLINE_EVAL_DATA")


def load(ref: str, root: Path | None = None) -> SourceDoc:
    """The document ``ref`` names (see the module docstring for the ref forms)."""
    root = root or data_root()
    corpus, _, rest = ref.partition("/")
    if corpus == "ecbplus":
        return _ecbplus(ref, root / "ecbplus-train-dev" / "ECB+" / rest)
    if corpus in ("timebank", "aquaint"):
        folder = "TimeBank" if corpus == "timebank" else "AQUAINT"
        return _timeml(ref, root / "tempeval3-train" / folder / rest)
    if corpus == "polnear":
        return _polnear(ref, root / "polnear-train", rest)
    raise InputError(f"unknown source ref {ref!r}: expected ecbplus/, timebank/, aquaint/ or polnear/")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def _ecbplus(ref: str, path: Path) -> SourceDoc:
    sentences: dict[int, list[tuple[str, str]]] = {}
    for t_id, sentence, word in _TOKEN.findall(_read(path)):
        sentences.setdefault(int(sentence), []).append((t_id, html.unescape(word)))
    text, tokens, spans = "", {}, []
    for number in sorted(sentences):
        if text:
            text += "\n"
        line_start = len(text)
        previous = None
        for t_id, word in sentences[number]:
            shown = '"' if word in ("``", "''") else word
            if previous is not None and not (word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER):
                text += " "
            tokens[t_id] = (len(text), len(text) + len(shown))
            text += shown
            previous = word
        spans.append((line_start, len(text)))
    published = _first_date(text, spans[:4])
    return SourceDoc(ref, text, published, None, None, tokens, tuple(spans))


def _first_date(text: str, spans: list[tuple[int, int]]) -> str | None:
    from ..ingest.dates import find_date

    for start, end in spans:
        if (found := find_date(text[start:end])) is not None:
            return found.day
    return None


def _timeml(ref: str, path: Path) -> SourceDoc:
    raw = _read(path)
    dct = re.search(r"<DCT>\s*<TIMEX3\b[^>]*\bvalue=\"([^\"]+)\"", raw)
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    if not body:
        raise InputError(f"{path}: not a TimeML file with <TEXT>")
    text = html.unescape(_TAG.sub("", body.group(1)))
    return SourceDoc(ref, text, dct.group(1)[:10] if dct else None)


@functools.cache
def _polnear_metadata(root: Path) -> dict[str, dict[str, str]]:
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        return {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")}


def _polnear(ref: str, root: Path, name: str) -> SourceDoc:
    name = name.removesuffix(".txt")
    text = _read(root / "text" / f"{name}.txt")
    meta = _polnear_metadata(root).get(name, {})
    return SourceDoc(ref, text, meta.get("publication_date") or None, meta.get("title") or None, meta.get("publisher") or None)


def all_refs(root: Path | None = None) -> list[str]:
    """Every document ref under the data root, in a stable order (TimeML, then ECB+, then PolNeAR)."""
    root = root or data_root()
    refs = [f"{corpus}/{p.name}" for corpus, folder in (("timebank", "TimeBank"), ("aquaint", "AQUAINT"))
            for p in sorted((root / "tempeval3-train" / folder).glob("*.tml"))]
    ecb = root / "ecbplus-train-dev" / "ECB+"
    refs += [f"ecbplus/{p.parent.name}/{p.name}" for p in sorted(ecb.glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name))]
    refs += [f"polnear/{p.stem}" for p in sorted((root / "polnear-train" / "text").glob("*.txt"))]
    return refs


def articles(limit: int | None = None, root: Path | None = None, step: int = 1) -> list[dict[str, str | None]]:
    """Real articles as JSON-ready records ({text, title, published, source}), every ``step``-th ref."""
    out = []
    for ref in all_refs(root)[::step][:limit]:
        doc = load(ref, root)
        out.append({"text": doc.text, "title": doc.title, "published": doc.published, "source": doc.source})
    return out
