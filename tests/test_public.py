"""The public surface: pinned exports, documented commands and settings."""

from __future__ import annotations

import re

import storyline
from storyline.cli import app
from storyline.settings import SETTINGS, Settings

from .conftest import ROOT


def test_exported_members_are_pinned():
    assert storyline.__all__ == [
        "AddResult", "ConfigError", "Corpus", "Document", "InputError", "Reject", "SETTINGS", "Settings",
        "StoreError", "StorylineError", "UsageError", "load_settings", "open_corpus",
    ]
    for name in storyline.__all__:
        assert hasattr(storyline, name)


def test_every_cli_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert commands
    for command in commands:
        assert re.search(rf"storyline {command}\b", readme), command


def test_settings_table_matches_the_settings_object():
    assert [s.name for s in SETTINGS] == list(Settings.__dataclass_fields__)
    assert all(s.help for s in SETTINGS)


def test_make_help_lists_demo_test_and_bench():
    import subprocess

    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True).stdout
    for target in ("demo", "test", "bench"):
        assert f"make {target}" in out


def test_py_typed_ships():
    assert (ROOT / "src" / "storyline" / "py.typed").exists()


def test_mypy_is_clean():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "mypy", "src/storyline"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def test_every_test_the_guarantees_name_exists():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Guarantees", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", section)
    named += [(path, name) for path, names in re.findall(r"`(tests/[\w/]+\.py)::\w+`((?:, `::\w+`)+)", section)
              for name in re.findall(r"::(\w+)", names)]
    assert len(named) >= 10
    for path, name in named:
        source = (ROOT / path).read_text()
        assert not name or f"def {name}(" in source, f"{path}::{name}"
