"""Numeric claims and figures: the seed ledger, written cases, the number parser, and the scorer."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from storyline.annotate import Annotator, Meta, extract, load_gazetteer
from storyline.claims.quantities import find_quantities, parse_number
from storyline.corpus import Corpus
from storyline.eval.quantities import evaluate
from storyline.link.figures import reconcile, status
from storyline.model import Claim
from storyline.settings import Settings

from .conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    corpus = Corpus(settings=Settings(db=str(tmp_path_factory.mktemp("claims") / "c.duckdb")))
    corpus.add([str(SEEDS)])
    claims = {c["id"]: c for c in corpus.records("claims")}
    figures = list(corpus.records("figures"))
    actors = {a["id"]: a for a in corpus.records("actors")}
    return claims, figures, actors, corpus


def _troop_figure(claims, figures):
    twelve = next(c for c in claims.values() if c["value"] == 12000 and c["unit"] == "troops")
    return next(f for f in figures if twelve["id"] in f["claims"])


def test_seed_troop_figure_holds_every_claim_and_is_not_agreed(ledger):
    claims, figures, actors, _ = ledger
    figure = _troop_figure(claims, figures)
    members = [claims[c] for c in figure["claims"]]

    def find(value, qualifier):
        return next(c for c in members if c["value"] == value and c["qualifier"] == qualifier)

    twelve = find(12000, "approx")
    assert (twelve["claimed_by"], twelve["stated_on"]) == ("UKR-SPY-GUR", "2024-10-24")
    over = find(10000, "more_than")
    assert over["stated_on"] == "2024-11"  # "said Nov. 12" in an undated article: its month only (the year is inferred)
    assert actors[over["claimed_by"]]["country"] == "USA" and over["claimed_by"] == "person:vedant-patel"
    assert find(11000, "exact")["claimed_by"] == "person:volodymyr-zelensky"
    fifteen = find(15000, "exact")
    assert (fifteen["claimed_by"], fifteen["modality"]) == ("person:rustem-umerov", "possible")
    hundred = find(100000, "up_to")
    assert (hundred["claimed_by"], hundred["modality"]) == ("person:volodymyr-zelensky", "possible")
    assert figure["status"] != "agreed" and figure["unit"] == "troops"
    assert not any(c["value"] == 50000 for c in members)
    russian = next(c for c in claims.values() if c["value"] == 50000)
    assert russian["about"] == ["RUS"] and russian["figure"] != figure["id"]


def test_seed_casualties_and_shells(ledger):
    claims, _, _, _ = ledger
    thirty = next(c for c in claims.values() if c["value"] == 30)
    assert (thirty["qualifier"], thirty["claimed_by"], thirty["predicate"]) == ("at_least", "UKR-SPY-GUR", "killed or injured")
    assert "North Korean soldiers" in thirty["subject"]
    shells = next(c for c in claims.values() if c["unit"] == "shells")
    assert (shells["value"], shells["qualifier"]) == (1_000_000, "approx")


def test_claim_records_carry_contract_fields(ledger):
    claims, figures, _, _ = ledger
    fields = {"id", "doc_id", "start", "end", "sentence", "value", "low", "high", "qualifier", "unit", "subject",
              "about", "predicate", "location", "modality", "claimed_by", "reported_by", "stated_on", "as_of", "figure"}
    assert all(fields <= set(c) for c in claims.values())
    assert all(c["figure"] for c in claims.values())
    assert all({"id", "label", "unit", "status", "claims", "values", "latest", "low", "high"} <= set(f) for f in figures)


def test_demo_ledger_prints_the_troop_figure(ledger):
    *_, corpus = ledger
    text = "\n".join(corpus.ledger(min_claims=2))
    assert "North Korean troops" in text and "Vedant Patel, 2024-11" in text and "[possible]" in text


# --- written text -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def annotator():
    return Annotator(Settings(), load_gazetteer())


def claims_of(annotator, text, published="2024-03-10", source="Test Wire"):
    doc = annotator.nlp(text)
    return list(extract(doc, b"", Meta("w", published, "day", source=source), annotator.gazetteer)["claims"])


def test_attribution_date_and_modality(annotator):
    found = claims_of(annotator, "On March 4, the Kenyan Red Cross said at least 45 people had died in the floods. "
                                 "Officials warned the toll could rise to 100.")
    first = next(c for c in found if c.value == 45)
    assert (first.qualifier, first.unit, first.stated_on, first.stated_on_basis) == ("at_least", "people", "2024-03-04", "text")
    assert first.claimed_by is not None and first.reported_by == "Test Wire"


def test_outlet_asserted_claims_have_no_claimant(annotator):
    found = claims_of(annotator, "Floods destroyed 1,300 homes in the region last week.")
    assert [(c.value, c.claimed_by, c.stated_on_basis) for c in found] == [(1300, None, "published")]


def test_negated_and_projected(annotator):
    negated = claims_of(annotator, "The ministry said no more than 20 soldiers were not deployed to the border.")
    assert any(c.modality == "negated" for c in negated)
    projected = claims_of(annotator, "The government will send 2,000 troops to the island next month, the minister said.")
    assert [c.modality for c in projected if c.value == 2000] == ["projected"]


def test_according_to(annotator):
    found = claims_of(annotator, "According to Human Rights Watch, 230 civilians were detained in the raids.")
    assert found[0].claimed_by == "NGO-HRW"


def _claim(value, qualifier="exact", stated="2024-01-01", location=None, modality="asserted", low=None, high=None, doc="d"):
    return Claim(id=f"{value}-{stated}-{location}-{qualifier}", doc_id=doc, start=0, end=1, sentence="", value=value,
                 low=low if low is not None else value, high=high if high is not None else value, qualifier=qualifier,
                 unit="troops", subject="troops", about=("PRK",), predicate="deployed", location=location,
                 modality=modality, claimed_by=None, reported_by=None, stated_on=stated, stated_on_basis="text", as_of=stated)


@pytest.mark.parametrize("claims,expected", [
    ([_claim(12000)], "single"),
    ([_claim(11500, "approx"), _claim(11000), _claim(10000, "more_than")], "agreed"),
    ([_claim(12000, "approx"), _claim(11000)], "disputed"),  # "about 12,000" reaches 11,400-12,600, not 11,000
    ([_claim(3000, stated="2024-10-01"), _claim(8000, stated="2024-11-01"), _claim(12000, stated="2024-12-01")], "evolving"),
    ([_claim(3000, location="loc:kursk"), _claim(3000, "approx", location="loc:kursk"), _claim(11000, location="RUS")], "mixed_scope"),
    ([_claim(3000, stated="2024-11-01"), _claim(12000, stated="2024-11-01")], "disputed"),
    ([_claim(11000), _claim(100000, "up_to", modality="possible")], "single"),
])
def test_figure_status(claims, expected):
    firm = [c for c in claims if c.modality == "asserted"]
    assert status(firm) == expected


def test_figure_values_count_reports_per_document():
    figure = reconcile("troops|PRK|deployed", [_claim(11000, doc="a"), _claim(11000, doc="b"), _claim(11500, "approx", doc="c")], {})
    assert sorted((v.low, v.n_reports) for v in figure.values) == [(11000, 2), (11500, 1)]
    assert figure.status == "agreed"


# --- the number parser ------------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("12 000", 12000), ("11,000", 11000), ("10k", 10000), ("a million", 1e6), ("three", 3), ("1.5bn", 1.5e9),
    ("two hundred and six", 206), ("half a million", 5e5), ("two dozen", 24), ("2.5 million", 2.5e6),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text,expected", [
    ("up to 100,000 troops", (100000, 100000, "up_to")),
    ("between 10 and 12 thousand soldiers", (10000, 12000, "range")),
    ("dozens of people", (12, 120, "approx")),
    ("nearly 40 villages", (40, 40, "approx")),  # "nearly" and "almost" are approximate, as news gold sets read them
    ("fewer than 40 villages", (40, 40, "at_most")),
    ("some 5,000 troops", (5000, 5000, "approx")),
    ("more than 200 homes", (200, 200, "more_than")),
])
def test_find_quantities_hedges_and_ranges(text, expected):
    q = next(find_quantities(text))
    assert (q.low, q.high, q.qualifier) == expected


def test_years_ordinals_and_names_are_not_quantities():
    assert list(find_quantities("In 2024 the G7 and the 94th brigade flew F-16 jets.")) == []


@hsettings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_number_parser_never_raises(text):
    for q in find_quantities(text):
        assert q.low <= q.high and q.start < q.end
    parse_number(text)


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["about", "up", "to", "12", "000", "1,000", "between", "and", "a", "million", "dozens", "of",
                                 "troops", "-", "%", "$", "bn", "k", "at", "least", "over", "half", "three", "hundred"]), max_size=20))
def test_number_parser_on_number_salad(words):
    for q in find_quantities(" ".join(words)):
        assert q.low <= q.high


# --- the scorer --------------------------------------------------------------------------------

def test_quantities_scorer_on_a_written_file(tmp_path):
    path = tmp_path / "q.json"
    path.write_text(json.dumps([
        {"text": "At least 40 people died and 3.5% of homes were hit.",
         "quantities": [{"value": "40", "unit": "people", "normalized_unit": "people", "change": ">"},
                        {"value": "3.5", "unit": "%", "normalized_unit": "percentage", "change": "="}]},
        {"text": "Dozens of soldiers were wounded.",
         "quantities": [{"value": "12-120", "unit": "soldiers", "normalized_unit": "soldiers", "change": "~"}]},
        {"text": "Nothing to count here.", "quantities": [{"value": "7", "unit": "-", "normalized_unit": "-", "change": "="}]},
    ]))
    scores = evaluate(path)
    assert scores["n"] == 4
    assert scores["value_r"] == pytest.approx(3 / 4) and scores["value_p"] == pytest.approx(1.0)
    assert scores["value_unit_f1"] == pytest.approx(scores["value_f1"])


def test_development_set_scores(cli):
    result = cli("eval", "quantities", str(ROOT / "eval" / "quantities-dev.json"), "--json")
    scores = json.loads(result.stdout)
    assert set(scores) == {"value_p", "value_r", "value_f1", "value_unit_p", "value_unit_r", "value_unit_f1", "n"}
    assert scores["n"] > 100 and scores["value_f1"] > 0.9


# --- another story end to end: two reports of an earthquake's toll ------------------------------

QUAKE_1 = """date 2023-02-08 Turkey earthquake death toll passes 11,000 as rescuers race against time

