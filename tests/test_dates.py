"""Publication dates: datelines in the shapes publishers use, checked on ECB+ pages; inference for
undated articles; an inferred anchor never gives a day."""

from __future__ import annotations

import re
from datetime import date

import pytest

from storyline.annotate import Meta
from storyline.ingest.clean import clean_text
from storyline.ingest.dates import dateline, find_dates, parse_iso_date
from storyline.ingest.prepare import prepare
from storyline.model import Document, RawArticle
from storyline.settings import Settings
from storyline.temporal.infer import infer_published
from storyline.temporal.timex import Anchor, tag

from .conftest import SHARED

ECBPLUS = SHARED / "eval" / "ecbplus-train-dev" / "ECB+"
BODY = "Officials said on Tuesday that the talks had collapsed after a night of argument over the border.\n"


@pytest.mark.parametrize("line,day", [
    ("July 29, 2011|10:57 pm", "2011-07-29"),
    ("Tue Jul 02 2013, 14:58 hrs", "2013-07-02"),
    ("3 July 2013 Last updated at 10:02 GMT", "2013-07-03"),
    ("Released 2013-09-28 05:08:35 GMT", "2013-09-28"),
    ("PUBLISHED: 02:31 GMT, 12 March 2013 | UPDATED: 22:19 GMT, 12 March 2013", "2013-03-12"),
    ("Posted on Thu Jun 13, 2013 08:45 AM PDT", "2013-06-13"),
    ("12:52 p.m. EDT May 2, 2013", "2013-05-02"),
    ("Fri., May. 3, 2013 11:45 AM PDT", "2013-05-03"),
    ("26 September 2013, 10:00 (GMT+05:00)", "2013-09-26"),
    ("Published: 2012.08.08 09:01 AM", "2012-08-08"),
    ("Updated 4/9/2007 6:04 PM", "2007-04-09"),
    ("Last updated 13:26 14/09/2013", "2013-09-14"),
    ("POSTED: 1052 GMT (1852 HKT), April 10, 2007", "2007-04-10"),
    ("Monday 16 September 2013 03.31 BST", "2013-09-16"),
    ("WASHINGTON, DC, April 28, 2009", "2009-04-28"),
    ("by Kateryna Hodunova November 5, 2024 6:27 PM 2 min read", None),  # a byline, not a dateline
])
def test_datelines(line, day):
    found = dateline(line)
    assert (found.day if found else None) == day


@pytest.mark.parametrize("line", ["End of Watch: Friday, June 24, 2005", "The vote was held on May 2, 2013 in the city.",
                                  "Page was born on April 22, 1923, in Nashville, Tenn."])
def test_lines_that_only_contain_a_date_are_not_datelines(line):
    assert dateline(line) is None


def test_the_earliest_date_of_a_dateline_is_the_publication():
    raw = "Floods hit the valley\nUPDATED 05/03/2013 at 11:00 AM EDT\nOriginally published 05/02/2013 at 10:20 AM EDT\n" + BODY
    result = clean_text(raw)
    assert (result.published, result.published_basis) == ("2013-05-02", "dateline")
    assert "UPDATED" not in result.text


def test_a_date_line_under_a_byline_is_the_bylines():
    result = clean_text("Floods hit the valley\nBy Ana Garcia\nJuly 29, 2011|10:57 pm\n" + BODY)
    assert (result.published, result.published_basis) == ("2011-07-29", "byline")


def test_a_wire_dateline_with_a_year_dates_the_article():
    result = clean_text("WASHINGTON, April 28, 2009 (AP) — " + BODY)
    assert (result.published, result.published_basis) == ("2009-04-28", "dateline")
    assert result.text.startswith("Officials said")


def test_numeric_dates_read_month_first_unless_they_cannot():
    assert [d.day for d in find_dates("12/16/08, 05/02/2013, 14/09/2013, 16.09.2013")] == [
        "2008-12-16", "2013-05-02", "2013-09-14", "2013-09-16"]
    assert parse_iso_date("2013-09-28T05:08:35Z") == ("2013-09-28", "day")


