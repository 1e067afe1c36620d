"""Figures joined across articles by measure, kept apart where the measure differs; the ledger a reader can check."""

from __future__ import annotations

from storyline.corpus import Corpus
from storyline.link.figures import fill_unknowns, interval, place_key, reconcile, story_key, with_measures
from storyline.model import Claim
from storyline.report.ledger import format_number, format_value, ledger_lines
from storyline.settings import Settings

TOLL = [
    "date 2023-09-10\nMorocco quake toll rises\n\nRABAT (Reuters) - The earthquake that struck Morocco on Friday killed "
    "2,012 people, the interior ministry said on Sunday.\n",
    "date 2023-09-10\nRescuers dig through rubble in Morocco\n\nThe earthquake in Morocco killed 2,012 people and "
    "injured 2,059 others, state television said.\n",
    "date 2023-09-11\nMorocco earthquake: villages cut off\n\nThe quake killed more than 2,100 people across Morocco, "
    "officials said on Monday, and injured 2,421.\n",
]


def corpus_of(tmp_path, texts):
    for i, text in enumerate(texts):
        (tmp_path / f"{i}.txt").write_text(text)
    corpus = Corpus(settings=Settings(db=str(tmp_path / "f.duckdb"), processes=1))
    corpus.add([str(tmp_path / f"{i}.txt") for i in range(len(texts))])
    return corpus


def test_one_toll_from_three_reports_is_one_figure_and_injuries_another(tmp_path):
    corpus = corpus_of(tmp_path, TOLL)
    claims = list(corpus.records("claims"))
    killed = {c["figure"] for c in claims if c["predicate"] == "killed"}
    injured = {c["figure"] for c in claims if c["predicate"] == "injured"}
    assert len(killed) == 1 and len(injured) == 1 and killed != injured
    figures = {f["id"]: f for f in corpus.records("figures")}
    toll = figures[killed.pop()]
    assert len(toll["claims"]) == 3 and toll["status"] in ("agreed", "evolving")
    text = "\n".join(corpus.ledger(verbose=True))
    assert "2,012" in text and "more than 2,100" in text and "Morocco quake toll rises" in text


def _claim(value, doc, unit="USD", about=(), predicate="owned", sentence="", qualifier="exact", start=0):
    return Claim(id=f"{doc}-{value}-{start}", doc_id=doc, start=start, end=start + 3, sentence=sentence, value=value,
                 low=value, high=value, qualifier=qualifier, unit=unit, subject=None, about=about, predicate=predicate,
                 location=None, modality="asserted", claimed_by=None, reported_by=None, stated_on="2016-01-01",
                 stated_on_basis="published", as_of="2016-01-01")


def test_the_holdings_of_two_companies_are_two_figures():
    from storyline.model import Actor

    actors = [Actor("org:apple", "Apple", "organization"), Actor("org:nike", "Nike", "organization")]
    records = with_measures([*actors, _claim(214.9e9, "d", about=("org:apple",)), _claim(10.7e9, "d", about=("org:nike",))])
    measures = [r.measure for r in records if isinstance(r, Claim)]
    assert len(set(measures)) == 2


def test_the_noun_a_sum_is_the_amount_of_says_what_it_measures_whatever_verb_reports_it():
    from dataclasses import replace

    from storyline.model import Actor, Mention

    place = [Actor("USA", "United States", "country", "USA"), Mention("d", 100, 104, "Boston", "USA", "GPE")]
    offer = replace(_claim(200e6, "d", predicate="earned"), subject="offer")  # "have made him a $200 million offer"
    offered = _claim(200e6, "d", predicate="offered", start=50)  # "the Red Sox offered $200 million"
    bail = replace(_claim(1e6, "d", predicate="earned", start=80), subject="bail")
    records = with_measures([*place, offer, offered, bail])
    keys = {r.id: r.measure for r in records if isinstance(r, Claim)}
    assert keys[offer.id] == keys[offered.id] and keys[offer.id].split("|")[1] == "price"
    assert keys[bail.id] != keys[offer.id] and keys[bail.id].split("|")[1] == "bail"


def test_each_share_of_a_list_of_places_is_of_its_own_place(tmp_path):
    corpus = corpus_of(tmp_path, ["date 2008-12-20\nCable cuts disrupt traffic\n\nInternet traffic across the region was "
                                  "disrupted on Friday. At present 65% of traffic with India is offline. The same goes for 59% "
                                  "of communications with Singapore, 44% with Malaysia and 55% with Saudi Arabia.\n"])
    claims = {c["value"]: c for c in corpus.records("claims") if c["unit"] == "percent"}
    assert {v: c["location"] for v, c in claims.items()} == {65: "IND", 59: "SGP", 44: "MYS", 55: "SAU"}
    assert len({c["measure"] for c in claims.values()}) == 4  # four places, four measures, no part of a total


