"""The cleaner on real scraped articles (must contain / must not contain) and on text written for the test."""

from __future__ import annotations

import pytest

from storyline.ingest.clean import clean_text, to_raw
from storyline.ingest.prepare import prepare
from storyline.model import RawArticle
from storyline.settings import Settings

from .conftest import seed

DEBRIS = ["Subscribe", "indicates required", "Advertisement", "1 of 3 |", "Most popular", "Skip to content",
          "Editors' Picks", "You will be interested", "Arrow right", "Getty Images", "min read"]


def cleaned(prefix: str):
    return clean_text(seed(prefix).read_text(encoding="utf-8"))


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_debris_left_in_any_seed(prefix):
    text = cleaned(prefix).text
    for debris in DEBRIS:
        assert debris not in text, debris


@pytest.mark.parametrize("prefix,paragraphs", [
    ("000", ["The USA, Japan and South Korea strongly condemned the sending of North Korean troops",
             "The participation of the military of North Korea in the war in Ukraine",
             "There are approximately 12 000 military personnel, including 500 officers and three generals.",
             "The participation of North Koreans in the battles against Ukraine was also confirmed in the USA and South Korea."]),
    ("001", ["Western industrialized nations blasted North Korea’s military Monday",
             "State Department deputy spokesman Vedant Patel said Nov. 12, during a press briefing.",
             "One week later, Zelensky warned that North Korea could deploy up to 100,000 troops to help Russia in its war.",
             "“Now Putin has brought 11,000 North Korean troops to Ukraine’s borders,” Zelensky warned.",
             "including by withdrawing its troops.”"]),
    ("002", ["Kyiv confirmed on Monday that they had fired at North Korean soldiers",
             "Putin shortening training of North Korean troops for frontline, says Ukrainian minister",
             "A total of 15,000 troops could be deployed along northeastern",
             "Zelensky confirms first battles with North Korean soldiers",
             "making their identification more challenging for Kyiv."]),
    ("003", ["This stance was expressed during a meeting in Seoul",
             "North Korea's Involvement in the Conflict:",
             "potentially amounting to about a million shells.",
             "concerns over North Korea's role in the conflict and its broader implications for global security and stability."]),
    ("004", ["Foreign ministers of the Group of Seven (G7) and three key allies",
             "North Korea has deployed 11,000 troops in Russia's Kursk Oblast, President Volodymyr Zelensky said on Nov. 4.",
             "On the following day, Defense Minister Rustem Umerov confirmed",
             "According to Zelensky, Russia has confirmed to the West the involvement of Pyongyang's forces in the war."]),
])
def test_every_real_paragraph_kept(prefix, paragraphs):
    text = cleaned(prefix).text
    for paragraph in paragraphs:
        assert paragraph in text


def test_trailing_advertisement_is_cut_but_the_sentence_stays():
    text = cleaned("001").text
    assert "to help Russia in its war.\n" in text or text.endswith("to help Russia in its war.") or "to help Russia in its war." in text
    assert "war. Advertisement" not in text


@pytest.mark.parametrize("prefix,published,precision,basis", [
    ("000", "2024-11-16", "day", "header"),
    ("004", "2024-11-05", "day", "header"),
    ("003", "2024-01-18", "day", "byline"),
    ("002", "2024-11-06", "day", "byline"),  # the latest live-blog entry
])
def test_seed_dates(prefix, published, precision, basis):
    result = cleaned(prefix)
    assert (result.published, result.published_precision, result.published_basis) == (published, precision, basis)


def test_undated_seed_gets_no_invented_day():
    result = cleaned("001")
    assert result.published is None and result.published_basis == "none"


def test_titles_and_mastheads():
    assert cleaned("003").title == "US, South Korea, and Japan Criticize North Korea for Providing Weapons to Russia"
    assert cleaned("004").title.startswith("North Korean military involvement in Russia's war")
    assert cleaned("004").source == "The Kyiv Independent"
    # the title is metadata: its copies are not repeated in the body
    assert "Criticize North Korea for Providing Weapons" not in cleaned("003").text