def _detokenised(text: str) -> str:
    """ECB+ renders tokens spaced ("1: 32 PM", "05 / 02 / 2013"); the page showed them joined."""
    text = re.sub(r"(?<=\d) ([:/]) (?=\d)", r"\1", text)
    text = re.sub(r"(?<=\d): (?=\d)", ":", text)
    text = re.sub(r"\b((?:19|20)\d\d) - (\d\d) - (\d\d)\b", r"\1-\2-\3", text)
    return re.sub(r"\b([ap])\. m\.", r"\1.m.", text)


@pytest.mark.skipif(not ECBPLUS.exists(), reason="../shared/eval is not here")
def test_ecbplus_pages_are_dated_by_their_datelines_and_agree_with_their_urls():
    from storyline.eval.sources import load

    files = sorted(ECBPLUS.glob("*/*ecbplus.xml"))
    dated = agree = with_url = 0
    for path in files:
        doc = load(f"ecbplus/{path.parent.name}/{path.name}")
        result = clean_text(_detokenised(doc.text))
        if result.published is None:
            continue
        dated += 1
        assert result.published_basis in ("dateline", "byline")
        url = doc.text.split("\n", 1)[0].replace(" ", "")
        if match := re.search(r"/(20\d\d)/(\d\d)/(\d\d)/", url):
            with_url += 1
            shown = date(*map(int, match.groups()))
            agree += abs((date.fromisoformat(result.published) - shown).days) <= 1  # time zones
    assert dated >= 0.75 * len(files)
    assert with_url >= 50 and agree >= 0.9 * with_url


# --- inference and inferred anchors -------------------------------------------------------

def test_inference_never_goes_below_the_latest_full_date_stated():
    # the full date's sentence is in the present: it still bounds the month from below
    text = ("The committee met on Jan. 21 to discuss the plan, officials said. "
            "The board approves the sale on Oct. 8, 2008, its chairman says.")
    assert infer_published(text) == ("2008-10", "month")
    assert infer_published("The committee met on Jan. 21. On Oct. 8, 2008, the board approved the sale.") == ("2008-10", "month")
    assert infer_published("The board will vote on Oct. 8, 2030, its chairman said on Jan. 21, 2008.") == ("2008-01", "month")


def test_a_numeric_dateline_on_a_first_line_is_the_articles_date():
    assert infer_published("news / 05 / nov / 1266. html\n11 / 28 / 05\t\t\nAftershocks jolt the island on Monday.") == ("2005-11", "month")
    assert infer_published("28/11/2005\nThe board met on Jan. 21, 2004.") == ("2005-11", "month")
    assert infer_published("03/04/2010\nThe board met.") == ("2010", "year")  # day or month first: the year alone
    assert infer_published("Results\n12.5.7\nThe board met.") is None


def test_an_inferred_month_never_gives_a_day():
    anchor = Anchor("2008-10", "month", "inferred")
    found = {t.text: t.value for t in tag("The board met on Jan. 21 and again on Monday; yesterday it voted.", anchor)}
    assert found["Jan. 21"] == "2008-01"  # the month, not a day on a guessed year
    assert found["Monday"] == "XXXX-XX-XX" and found["yesterday"] == "XXXX-XX-XX"
    stated = Anchor("2008-10", "month", "metadata")
    assert {t.text: t.value for t in tag("The board voted on Jan. 21.", stated)}["Jan. 21"] == "2008-01-21"


def test_the_annotate_stage_gives_the_anchor_its_basis():
    document = Document(id="d", text="x", raw_chars=1, clean_chars=1, published="2008-10", published_precision="month",
                        published_basis="inferred")
    assert Meta.of(document).basis == "inferred"


def test_an_undated_article_gets_an_inferred_month_from_its_latest_full_date():
    raw = ("Talks collapse over the border\n\nThe committee met on Jan. 21 to discuss the plan. "
           "On Oct. 8, 2008, the board approved the sale after a long night of argument, officials said.\n")
    doc = prepare(RawArticle(input="x", raw_chars=len(raw), text=raw), Settings(min_chars=10)).document
    assert (doc.published, doc.published_precision, doc.published_basis) == ("2008-10", "month", "inferred")


def test_show_marks_inferred_dates(cli, tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Talks collapse over the border\n\nThe committee met on Jan. 21 to discuss the plan. On Oct. 8, 2008, "
                    "the board approved the sale after a long night of argument, officials said in a statement.\n")
    cli("add", str(path), "--quiet")
    assert "2008-10 (month, inferred)" in cli("show").stdout
