"""Scoring attributions (quotes, reported speech, beliefs, intentions) on PolNeAR's brat files.

Input: a PolNeAR directory with ``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann``
(brat standoff: ``Source``, ``Cue`` and ``Content`` spans, several of them
discontinuous, linked by ``E`` lines). Some articles carry several
annotators' files; the file of the annotator whose id sorts first is read,
so the choice never depends on what was scored.

Each article is analysed as ``storyline add`` analyses it (``eval.claims``)
and its ``quotes`` are compared with the gold attributions. Words are runs
of letters and digits (punctuation and quotation marks do not count).

* ``token_f1`` — every word of a gold content counts when a predicted
  attribution's content covers it and
  that attribution's source span overlaps the gold source span (an
  attribution with no source is right only with no predicted source). When
  predicted attributions nest ("I know that …" inside a quotation), the
  outermost owns the word, as in PolNeAR, where each word belongs to one
  attribution.
  P = such words ÷ words in predicted contents, R = ÷ words in gold contents.
* ``content_p`` / ``content_r`` / ``content_f1`` — predicted and gold
  contents match one to one when their word sets have a Jaccard index of at
  least 0.5 (best pairs first).
* ``source_acc`` — on matched contents, the share whose source spans overlap.

``n`` is the number of gold attributions scored.

**Split.** An article belongs to the held-out part when the first byte of
the SHA-256 of its name is below 77 (30 % of names); ``split="dev"`` reads
the others, ``split="heldout"`` those, and no split every article.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, UsageError
from ..model import Quote
from .sources import SourceDoc, _polnear_metadata

HELDOUT_BELOW = 77  # of 256: 30 % of names
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GoldAttribution:
    content: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...] = ()
    cue: tuple[tuple[int, int], ...] = ()


@dataclass
class _Counts:
    gold_words: int = 0
    predicted_words: int = 0
    right_words: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    sourced: int = 0
    docs: list[str] = field(default_factory=list)


def split_of(name: str) -> str:
    return "heldout" if hashlib.sha256(name.encode()).digest()[0] < HELDOUT_BELOW else "dev"


def articles(root: Path, split: str | None = None, limit: int | None = None) -> list[tuple[str, Path]]:
    """(article name, annotation file) for the articles of ``split``, one annotator each, sorted by name."""
    if split is not None and split not in ("dev", "heldout"):
        raise UsageError(f"unknown split {split!r}; expected dev or heldout")
    files = sorted((root / "attributions").glob("*.ann"))
    if not files or not (root / "text").is_dir():
        raise InputError(f"{root}: expected PolNeAR's attributions/*.ann and text/*.txt")
    chosen: dict[str, Path] = {}
    for path in files:
        name = re.sub(r"_[0-9a-f]{4}$", "", path.stem)
        if (root / "text" / f"{name}.txt").exists():
            chosen.setdefault(name, path)  # sorted: the first annotator's file
    out = [(name, path) for name, path in sorted(chosen.items()) if split is None or split_of(name) == split]
    return out[:limit] if limit else out


def read_ann(path: Path) -> list[GoldAttribution]:
    """The attributions of one brat file (content spans required; source and cue when given)."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            kind, _, offsets = parts[1].partition(" ")
            ranges = tuple(tuple(int(x) for x in piece.split()) for piece in offsets.split(";") if piece.strip())
            spans[parts[0]] = (kind, tuple((r[0], r[1]) for r in ranges if len(r) == 2))
        elif line.startswith("E"):
            parts = line.split("\t")
            events.append(dict(p.split(":", 1) for p in parts[1].split() if ":" in p) if len(parts) > 1 else {})
    out = []
    for event in events:
        content = spans.get(event.get("Content", ""), ("", ()))[1]
        if not content:
            continue
        out.append(GoldAttribution(content, spans.get(event.get("Source", ""), ("", ()))[1],
                                   spans.get(event.get("Cue", ""), ("", ()))[1]))
    return out


