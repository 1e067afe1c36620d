"""What is a ledger claim, its unit, predicate and claimant, and the attributions it comes from: written news
sentences (none taken from the gold sets the extractor was developed on)."""

from __future__ import annotations

import pytest

from storyline.annotate import Annotator, Meta, extract, load_gazetteer
from storyline.claims.quantities import find_quantities
from storyline.claims.units import registry
from storyline.settings import Settings


@pytest.fixture(scope="module")
def annotator():
    return Annotator(Settings(), load_gazetteer())


def analysis(annotator, text, published="2016-03-10"):
    doc = annotator.nlp(text)
    return extract(doc, b"", Meta("w", published, "day", source="Test Wire"), annotator.gazetteer)


def claims(annotator, text, published="2016-03-10"):
    found = analysis(annotator, text, published)["claims"]
    return {text[c.start:c.end]: c for c in found}


# --- numbers that are not claims -----------------------------------------------------------------

@pytest.mark.parametrize("text,number", [
    ("Schiff, 56, told reporters the panel would meet again.", "56"),  # an age
    ("The singer, aged 61, is one of the most talented actors of his generation.", "one"),  # the pronoun "one"
    ("He ranked No. 2 on the list of donors.", "2"),  # an identifier
    ("The BlackBerry Curve 8900 went on sale in Canada.", "8900"),  # a model number
    ("The phone supports USB 3.0 and Bluetooth.", "3.0"),
    ("The photo (9/17/16) shows the crowd outside.", "17"),  # a date
    ("The 6'3\" forward signed a new contract.", "3"),  # a height
    ("No one was hurt when the roof collapsed.", "one"),
    ("Dozens of protesters gathered outside the court.", "Dozens"),  # a vague amount: nothing to check
    ("Tens of thousands of employees walked out on Monday.", "thousands"),
    ("The walls of the three-story building cracked.", "three"),  # a description
    ("A magnitude-6 quake can cause severe damage.", "6"),  # a generic statement
    ("The blaze was reported at 0735 GMT.", "0735"),  # a clock time
    ("He served six or seven years in prison.", "six"),  # a duration
    ("The Bulls improved their record to 41-12 with the victory.", "41"),  # a win-loss record
    ("The challenger fell to 28-4-1 after the loss in Cardiff.", "28"),
    ("Wladimir Klitschko (52-3, 46 KOs) beat Hasim Rahman (45-7-2, 36 KOs) in Mannheim.", "45"),  # records before a count
    ("Wladimir Klitschko (52-3, 46 KOs) beat Hasim Rahman (45-7-2, 36 KOs) in Mannheim.", "52"),
    ("Thompson, the mandatory challenger, dropped to 36 - 3.", "36"),
    ("At one point on Sunday, the senator tweeted about the rally.", "one"),  # an idiom
    ("The prisoners were released one by one.", "one"),
    ("Lopez has been charged with murder; his two half-brothers, 17 and 22, were also arrested.", "17"),  # ages
    ("Lopez has been charged with murder; his two half-brothers, 17 and 22, were also arrested.", "22"),
    ("United sealed a 3-1 win over the visitors on Sunday.", "3"),  # a score
    ("Alvarez, who will be 34 in July, signed for two more seasons.", "34"),  # an age after "will be"
    ("The six-foot-eight centre scored twice.", "six"),  # a height
    ("The three largest banks reported losses.", "three"),  # a selection by rank
    ("The senator led among voters under 30 and those 45 and over.", "30"),  # bounds on people's age
    ("The senator led among voters under 30 and those 45 and over.", "45"),
    ("Adults 65 or older were most at risk.", "65"),
    ("He leads among voters between the ages of 18 and 54.", "18"),
    ("Ground zero is Florida, where the primary is held.", "zero"),  # an idiom
    ("The ad is part of a seven-figure buy.", "seven"),  # describes the buy
])
def test_numbers_that_are_not_claims(annotator, text, number):
    found = claims(annotator, text)
    assert not any(number in span for span in found), found


def test_one_of_nine_is_a_member_not_a_share(annotator):
    found = claims(annotator, "Israel is one of nine nuclear powers in the world.")
    assert not any(c.unit == "percent" for c in found.values()) and found["nine nuclear powers"].value == 9


def test_eight_of_ten_is_one_percentage_not_two_counts(annotator):
    found = claims(annotator, "Eight of 10 avocados sold in the United States are grown in Mexico.")
    assert [(c.value, c.unit) for c in found.values()] == [(80.0, "percent")]


