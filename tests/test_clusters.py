"""The cluster scorers on hand-made cases with values worked out by hand, and the ECB+ reader."""

from __future__ import annotations

import math

import pytest

from storyline.eval.clusters import bcubed, ceafe, coreference_scores, gold_mentions, muc, pairwise, subtopic, topic_folders, validated_sentences
from storyline.eval.sources import load

from .conftest import SHARED

# key {a b c} {d e}, response {a b} {c d e}
KEY = {"a": "K1", "b": "K1", "c": "K1", "d": "K2", "e": "K2"}
RESPONSE = {"a": "R1", "b": "R1", "c": "R2", "d": "R2", "e": "R2"}


def close(value: tuple[float, float, float], expected: tuple[float, float, float]) -> bool:
    return all(math.isclose(v, e, abs_tol=1e-9) for v, e in zip(value, expected))


def test_muc_counts_links():
    # K1 is cut in two (1 link kept of 2), K2 kept (1 of 1): recall 2/3; R2 is cut in two: precision 2/3
    assert close(muc(KEY, RESPONSE), (2 / 3, 2 / 3, 2 / 3))
    # Vilain et al.'s example: one key cluster {A B C D}, response {A B} {C D}: recall 2/3, precision 1
    assert close(muc({"A": "k", "B": "k", "C": "k", "D": "k"}, {"A": "1", "B": "1", "C": "2", "D": "2"}), (1.0, 2 / 3, 0.8))


def test_bcubed_averages_over_items():
    # precision: a 1, b 1, c 1/3, d 2/3, e 2/3; recall: a 2/3, b 2/3, c 1/3, d 1, e 1
    value = 11 / 15
    assert close(bcubed(KEY, RESPONSE), (value, value, value))


def test_ceafe_aligns_clusters_one_to_one():
    # phi4(K1, R1) = 4/5 and phi4(K2, R2) = 4/5 is the best alignment
    assert close(ceafe(KEY, RESPONSE), (0.8, 0.8, 0.8))
    # one response cluster for everything: only one key cluster can be aligned with it
    lumped = {k: "all" for k in KEY}
    p, r, _ = ceafe(KEY, lumped)
    assert math.isclose(r, (2 * 3 / 8) / 2) and math.isclose(p, 2 * 3 / 8)


def test_pairwise_f1():
    # gold pairs ab ac bc de, predicted ab cd ce de: two shared
    assert close(pairwise(KEY, RESPONSE), (0.5, 0.5, 0.5))


def test_perfect_and_missing_items():
    scores = coreference_scores(KEY, KEY)
    assert scores["event_conll_f1"] == pytest.approx(1.0)
    # an item the response leaves out is a singleton of its own
    p, r, _ = bcubed(KEY, {k: v for k, v in KEY.items() if k != "c"})
    assert p == pytest.approx(1.0) and r < 1.0
    assert muc({"x": "1", "y": "2"}, {"x": "1", "y": "1"})[1] == 0.0  # no key links to recover


def test_conll_is_the_mean_of_muc_b3_and_ceafe():
    scores = coreference_scores(KEY, RESPONSE, "x")
    assert scores["x_conll_f1"] == pytest.approx((2 / 3 + 11 / 15 + 0.8) / 3)


def test_subtopics_tell_ecb_from_ecbplus():
    assert subtopic("ecbplus/3/3_1ecb.xml") == "3/ecb"
    assert subtopic("ecbplus/3/3_1ecbplus.xml") == "3/ecbplus"


ECB = SHARED / "eval" / "ecbplus-train-dev"


@pytest.mark.skipif(not ECB.is_dir(), reason="shared ECB+ data absent")
def test_gold_mentions_point_at_their_words():
    folder = topic_folders(ECB)[0]
    file = sorted(folder.glob("*ecb.xml"))[0]
    ref = f"ecbplus/{folder.name}/{file.name}"
    source = load(ref)
    mentions = gold_mentions(ref, file.read_text(encoding="utf-8"), source, int(folder.name), validated_sentences(folder))
    assert mentions
    for mention in mentions:
        assert source.text[mention.start:mention.end].strip()
        start, end = source.sentences[mention.sentence]
        assert start <= mention.start and mention.end <= end
    shared = [m for m in mentions if not m.gold.startswith("ecbplus/")]
    assert shared, "cross-document instances carry their instance id"
