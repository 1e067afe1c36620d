"""The command line as a user meets it: summaries, exit codes, one-line errors, export formats."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pyarrow.parquet as pq

from .conftest import SEEDS, seed


def test_add_twice_prints_the_contract_summary(cli):
    first = cli("add", str(SEEDS))
    assert first.exit_code == 0 and first.stdout.strip() == "added 5, unchanged 0, rejected 0"
    again = cli("add", str(SEEDS))
    assert again.exit_code == 0 and again.stdout.strip() == "added 0, unchanged 5, rejected 0"


def test_rejects_are_not_failures_but_nothing_processed_is(cli, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    mixed = cli("add", str(tmp_path / "empty.txt"), str(seed("000")))
    assert mixed.exit_code == 0
    assert mixed.stdout.strip() == "added 1, unchanged 0, rejected 1 (empty: 1)"
    nothing = cli("add", str(tmp_path / "empty.txt"))
    assert nothing.exit_code == 1


def test_usage_errors_exit_2_with_one_line(cli, tmp_path):
    assert cli("add").exit_code == 2
    cli("add", str(seed("000")))
    result = cli("export", "widgets")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "unknown record kind 'widgets'" in result.stderr
    bad_format = cli("export", "documents", "--format", "xml")
    assert bad_format.exit_code == 2 and "unknown format" in bad_format.stderr


def test_malformed_config_is_one_clear_line(cli, tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("batch_size = 'many'\n")
    result = cli("add", str(seed("000")), "--config", str(config))
    assert result.exit_code == 2
    assert "batch_size" in result.stderr and "Traceback" not in result.stderr


def test_export_documents_in_every_format(cli, tmp_path):
    cli("add", str(SEEDS))
    lines = cli("export", "documents").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 5
    fields = {"id", "path", "url", "source", "title", "published", "published_precision", "published_basis",
              "language", "text", "raw_chars", "clean_chars", "duplicate_of", "origin", "story"}
    assert all(fields <= set(r) for r in records)
    out = tmp_path / "docs.csv"
    assert cli("export", "documents", "--format", "csv", "--out", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert {r["id"] for r in rows} == {r["id"] for r in records}
    parquet = tmp_path / "docs.parquet"
    cli("export", "documents", "--format", "parquet", "--out", str(parquet))
    assert pq.read_table(parquet).num_rows == 5


def test_export_rejects(cli, tmp_path):
    (tmp_path / "x.bin").write_bytes(b"\x00\x01\x02" * 100)
    cli("add", str(tmp_path / "x.bin"), str(seed("000")))
    rejects = [json.loads(line) for line in cli("export", "rejects").stdout.splitlines()]
    assert rejects == [{"input": str(tmp_path / "x.bin"), "reason": "binary", "detail": "looks like binary data (NUL bytes), not text",
                        "stage": "read"}]


def test_stdin_dash(cli):
    result = cli("add", "-", input=seed("003").read_bytes())
    assert result.stdout.strip() == "added 1, unchanged 0, rejected 0"


def test_show_lists_each_document(cli):
    cli("add", str(SEEDS))
    shown = cli("show").stdout
    assert "The Kyiv Independent" in shown and "2024-11-05" in shown and "header" in shown


def test_installed_entry_point_runs(tmp_path):
    db = tmp_path / "e.duckdb"
    done = subprocess.run([sys.executable, "-m", "storyline", "add", str(seed("004")), "--db", str(db)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "added 1, unchanged 0, rejected 0"
