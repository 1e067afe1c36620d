"""The time grammar's structure (rules registered with their handlers, tables kept as data), its
search over long texts, false hits on real news, and the held-out split of the TempEval data."""

from __future__ import annotations

import ast
import hashlib

import pytest

from storyline.eval.timex import heldout, read_refs, split
from storyline.temporal.grammar import Grammar, GrammarError
from storyline.temporal.timex import GRAMMAR, Anchor, tag

from .conftest import ROOT, SHARED

TEMPEVAL = SHARED / "eval" / "tempeval3-train"
POLNEAR = SHARED / "eval" / "polnear-train"


def values(text, anchor=None):
    return {t.text: (t.type, t.value) for t in tag(text, anchor)}


# --- structure ------------------------------------------------------------------------------

def test_every_rule_has_its_handler_and_first_words():
    assert len(GRAMMAR.rules) > 20
    for r in GRAMMAR.rules:
        assert callable(r.handler) and r.handler.__name__ == r.name and r.first


def test_a_rule_whose_handler_is_not_on_the_resolver_is_refused():
    grammar = Grammar()

    class Resolver:
        @grammar.rule(r"noon", first="noon")
        def noon(self, text, at):
            return "TIME", "XXXX-XX-XXT12:00"

    grammar.bind(Resolver)
    orphan = Grammar()

    @orphan.rule(r"noon", first="noon")
    def noon(self, text, at):
        return None

    with pytest.raises(GrammarError, match="no handler"):
        orphan.bind(Resolver)


def test_malformed_rules_are_refused_when_registered():
    grammar = Grammar()
    grammar.rule(r"noon", first="noon")(lambda self, text, at: None)
    with pytest.raises(GrammarError, match="twice"):
        grammar.rule(r"noon", first="noon")(lambda self, text, at: None)
    with pytest.raises(GrammarError, match="not words"):
        grammar.rule(r"high noon", first="high noon")(type("f", (), {})().__class__)


