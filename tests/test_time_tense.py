"""Tense read from the parse (annotate.times.doc_tense) decides which side of the document date a
bare weekday or month falls on; each sentence is written for its rule."""

from __future__ import annotations

import pytest

from storyline.temporal.timex import Anchor

AUTUMN = Anchor("1989-10-30", "day")  # a Monday


@pytest.fixture(scope="module")
def values():
    from storyline.eval.timex import parsed_tagger

    tagger = parsed_tagger()
    return lambda text, anchor=AUTUMN: {t.text: (t.type, t.value) for t in tagger(text, anchor)}


def test_a_participle_clause_takes_the_tense_of_the_verb_it_hangs_on(values):
    found = values("The shares swung widely, climbing to $40 in June from $25 in March.")
    assert found["March"] == ("DATE", "1989-03")


@pytest.mark.parametrize("sentence", [
    "Rebels attacked the ceasefire set to begin Monday in the north.",
    "Officials said the talks were set to resume Monday.",
    "The committee was due to vote Monday on the budget.",
])
def test_what_is_set_or_due_to_happen_lies_ahead(values, sentence):
    assert values(sentence, Anchor("1989-11-01", "day"))["Monday"] == ("DATE", "1989-11-06")
