"""TIMEX3 rules of annotation, each on a sentence written for it: extents, values, sets, halves,
fractions, and the false hits that real news showed."""

from __future__ import annotations

import pytest

from storyline.temporal.timex import Anchor, tag, valid

WEDNESDAY = Anchor("2024-11-06", "day")


def values(text, anchor=WEDNESDAY, tense=None):
    return {t.text: (t.type, t.value) for t in tag(text, anchor, tense)}


# --- sets ---------------------------------------------------------------------------------------

def test_a_weekday_that_recurs_is_a_set_of_that_weekday():
    found = values("The council meets every Tuesday, and the market opens each Thursday.")
    assert found["every Tuesday"] == ("SET", "XXXX-WXX-2")
    assert found["each Thursday"] == ("SET", "XXXX-WXX-4")
    assert valid("XXXX-WXX-1TNI") and not valid("XXXX-WXX-8")


def test_a_newspaper_called_a_daily_is_no_frequency():
    assert values("The Communist Party daily Granma compared the boy with heroes.") == {}
    assert values("The weekly Der Spiegel printed the letter.") == {}
    assert values("Prices are updated daily.") == {"daily": ("SET", "P1D")}


# --- extents ------------------------------------------------------------------------------------

def test_earlier_and_later_belong_to_the_expression():
    found = values("The firm said earlier this month that it would sell the unit later this year.")
    assert found["earlier this month"] == ("DATE", "2024-11")
    assert found["later this year"] == ("DATE", "2024")


def test_the_past_week_keeps_its_article_but_a_week_of_a_month_is_not_last_week():
    assert values("Sales fell over the past week.") == {"the past week": ("DATE", "2024-W44")}
    assert values("He has been in Boston for the last month.") == {"the last month": ("DATE", "2024-10")}
    assert "last week" not in values("The vote falls in the last week of May.")


def test_fiscal_year_with_its_number_is_one_expression():
    assert values("Revenue for fiscal year 2024 rose 4%.") == {"fiscal year 2024": ("DATE", "2024")}


def test_a_hyphenated_fiscal_quarter_is_the_quarter_a_year_ago_compares_with():
    found = values("The chain lost $3 million in the fiscal-second quarter. It had earned $1 million a year earlier.")
    assert found["the fiscal-second quarter"] == ("DATE", "2024-Q2")
    assert found["a year earlier"] == ("DATE", "2023-Q2")


def test_a_year_ago_in_a_results_story_is_the_reported_quarter_not_one_forecast_or_passed():
    found = values("Net income rose in the third quarter. After a weak second quarter, sales grew faster "
                   "than a year ago. Losses may last through the first quarter of 2025. In the year-ago period, it lost $2 million.")
    assert found["a year ago"] == ("DATE", "2023-Q3")
    assert found["the year-ago period"] == ("DATE", "2023-Q3")


# --- halves and fractions -------------------------------------------------------------------------

def test_halves_of_a_year():
    assert values("Exports rose in the first half of the year.") == {"the first half of the year": ("DATE", "2024-H1")}
    assert values("The report covers the second half of 2023.") == {"the second half of 2023": ("DATE", "2023-H2")}
    assert values("Profit fell in the first half of last year.") == {"the first half of last year": ("DATE", "2023-H1")}
    assert values("He scored twice in the first half of the game.") == {}


def test_two_quarters_of_a_year_are_its_half():
    assert values("Losses will run through the first two quarters of 2025.") == {"the first two quarters of 2025": ("DATE", "2025-H1")}
    assert values("Orders grew in the last two quarters of the year.") == {"the last two quarters of the year": ("DATE", "2024-H2")}


def test_half_an_hour_and_a_half_dozen_days():
    assert values("Within half an hour of the first reports, the site was down.") == {"half an hour": ("DURATION", "PT30M")}
    assert values("After stumbles over the past half-dozen days, the race tightened.") == {
        "the past half-dozen days": ("DURATION", "P6D")}
    assert values("He waited half a day.") == {"half a day": ("DURATION", "PT12H")}
    assert values("He left half an hour ago.") == {"half an hour ago": ("DURATION", "PT30M")}


def test_a_high_for_the_year_of_a_price_is_this_year():
    assert values("The shares reached a high for the year of $18.25 on heavy trading.") == {"the year": ("DATE", "2024")}
    assert values("It was the year of the flood.") == {}


def test_a_season_of_a_spelled_year_is_that_season():
    assert values("Prices last touched that level in the summer of nineteen eighty-six.") == {
        "the summer of nineteen eighty-six": ("DATE", "1986-SU")}


def test_a_month_with_a_possessive_is_the_month():
    assert values("Analysts revised October's jobs figures down.")["October"] == ("DATE", "2024-10")


def test_trading_and_business_days_are_days():
    assert values("The index recovered within ten trading days.") == {"ten trading days": ("DURATION", "P10D")}
    assert values("Payment is due five business days later.")["five business days later"][0] == "DATE"


# --- vague references ------------------------------------------------------------------------------

