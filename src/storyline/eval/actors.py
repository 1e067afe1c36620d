"""Scoring actor linking against a gold set of entity mentions (``eval/actors-gold.json``).

The gold set names real documents by a ``storyline.eval.sources`` ref and gives, for every
mention of a named actor, its span in the rendered text and the gold entity id (the same id
in every document); see ``eval/actors-gold.md``. Scoring runs Storyline exactly as ``add``
does: each rendered document is written as a one-record JSONL file, the whole split is added
into a temporary store (cleaning, analysis and cross-document resolution included), and the
stored mentions are read back and mapped from clean-text offsets onto the rendered text
through the stored clean → raw segments.

Definitions (all over the documents scored, across documents):

* A predicted mention is *linked* when its actor id is not null. It *meets* the gold mentions
  it overlaps by at least one character.
* Each gold entity is *mapped* to one predicted id, one-to-one: count, for every (entity,
  predicted id) pair, the gold mentions of the entity met by a mention with that id; take the
  pairs by count (descending, ties by names) and map the entity to the id when neither is
  mapped yet. An entity whose ids all went to larger entities maps to none. So an id that
  covers two entities is right for one of them only, and an entity under two ids is right
  under one of them only: splits and merges both cost.
* ``link_p``: linked predicted mentions meeting a gold mention whose entity maps to their id,
  over all linked predicted mentions (a linked mention meeting no gold mention is wrong).
  ``link_r``: gold mentions met by a linked mention with their entity's id, over all gold
  mentions. ``link_f1``: their harmonic mean.
* ``n_split``: gold entities whose mentions are met by more than one predicted id.
  ``n_merged``: predicted ids meeting mentions of more than one gold entity.
* ``type_acc`` / ``country_acc``: over gold mentions met by their entity's id, whether the
  predicted actor's type and country equal the gold ones.
* Titles Storyline marks as role mentions right before a name of the same actor are not scored:
  the gold set leaves job titles before names out. Nor are sector-group mentions over a noun
  (labels ``GROUP`` and ``SECTOR``: "Russian troops", "Dubai authorities", "the police",
  "protesters"): the gold set annotates the name in them ("Russian", "Dubai") as its own mention
  and leaves generic nouns out.
* For the 20 entities with most mentions: ``ids[<entity>]`` (predicted ids its mentions get)
  and ``merged[<entity>]`` (other gold entities sharing its mapped id); ``top20_split`` and
  ``top20_merged`` count the entities with more than one id / a shared id.
* ``recall[<note>]``: recall over the gold mentions with that note (``eval/actors-gold.md``),
  and ``recall[plain]`` over mentions without one.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Segment
from . import sources

TOP = 20
# sector groups over a noun ("Russian troops", "Dubai authorities", "the police"): the gold set
# annotates the name in them ("Russian", "Dubai") and leaves generic nouns out (eval/actors-gold.md)
SECTOR_LABELS = ("GROUP", "SECTOR")


@dataclass(frozen=True)
class GoldMention:
    ref: str
    start: int
    end: int
    entity: str
    type: str
    country: str | None
    note: str | None


@dataclass(frozen=True)
class Predicted:
    ref: str
    start: int
    end: int
    actor: str
    type: str
    country: str | None
    label: str = ""


def load_gold(path: str | Path, split: str | None = None) -> tuple[list[str], list[GoldMention]]:
    """The refs and gold mentions of ``split`` (every document when None)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable actor gold file ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise InputError(f"{path}: expected {{'entities': ..., 'documents': [...]}}")
    docs = [d for d in data["documents"] if split is None or d.get("split") == split]
    if not docs:
        raise InputError(f"{path}: no documents in split {split!r}")
    gold = [GoldMention(d["ref"], m["start"], m["end"], m["entity"], m["type"], m.get("country"), m.get("note"))
            for d in docs for m in d["mentions"]]
    return [d["ref"] for d in docs], gold


def predict(refs: list[str], settings: Any = None) -> list[Predicted]:
    """Storyline's linked mentions in the rendered texts of ``refs``, analysed together as ``add`` does."""
    from ..corpus import Corpus
    from ..settings import Settings

    with tempfile.TemporaryDirectory() as folder:
        files: dict[str, str] = {}
        for i, ref in enumerate(refs):
            doc = sources.load(ref)
            path = Path(folder) / f"{i:04d}.jsonl"
            record = {"text": doc.text, "title": doc.title, "published": doc.published, "source": doc.source}
            path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            files[str(path)] = ref
        base = settings or Settings()
        corpus = Corpus(settings=base.replace(db=str(Path(folder) / "eval.duckdb")))
        corpus.add(sorted(files))
        return _read_back(corpus, files)