def test_a_share_under_a_neutral_verb_is_one_measure_and_under_an_event_verb_another():
    from storyline.model import Actor, Mention

    place = [Actor("IND", "India", "country", "IND"), Mention("d", 100, 105, "India", "IND", "GPE")]
    shares = [_claim(65, "d", unit="percent", predicate=p, start=i * 10) for i, p in enumerate(("present", None, "rose", "cut"))]
    records = with_measures([*place, *shares])
    keys = [r.measure for r in records if isinstance(r, Claim)]
    assert keys[0] == keys[1] == keys[2] != keys[3]


def test_the_parts_of_a_list_are_not_values_of_its_total():
    sentence = "Police arrested 14 people, six Iraqis and six Sudanese."
    claims = [_claim(v, "d", unit="people", predicate="arrested", sentence=sentence, start=s, about=())
              for v, s in ((14, 16), (6, 27), (6, 40))]
    from storyline.model import Actor, Mention

    records = with_measures([Actor("IRQ", "Iraq", "country", "IRQ"), Mention("d", 100, 104, "Iraq", "IRQ", "GPE"), *claims])
    keys = {r.value: r.measure for r in records if isinstance(r, Claim)}
    assert keys[14] != keys[6]


def test_about_reaches_half_the_last_significant_place():
    low, high = interval(_claim(12000, "d", qualifier="approx"))
    assert low > 11000 and high < 13000


def test_values_in_two_currencies_are_compared_within_one():
    figure = reconcile("money|stolen|in:FRA|2008", [_claim(85e6, "a", unit="EUR"), _claim(105e6, "b", unit="USD"),
                                                     _claim(85e6, "c", unit="EUR")], {})
    assert figure.unit == "EUR" and figure.status == "agreed"
    assert {v.unit for v in figure.values} == {"EUR", "USD"}


def test_place_names_are_compared_without_generic_words():
    assert place_key("Qeshm island") == place_key("Qeshm") == "qeshm"


def test_numbers_as_news_writes_them():
    assert format_number(13.9e9) == "13.9 billion" and format_number(1_534_600) == "1,534,600"
    assert format_value({"low": 12000, "high": 12000, "qualifier": "approx"}) == "about 12,000"
    assert format_value({"low": 5, "high": 25, "qualifier": "range"}, "percent") == "5%–25%"
    assert format_value({"low": 13.9e9, "high": 13.9e9, "qualifier": "exact"}, "USD") == "$13.9 billion"


def test_the_ledger_hides_figures_seen_once():
    figures = [{"label": "one", "status": "single", "unit": "people", "claims": ["a"], "values": []},
               {"label": "two", "status": "agreed", "unit": "people", "claims": ["b", "c"], "values": []}]
    assert [line.split(" — ")[0] for line in ledger_lines(figures, {})] == ["two"]
    assert len(ledger_lines(figures, {}, min_claims=1)) == 2


def test_a_story_scopes_a_measure_and_an_unknown_year_stays_unknown():
    assert story_key("people|killed|in:IRN|2005", "s1") == "people|killed|story:s1|in:IRN|2005"
    assert story_key("people|injured|actor:org:church|-", "s1") == "people|injured|story:s1||-"  # not the story's year
    assert story_key("claim:abc", "s1") == "claim:abc"


def test_counted_things_by_their_head_noun_and_family():
    from dataclasses import replace

    from storyline.link.figures import _Article, figure_key

    article = _Article(("wasilla",), "USA", None, "2008")

    def key(unit, predicate, subject=None):
        claim = replace(_claim(40, "d", unit=unit, predicate=predicate), subject=subject)
        return figure_key(claim, {}, article).split("|")[:2]

    assert key("volunteer firefighters", "present") == key("firefighters", "deployed") == ["firefighters", "deployed"]
    assert key("people", "present", "residents") == key("people", "population", "people") == ["people", "population"]
    assert key("people", "present", "adult women") == key("people", "present", "women") == ["women", "present"]
    assert key("people", "present", "children") != key("people", "present", "women")
    assert key("people", "present", "people") == ["people", "present"]
    assert key("people", "killed", "children") == ["people", "killed"]  # a toll is of people, whoever they were
    assert key("people", "killed") != key("people", "injured")