def test_a_mother_of_twelve_has_twelve_children_not_twelve_of_what_came_before(annotator):
    found = claims(annotator, "Two gunmen went on trial Wednesday for killing a mother of 12 in Brooklyn.")
    assert sorted((c.value, c.unit) for c in found.values()) == [(2, "gunmen"), (12, "children")]


def test_the_counts_that_are_claims(annotator):
    found = claims(annotator, "The attack killed 12 people and injured 40 others, and 300 villagers had taken "
                              "shelter in a school.")
    assert {(c.value, c.unit, c.predicate) for c in found.values()} == {
        (12, "people", "killed"), (40, "people", "injured"), (300, "people", "sheltered")}


@pytest.mark.parametrize("text,number", [
    ("Between 20-25 people were hurt in the stampede.", "20"),  # a range counts something
    ("Prices rose 5-10 percent in the first quarter.", "5"),
    ("The league's 30 teams will vote on the plan.", "30"),
    ("Officials said 34 people were killed.", "34"),  # a count after "be" is not an age
    ("Wladimir Klitschko (52-3, 46 KOs) beat Hasim Rahman (45-7-2, 36 KOs) in Mannheim.", "36 KOs"),
    ("Between 20-25 people, most of them children, were hurt.", "20"),
    ("Lopez has been charged with murder; his two half-brothers, 17 and 22, were also arrested.", "two half-brothers"),
    ("The quake destroyed 1,200 homes, 300 schools and 40 clinics.", "300 schools"),
    ("The team scored one point in the final minute.", "one point"),
    ("Rescuers found 12 survivors and 40 bodies, officials said.", "40 bodies"),
    ("The storm killed over 300 people and injured over 50.", "over 50"),  # "over" after a verb bounds a count
])
def test_ranges_and_counts_stay_claims(annotator, text, number):
    found = claims(annotator, text)
    assert any(span.startswith(number) or f" {number}" in span for span in found), found


# --- units and predicates ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,unit,value", [
    ("The package weighed 2.38 pounds.", "lb", 2.38),  # weight, not sterling
    ("It was sold for 5 million pounds.", "GBP", 5e6),
    ("The quake had a preliminary magnitude of 4.6.", "magnitude", 4.6),
    ("A 7.1-magnitude quake struck the coast.", "magnitude", 7.1),
    ("Exports rose to 5 billion yuan.", "CNY", 5e9),
    ("The plant produces 400 megawatts.", "MW", 400),
    ("The fee is 50 cents a share.", "USD", 0.5),
])
def test_units_from_the_registry(text, unit, value):
    q = next(q for q in find_quantities(text) if q.unit)
    assert (q.unit, q.value) == (unit, pytest.approx(value))


def test_unit_names_are_the_registrys():
    reg = registry()
    assert reg.surface("kilometres").name == "kilometre" and reg.surface("yuan").name == "chinese yuan"
    assert reg.symbol("Hz").name == "hertz" and reg.symbol("in") is None  # "in" is a word, not inches


def test_ranges_keep_their_units():
    q = next(find_quantities("Tax rates ranging from 5 percent to 25 percent apply."))
    assert (q.low, q.high, q.qualifier, q.unit) == (5, 25, "range", "percent")


def test_a_cut_is_not_a_launch_and_shelter_is_not_a_capture(annotator):
    found = claims(annotator, "The firm fired seven lawyers. The army fired 12 missiles.")
    assert found["seven lawyers"].predicate != found["12 missiles"].predicate


def test_a_named_holder_is_not_what_a_bare_number_counts(annotator):
    found = claims(annotator, "Clinton has won 1,614 delegates so far, while Sanders has at least 232.")
    assert found["at least 232"].unit == "delegates"  # the count goes on from the claim before
    assert "232" not in " ".join(claims(annotator, "Sanders has at least 232."))  # nothing says what it counts


def test_only_money_is_earned(annotator):
    assert claims(annotator, "Trump lost six percentage points in the poll.")["six percentage points"].predicate != "earned"
    assert claims(annotator, "The company lost 5 million dollars last year.")["5 million dollars"].predicate == "earned"
    assert not any("nine" in span for span in claims(annotator, "The White House released a nine-page plan."))
    spent = claims(annotator, "Cruz raised 11.9 million dollars and, despite burning through 17.5 million dollars, "
                              "ended the month with cash.")
    assert spent["17.5 million dollars"].predicate != "injured" and spent["11.9 million dollars"].predicate == "supplied"
    assert claims(annotator, "The group took in 4.8 million dollars last month.")["4.8 million dollars"].predicate == "earned"