def test_live_blog_entries_keep_their_stamps():
    entries = cleaned("002").live_entries
    assert len(entries) == 10
    assert entries[0].author == "Arpan Rai" and entries[0].stamp == "2024-11-06T04:16"
    assert max(e.stamp for e in entries) == "2024-11-06T04:16"
    text = cleaned("002").text
    zelensky = text.index("Zelensky confirms first battles")
    holder = [e for e in entries if e.start <= zelensky < e.end]
    assert len(holder) == 1 and holder[0].stamp == "2024-11-06T03:49"
    assert "Tom Watling" not in text and "Arpan Rai" not in text


def test_segments_map_clean_text_back_to_raw():
    raw = seed("004").read_text(encoding="utf-8")
    result = clean_text(raw)
    for seg in result.segments:
        assert result.text[seg.clean_start: seg.clean_start + seg.length] == raw[seg.raw_start: seg.raw_start + seg.length]
    start = result.text.index("11,000 troops")
    raw_span = to_raw(start, start + 13, result.segments)
    assert raw_span and raw[raw_span[0]:raw_span[1]] == "11,000 troops"


# --- text written for these tests: other outlets, other layouts ------------------

def test_lone_heading_between_paragraphs_is_kept():
    raw = ("The council met on Tuesday to discuss the budget, officials said.\n\n"
           "Budget Talks\n\n"
           "Members argued for three hours before agreeing to postpone the vote.\n")
    assert "Budget Talks" in clean_text(raw).text


def test_short_real_sentences_are_kept():
    raw = ("Police arrested two men after the robbery on Main Street.\n"
           "No one was hurt.\n"
           "The investigation continues.\n"
           "He declined to comment.\n")
    text = clean_text(raw).text
    for sentence in ["No one was hurt.", "The investigation continues.", "He declined to comment."]:
        assert sentence in text


def test_menu_runs_are_removed_but_the_story_is_not():
    raw = ("Home\nWorld\nUS Politics\nBusiness Tech Science\nSport\n"
           "Flood waters rise in Valencia as rescuers search for missing\n"
           "By Ana Garcia, Reuters\n"
           "October 31, 2024 10:15 AM\n"
           "Rescuers searched on Thursday for dozens of people still missing after floods swept through the region.\n"
           "Share\nTweet\nEmail\n"
           "Related Coverage\nSpain floods: what we know\nLive: rescue operations\n")
    result = clean_text(raw)
    assert result.title == "Flood waters rise in Valencia as rescuers search for missing"
    assert result.published == "2024-10-31" and result.published_basis == "byline"
    assert result.text == "Rescuers searched on Thursday for dozens of people still missing after floods swept through the region."


def test_byline_outlet_becomes_the_source():
    raw = ("Flood waters rise in Valencia\nBy Ana Garcia, Reuters\n"
           "Rescuers searched on Thursday for dozens of people still missing after floods swept through the region.\n")
    prepared = prepare(RawArticle(input="x", raw_chars=len(raw), text=raw), Settings(min_chars=10))
    assert prepared.document.source == "Reuters"


def test_photo_credit_captions_are_removed():
    raw = ("A protester holds a sign outside parliament in London. (Photo by Jane Roe/Getty Images)\n"
           "Thousands marched through central London on Saturday demanding a ceasefire.\n"
           "Demonstrators gather in Whitehall on Saturday. Photograph: John Smith/AP\n")
    text = clean_text(raw).text
    assert "Getty Images" not in text
    assert text.startswith("Thousands marched through central London")


def test_quoted_sentence_mentioning_reuters_is_not_a_caption():
    raw = "“We saw the strikes ourselves,” a resident told Reuters (by phone) on Monday.\nThe city was quiet.\n"
    assert "a resident told Reuters" in clean_text(raw).text


def test_repeated_short_lines_are_removed_only_when_known():
    from storyline.ingest.clean import line_key

    raw = "Election night live\nThe polls closed at 8pm and counting began at once.\nFollow our coverage on the app\n"
    assert "Follow our coverage on the app" in clean_text(raw).text
    text = clean_text(raw, repeated={line_key("Follow our coverage on the app")}).text
    assert "Follow our coverage" not in text and "The polls closed" in text


def test_empty_and_debris_only_texts_give_empty_clean_text():
    assert clean_text("").text == ""
    assert clean_text("Subscribe\nAdvertisement\n* indicates required\n").text == ""