def test_within_a_story_the_place_it_is_about_says_nothing_more():
    assert story_key("people|killed|in:TZA|1998", "s1") == "people|killed|story:s1|in:TZA|1998"
    assert story_key("firefighters|deployed|place:surrey|-", "s1") == "firefighters|deployed|story:s1||-"
    assert story_key("troops|deployed|of:PRK|2024", "s1") == "troops|deployed|of:PRK|2024"  # whose, in any story


def test_within_a_story_the_year_an_article_is_dated_by_gives_way_and_a_year_it_names_stays():
    assert story_key("knockouts|-|in:DEU|~2001", "s1") == "knockouts|-|story:s1|in:DEU|"  # a misread dateline
    assert story_key("knockouts|-|in:DEU|~2008", "s1") == story_key("knockouts|-||~2006", "s1").replace("||", "|in:DEU|")
    assert story_key("people|killed|in:IRN|2003", "s1") == "people|killed|story:s1|in:IRN|2003"  # its own sentence's


def test_a_key_that_says_nowhere_takes_the_one_place_of_its_story():
    keys = ["people|killed|story:s1|in:KEN|", "people|killed|story:s1||", "people|injured|story:s1||",
            "people|injured|story:s1|in:KEN|", "people|injured|story:s1|in:TZA|", "people|killed|story:s2||"]
    assert fill_unknowns(keys) == {"people|killed|story:s1||": "people|killed|story:s1|in:KEN|"}  # two places: apart
    assert fill_unknowns(["people|killed|story:s1||2003", "people|killed|story:s1|in:KEN|"]) == {}  # another year


def test_a_key_with_no_family_takes_the_one_family_of_its_story_that_agrees_on_the_rest():
    keys = ["pipes|-|story:s1||", "pipes|damaged|story:s1||", "houses|-|story:s1|in:PER|", "houses|damaged|story:s1|in:PER|",
            "houses|destroyed|story:s1|in:PER|", "pipes|-|story:s2||"]
    assert fill_unknowns(keys) == {"pipes|-|story:s1||": "pipes|damaged|story:s1||"}  # damaged or destroyed: apart
    # where and what at once: "the flood ruined about 40 bridges" beside "40 bridges were damaged in Peru"
    assert fill_unknowns(["bridges|-|story:s1||", "bridges|damaged|story:s1|in:PER|"]) == \
        {"bridges|-|story:s1||": "bridges|damaged|story:s1|in:PER|"}


def test_a_year_a_report_names_joins_the_one_month_of_that_year_its_story_names():
    # "the 1998 flood drowned 4,000" beside "4,200 drowned in the flood of August 1998"
    keys = ["people|killed|story:s1|in:BGD|1998", "people|killed|story:s1|in:BGD|1998-08", "people|killed|story:s1|in:BGD|"]
    assert fill_unknowns(keys) == {"people|killed|story:s1|in:BGD|1998": "people|killed|story:s1|in:BGD|1998-08"}
    # two months of that year: apart from both; another year, or no time at all, joins neither
    two = ["people|killed|story:s1||1998", "people|killed|story:s1||1998-08", "people|killed|story:s1||1998-09"]
    assert fill_unknowns(two) == {}
    assert fill_unknowns(["people|killed|story:s1||1997", "people|killed|story:s1||", "people|killed|story:s1||1998-08"]) == {}


def test_a_number_a_story_dates_elsewhere_joins_the_key_that_holds_it():
    from dataclasses import replace

    from storyline.link.figures import join_by_value

    def said(value, doc, key, qualifier="exact"):
        return replace(_claim(value, doc, unit="people", predicate="killed", qualifier=qualifier), measure=key)

    now, then = "people|killed|story:s1|in:PER|", "people|killed|story:s1|in:PER|2019-03"
    # "the landslide killed 14" (two outlets), "it killed 230 people" of the March flood the story recalls
    claims = [said(14, "d1", now), said(14, "d2", now), said(230, "d2", now), said(230, "d3", then, "approx")]
    assert join_by_value(claims) == {"d2-230-0": then}
    # a value two keys hold, or one the own key holds again, stays where it is
    other = "people|killed|story:s1|in:PER|2017-01"
    assert join_by_value([*claims, said(230, "d4", other)]) == {}
    assert join_by_value([*claims, said(230, "d4", now)]) == {}
    # "a father of three killed in May" beside two reports of "the father of three": the date is the story's own
    kin = [replace(said(3, d, "children|-|story:s2||"), unit="children") for d in ("d5", "d6")]
    dated = replace(said(3, "d7", "children|-|story:s2||2020-05"), unit="children")
    assert join_by_value([*kin, dated]) == {"d7-3-0": "children|-|story:s2||"}
    # values that differ keep the recalled time apart: the 2003 toll is not the new quake's
    assert join_by_value([said(10, "d1", now), said(31000, "d2", "people|killed|story:s1|in:PER|2003")]) == {}


