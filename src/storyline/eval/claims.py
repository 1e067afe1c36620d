"""Scoring the claim ledger on a gold set of real articles (``eval/claims-gold.json``).

Each gold document names a public article by its ref (``eval.sources``); the
text is rendered, analysed exactly as ``storyline add`` analyses a document
(the parse and every declared stage, then the measure keys), and the
predicted claims are compared with the gold ones:

* **matching** — a predicted claim matches a gold claim when their spans
  overlap; each is matched at most once, the largest overlaps first.
  ``claim_p`` = matched predictions ÷ predictions, ``claim_r`` = matched gold
  claims ÷ gold claims.
* **junk** — a prediction that overlaps a gold *non-claim* (a date, an age,
  an identifier, "one of …", ...) and no gold claim. ``junk_rate`` = junk ÷
  predictions. Predictions that overlap nothing annotated lower precision but
  are not junk (the gold lists every numeral; what is left is wording such as
  "a few" that the gold does not record either way).
* **unit, qualifier** — accuracy on matched claims, units compared
  lower-cased.
* **claimed_by** — on matched claims: right when both are null, or when the
  gold name and one of the predicted actor's names (canonical, curated
  aliases, the names it is mentioned by in the document), case, punctuation
  and a leading "the" aside, are equal, are spellings of one name
  (``difflib`` ratio ≥ 0.85: "Heydar Alishbandi" and "Heidar Alishvandi", as
  the gold merges them), or one holds the other whole at its start or end
  ("Dow Jones" and "Dow Jones & Co.", "Janette Bower" and "Clerk Janette
  Bower") — except that a country never matches a source it only modifies
  ("Iran" is not "Iranian state media").
* **measures** — pairwise precision, recall and F1 over every pair of
  matched claims in the scored documents, across articles and within them: a
  pair is gold-linked when the two gold claims share a measure id,
  predicted-linked when the two predictions share a ``measure`` key.
  ``measure_pairwise_p`` = pairs linked in both ÷ predicted-linked pairs (low
  when the key merges different measures), ``measure_pairwise_r`` = pairs
  linked in both ÷ gold-linked pairs (low when it splits one measure).

``n`` is the number of gold claims scored. Only documents of ``split`` are
read when it is given: ``dev`` or ``heldout`` in ``claims-gold.json``;
``dev2`` in ``claims-dev2.json``, or one of its halves by story group,
``dev2a`` (for tuning) and ``dev2b`` (scored once), named by each
document's ``part``; likewise ``dev3`` in ``claims-dev3.json``, or its
halves ``dev3a`` and ``dev3b``.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
import tempfile
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, UsageError
from ..model import Actor, Claim, Document, Mention
from .sources import SourceDoc, load as load_source

SPLITS = ("dev", "heldout", "dev2", "dev2a", "dev2b", "dev3", "dev3a", "dev3b")


@dataclass(frozen=True)
class Analysed:
    """One rendered gold document and every record Storyline derived from it."""

    source: SourceDoc
    document: Document
    records: tuple[Any, ...]

    def of(self, cls: type) -> list[Any]:
        return [r for r in self.records if isinstance(r, cls)]


def read_gold(path: str | Path, split: str | None = None) -> list[dict[str, Any]]:
    """The gold documents of ``split`` (all when None)."""
    if split is not None and split not in SPLITS:
        raise UsageError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        documents = data["documents"]
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a readable claims gold file ({exc})") from None
    return [d for d in documents if split is None or split in (d.get("split"), d.get("part"))]


def as_document(source: SourceDoc) -> Document:
    """A rendered public document as ``add`` would store it (the text kept as rendered, so offsets hold)."""
    from ..temporal.infer import infer_published

    published, precision, basis = source.published, "day", "metadata"
    precision_: str | None = precision
    if published is None:
        inferred = infer_published(source.text)
        published, precision_, basis = (inferred[0], inferred[1], "inferred") if inferred else (None, None, "none")
    return Document(id=hashlib.sha256(source.ref.encode()).hexdigest()[:16], text=source.text, raw_chars=len(source.text),
                    clean_chars=len(source.text), path=source.ref, source=source.source, title=source.title,
                    published=published if published is None else published[:10], published_precision=precision_,
                    published_basis=basis, language="en")


def analyse_sources(sources: Sequence[SourceDoc], settings: Any = None) -> list[Analysed]:
    """Storyline's analysis of each source document, in this process, with the measure keys set."""
    from ..link.figures import with_measures
    from ..runner import annotator_for
    from ..settings import Settings

    documents = [as_document(s) for s in sources]
    results = annotator_for(settings or Settings(processes=1)).analyse(documents)
    return [Analysed(source, document, tuple(with_measures(list(result.records))))
            for source, document, result in zip(sources, documents, results)]


def linked(analysed: list[Analysed]) -> list[Analysed]:
    """The analyses with their claims as the per-corpus linkers leave them (stories, then measures scoped
    by story, figures), from a temporary store the documents are written into as ``add`` writes them."""
    from ..link import Changes, run_linkers
    from ..store import Batch, Store

    with tempfile.TemporaryDirectory() as folder:
        with Store(Path(folder) / "claims.duckdb") as store:
            ordered = sorted(analysed, key=lambda r: (r.document.published or "9999", r.document.id))
            store.write(Batch(documents=[r.document for r in ordered], records=[x for r in ordered for x in r.records]))
            run_linkers(store, Changes(documents={r.document.id for r in ordered},  # one batch, as add writes it
                                       measures={c.measure for r in ordered for c in r.of(Claim) if c.measure},
                                       actors={a.id for r in ordered for a in r.of(Actor)}))
            claims = {c.id: c for c in store.records_where("claims", "doc_id", [r.document.id for r in analysed])}
    return [Analysed(r.source, r.document, tuple(claims.get(x.id, x) if isinstance(x, Claim) else x for x in r.records))
            for r in analysed]


