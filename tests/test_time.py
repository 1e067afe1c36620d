"""Time expressions: the seed cases, tense and anchors, inference, robustness, and the TempEval scorer."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from storyline.corpus import Corpus
from storyline.eval.timex import evaluate, read_timeml
from storyline.ingest.prepare import prepare
from storyline.model import RawArticle
from storyline.settings import Settings
from storyline.temporal.infer import infer_published
from storyline.temporal.timex import Anchor, tag, valid

from .conftest import SEEDS, SHARED, seed

TIMEBANK = SHARED / "eval" / "tempeval3-train" / "TimeBank"


def values(text, anchor=None):
    return {t.text: t.value for t in tag(text, anchor)}


@pytest.fixture(scope="module")
def seed_times(tmp_path_factory):
    corpus = Corpus(settings=Settings(db=str(tmp_path_factory.mktemp("t") / "t.duckdb")))
    corpus.add([str(SEEDS)])
    docs = {d["id"]: d for d in corpus.records("documents")}
    by_seed = {}
    for t in corpus.records("times"):
        prefix = next(p for p in ("000", "001", "002", "003", "004") if docs[t["doc_id"]]["path"].split("/")[-1].startswith(p))
        by_seed.setdefault(prefix, []).append(t)
    return by_seed


@pytest.mark.parametrize("prefix,text,value", [
    ("000", "October 24", "2024-10-24"),
    ("002", "Monday", "2024-11-04"),
    ("004", "Nov. 4", "2024-11-04"),
    ("004", "the following day", "2024-11-05"),
    # 001 is undated: its month (2024-12) is inferred, so its dates are claimed to the month only
    ("001", "Nov. 12", "2024-11"),
    ("001", "One week later", "2024-11"),
    ("001", "Oct. 31", "2024-10"),
])
def test_seed_expressions_resolve(seed_times, prefix, text, value):
    assert value in [t["value"] for t in seed_times[prefix] if t["text"] == text]


def test_live_blog_stamp_is_a_time():
    assert values("Arpan Rai6 November 2024 04:16") == {"6 November 2024 04:16": "2024-11-06T04:16"}


def test_undated_seed_gets_an_inferred_month_not_a_day():
    raw = seed("001").read_text(encoding="utf-8")
    doc = prepare(RawArticle(input="001", raw_chars=len(raw), text=raw), Settings()).document
    assert (doc.published, doc.published_precision, doc.published_basis) == ("2024-12", "month", "inferred")


def test_inference_refuses_without_a_year():
    assert infer_published("Officials said on Nov. 12 that talks would resume. Last month they met.") is None


def test_weekday_follows_tense():
    anchor = Anchor("2024-11-05", "day")  # a Tuesday
    assert values("The ministers said on Monday that the talks failed.", anchor)["Monday"] == "2024-11-04"
    assert values("The ministers will meet on Monday in Rome.", anchor)["Monday"] == "2024-11-11"


def test_yearless_dates_take_the_year_the_tense_implies():
    anchor = Anchor("2025-01-10", "day")
    assert values("The election was held on Dec. 20.", anchor)["Dec. 20"] == "2024-12-20"
    assert values("The vote will be held on Dec. 20.", anchor)["Dec. 20"] == "2025-12-20"


def test_relative_expressions_against_the_document_date():
    anchor = Anchor("2024-11-05", "day")
    found = values("Yesterday he spoke; last month she resigned; this week they meet; "
                   "earlier this year it began; next spring it ends; a month's training lasts two weeks.", anchor)
    assert found["Yesterday"] == "2024-11-04"
    assert found["last month"] == "2024-10"
    assert found["this week"] == "2024-W45"
    assert found["earlier this year"] == "2024"  # the modifier is in the extent, as in most of TimeBank; "'s" stays outside
    assert found["next spring"] == "2025-SP"
    assert found["a month"] == "P1M" and found["two weeks"] == "P2W"


def test_vague_references():
    found = values("Troops are now in Kursk. They recently arrived and will soon move.")
    assert (found["now"], found["recently"], found["soon"]) == ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


def test_month_anchor_never_invents_a_day():
    found = values("Officials said on Monday that the border was closed yesterday.", Anchor("2024-12", "month"))
    assert found["Monday"] == "2024-12" and found["yesterday"] == "2024-12"
    assert values("It happened last month.", Anchor("2024-12", "month"))["last month"] == "2024-11"


def test_may_the_verb_is_not_a_month():
    assert values("The contingent may grow to 100,000, he said.") == {}
    assert values("Talks resumed in May.", Anchor("2024-11-05", "day"))["May"] == "2024-05"


def test_numbers_that_are_not_years():
    assert "2024" not in values("The army sent 2024 troops and 1,999 tanks.")


@hsettings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), year=st.integers(1, 9999), month=st.integers(1, 12), day=st.integers(1, 28),
       precision=st.sampled_from(["day", "month", "year"]))
def test_tagger_never_raises_and_values_are_valid(text, year, month, day, precision):
    value = {"day": f"{year:04d}-{month:02d}-{day:02d}", "month": f"{year:04d}-{month:02d}", "year": f"{year:04d}"}[precision]
    for timex in tag(text, Anchor(value, precision)):
        assert valid(timex.value), timex
        assert text[timex.start:timex.end] == timex.text
        assert timex.type in ("DATE", "TIME", "DURATION", "SET")


@hsettings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(["on", "Monday", "last", "next", "week", "Nov.", "12", "31", "2024", "one",
                                       "later", "ago", "the", "following", "day", "May", "will", "said", "two",
                                       "years", "every", "quarter", "third", "spring", "at", "10", "p.m.", "yesterday"]),
                      max_size=25))
def test_tagger_on_date_like_word_salad(words):
    text = " ".join(words)
    for timex in tag(text, Anchor("2024-11-05", "day")):
        assert valid(timex.value), timex


# --- the TempEval-3 scorer ----------------------------------------------------------------

TML = """<?xml version="1.0" ?>
<TimeML><DOCID>t1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-11-05" functionInDocument="CREATION_TIME">20241105</TIMEX3></DCT>
<TEXT>The ministers met <TIMEX3 tid="t1" type="DATE" value="2024-11-04">Monday</TIMEX3> and said talks would last
<TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3>. It rained <TIMEX3 tid="t3" type="DATE" value="2024-11-05">this morning</TIMEX3>.</TEXT>
</TimeML>"""


def test_timeml_reader_and_scores(tmp_path):
    path = tmp_path / "doc.tml"
    path.write_text(TML)
    doc = read_timeml(path)
    assert doc.dct == "2024-11-05"
    assert [doc.text[g.start:g.end] for g in doc.gold] == ["Monday", "two weeks", "this morning"]
    scores = evaluate(tmp_path)
    assert scores["n"] == 3
    # "this morning" is found as TIME 2024-11-05TMO: a relaxed and strict match with the wrong type and value
    assert scores["strict_r"] == pytest.approx(1.0) and scores["value_f1"] == pytest.approx(2 / 3)
    assert scores["type_f1"] == pytest.approx(2 / 3)


def test_cli_eval_json(cli, tmp_path):
    (tmp_path / "doc.tml").write_text(TML)
    result = cli("eval", "timex", str(tmp_path), "--json")
    scores = json.loads(result.stdout)
    assert set(scores) == {"strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1", "type_f1", "value_f1", "n"}
    assert all(0 <= v <= 1 for k, v in scores.items() if k != "n")
    assert cli("eval", "widgets", str(tmp_path)).exit_code == 2


@pytest.mark.skipif(not TIMEBANK.exists(), reason="../shared/eval is not here")
def test_timebank_scores_stay_above_their_floor():
    scores = evaluate(TIMEBANK)
    assert scores["n"] > 1000
    assert scores["relaxed_f1"] > 0.85 and scores["value_f1"] > 0.72
