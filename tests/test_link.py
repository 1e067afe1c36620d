"""Across articles: near-duplicates and origins, stories, event coreference, n_reports and n_origins."""

from __future__ import annotations

import dataclasses
import hashlib
import random

import pytest

from storyline.corpus import Corpus
from storyline.link import Changes, run_linkers
from storyline.link.events import Coreference, Mention, compatible, sets_compatible, units
from storyline.link.stories import cluster
from storyline.model import Actor, Document, Event
from storyline.settings import Settings
from storyline.store import Batch, Store

from .conftest import seed

WORDS = ("the minister said officials would meet again after the talks in the capital where protesters gathered "
         "near the parliament building while police blocked roads and closed shops across the city centre").split()


def prose(rng: random.Random, n: int = 120) -> str:
    return " ".join(rng.choice(WORDS) + ("." if rng.random() < 0.08 else "") for _ in range(n))


def doc(text: str, published: str | None = None, title: str | None = None) -> Document:
    return Document(hashlib.sha256(text.encode()).hexdigest()[:16], text, len(text), len(text), title=title,
                    published=published, published_precision="day" if published else None)


def add(store: Store, *documents: Document) -> None:
    store.write(Batch(documents=documents))
    run_linkers(store, Changes(documents={d.id for d in documents}))


def stored(store: Store, document: Document) -> Document:
    return store.records_where("documents", "id", [document.id])[0]


WIRE = ("Rescue teams searched through collapsed buildings on Tuesday after a strong earthquake struck the mountain "
        "region overnight, killing at least 40 people and injuring hundreds, the interior ministry said. "
        "The quake, with a magnitude of 6.4, was felt in towns more than 200 kilometres away, and aftershocks "
        "continued through the morning. Hospitals in the provincial capital appealed for blood donors as "
        "ambulances brought in the injured from villages cut off by landslides. The government declared three "
        "days of mourning and sent army units to help clear the roads.")


# -- near-duplicates and origins -------------------------------------------------------------


def test_a_light_rewrite_is_a_near_duplicate_of_the_first_copy(tmp_path):
    rewrite = WIRE.replace("on Tuesday", "on Tuesday morning").replace("sent army units", "dispatched army units")
    reprint = rewrite + " (Reuters)"
    with Store(tmp_path / "d.duckdb") as store:
        first, second, third = doc(WIRE), doc(rewrite), doc(reprint)
        add(store, first)
        add(store, second, third)
        assert stored(store, first).duplicate_of is None
        assert stored(store, second).duplicate_of == first.id
        assert stored(store, third).duplicate_of == first.id  # chains point at the first copy
        assert {stored(store, d).origin for d in (first, second, third)} == {first.id}


def test_a_wire_story_inside_a_longer_page_shares_its_origin_but_is_no_duplicate(tmp_path):
    rng = random.Random(3)
    page = prose(rng, 200) + " " + WIRE + " " + prose(rng, 200)
    with Store(tmp_path / "d.duckdb") as store:
        add(store, doc(WIRE))
        add(store, doc(page))
        longer = stored(store, doc(page))
        assert longer.duplicate_of is None
        assert longer.origin == doc(WIRE).id


def test_one_quoted_statement_is_a_shared_passage_not_one_origin(tmp_path):
    quote = ("“The direct support for this war of aggression would mark a dangerous expansion of the conflict, "
             "with serious consequences for peace and security in the region,” the ministers said.")
    rng = random.Random(5)
    a, b = doc(prose(rng) + " " + quote + " " + prose(rng)), doc(prose(rng) + " Their statement read: " + quote)
    with Store(tmp_path / "d.duckdb") as store:
        add(store, a, b)
        assert stored(store, b).origin == b.id and stored(store, a).origin == a.id
        shared = {f.key for f in store.records_where("fingerprints", "doc_id", [a.id]) if f.kind == "passage"} & \
                 {f.key for f in store.records_where("fingerprints", "doc_id", [b.id]) if f.kind == "passage"}
        assert shared, "the quoted statement is found in both"
        for f in store.records_where("fingerprints", "key", shared):
            assert f.start is not None and f.end is not None
            text = (a if f.doc_id == a.id else b).text
            assert text[f.start:f.end] in quote