By Selin Kaya, Reuters

ANKARA, Feb 8 (Reuters) - The death toll from Monday's earthquake in Turkey and Syria rose above 11,000 on Wednesday, officials said.

Turkish Vice President Fuat Oktay said 8,574 people had been killed in Turkey, while the Syrian government said at least 2,530 had died in Syria.
"""
QUAKE_2 = """date 2023-02-10 Quake deaths top 21,000 in Turkey and Syria

The number of people killed by the earthquake that struck Turkey and Syria on Monday has risen to more than 21,000, authorities said on Friday.

In Turkey, the disaster agency AFAD said 17,674 people had died.
"""


def test_a_rising_toll_from_two_reports_is_one_evolving_figure(tmp_path):
    (tmp_path / "a.txt").write_text(QUAKE_1)
    (tmp_path / "b.txt").write_text(QUAKE_2)
    corpus = Corpus(settings=Settings(db=str(tmp_path / "q.duckdb")))
    corpus.add([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    docs = {d["published"]: d for d in corpus.records("documents")}
    assert docs["2023-02-08"]["source"] == "Reuters" and not docs["2023-02-08"]["text"].startswith("ANKARA")
    claims = {c["value"]: c for c in corpus.records("claims")}
    figures = {f["id"]: f for f in corpus.records("figures")}
    turkey = figures[claims[8574]["figure"]]
    assert claims[17674]["figure"] == turkey["id"]
    assert turkey["status"] == "evolving" and turkey["latest"] == 17674
    assert claims[2530]["figure"] != turkey["id"] and claims[2530]["unit"] == "people"
    assert claims[21000]["figure"] not in (turkey["id"], claims[2530]["figure"])  # both countries together
    assert claims[8574]["claimed_by"] == "person:fuat-oktay" and claims[17674]["stated_on"] == "2023-02-10"


def test_corrected_actor_data_rebuilds_figures_without_orphans(tmp_path):
    (tmp_path / "a.txt").write_text(QUAKE_1)
    db = str(tmp_path / "r.duckdb")
    Corpus(settings=Settings(db=db)).add([str(tmp_path / "a.txt")])
    before = {f["id"] for f in Corpus(settings=Settings(db=db)).records("figures")}
    users = tmp_path / "actors.yaml"
    users.write_text("people:\n  - {id: person:f-oktay, name: Fuat Oktay, country: TUR, sector: GOV, aliases: [Fuat Oktay]}\n")
    Corpus(settings=Settings(db=db, actors_file=str(users))).add([str(tmp_path / "a.txt")])
    corpus = Corpus(settings=Settings(db=db))
    figures = list(corpus.records("figures"))
    claims = list(corpus.records("claims"))
    assert {f["id"] for f in figures} == {c["figure"] for c in claims}  # every figure is some claim's
    assert {c["claimed_by"] for c in claims if c["value"] == 8574} == {"person:f-oktay"}
    assert before  # there were figures to rebuild


@pytest.mark.parametrize("text, value, claimant", [
    ("Officials said 40 people were killed in the blast.", 40, None),
    ("Authorities said seven people had been rescued.", 7, None),
    ("Iranian media said 12 people were injured in the quake.", 12, None),
    ("Ukrainian intelligence claimed at least 30 North Korean soldiers were killed.", 30, "UKR-SPY-GUR"),
    ("Human Rights Watch said 230 civilians were detained in the raids.", 230, "NGO-HRW"),
    # an institution a sector noun names is a source: of the country that governs it, else of none
    ("Youths attacked at least three banks in central Athens, police said.", 3, "GRC-COP"),
    ("Police said they made 86 arrests over the weekend.", 86, "sector:COP"),
    ("Witnesses said 12 people died in the fire.", 12, None),
    ("According to the student ISNA news agency, the quake injured two people.", 2, "org:isna"),
])
def test_generic_sources_name_no_claimant_and_named_ones_do(annotator, text, value, claimant):
    found = [c for c in claims_of(annotator, text) if c.value == value]
    assert [c.claimed_by for c in found] == [claimant]


def test_the_number_a_casualty_verb_acts_on_counts_people_not_its_subject(annotator):
    claims = claims_of(annotator, "A powerful cyclone killed more than 3,000 along the coast in 1999. "
                                  "The landslide injured 45 and buried 12 homes.")
    units = {c.value: c.unit for c in claims}
    assert units[3000] == "people" and units[45] == "people" and units[12] == "homes"


def test_a_count_of_arrests_counts_the_people_arrested(annotator):
    claims = claims_of(annotator, "Police made 86 arrests in Athens on Saturday.")
    assert [(c.value, c.unit, c.predicate) for c in claims] == [(86, "people", "arrested")]