def test_the_country_an_article_names_most_is_a_guess_its_story_replaces():
    from dataclasses import replace

    from storyline.link.figures import _Article, figure_key

    claim = replace(_claim(3, "d", unit="cables", predicate="damaged"), subject="cables")
    assert figure_key(claim, {}, _Article((), "USA", None, "2008")) == "cables|damaged|in:~USA|~2008"
    keys = ["cables|damaged|story:s1|in:~USA|", "cables|damaged|story:s1|in:EGY|", "cables|damaged|story:s1|in:~EGY|"]
    assert fill_unknowns(keys) == {"cables|damaged|story:s1|in:~USA|": "cables|damaged|story:s1|in:EGY|",
                                   "cables|damaged|story:s1|in:~EGY|": "cables|damaged|story:s1|in:EGY|"}
    # no claim of the story names a place: the guesses of two outlets say nowhere, and are one count
    assert fill_unknowns(["cables|damaged|story:s1|in:~USA|", "cables|damaged|story:s1|in:~GBR|"]) == \
        {"cables|damaged|story:s1|in:~USA|": "cables|damaged|story:s1||", "cables|damaged|story:s1|in:~GBR|": "cables|damaged|story:s1||"}
    # a guess joins the country it names, not another place its story names as well
    two = ["people|killed|story:s1|in:~IRN|", "people|killed|story:s1|in:IRN|", "people|killed|story:s1|in:CHN|"]
    assert fill_unknowns(two) == {"people|killed|story:s1|in:~IRN|": "people|killed|story:s1|in:IRN|"}


def test_a_key_keeps_a_family_never_the_lemma_of_the_verb_that_reports_it():
    from dataclasses import replace

    from storyline.link.figures import _Article, figure_key

    article = _Article((), "CAN", None, "2019")
    sums = [replace(_claim(2e6, "d", predicate=p), subject=None) for p in ("hear", "quote", None)]
    assert {figure_key(c, {}, article) for c in sums} == {"money|-|in:~CAN|~2019"}  # "I heard the figure of $2 million"
    shares = [replace(_claim(15, "d", unit="percent", predicate=p)) for p in ("view", "expect")]
    assert {figure_key(c, {}, article).split("|")[1] for c in shares} == {"-"}
    kept = replace(_claim(15, "d", unit="percent", predicate="cut"))
    assert figure_key(kept, {}, article).split("|")[1] == "cut"  # a family stays


def test_a_tally_keeps_no_family():
    from dataclasses import replace

    from storyline.link.figures import _Article, figure_key

    article = _Article(("leeds",), None, None, "2019")
    hit = replace(_claim(21, "d", unit="goals", predicate="damaged"), subject="goals")  # "hit 21 goals"
    assert figure_key(hit, {}, article).split("|")[1] == "-"


def test_a_count_of_children_keeps_only_a_family_that_happens_to_people():
    from storyline.link.figures import _confident

    assert _confident("launched", "children") == "-"  # "released a video of the mother of nine children"
    assert _confident("evacuated", "children") == "evacuated"
    assert _confident("launched", "rockets") == "launched"


def test_a_claim_takes_the_time_of_its_own_clause():
    from dataclasses import replace

    from storyline.link.figures import _Article, figure_key
    from storyline.model import Time

    sentence = "A quake killed more than 31,000 in Bam in 2003, and 600 were killed in Zarand in February."
    base = 1000
    times = (Time("d", base + sentence.find("2003"), base + sentence.find("2003") + 4, "2003", "DATE", "2003"),
             Time("d", base + sentence.find("February"), base + sentence.find("February") + 8, "February", "DATE", "2005-02"))
    article = _Article((), "IRN", None, "2005", "2005-11", (), times)
    claims = [replace(_claim(v, "d", unit="people", predicate="killed", sentence=sentence, start=base + sentence.find(t)),
                      subject="people") for v, t in ((31000, "31,000"), (600, "600"))]
    assert [figure_key(c, {}, article).split("|")[-1] for c in claims] == ["2003", "2005-02"]