def evaluate(path: str | Path, split: str | None = None, analysed: list[Analysed] | None = None) -> dict[str, float]:
    """Claim, junk, attribute and measure scores of Storyline on the gold documents of ``split``, the
    documents linked across articles as ``add`` links them."""
    gold_docs = read_gold(path, split)
    if analysed is None:
        analysed = linked(analyse_sources([load_source(d["ref"]) for d in gold_docs]))
    return score(gold_docs, analysed)


@dataclass
class _Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    junk: int = 0
    unit: int = 0
    qualifier: int = 0
    claimant: int = 0


def score(gold_docs: list[dict[str, Any]], analysed: list[Analysed]) -> dict[str, float]:
    tally = _Tally()
    pairs: list[tuple[str, str]] = []  # (gold measure, predicted measure) per matched claim
    for gold, result in zip(gold_docs, analysed):
        for g, p in document_matches(gold, result, tally):
            pairs.append((f"{g['measure']}", p.measure or f"claim:{p.id}"))
    out = _ratios(tally)
    out["measure_pairwise_p"], out["measure_pairwise_r"], out["measure_pairwise_f1"] = pairwise_prf(pairs)
    out["n"] = tally.gold
    return out


def document_matches(gold: dict[str, Any], result: Analysed, tally: _Tally) -> list[tuple[dict[str, Any], Claim]]:
    """The (gold, predicted) claim pairs of one document, counting into ``tally``."""
    predicted = sorted(result.of(Claim), key=lambda c: c.start)
    claims, non_claims = gold.get("claims", []), gold.get("non_claims", [])
    tally.gold += len(claims)
    tally.predicted += len(predicted)
    matches = match_spans([(g["start"], g["end"]) for g in claims], [(c.start, c.end) for c in predicted])
    names = claimant_names(result)
    out = []
    for gi, pi in matches:
        g, p = claims[gi], predicted[pi]
        tally.matched += 1
        tally.unit += (p.unit or "").lower() == (g.get("unit") or "").lower()
        tally.qualifier += p.qualifier == g.get("qualifier")
        tally.claimant += claimant_right(g.get("claimed_by"), p.claimed_by, names)
        out.append((g, p))
    used = {pi for _, pi in matches}
    for pi, p in enumerate(predicted):
        if pi not in used and not _overlaps_any(p, claims) and _overlaps_any(p, non_claims):
            tally.junk += 1
    return out


def match_spans(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of overlapping spans, largest overlap first."""
    candidates = sorted(((min(ge, pe) - max(gs, ps), gi, pi) for gi, (gs, ge) in enumerate(gold)
                         for pi, (ps, pe) in enumerate(predicted) if gs < pe and ps < ge), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _overlaps_any(claim: Claim, spans: Iterable[dict[str, Any]]) -> bool:
    return any(s["start"] < claim.end and claim.start < s["end"] for s in spans)


def claimant_names(result: Analysed) -> dict[str, set[str]]:
    """Every name each actor goes by in this document: canonical, curated aliases, mentions (a country's
    names are marked with a leading "=": they only match whole)."""
    names: dict[str, set[str]] = {}
    countries = {a.id for a in result.of(Actor) if a.type == "country"}
    for actor in result.of(Actor):
        names.setdefault(actor.id, set()).update(_norm(n) for n in (actor.name, *actor.aliases))
    for mention in result.of(Mention):
        if mention.actor:
            names.setdefault(mention.actor, set()).add(_norm(mention.text))
    return {a: ({"=" + n for n in ns} if a in countries else ns) for a, ns in names.items()}


def claimant_right(gold: str | None, predicted: str | None, names: dict[str, set[str]]) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    target = _norm(gold)
    return any(_same_name(target, name) for name in names.get(predicted, {_norm(predicted)}))


def _same_name(gold: str, name: str) -> bool:
    if name.startswith("="):
        return gold == name[1:]
    if not gold or not name:
        return False
    if gold == name or difflib.SequenceMatcher(None, gold, name).ratio() >= 0.85:
        return True
    short, long_ = sorted((gold.split(), name.split()), key=len)
    return len(short) < len(long_) and (long_[:len(short)] == short or long_[-len(short):] == short)


def _norm(name: str) -> str:
    words = re.sub(r"[^\w\s]", " ", name.lower().replace("’s", "").replace("'s", "")).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def pairwise_f1(items: list[tuple[str, str]]) -> float:
    """F1 of the predicted clustering against the gold one, over every pair of items."""
    return pairwise_prf(items)[2]


def pairwise_prf(items: list[tuple[str, str]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted clustering against the gold one, over every pair of
    (gold cluster, predicted cluster) items."""
    same_gold = same_pred = both = 0
    for (g1, p1), (g2, p2) in itertools.combinations(items, 2):
        same_gold += g1 == g2
        same_pred += p1 == p2
        both += g1 == g2 and p1 == p2
    p = both / same_pred if same_pred else 0.0
    r = both / same_gold if same_gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _ratios(t: _Tally) -> dict[str, float]:
    p = t.matched / t.predicted if t.predicted else 0.0
    r = t.matched / t.gold if t.gold else 0.0
    on_matched = (lambda x: x / t.matched if t.matched else 0.0)
    return {"claim_p": p, "claim_r": r, "claim_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "junk_rate": t.junk / t.predicted if t.predicted else 0.0, "unit_acc": on_matched(t.unit),
            "qualifier_acc": on_matched(t.qualifier), "claimed_by_acc": on_matched(t.claimant)}