def evaluate(path: str | Path, split: str | None = None, limit: int | None = None,
             analysed: dict[str, list[Quote]] | None = None) -> dict[str, float]:
    """Attribution scores of Storyline on the PolNeAR articles of ``split``."""
    root = Path(path)
    chosen = articles(root, split, limit)
    if analysed is None:
        analysed = predicted_quotes([source(root, name) for name, _ in chosen])
    counts = _Counts()
    for name, ann in chosen:
        text = (root / "text" / f"{name}.txt").read_text(encoding="utf-8")
        score_document(text, read_ann(ann), analysed.get(f"polnear/{name}", []), counts)
    return _metrics(counts)


def source(root: Path, name: str) -> SourceDoc:
    """One PolNeAR article as a source document: its text, and its date, outlet and title from metadata.tsv."""
    text = (root / "text" / f"{name}.txt").read_text(encoding="utf-8")
    meta = _polnear_metadata(root).get(name, {}) if (root / "metadata.tsv").exists() else {}
    return SourceDoc(f"polnear/{name}", text, meta.get("publication_date") or None, meta.get("title") or None,
                     meta.get("publisher") or None)


def predicted_quotes(sources: Sequence[SourceDoc]) -> dict[str, list[Quote]]:
    """Storyline's attributions for each source document, by ref."""
    from .claims import analyse_sources

    return {a.source.ref: a.of(Quote) for a in analyse_sources(sources)}


def score_document(text: str, gold: list[GoldAttribution], predicted: list[Quote], counts: _Counts) -> None:
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    gold_sets = [_words_in(words, g.content) for g in gold]
    predicted_sets = [_words_in(words, ((q.start, q.end),)) for q in predicted]
    counts.gold += len(gold)
    counts.predicted += len(predicted)
    owner = _outermost(predicted, predicted_sets)
    gold_owner = {w: i for i, ws in enumerate(gold_sets) for w in ws}
    counts.gold_words += len(gold_owner)
    counts.predicted_words += len(owner)
    for w, gi in gold_owner.items():
        pi = owner.get(w)
        if pi is not None and _same_source(gold[gi], predicted[pi]):
            counts.right_words += 1
    for gi, pi in _match(gold_sets, predicted_sets):
        counts.matched += 1
        counts.sourced += _same_source(gold[gi], predicted[pi])


def _words_in(words: list[tuple[int, int]], ranges: tuple[tuple[int, int], ...]) -> set[int]:
    return {i for i, (s, e) in enumerate(words) if any(a <= s and e <= b for a, b in ranges)}


def _outermost(predicted: list[Quote], sets: list[set[int]]) -> dict[int, int]:
    owner: dict[int, int] = {}
    for i in sorted(range(len(predicted)), key=lambda i: len(sets[i])):
        for w in sets[i]:
            owner[w] = i  # larger attributions, written last, win
    return owner


def _same_source(gold: GoldAttribution, quote: Quote) -> bool:
    has_speaker = quote.speaker_end > quote.speaker_start
    if not gold.source:
        return not has_speaker
    return has_speaker and any(a < quote.speaker_end and quote.speaker_start < b for a, b in gold.source)


def _match(gold: list[set[int]], predicted: list[set[int]]) -> list[tuple[int, int]]:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if g and p and (inter := len(g & p)):
                jaccard = inter / len(g | p)
                if jaccard >= 0.5:
                    pairs.append((jaccard, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _metrics(c: _Counts) -> dict[str, float]:
    tp, tr = (c.right_words / c.predicted_words if c.predicted_words else 0.0,
              c.right_words / c.gold_words if c.gold_words else 0.0)
    cp, cr = (c.matched / c.predicted if c.predicted else 0.0, c.matched / c.gold if c.gold else 0.0)
    return {"token_f1": _f1(tp, tr), "token_p": tp, "token_r": tr, "content_p": cp, "content_r": cr,
            "content_f1": _f1(cp, cr), "source_acc": c.sourced / c.matched if c.matched else 0.0, "n": c.gold}