def test_the_moment_something_happened_is_not_now():
    assert values("At the moment the troops crossed, the bridge fell.") == {}
    assert values("At the moment Chris Christie learned he had been bumped, he was in a car.") == {}
    assert values("There are no shipments at the moment.") == {"the moment": ("DATE", "PRESENT_REF")}


# --- direction -----------------------------------------------------------------------------------

def test_a_name_of_several_words_takes_the_tense_of_its_head_word():
    """ "on Election Day": the parse makes "Election" a compound of "Day" (no verb of its own); the
    head word "Day" is governed by "will rise", which points ahead."""
    text = "The price will rise on Election Day."
    at = text.index("Election")

    def tense(offset):
        return "none" if offset < at + len("Election") else "future"
    assert values(text, Anchor("2015-11-18", "day"), tense)["Election Day"] == ("DATE", "2016-11-08")
    assert values(text, Anchor("2015-11-18", "day"), lambda offset: "past")["Election Day"] == ("DATE", "2015-11-03")


@pytest.mark.parametrize("sentence,value", [
    ("The minister resigned on Friday.", "2024-11-01"),
    ("The minister will resign on Friday.", "2024-11-08"),
])
def test_a_weekday_follows_the_tense(sentence, value):
    assert values(sentence)["Friday"] == ("DATE", value)


def test_a_deadline_the_past_perfect_tells_of_was_overtaken():
    found = values("The tender offer was extended to Nov. 30. It had been due to expire Friday.")
    assert found["Friday"] == ("DATE", "2024-11-01")
    assert values("The tender offer is due to expire Friday.")["Friday"] == ("DATE", "2024-11-08")


def test_by_a_month_outside_the_past_points_ahead():
    spring = Anchor("2016-04-10", "day")
    assert values("The plan must be ready by March.", spring)["March"] == ("DATE", "2017-03")
    assert values("By March, the troops had left.", spring)["March"] == ("DATE", "2016-03")


def test_plural_weekdays_are_sets():
    assert values("The shop closes on Mondays.") == {"Mondays": ("SET", "XXXX-WXX-1")}
    assert values("Flights leave on Tuesday nights.") == {"Tuesday nights": ("SET", "XXXX-WXX-2TNI")}
    assert values("He met her on Tuesday night.") == {"Tuesday night": ("TIME", "2024-11-05TNI")}


def test_this_century_and_this_decade_are_the_anchors():
    found = values("Growth this decade has been the slowest of this century.", Anchor("1999-03-12", "day"))
    assert found == {"this decade": ("DATE", "199"), "this century": ("DATE", "19")}


def test_every_so_many_units_is_a_set_of_that_length():
    assert values("Courses are closing every 12 months.") == {"every 12 months": ("SET", "P12M")}
    assert values("The board meets every other week.") == {"every other week": ("SET", "P2W")}
    assert values("Elections are held every four years.") == {"every four years": ("SET", "P4Y")}
    assert values("Each year the fair returns.") == {"Each year": ("SET", "P1Y")}


def test_a_weekday_inside_a_name_keeps_the_past_when_its_head_word_is_only_present():
    """ "at a park Sunday afternoon": "Sunday" is a compound of "afternoon", whose governor ("including")
    is a participle with no tense of its own; the weekday stays the one just past."""
    text = "Sanders drew crowds, including 28,000 at a park Sunday afternoon in Brooklyn."
    at = text.index("Sunday")

    def tense(offset):
        return "none" if offset < at + len("Sunday") else "present"
    assert values(text, Anchor("2016-04-21", "day"), tense)["Sunday afternoon"] == ("TIME", "2016-04-17TAF")


def test_the_weeks_ahead_are_weeks_and_a_later_date_is_the_future():
    assert values("Lenders expect more defaults in the months ahead.") == {"the months ahead": ("DURATION", "PXM")}
    assert values("The rest will be paid at a later date.") == {"a later date": ("DATE", "FUTURE_REF")}


def test_mid_morning_of_a_day_is_that_part_of_the_day():
    found = values("Shares slid at mid-afternoon yesterday and recovered by mid-morning Monday.")
    assert found["mid-afternoon yesterday"] == ("TIME", "2024-11-05TAF")
    assert found["mid-morning Monday"] == ("TIME", "2024-11-04TMO")


def test_right_now_is_now():
    assert values("Right now we are waiting for the count.") == {"now": ("DATE", "PRESENT_REF")}


def test_the_day_before_an_event_is_the_day_and_before_is_a_signal():
    autumn = Anchor("1989-10-30", "day")
    assert values("Eight trading days after Oct. 12, the day before the market plunge, the index fell.", autumn)["the day"] == (
        "DATE", "1989-10-12")  # in apposition to a date: that very date
    assert values("The men came on Oct. 23. They came back the day after his death.", autumn)["the day"] == ("DATE", "1989-10-24")
    assert values("He arrived on Oct. 3 and had left the day before.", autumn)["the day before"] == ("DATE", "1989-10-02")
    assert values("The envoy flew on to Nairobi later in the day before returning home.", autumn) == {}