def test_unrelated_articles_and_other_scripts_keep_their_own_origin(tmp_path):
    rng = random.Random(11)
    texts = [prose(rng) for _ in range(5)] + ["東京で大きな地震があり、多くの建物が倒壊しました。救助隊は夜を徹して捜索を続けています。"
                                              "気象庁によると、震源の深さは約十キロで、余震への警戒が呼びかけられています。"
                                              "政府は対策本部を設置し、被災地に自衛隊を派遣すると発表しました。"
                                              "鉄道各社は運転を見合わせ、空港では欠航が相次いでいます。"]
    with Store(tmp_path / "d.duckdb") as store:
        documents = [doc(t) for t in texts]
        add(store, *documents)
        for d in documents:
            assert stored(store, d).duplicate_of is None and stored(store, d).origin == d.id
        japanese = documents[-1]
        add(store, doc(japanese.text.replace("多くの", "たくさんの")))
        assert stored(store, doc(japanese.text.replace("多くの", "たくさんの"))).duplicate_of == japanese.id


# -- stories -----------------------------------------------------------------------------------


QUAKE = ("A strong earthquake struck the {place} region on {day}, toppling houses and killing {n} people, officials said. "
         "Rescuers dug through rubble in {place} as aftershocks shook the area and families slept outside. "
         "The quake's epicentre was near {place}, the seismology institute said.")


def test_two_earthquakes_in_one_country_are_two_stories(tmp_path):
    first = [doc(QUAKE.format(place="Van", day="Sunday", n=n) + f" Report {n}.", f"2023-02-0{n}") for n in (6, 7, 8)]
    later = [doc(QUAKE.format(place="Van", day="Monday", n=n) + f" Update {n}.", f"2023-11-1{n}") for n in (1, 2)]
    elsewhere = [doc(QUAKE.format(place="Malatya", day="Sunday", n=n) + f" Note {n}.", f"2023-04-0{n}") for n in (6, 7)]
    with Store(tmp_path / "s.duckdb") as store:
        for d in first + later:
            add(store, d)
        stories = {d.id: stored(store, d).story for d in first + later}
        assert len({stories[d.id] for d in first}) == 1 and len({stories[d.id] for d in later}) == 1
        assert stories[first[0].id] != stories[later[0].id], "months apart: another earthquake"
        assert stories[first[0].id] == first[0].id  # a story is named after its first document
        record = store.records_where("stories", "id", [first[0].id])[0]
        assert record.documents == tuple(d.id for d in first)
        assert (record.first_published, record.last_published) == ("2023-02-06", "2023-02-08")
        assert "van" in record.terms and record.label
    # the same words two months later: one story by words alone; another place makes it another earthquake
    places = {"van": "loc:van", "malatya": "loc:malatya"}
    ordered = sorted(first + elsewhere, key=lambda d: (d.published, d.id))
    assert len(set(cluster(ordered, {}, set()).values())) == 1
    assigned = cluster(ordered, {d.id: _place_mentions(d, places) for d in ordered}, set(places.values()))
    assert len({assigned[d.id] for d in first}) == 1
    assert assigned[elsewhere[0].id] != assigned[first[0].id]


def _place_mentions(document: Document, places: dict[str, str]) -> list:
    from storyline.model import Mention as ActorMention

    out = []
    for name, actor in places.items():
        at = document.text.lower().find(name)
        while at != -1:
            out.append(ActorMention(document.id, at, at + len(name), document.text[at:at + len(name)], actor, "GAZ"))
            at = document.text.lower().find(name, at + 1)
    return out


def test_stories_are_stable_as_articles_are_added_and_deterministic(tmp_path):
    rng = random.Random(7)
    topics = [QUAKE.format(place="Van", day="Sunday", n=5), WIRE,
              "Voters queued outside polling stations as the election for a new parliament opened, and turnout by noon "
              "was higher than at the last vote, the electoral commission said, while candidates urged supporters to "
              "cast ballots before the count begins tonight."]
    documents = [doc(topics[i % 3] + " " + prose(rng, 30), f"2023-0{1 + i % 3}-0{1 + i // 3}") for i in range(9)]
    runs = []
    for name in ("a", "b"):
        with Store(tmp_path / f"{name}.duckdb") as store:
            add(store, *documents[:6])
            before = {d.id: stored(store, d).story for d in documents[:6]}
            add(store, *documents[6:])
            after = {d.id: stored(store, d).story for d in documents}
            assert all(after[d] == before[d] for d in before), "adding articles never moves stored ones"
            runs.append(after)
    assert runs[0] == runs[1]
    assert len(set(runs[0].values())) == 3