def test_a_family_that_needs_its_context(annotator):
    assert claims(annotator, "Twelve people were admitted to hospital.")["Twelve people"].predicate == "hospitalised"
    assert claims(annotator, "The country is admitting 10,000 Syrian refugees.")["10,000 Syrian refugees"].predicate != "hospitalised"
    assert claims(annotator, "The death toll remained at 10 on Monday.")["10"].predicate != "hospitalised"
    assert claims(annotator, "Sales grew to 5 million dollars.")["5 million dollars"].predicate == "rose"
    assert claims(annotator, "About 2,000 tonnes of rice were grown in the valley.")["About 2,000 tonnes"].predicate != "rose"


def test_a_margin_held_is_not_people_detained(annotator):
    assert claims(annotator, "She holds a 26-delegate advantage in the state.")["26-delegate"].predicate != "arrested"
    assert claims(annotator, "Rebels held 30 hostages.")["30 hostages"].predicate == "arrested"


def test_places_where_people_come_from_are_not_what_they_did(annotator):
    assert claims(annotator, "Officials in a dozen states reported problems.")["a dozen states"].predicate is None
    assert claims(annotator, "Houses in two villages were damaged.")["two villages"].predicate == "damaged"
    assert claims(annotator, "Governors in 27 states balked at the plan.")["27 states"].predicate is None


# --- who claims it ----------------------------------------------------------------------------------

def test_no_claimant_without_an_attribution_covering_the_number(annotator):
    text = ("Aceh was hit by a tsunami in 2004, killing 170,000 people.\n"
            "\"We lost everything,\" said Ahmad Yani, a doctor in Banda Aceh.")
    assert claims(annotator, text)["170,000 people"].claimed_by is None


def test_the_claimant_of_a_reported_clause(annotator):
    text = "Health Minister Ahmad Yani said 48 people had been killed in the floods."
    found = claims(annotator, text)["48 people"]
    assert found.claimed_by is not None and found.claimed_by.startswith("person:")


def test_a_number_inside_a_quotation_is_its_speakers(annotator):
    text = "\"At least 25 homes were destroyed,\" Mayor Linda Cole said on Monday."
    found = claims(annotator, text)["At least 25 homes"]
    assert found.claimed_by is not None and found.stated_on_basis == "text"


# --- attributions -----------------------------------------------------------------------------------

def quotes(annotator, text):
    return [(text[q.speaker_start:q.speaker_end], q.cue, text[q.start:q.end], q) for q in analysis(annotator, text)["quotes"]]


def test_beliefs_and_intentions_are_attributions(annotator):
    text = "Clinton wants to raise the minimum wage. Sanders called for a ban on fracking. Warren supports the deal."
    found = {(speaker, content) for speaker, _, content, _ in quotes(annotator, text)}
    assert {("Clinton", "to raise the minimum wage"), ("Sanders", "a ban on fracking"), ("Warren", "the deal")} <= found


def test_a_quotation_is_one_attribution(annotator):
    text = "\"The city will rebuild every school,\" the mayor said."
    found = quotes(annotator, text)
    assert len(found) == 1 and found[0][3].kind == "direct"


def test_he_said_is_never_a_name_inside_the_quotation(annotator):
    text = "Maria Lopez spoke first. \"John Smith is the best choice we have,\" he said."
    found = quotes(annotator, text)
    assert all(not (q.speaker or "").endswith("john-smith") for *_, q in found)


def test_a_headline_speaker_is_the_name_before_the_cue(annotator):
    text = "Obama Says African-American Museum Will Tell America's Story\nThe museum opens in September."
    speakers = [speaker for speaker, _, content, _ in quotes(annotator, text) if "Museum" in content]
    assert speakers and all("Museum" not in s and s.startswith("Obama") for s in speakers)


def test_stated_on_defaults_to_the_publication_date(annotator):
    text = "The governor said the bridge would reopen. On March 4, the minister said it would not."
    found = sorted((q.stated_on, q.stated_on_basis) for *_, q in quotes(annotator, text))
    assert found == [("2016-03-04", "text"), ("2016-03-10", "published")]


def test_stated_on_is_the_day_of_a_cue_dated_by_a_part_of_a_day(annotator):
    text = "On Monday morning, the minister said the bridge would reopen. At 9 a.m. on Tuesday, the mayor said it would not."
    found = sorted((q.stated_on, q.stated_on_basis) for *_, q in quotes(annotator, text))
    assert found == [("2016-03-07", "text"), ("2016-03-08", "text")]


def test_headline_casualty_counts_whatever_the_capitals(annotator):
    found = claims(annotator, "Powerful Storm in Chile Kills 14; 90 Hurt")
    assert sorted((c.value, c.unit, c.predicate) for c in found.values()) == [(14, "people", "killed"), (90, "people", "injured")]
