"""Every fuzz target runs on a few examples in the normal test run; ``make fuzz`` runs them for long."""

from __future__ import annotations

import pytest

from .fuzz import targets  # noqa: F401 - registers the targets
from .fuzz.harness import TARGETS, check_once


def test_the_fuzz_targets_cover_readers_cleaner_numbers_and_store():
    assert {"readers", "csv_rows", "jsonl_rows", "parquet", "cleaner", "numbers", "store"} <= {t.name for t in TARGETS}


@pytest.mark.parametrize("item", TARGETS, ids=lambda t: t.name)
def test_each_fuzz_target_holds_on_a_few_examples(item):
    check_once(item)