# -- event coreference ------------------------------------------------------------------------


G7 = Actor("IGO-G7", "Group of Seven", "organization", "IGO",
           members=("USA", "JPN", "DEU", "FRA", "GBR", "ITA", "CAN"))
STATE = Actor("USA-GOV-STATE", "US State Department", "organization", "USA", "GOV")


def test_actor_units():
    actors = {a.id: a for a in (G7, STATE)}
    assert units("IGO-G7", actors) == set(G7.members)
    assert units("USA-GOV-STATE+JPN", actors) == {"USA", "JPN"}
    g7_and_allies = units("USA+JPN+DEU+FRA+GBR+ITA+CAN+KOR+AUS+NZL", actors)
    assert sets_compatible(units("IGO-G7", actors), g7_and_allies)
    assert not sets_compatible(units("USA+JPN+KOR", actors), units("IGO-G7", actors))
    assert not sets_compatible(frozenset({"KOR", "EUR"}), units("IGO-G7", actors))
    assert sets_compatible(frozenset(), frozenset({"USA"}))


def _mention(i: str, **kw) -> Mention:
    base = dict(doc_id=f"d{i}", block="story", family="ACCUSE", lemma="condemn")
    return Mention(i, **(base | kw))


def test_dates_at_their_precision_and_negation():
    from storyline.link.stories import date_range

    nov5, nov = date_range("2024-11-05"), date_range("2024-11")
    assert compatible(_mention("a", start=nov5[0], end=nov5[1]), _mention("b", start=nov[0], end=nov[1]))
    dec = date_range("2024-12")
    assert not compatible(_mention("a", start=nov5[0], end=nov5[1]), _mention("b", start=dec[0], end=dec[1]))
    assert not compatible(_mention("a"), _mention("b", negated=True))
    assert not compatible(_mention("a"), _mention("b", family="SANCTION"))


def test_complete_link_keeps_a_chain_of_near_misses_apart():
    coreference = Coreference()
    days = [(n, n) for n in (100, 101, 102)]
    a = coreference.add(_mention("a", start=days[0][0] - 1, end=days[0][1]))
    b = coreference.add(_mention("b", start=days[1][0] - 1, end=days[1][1]))
    c = coreference.add(_mention("c", start=days[2][0] - 1, end=days[2][1]))
    assert a == b == "a"  # they overlap on day 100
    assert c != a  # c overlaps b but not a


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Corpus:
    corpus = Corpus(settings=Settings(db=str(tmp_path_factory.mktemp("link") / "seeds.duckdb"), processes=1))
    corpus.add([str(seed(p)) for p in ("000", "001", "002", "003", "004")])
    return corpus


def _by_file(store: Store) -> dict[str, Document]:
    return {d.path.rsplit("/", 1)[-1][:3]: d for d in store.records_where("documents", "id", store.distinct("documents", "id"))}


def _condemnation(store: Store, document: Document) -> Event:
    events = [e for e in store.records_where("events", "doc_id", [document.id]) if e.type == "ACCUSE"]
    return min(events, key=lambda e: e.start)


def test_the_four_condemnations_are_four_events(seeds):
    with Store(seeds.db) as store:
        docs = _by_file(store)
        clusters = {name: _condemnation(store, docs[name]).cluster for name in ("000", "001", "003", "004")}
        assert None not in clusters.values()
        assert len(set(clusters.values())) == 4, clusters