def test_a_toll_stored_without_a_place_joins_the_report_that_names_it(tmp_path):
    from dataclasses import replace

    from storyline.link import Changes
    from storyline.link.figures import refresh_figures
    from storyline.model import Document
    from storyline.store import Batch, Store

    def report(doc_id, key):
        document = Document(doc_id, "text", 4, 4, story="s1", published="1998-08-08", published_precision="day")
        claim = replace(_claim(247, doc_id, unit="people", predicate="killed"), measure=key)
        return document, claim

    with Store(tmp_path / "f.duckdb") as store:
        for doc_id, key in (("d2", "people|killed|place:embassy|~1998"), ("d1", "people|killed|in:KEN|~1998")):
            document, claim = report(doc_id, key)
            store.write(Batch(documents=[document], records=[claim]))
            refresh_figures(store, Changes(documents={doc_id}))  # one batch each: the first is stored before the second
        claims = store.records_where("claims", "doc_id", ["d1", "d2"])
        assert {c.measure for c in claims} == {"people|killed|story:s1|in:KEN|"}
        assert len({c.figure for c in claims}) == 1 and store.count("figures") == 1


def test_a_body_a_toll_is_about_does_not_make_the_dead_its_country_s_people():
    """"the bombing of the U.S. embassy ... rose to 75": the embassy is no count of Americans; "12 Kenyan police
    officers" are Kenya's."""
    from storyline.model import Actor

    actors = [Actor("USA-GOV", "United States (government)", "organization", "USA", "GOV"),
              Actor("KEN-COP", "Kenya (police)", "group", "KEN", "COP")]
    embassy = _claim(75, "d", unit="people", about=("USA-GOV",), predicate="killed")
    police = _claim(12, "e", unit="people", about=("KEN-COP",), predicate="killed")
    keys = {r.doc_id: r.measure for r in with_measures([*actors, embassy, police]) if isinstance(r, Claim)}
    assert not keys["d"].split("|")[2].startswith("of:") and keys["e"].split("|")[2] == "of:KEN"


def test_an_undated_report_joins_the_one_key_of_its_story_that_holds_its_values():
    """"seven life sentences" in an undated report and in a dated one are one count; a value no dated key
    holds, two keys that hold it, or a magnitude only near another quake's stay where they are."""
    from dataclasses import replace

    from storyline.link.figures import join_unknown_times

    def at(claim, key):
        return replace(claim, measure=key)

    undated, dated = "sentences|-|story:s|in:USA|-", "sentences|-|story:s|in:USA|"
    seven = at(_claim(7, "a", unit="sentences"), undated)
    moved = join_unknown_times([seven, at(_claim(7, "b", unit="sentences"), dated)])
    assert moved == {seven.id: dated}
    assert join_unknown_times([seven, at(_claim(9, "b", unit="sentences"), dated)]) == {}  # no value in common
    other = "sentences|-|story:s|in:USA|2005"
    assert join_unknown_times([seven, at(_claim(7, "b", unit="sentences"), dated),
                               at(_claim(7, "c", unit="sentences"), other)]) == {}  # two keys could take it
    quake = at(_claim(5.6, "a", unit="magnitude"), "magnitude|measured|story:s|in:IRN|-")
    assert join_unknown_times([quake, at(_claim(5.8, "b", unit="magnitude"), "magnitude|measured|story:s|in:IRN|")]) == {}


EMBASSY = [
    "date 1998-08-07\nBomb kills 75 at US embassy in Nairobi\n\nNAIROBI, Kenya (AP) - A car bomb exploded outside the "
    "U.S. Embassy in Nairobi on Friday, killing at least 75 people and injuring more than 1,000, the Kenyan Red Cross said.\n",
    "date 1998-08-08\nDeath toll in Nairobi embassy blast rises\n\nNAIROBI, Kenya (Reuters) - The death toll from Friday's "
    "bombing of the U.S. embassy in Nairobi rose to 75, officials said on Saturday.\n",
]


def test_the_owner_of_a_body_named_beside_a_toll_is_not_where_it_was(tmp_path):
    """"the bombing of the U.S. embassy in Nairobi rose to 75": the toll of Kenya, as the other report has it."""
    claims = [c for c in corpus_of(tmp_path, EMBASSY).records("claims") if c["predicate"] == "killed"]
    assert len(claims) == 2 and len({c["figure"] for c in claims}) == 1, [c["measure"] for c in claims]