def _read_back(corpus: Any, files: dict[str, str]) -> list[Predicted]:
    out = []
    with corpus.reader() as store:
        refs = {d["id"]: files[d["path"]] for d in store.iter_records("documents") if d["path"] in files}
        actors = {a["id"]: a for a in store.iter_records("actors")}
        segments: dict[str, list[Segment]] = {doc_id: (store.original(doc_id) or ("", []))[1] for doc_id in refs}
        for m in store.iter_records("mentions"):
            if m["actor"] is None or m["doc_id"] not in refs or m["label"] in SECTOR_LABELS:
                continue
            start, end = to_raw(segments[m["doc_id"]], m["start"]), to_raw(segments[m["doc_id"]], m["end"] - 1) + 1
            actor = actors.get(m["actor"], {})
            out.append(Predicted(refs[m["doc_id"]], start, end, m["actor"], actor.get("type", ""), actor.get("country"), m["label"]))
    return _without_titles(out)


def _without_titles(predicted: list[Predicted]) -> list[Predicted]:
    """Predicted mentions less the titles right before a name of the same actor ("President" in "President
    Obama", "Ukrainian defence minister" in "... Rustem Umerov"): Storyline marks them as role mentions of the
    person, the gold set leaves job titles before names out (``eval/actors-gold.md``), so they are not scored."""
    starts = {(p.ref, p.actor, p.start) for p in predicted if p.label != "ROLE"}
    return [p for p in predicted if not (p.label == "ROLE" and any((p.ref, p.actor, p.end + gap) in starts for gap in (1, 2)))]


def to_raw(segments: list[Segment], offset: int) -> int:
    """A clean-text offset as an offset into the raw text."""
    for s in segments:
        if s.clean_start <= offset < s.clean_start + s.length:
            return s.raw_start + offset - s.clean_start
    return -1


def evaluate(path: str | Path, split: str | None = None) -> dict[str, float]:
    """Link precision, recall and F1, splits and merges of Storyline's actors on the gold ``split``."""
    refs, gold = load_gold(path, split)
    return score(gold, predict(refs))


def score(gold: list[GoldMention], predicted: list[Predicted]) -> dict[str, float]:
    """The metrics of the module docstring for ``predicted`` against ``gold``."""
    met = _meetings(gold, predicted)
    counts: Counter[tuple[str, str]] = Counter((g.entity, p.actor) for g, ps in met.items() for p in ps)
    mapping = _one_to_one(counts)
    right_gold = [g for g, ps in met.items() if any(p.actor == mapping.get(g.entity) for p in ps)]
    right_pred = {p for g, ps in met.items() for p in ps if p.actor == mapping.get(g.entity)}
    p = len(right_pred) / len(predicted) if predicted else 0.0
    r = len(right_gold) / len(gold) if gold else 0.0
    ids: dict[str, set[str]] = defaultdict(set)
    entities: dict[str, set[str]] = defaultdict(set)
    for entity, actor in counts:
        ids[entity].add(actor)
        entities[actor].add(entity)
    best = {g: next(p for p in met[g] if p.actor == mapping[g.entity]) for g in right_gold}
    out: dict[str, float] = {
        "link_p": p, "link_r": r, "link_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "n_split": sum(len(v) > 1 for v in ids.values()),
        "n_merged": sum(len(v) > 1 for v in entities.values()),
        "type_acc": _share(best.items(), lambda g, p: g.type == p.type),
        "country_acc": _share(best.items(), lambda g, p: g.country == p.country),
    }
    out.update(_top(gold, ids, entities, mapping))
    out.update(_by_note(gold, set(right_gold)))
    out["n"] = len(gold)
    return out


def _meetings(gold: list[GoldMention], predicted: list[Predicted]) -> dict[GoldMention, list[Predicted]]:
    by_ref: dict[str, list[Predicted]] = defaultdict(list)
    for p in predicted:
        by_ref[p.ref].append(p)
    return {g: [p for p in by_ref[g.ref] if p.start < g.end and g.start < p.end] for g in gold}


def _one_to_one(counts: Counter[tuple[str, str]]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for (entity, actor), _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if entity not in mapping and actor not in taken:
            mapping[entity] = actor
            taken.add(actor)
    return mapping


def _share(pairs: Iterable[tuple[GoldMention, Predicted]], test: Any) -> float:
    results = [bool(test(g, p)) for g, p in pairs]
    return sum(results) / len(results) if results else 0.0


def _top(gold: list[GoldMention], ids: dict[str, set[str]], entities: dict[str, set[str]],
         mapping: dict[str, str]) -> dict[str, float]:
    sizes = Counter(g.entity for g in gold)
    top = [e for e, _ in sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:TOP]]
    out: dict[str, float] = {
        "top20_split": sum(len(ids[e]) > 1 for e in top),
        "top20_merged": sum(len(entities.get(mapping.get(e, ""), ())) > 1 for e in top),
    }
    for e in top:
        out[f"ids[{e}]"] = len(ids[e])
        out[f"merged[{e}]"] = len(entities.get(mapping.get(e, ""), {e}) - {e})
    return out


def _by_note(gold: list[GoldMention], right: set[GoldMention]) -> dict[str, float]:
    groups: dict[str, list[GoldMention]] = defaultdict(list)
    for g in gold:
        groups[g.note or "plain"].append(g)
    return {f"recall[{note}]": sum(g in right for g in members) / len(members) for note, members in sorted(groups.items())}
