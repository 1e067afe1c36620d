"""The citation check, the briefing built on it, and the timeline: hand-built records, then the seeds."""

from __future__ import annotations

import re

import json
from pathlib import Path

import pytest

from storyline.model import Claim, Document, Event, Figure
from storyline.report.brief import ALL, Material, StoryRef, brief_from, briefing_json, sentence_span
from storyline.report.cite import NameIndex, check, format_date, stated_numbers
from storyline.report.timeline import Names, claim_rows, event_rows

from .conftest import SEEDS

ACTORS = [
    {"id": "PRK", "name": "North Korea", "aliases": ["DPRK", "Pyongyang", "North Korean"]},
    {"id": "RUS", "name": "Russia", "aliases": ["Moscow", "Russian"]},
    {"id": "USA", "name": "United States", "aliases": ["US", "U.S."]},
    {"id": "person:zelensky", "name": "Volodymyr Zelensky", "aliases": ["Zelensky", "Zelenskyy"]},
]


@pytest.fixture
def index() -> NameIndex:
    return NameIndex(ACTORS)


# -- the check ---------------------------------------------------------------------------------


def test_a_span_naming_the_actors_by_alias_and_the_number_supports_the_part(index):
    assert check("North Korea sent 11,000 troops to Russia.", "Pyongyang has sent 11 000 soldiers to Moscow.", index) == ()


def test_a_missing_actor_or_number_is_a_reason(index):
    reasons = check("North Korea sent 11,000 troops to Russia.", "Pyongyang has sent 10,000 soldiers.", index)
    assert any("Russia" in r for r in reasons)
    assert any("11,000" in r for r in reasons)


def test_a_dangling_pronoun_or_opener_fails_even_with_the_number(index):
    assert any("'He'" in r for r in check("11,000 (Volodymyr Zelensky)", "He said 11,000 troops arrived, Zelensky's office added.", index))
    assert any("however" in r for r in check("North Korea sent troops.", "However, North Korea sent troops.", index))
    assert check("North Korea sent troops.", "North Korea said its troops were sent.", index) == ()


def test_dates_are_not_numbers_the_span_must_contain(index):
    assert stated_numbers("over 10,000 (United States, 12 Nov 2024)") == [10000.0]
    assert stated_numbers("Sent in 2024: 7 missiles") == [7.0]
    assert check("over 10,000 (United States, 12 Nov 2024)", "The US said over 10,000 were sent on Nov. 12.", index) == ()


def test_vague_amounts_in_the_span_support_their_range(index):
    assert check("about 12–120 (Russia, Dec 2024)", "Russia admitted dozens were killed.", index) == ()


def test_short_capital_aliases_match_only_in_capitals(index):
    assert check("United States condemned North Korea.", "Tell us: North Korea was condemned.", index) != ()
    assert check("United States condemned North Korea.", "The US condemned North Korea.", index) == ()


def test_format_date_by_precision():
    assert [format_date(d) for d in ("2024-11-04", "2024-11", "2024", None)] == ["4 Nov 2024", "Nov 2024", "in 2024", ""]


# -- the briefing from hand-built records ------------------------------------------------------

SENTENCES = ("North Korea has sent 11,000 troops to Russia, Volodymyr Zelensky said on Nov. 4.",
             "He said 12,000 more could follow.",
             "The US said over 10,000 North Korean soldiers were in Russia.")
TEXT = " ".join(SENTENCES)


def _material() -> Material:
    doc = Document(id="d1", text=TEXT, raw_chars=len(TEXT), clean_chars=len(TEXT), published="2024-11-05", title="T")
    first, second, third = SENTENCES
    start2, start3 = TEXT.index(second), TEXT.index(third)

    def claim(i: str, value: float, who: str, start: int, sentence: str, stated: str, qualifier: str = "exact") -> Claim:
        return Claim(id=i, doc_id="d1", start=start, end=start + 6, sentence=sentence, value=value, low=value, high=value,
                     qualifier=qualifier, unit="troops", subject="troops", about=("PRK",), predicate="deployed",
                     location="RUS", modality="asserted", claimed_by=who, reported_by=None, stated_on=stated,
                     stated_on_basis="text", as_of=stated, measure="troops|PRK|deployed", figure="f1")

    claims = [claim("c1", 11000, "person:zelensky", TEXT.index("11,000"), first, "2024-11-04"),
              claim("c2", 12000, "person:zelensky", start2 + 8, second, "2024-11-04"),
              claim("c3", 10000, "USA", start3 + 16, third, "2024-11-12", "more_than")]
    figure = Figure(id="f1", measure="troops|PRK|deployed", label="North Korean troops in Russia", unit="troops",
                    status="disputed", claims=("c1", "c2", "c3"), values=(), latest_low=10000, latest_high=10000,
                    low=10000, high=12000, n_claims=3)
    events = [Event(id="e1", doc_id="d1", start=0, end=30, sentence=first, type="MOBILIZE", mode=None, actor="PRK",
                    recipient="RUS", location=None, date="2024-11-04", date_precision="day", factuality="reported",
                    claimed_by="person:zelensky", cameo="15", cluster=None, date_basis="stated", rule="test"),
              Event(id="e2", doc_id="d1", start=start2, end=start2 + 20, sentence=second, type="AID", mode=None,
                    actor="PRK", recipient="RUS", location=None, date="2024-11-04", date_precision="day",
                    factuality="asserted", claimed_by=None, cameo="07", cluster=None, date_basis="published", rule="test")]
    return Material({"d1": doc}, events, claims, [figure], [], ACTORS)


