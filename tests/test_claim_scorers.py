"""The claims and attribution scorers on written gold files, and on the public data when it is there."""

from __future__ import annotations

import json

import pytest

from storyline.eval import attribution, claims as claims_eval
from storyline.eval.sources import SourceDoc
from storyline.model import Actor, Claim, Document, Mention, Quote

from .conftest import ROOT, SHARED

TEXT = "Officials said 40 people died. Smith, 56, said 12 homes burned. The bridge is 300 m long."


def _claim(start, end, value, unit, claimed_by=None, measure=None):
    return Claim(id=f"c{start}", doc_id="d", start=start, end=end, sentence="", value=value, low=value, high=value,
                 qualifier="exact", unit=unit, subject=None, about=(), predicate=None, location=None, modality="asserted",
                 claimed_by=claimed_by, reported_by=None, stated_on=None, stated_on_basis=None, as_of=None, measure=measure)


def _analysed(records):
    source = SourceDoc("x/doc", TEXT)
    document = Document(id="d", text=TEXT, raw_chars=len(TEXT), clean_chars=len(TEXT))
    return claims_eval.Analysed(source, document, tuple(records))


GOLD = {"ref": "x/doc", "split": "dev", "claims": [
    {"start": 15, "end": 24, "value": 40, "qualifier": "exact", "unit": "people", "claimed_by": None, "measure": "m:a"},
    {"start": 47, "end": 55, "value": 12, "qualifier": "exact", "unit": "homes", "claimed_by": "John Smith", "measure": "m:a"},
    {"start": 78, "end": 83, "value": 300, "qualifier": "exact", "unit": "m", "claimed_by": None, "measure": "m:b"}],
    "non_claims": [{"start": 38, "end": 40, "why": "age"}]}


def test_claim_scores_on_a_written_document():
    smith = Actor("person:john-smith", "John Smith", "person")
    predicted = [_claim(15, 24, 40, "people", measure="k1"), _claim(38, 40, 56, "years"),  # the age: junk
                 _claim(47, 55, 12, "homes", "person:john-smith", "k1"), _claim(85, 89, 1, "bridges")]  # overlaps nothing
    scores = claims_eval.score([GOLD], [_analysed([smith, Mention("d", 31, 36, "Smith", smith.id, "PERSON"), *predicted])])
    assert scores["n"] == 3
    assert scores["claim_p"] == pytest.approx(2 / 4) and scores["claim_r"] == pytest.approx(2 / 3)
    assert scores["junk_rate"] == pytest.approx(1 / 4)
    assert scores["claimed_by_acc"] == 1.0 and scores["unit_acc"] == 1.0
    assert scores["measure_pairwise_f1"] == 1.0  # the one gold pair (m:a) is the one predicted pair (k1)
    assert scores["measure_pairwise_p"] == 1.0 and scores["measure_pairwise_r"] == 1.0


def test_measure_precision_falls_with_a_merge_and_recall_with_a_split():
    merged = [_claim(15, 24, 40, "people", measure="k"), _claim(47, 55, 12, "homes", measure="k"),
              _claim(78, 83, 300, "m", measure="k")]  # one gold pair among three predicted
    scores = claims_eval.score([GOLD], [_analysed(merged)])
    assert scores["measure_pairwise_p"] == pytest.approx(1 / 3) and scores["measure_pairwise_r"] == 1.0
    split = [_claim(15, 24, 40, "people", measure="k1"), _claim(47, 55, 12, "homes", measure="k2"),
             _claim(78, 83, 300, "m", measure="k3")]  # the gold pair split, nothing predicted linked
    scores = claims_eval.score([GOLD], [_analysed(split)])
    assert scores["measure_pairwise_r"] == 0.0 and scores["measure_pairwise_p"] == 0.0


def test_claimant_names_match_spellings_and_titles_but_not_a_country_for_its_media():
    names = {"person:h": {"heydar alishbandi"}, "org:dj": {"dow jones amp co"}, "IRN": {"=iran", "=iranian"}}
    assert claims_eval.claimant_right("Heidar Alishvandi", "person:h", names)
    assert claims_eval.claimant_right("Dow Jones", "org:dj", names)
    assert not claims_eval.claimant_right("Iranian state media", "IRN", names)
    assert claims_eval.claimant_right(None, None, names) and not claims_eval.claimant_right("Iran", None, names)