def test_the_g7_statement_reported_twice_is_one_event_with_two_reports(seeds, tmp_path):
    """002 reports the statement 004 reports ("The ministers said they condemned ..."): as the coder reads
    such a sentence (the G7 foreign ministers ACCUSE North Korea, dated by 002's publication), it joins
    004's event, and the cluster counts two reports from two origins; 001's December statement stays apart."""
    with Store(seeds.db) as store:
        docs = _by_file(store)
        g7 = _condemnation(store, docs["004"])
        text = docs["002"].text
        start = text.index("The ministers said they condemned")
        sentence = text[start:text.index("\n", start)]
        reported = dataclasses.replace(g7, id="002-g7-statement", doc_id=docs["002"].id, start=start,
                                       end=start + len(sentence), sentence=sentence, date="2024-11-06",
                                       date_precision="day", date_basis="published", cluster=None)
        store.write(Batch(records=[reported]))
        run_linkers(store, Changes(documents={docs["002"].id}))
        joined = store.records_where("events", "id", ["002-g7-statement"])[0]
        assert joined.cluster == g7.cluster
        record = store.records_where("event_clusters", "id", [g7.cluster])[0]
        assert record.n_reports == 2 and record.n_origins == 2
        assert set(record.documents) == {docs["002"].id, docs["004"].id}
        assert _condemnation(store, docs["001"]).cluster != g7.cluster


def test_figure_values_count_reports_and_origins(seeds, tmp_path):
    """Zelensky's 11,000 is reported by 001 and 004 (two origins); a reprint of 004 adds a report, not an origin."""
    def value(store: Store):
        figures = store.records_where("figures", "unit", ["troops"])
        return next(v for f in figures for v in f.values if v.low == 11000 and v.claimed_by == "person:volodymyr-zelensky")

    with Store(seeds.db) as store:
        before = value(store)
    assert (before.n_reports, before.n_origins) == (2, 2)
    reprint = tmp_path / "reprint.txt"
    reprint.write_text(seed("004").read_text(encoding="utf-8").replace("Skip to content", "Skip to main content")
                       .replace("Besides the G7 members", "Besides the members of the G7"), encoding="utf-8")
    seeds.add([str(reprint)])
    with Store(seeds.db) as store:
        after = value(store)
        copies = [d for d in store.records_where("documents", "path", [str(reprint)])]
        assert copies and copies[0].duplicate_of == _by_file(store)["004"].id
    assert (after.n_reports, after.n_origins) == (3, 2)


def test_story_labels_hold_no_stop_words_nor_repeated_names(seeds):
    from storyline.link.duplicates import words
    from storyline.link.stories import stopwords

    stop = stopwords("en")
    with Store(seeds.db) as store:
        stories = store.records_where("stories", "id", store.distinct("stories", "id"))
    assert stories
    for story in stories:
        parts = story.label.split(", ")
        assert not [p for p in parts if p.casefold() in stop], story.label
        assert len({p.casefold() for p in parts}) == len(parts), story.label
        for i, part in enumerate(parts):
            others = {w for j, other in enumerate(parts) if j != i for w, _, _ in words(other)}
            assert not (" " not in part and part.casefold() in others), f"{part!r} repeats a name: {story.label}"


def test_stop_words_never_become_features_and_labels_skip_words_a_name_holds():
    from storyline.link.stories import counts, label

    english = dataclasses.replace(doc("The troops and the ministers of Russia said that they would stay."), language="en")
    found = counts(english, [], set())
    assert "troops" in found and "russia" in found
    assert not {"the", "and", "that", "they", "would", "of"} & set(found)
    assert label(["RUS"], ["russia", "troops", "the"], {"RUS": ("Russia", "Russian Federation")}, n=3) == "Russia, troops, the"
    assert label(["USA"], ["usa", "talks"], {"USA": ("United States", "USA")}) == "United States, talks"