def _brief() -> dict:
    return briefing_json(brief_from(_material(), StoryRef(ALL, "test", ("d1",), "2024-11-05", "2024-11-05")))


def test_every_shown_part_passes_the_check_against_its_own_span():
    data = _brief()
    index = NameIndex(ACTORS)
    assert data["sentences"]
    for sentence in data["sentences"]:
        assert sentence["citations"]
        for part in sentence["parts"]:
            for c in part["citations"]:
                assert check(part["text"], TEXT[c["start"]:c["end"]], index) == ()


def test_a_value_whose_span_leans_on_a_pronoun_is_withheld_and_listed():
    data = _brief()
    figure_line = next(s for s in data["sentences"] if s["section"] == "figures")
    assert "11,000" in figure_line["text"] and re.search(r"(over|more than) 10,000", figure_line["text"])
    assert "12,000" not in figure_line["text"]
    assert " · " in figure_line["text"] and "disputed" in figure_line["text"]
    withheld = [w for w in data["withheld"] if "12,000" in w["text"]]
    assert withheld and any("'He'" in r for r in withheld[0]["reasons"])


def test_an_event_whose_span_names_nobody_is_withheld():
    data = _brief()
    happened = [s["text"] for s in data["sentences"] if s["section"] == "happened"]
    assert any("mobilised" in t and "Volodymyr Zelensky" in t for t in happened)
    assert not any("gave aid" in t for t in happened)
    assert any("gave aid" in w["text"] for w in data["withheld"])


def test_sentence_span_finds_the_sentence_around_a_record():
    first = SENTENCES[0]
    assert sentence_span(TEXT, first, 5, 20) == (0, len(first))
    assert sentence_span(TEXT, "not in the text", 5, 20) is None


# -- timeline rows -----------------------------------------------------------------------------


def test_one_row_per_event_cluster_and_per_figure_value():
    material = _material()
    names = Names({a["id"]: a["name"] for a in ACTORS})
    events = [*material.events, Event(**{**vars(material.events[0]), "id": "e3", "cluster": "k"}),
              Event(**{**vars(material.events[1]), "id": "e4", "cluster": "k"})]
    rows = event_rows(events, material.documents, names)
    assert sorted(r.ref for r in rows) == ["e1", "e2", "k"]
    clustered = next(r for r in rows if r.ref == "k")
    assert clustered.n_reports == 2 and clustered.n_origins == 1
    values = claim_rows(material.figures[0], material.claims, material.documents, names)
    assert len(values) == 3
    assert {(v.date, v.stated_on, v.published) for v in values} >= {("2024-11-12", "2024-11-12", "2024-11-05")}


# -- the seeds, through the command line -------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from storyline import open_corpus

    db = tmp_path_factory.mktemp("brief") / "seeds.duckdb"
    open_corpus(str(db)).add([str(SEEDS)])
    return db


def test_the_seeds_briefing_cites_every_sentence_and_every_span_passes(cli, seeds_db):
    from storyline.store import Store

    result = cli("brief", "--db", str(seeds_db), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    with Store.reader(seeds_db) as store:
        texts = {d["id"]: d["text"] for d in store.iter_records("documents")}
        outlets = {d["id"]: d["source"] for d in store.iter_records("documents")}
        index = NameIndex(list(store.iter_records("actors")))
    assert len(data["sentences"]) >= 5
    for sentence in data["sentences"]:
        assert sentence["citations"], sentence
        for part in sentence["parts"]:
            for c in part["citations"]:
                assert check(part["text"], texts[c["doc_id"]][c["start"]:c["end"]], index, outlets[c["doc_id"]]) == (), part
    assert any(s["section"] == "figures" and " · " in s["text"] for s in data["sentences"])
    markdown = cli("brief", "--db", str(seeds_db)).output
    assert "## What happened" in markdown and "[1]" in markdown
    page = cli("brief", "--db", str(seeds_db), "--format", "html").output
    assert page.startswith("<!doctype html>") and "<script" not in page


def test_timeline_command_and_export_keep_the_three_dates_apart(cli, seeds_db):
    rows = [json.loads(line) for line in cli("timeline", "--db", str(seeds_db), "--format", "jsonl").output.splitlines()]
    assert {"date", "stated_on", "published", "kind", "ref", "summary", "documents", "n_origins"} <= set(rows[0])
    assert {r["kind"] for r in rows} == {"event", "claim"}
    events = [json.loads(line) for line in cli("export", "events", "--db", str(seeds_db)).output.splitlines()]
    assert len([r for r in rows if r["kind"] == "event"]) == len({e["cluster"] or e["id"] for e in events})
    dated = [r["date"] for r in rows if r["date"]]
    assert dated == sorted(dated)
    assert any(r["date"] != r["published"] for r in rows if r["date"])
    table = cli("timeline", "--db", str(seeds_db)).output
    assert table.startswith("| happened | said | reported |")


def test_brief_of_an_unknown_story_is_a_usage_error(cli, seeds_db):
    result = cli("brief", "--db", str(seeds_db), "--story", "nope")
    assert result.exit_code == 2 and "no story" in result.output