def test_pairwise_f1_counts_pairs():
    assert claims_eval.pairwise_f1([("a", "x"), ("a", "x"), ("b", "y")]) == 1.0
    assert claims_eval.pairwise_f1([("a", "x"), ("a", "y"), ("b", "x")]) == 0.0
    assert claims_eval.pairwise_prf([("a", "x"), ("a", "x"), ("a", "y"), ("b", "y")]) == pytest.approx((1 / 2, 1 / 3, 0.4))


def test_split_must_be_known(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"version": 1, "documents": [GOLD]}))
    assert len(claims_eval.read_gold(path, "dev")) == 1 and claims_eval.read_gold(path, "heldout") == []
    from storyline.errors import UsageError

    with pytest.raises(UsageError):
        claims_eval.read_gold(path, "test")


def test_a_split_can_be_read_by_its_half(tmp_path):
    path = tmp_path / "g.json"
    halves = [{**GOLD, "split": "dev2", "part": part} for part in ("dev2a", "dev2b", "dev2a")]
    path.write_text(json.dumps({"version": 1, "documents": halves}))
    assert len(claims_eval.read_gold(path, "dev2")) == 3
    assert len(claims_eval.read_gold(path, "dev2a")) == 2 and len(claims_eval.read_gold(path, "dev2b")) == 1


ANN = """T1\tSource 0 5\tSmith
T2\tCue 6 10\tsaid
T3\tContent 11 36\tthe bridge would reopen
E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3
T4\tContent 38 60\tAll is well, she said
"""


def test_attribution_scores_on_a_written_brat_file(tmp_path):
    text = "Smith said the bridge would reopen soon. Jones laughed."
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(text)
    (tmp_path / "attributions" / "a_0001.ann").write_text(ANN.replace("11 36", "11 39"))
    right = Quote("d", 11, 39, 0, 5, "person:smith", "say", "indirect", None)
    wrong = Quote("d", 41, 54, 41, 46, None, "laugh", "indirect", None)
    scores = attribution.evaluate(tmp_path, analysed={"polnear/a": [right, wrong]})
    assert scores["n"] == 1 and scores["content_r"] == 1.0 and scores["content_p"] == 0.5
    assert scores["token_r"] == 1.0 and scores["token_p"] == pytest.approx(5 / 7) and scores["source_acc"] == 1.0


def test_the_held_out_part_is_fixed_by_name():
    names = [f"article-{i}" for i in range(1000)]
    held = [n for n in names if attribution.split_of(n) == "heldout"]
    assert 0.25 < len(held) / len(names) < 0.35 and held == [n for n in names if attribution.split_of(n) == "heldout"]


@pytest.mark.skipif(not (SHARED / "eval" / "polnear-train").is_dir(), reason="needs ../shared/eval")
def test_polnear_articles_read_with_one_annotator_each():
    chosen = attribution.articles(SHARED / "eval" / "polnear-train", "dev", limit=20)
    assert len({name for name, _ in chosen}) == len(chosen) == 20
    assert all(attribution.read_ann(path) for _, path in chosen[:5])


@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="needs ../shared/eval")
def test_the_claims_gold_renders_and_names_its_claims():
    from storyline.eval.sources import load

    gold = claims_eval.read_gold(ROOT / "eval" / "claims-gold.json", "dev")[:3]
    for document in gold:
        text = load(document["ref"]).text
        assert all(text[c["start"]:c["end"]] == c["text"] for c in document["claims"])


@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="needs ../shared/eval")
def test_the_third_dev_set_renders_and_selects_its_halves():
    from storyline.eval.sources import load

    path = ROOT / "eval" / "claims-dev3.json"
    everything = claims_eval.read_gold(path)
    assert everything and all(d["split"] == "dev3" for d in everything)
    for document in everything:
        text = load(document["ref"]).text
        assert all(text[s["start"]:s["end"]] == s["text"] for s in document["claims"] + document["non_claims"])
    half = claims_eval.read_gold(path, "dev3a")
    assert half and all(d["part"] == "dev3a" for d in half)
    assert len(half) + len(claims_eval.read_gold(path, "dev3b")) == len(claims_eval.read_gold(path, "dev3"))