def test_two_compact_groups_on_one_subject_stay_apart_where_average_link_would_join():
    from storyline.link.ward import Criteria, Group, agglomerate

    def vector(*pairs: tuple[str, float]) -> dict[str, float]:
        norm = sum(w * w for _, w in pairs) ** 0.5
        return {f: w / norm for f, w in pairs}

    # one boxer, two title fights: each fight's reports share the opponent; both share the champion
    first = [vector(("champion", 0.6), ("title", 0.5), ("rahman", 1.0), (f"a{i}", 0.8)) for i in range(4)]
    second = [vector(("champion", 0.6), ("title", 0.5), ("thompson", 1.0), (f"b{i}", 0.8)) for i in range(4)]
    groups = [Group.of(f"d{i}", v, i) for i, v in enumerate(first + second)]
    everyone = {g.key: {h.key for h in groups} for g in groups}
    loose = agglomerate([Group.of(g.key, g.vector, g.rank) for g in groups], everyone, Criteria(99.0, 0.15, 45.0))
    assert len(set(loose.values())) == 1, "average link alone joins them"
    ward = agglomerate([Group.of(g.key, g.vector, g.rank) for g in groups], everyone, Criteria(1.9, 0.15, 45.0))
    assert len(set(ward.values())) == 2, "Ward's cost keeps them apart"
    roots = agglomerate(groups, everyone, Criteria(1.9, 0.15, 45.0, relative=0.5))
    assert len({roots[f"d{i}"] for i in range(4)}) == 1 and len({roots[f"d{i}"] for i in range(4, 8)}) == 1
    assert roots["d0"] != roots["d4"] and roots["d0"] == "d0" and roots["d4"] == "d4"  # named by their first member
    shuffled = [Group.of(g.key, g.vector, g.rank) for g in reversed(groups)]
    assert agglomerate(shuffled, everyone, Criteria(1.9, 0.15, 45.0, relative=0.5)) == roots


def test_stored_stories_never_merge_with_each_other():
    from storyline.link.ward import Criteria, Group, agglomerate

    same = {"quake": 1.0}
    a, b = Group("a", dict(same), 1, 1.0, fixed=True, rank=0), Group("b", dict(same), 1, 1.0, fixed=True, rank=1)
    new = Group.of("n", same, 2)
    roots = agglomerate([a, b, new], {"n": {"a", "b"}, "a": {"b"}}, Criteria(1.9, 0.15, 45.0))
    assert roots["a"] == "a" and roots["b"] == "b" and roots["n"] == "a"


def test_trigger_words_inflections_compounds_and_families():
    from storyline.link.events import same_family, same_word

    assert same_word("die", "dies") and same_word("quake", "earthquake") and same_word("check", "checks")
    assert not same_word("play", "playoff")  # English compounds end in their head
    assert same_family("kill", "murder") and same_family("slaying", "killed") and same_family("victory", "win")
    assert not same_family("kill", "arrest")


def test_two_reports_of_statements_are_one_only_when_their_content_is():
    from storyline.link.events import JOIN, score

    said = _mention("a", lemma="say", words=frozenset({"ministers", "expansion", "conflict", "dangerous"}))
    other = _mention("b", lemma="say", words=frozenset({"coach", "season", "knee", "injury"}))
    same = _mention("c", lemma="say", words=frozenset({"ministers", "expansion", "conflict", "serious"}))
    assert score(said, other) < JOIN <= score(said, same)
    killed = _mention("d", lemma="kill", words=other.words)
    assert score(killed, _mention("e", lemma="murder", words=said.words)) >= JOIN


def test_one_batch_clusters_alike_in_any_order():
    rng = random.Random(9)
    texts = [QUAKE.format(place="Van", day="Sunday", n=5), WIRE,
             "Voters queued outside polling stations as the election for a new parliament opened, and turnout "
             "by noon was higher than at the last vote, the electoral commission said."]
    documents = [dataclasses.replace(doc(texts[i % 3] + " " + prose(rng, 30), f"2023-0{1 + i % 3}-0{1 + i // 3}"),
                                     language="en") for i in range(9)]
    first = cluster(documents, {}, set())
    for seed_ in (1, 2):
        shuffled = documents[:]
        random.Random(seed_).shuffle(shuffled)
        assert cluster(shuffled, {}, set()) == first
    assert len(set(first.values())) == 3
    in_batches = cluster(documents, {}, set(), batch=3)
    assert len(set(in_batches.values())) == 3


def test_linkers_run_in_declared_order_whatever_was_imported_first():
    import importlib

    import storyline.link as link

    importlib.import_module("storyline.link.figures")  # as the annotator does, for its measure keys
    link._declared()
    ran = [x.name for x in sorted(link.LINKERS.values(), key=lambda x: x.rank)]
    assert ran.index("stories") < ran.index("figures") < ran.index("timeline")
    assert ran.index("duplicates") < ran.index("actors") < ran.index("stories") < ran.index("events")
