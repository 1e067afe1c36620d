"""Shared text primitives: month and weekday names, number words, clock times, and who uses them."""

from __future__ import annotations

import ast
import re

import pytest

from storyline.text import CLOCK, MONTH, NUM, WEEKDAY_ABBR, month_number, number_value, parse_clock, weekday_number

from .conftest import ROOT


@pytest.mark.parametrize("name,number", [("Sept.", 9), ("sep", 9), ("March", 3), ("may", 5), ("Dec", 12), ("JUL", 7)])
def test_month_names_and_abbreviations(name, number):
    assert month_number(name) == number
    assert re.fullmatch(MONTH, name, re.I)


def test_a_full_month_name_does_not_swallow_the_full_stop():
    assert re.match(MONTH, "March.", re.I).group() == "March"
    assert re.match(MONTH, "Mar.", re.I).group() == "Mar."


def test_unknown_month_is_an_error():
    with pytest.raises(KeyError):
        month_number("Novemer")


@pytest.mark.parametrize("name,number", [("Tue", 1), ("Thurs.", 3), ("SUNDAY", 6), ("mon", 0)])
def test_weekdays_and_their_abbreviations(name, number):
    assert weekday_number(name) == number
    assert re.fullmatch(WEEKDAY_ABBR, name, re.I)


@pytest.mark.parametrize("text,value", [("twenty-four", 24), ("twenty four", 24), ("a couple of", 2), ("2.5", 2.5),
                                        ("several", "X"), ("a dozen", 12), ("eleven", 11)])
def test_number_words(text, value):
    assert number_value(text) == value
    assert re.fullmatch(NUM, text, re.I)


@pytest.mark.parametrize("text,hour,minute", [("10:57 pm", 22, 57), ("6.30 p.m.", 18, 30), ("3 a.m.", 3, 0), ("12 am", 0, 0),
                                              ("14:58 hrs", 14, 58), ("05:08:35", 5, 8), ("12:52 p. m.", 12, 52)])
def test_clock_times(text, hour, minute):
    assert re.fullmatch(CLOCK, text, re.I), text
    clock = parse_clock(text)
    assert clock is not None and (clock.hour, clock.minute) == (hour, minute)


@pytest.mark.parametrize("text", ["3", "13 pm", "25:00", "10:75"])
def test_what_is_not_a_clock_time(text):
    assert parse_clock(text) is None


def test_a_dotted_number_alone_is_a_decimal_not_a_time():
    assert not re.fullmatch(CLOCK, "6.30", re.I) and re.fullmatch(CLOCK, "6.30 pm", re.I)


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield ("." * node.level) + (node.module or "")
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_the_time_tagger_does_not_import_ingest_and_both_use_the_shared_primitives():
    package = ROOT / "src" / "storyline"
    temporal = [m for p in (package / "temporal").glob("*.py") for m in _imports(p)]
    assert not [m for m in temporal if "ingest" in m]
    assert "..text" in temporal
    assert "..text" in set(_imports(package / "ingest" / "dates.py"))
    assert not [m for p in (package / "text").glob("*.py") for m in _imports(p) if m.startswith("..") and m != "..lexicon"]


def test_every_data_file_reads_the_same_through_libyaml_as_through_pyyaml():
    """The lexicons and curated actors are read with libyaml's safe loader for speed; it must read
    each file exactly as PyYAML's own safe loader does."""
    from importlib import resources

    import yaml

    from storyline.lexicon import load_yaml

    data = resources.files("storyline.data")
    files = [f for f in [*data.joinpath("lexicons").iterdir(), data.joinpath("actors.yaml")] if f.name.endswith(".yaml")]
    assert len(files) > 20
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), file.name
