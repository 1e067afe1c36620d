from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
SHARED = ROOT.parent / "shared"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=str(tmp_path / "test.duckdb"))


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run the real CLI in-process against a temporary database."""
    from storyline.cli import app

    monkeypatch.setenv("STORYLINE_DB", str(tmp_path / "cli.duckdb"))
    monkeypatch.delenv("STORYLINE_CONFIG", raising=False)
    runner = CliRunner()

    def run(*args: str, input: bytes | str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run