def test_word_tables_live_in_lexicons_not_in_code():
    """No module of the tagger or the shared primitives holds a literal table of words."""
    for folder in ("temporal", "text"):
        for path in (ROOT / "src" / "storyline" / folder).glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            exported = {id(a.value) for a in ast.walk(tree) if isinstance(a, ast.Assign)
                        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in a.targets)}
            for node in ast.walk(tree):
                if id(node) in exported:
                    continue
                if isinstance(node, ast.Dict):
                    words = [k for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
                    assert len(words) <= 6, f"{path.name}:{node.lineno} holds a word table"
                if isinstance(node, (ast.Set, ast.List, ast.Tuple)) and all(isinstance(e, ast.Constant) for e in node.elts):
                    assert len(node.elts) <= 8, f"{path.name}:{node.lineno} holds a word list"


def test_a_long_text_is_tagged_as_its_paragraphs_are():
    paragraphs = [f"Report {i}: ministers met on Monday, Nov. 4, and will meet again next week. "
                  f"Two years ago they signed a deal; the talks lasted 12 hours." for i in range(400)]
    anchor = Anchor("2024-11-05", "day")
    whole = tag("\n\n".join(paragraphs), anchor)
    assert len(whole) == sum(len(tag(p, anchor)) for p in paragraphs)
    assert {(t.text, t.value) for t in whole} == {(t.text, t.value) for t in tag(paragraphs[0], anchor)}


# --- false hits on real news ---------------------------------------------------------------------

def test_rates_are_not_durations():
    anchor = Anchor("2016-04-28", "day")
    assert values("Fast-food workers marched for $12-an-hour wages and a $15 dollar-an-hour minimum.", anchor) == {}
    assert values("Tickets cost $1.76 a year, and 700 seats a week were sold.", anchor) == {}
    assert values("I had to do one day a week of community service.", anchor) == {"one day a week": ("SET", "P1W")}


@pytest.mark.parametrize("sentence", [
    "We believe that a strong middle class can benefit this country one day.",
    "Researchers hope one day to harness that power.",
    "Analysts fear that China would one day dominate the region.",
])
def test_one_day_meaning_some_day_is_the_future(sentence):
    assert values(sentence, Anchor("2016-04-28", "day"))["one day"] == ("DATE", "FUTURE_REF")


@pytest.mark.parametrize("sentence", ["The strike lasted one day.", "Polls opened just one day after the debate.",
                                      "With one day to go, the race is close."])
def test_one_day_as_a_length_stays_a_duration(sentence):
    assert values(sentence, Anchor("2016-04-28", "day"))["one day"] == ("DURATION", "P1D")


def test_a_clock_time_with_no_day_in_the_present_is_no_day_of_publication():
    anchor = Anchor("2008-03-01", "day")
    assert values("It's 3 a.m. and your children are safe and asleep.", anchor)["3 a.m."] == ("TIME", "XXXX-XX-XXT03:00")
    assert values("The blast went off at 3 a.m. on Monday.", anchor)["3 a.m. on Monday"] == ("TIME", "2008-02-25T03:00")
    assert values("Police said the blast went off at 3 a.m.", anchor)["3 a.m."] == ("TIME", "2008-03-01T03:00")


def test_a_newspaper_named_today_is_not_the_day():
    assert "TODAY" not in values("A USA TODAY poll finds young voters split.", Anchor("2016-01-12", "day"))


# --- PolNeAR articles read after the rules were written (metadata dates, the parse's tense) ------

@pytest.fixture(scope="module")
def parsed():
    from storyline.eval.sources import load
    from storyline.eval.timex import parsed_tagger

    tagger = parsed_tagger()

    def run(name):
        doc = load(f"polnear/{name}")
        return {(t.text, t.value) for t in tagger(doc.text, Anchor(doc.published, "day", "metadata"))}
    return run


@pytest.mark.skipif(not POLNEAR.exists(), reason="../shared/eval is not here")
@pytest.mark.parametrize("name,text,value", [
    ("huff-post_2016-06-09_clinton-and-sanders-aren-t-butti", "Tuesday night", "2016-06-07TNI"),
    ("huff-post_2016-06-09_clinton-and-sanders-aren-t-butti", "Monday evening", "2016-06-06TEV"),
    ("huff-post_2016-06-09_clinton-and-sanders-aren-t-butti", "Tuesday", "2016-06-14"),  # the last primary, ahead
    ("huff-post_2016-06-09_clinton-and-sanders-aren-t-butti", "late July", "2016-07"),
    ("huff-post_2016-06-09_clinton-and-sanders-aren-t-butti", "last month", "2016-05"),
    ("usa-today_2016-01-12_energy-guns-top-young-voters-age", "three weeks", "P3W"),
    ("usa-today_2016-01-12_energy-guns-top-young-voters-age", "2030", "2030"),
    ("west-journal_2015-11-21_after-trump-heard-what-his-fox-n", "last week", "2015-W46"),
    ("west-journal_2015-11-21_after-trump-heard-what-his-fox-n", "Nov. 14", "2015-11-14"),
    ("west-journal_2015-11-21_after-trump-heard-what-his-fox-n", "95-minute", "PT95M"),
])
def test_polnear_expressions(parsed, name, text, value):
    assert (text, value) in parsed(name)


@pytest.mark.skipif(not POLNEAR.exists(), reason="../shared/eval is not here")
def test_polnear_newspaper_name_is_not_a_date(parsed):
    assert not [t for t in parsed("usa-today_2016-01-12_energy-guns-top-young-voters-age") if t[0] == "TODAY"]


# --- the held-out split ----------------------------------------------------------------------------

def test_heldout_is_a_fifth_chosen_by_hash():
    names = [f"doc{i}.tml" for i in range(50)]
    chosen = heldout(names)
    assert len(chosen) == 10 and chosen == sorted(chosen)
    ranked = sorted(names, key=lambda n: hashlib.sha256(n.encode()).hexdigest())
    assert set(chosen) == set(ranked[:10]) and heldout(reversed(names)) == chosen


@pytest.mark.skipif(not TEMPEVAL.exists(), reason="../shared/eval is not here")
def test_the_committed_heldout_list_is_the_hash_rule_on_each_corpus():
    refs = read_refs(ROOT / "eval" / "timex-heldout.txt")
    for corpus, folder in (("timebank", "TimeBank"), ("aquaint", "AQUAINT")):
        names = [p.name for p in (TEMPEVAL / folder).glob("*.tml")]
        assert [r for r in refs if r.startswith(corpus + "/")] == [f"{corpus}/{n}" for n in heldout(names)]
        parts = split(TEMPEVAL / folder, refs)
        assert len(parts["heldout"]) == round(len(names) * 0.2) and len(parts["tuned"]) + len(parts["heldout"]) == len(names)


def test_a_list_of_refs_is_scored(tmp_path, monkeypatch):
    from storyline.eval.timex import evaluate

    folder = tmp_path / "tempeval3-train" / "TimeBank"
    folder.mkdir(parents=True)
    (folder / "a.tml").write_text('<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-11-05">x</TIMEX3></DCT>'
                                  '<TEXT>They met <TIMEX3 tid="t1" type="DATE" value="2024-11-04">Monday</TIMEX3>.</TEXT></TimeML>')
    listing = tmp_path / "list.txt"
    listing.write_text("# one file\ntimebank/a.tml\n")
    monkeypatch.setenv("STORYLINE_EVAL_DATA", str(tmp_path))
    scores = evaluate(listing, tagger=lambda text, anchor: tag(text, anchor))
    assert scores["n"] == 1 and scores["strict_f1"] == 1.0
