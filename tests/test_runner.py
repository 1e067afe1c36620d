"""The per-article map: stages that fail, worker processes, the fingerprint, and reads that never write."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

import storyline
from storyline.annotate import stages, tree_digest
from storyline.corpus import Corpus
from storyline.runner import Runner
from storyline.settings import Settings

from .conftest import SEEDS, SHARED, seed


def test_a_stage_that_raises_is_a_stage_error_and_costs_nothing_else(tmp_path, monkeypatch):
    def broken(ctx):
        raise RuntimeError("claims broke")

    monkeypatch.setitem(stages.STAGES, "claims", replace(stages.STAGES["claims"], run=broken))
    corpus = Corpus(settings=Settings(db=str(tmp_path / "e.duckdb"), processes=1))
    assert corpus.add([str(seed("004"))]).added == 1
    errors = list(corpus.records("stage_errors"))
    assert [(e["stage"], e["error"]) for e in errors] == [("claims", "RuntimeError: claims broke")]
    assert list(corpus.records("mentions")) and list(corpus.records("times"))
    assert not list(corpus.records("claims"))


def test_a_stage_may_only_yield_what_it_assigns():
    from storyline.model import Time

    def sneaky(ctx):
        yield Time(ctx.meta.doc_id, 0, 1, "x", "DATE", "2024")

    stage = stages.Stage("sneaky", sneaky, (), ("claims",))
    ctx = stages.Context(None, stages.Meta("d"), None)  # type: ignore[arg-type]
    (error,) = list(stages.run_stages(ctx, [stage]))
    assert error.stage == "sneaky" and "does not assign" in error.error


def test_a_stage_requiring_what_no_earlier_stage_assigns_is_refused():
    with pytest.raises(ValueError, match="requires"):
        stages.stage("late", requires=("nonsense",), assigns=("claims",))(lambda ctx: ())


def test_the_fingerprint_follows_data_files(tmp_path):
    package = tmp_path / "storyline"
    shutil.copytree(Path(storyline.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = tree_digest(package)
    assert tree_digest(package) == before
    lexicon = package / "data" / "sectors.tsv"
    lexicon.write_text(lexicon.read_text() + "navy\tMIL\tgroup\n")
    assert tree_digest(package) != before


def _exports(db: Path) -> dict[str, list]:
    corpus = Corpus(settings=Settings(db=str(db)))
    kinds = ("documents", "mentions", "actors", "times", "quotes", "claims", "figures", "stage_errors", "rejects")
    return {kind: [{k: v for k, v in r.items() if k != "rejected_at"} for r in corpus.records(kind)] for kind in kinds}


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="needs ../shared/eval")
def test_one_process_and_two_give_the_same_record(tmp_path):
    from storyline.eval.sources import all_refs, articles

    corpus_file = tmp_path / "real.jsonl"
    refs = all_refs(SHARED / "eval")
    with corpus_file.open("w") as out:
        for article in articles(200, SHARED / "eval", step=len(refs) // 200):
            out.write(json.dumps(article) + "\n")
    results = {}
    for processes in (1, 2):
        db = tmp_path / f"p{processes}.duckdb"
        settings = Settings(db=str(db), processes=processes, batch_size=64)
        result = Corpus(settings=settings).add([str(SEEDS), str(corpus_file)])
        assert result.added >= 200
        results[processes] = _exports(db)
    for kind, rows in results[1].items():
        assert rows == results[2][kind], kind


def test_reads_on_a_missing_store_fail_and_create_nothing(cli, tmp_path):
    missing = tmp_path / "typo.duckdb"
    for command in (["export", "documents"], ["show"], ["ledger"]):
        result = cli(*command, "--db", str(missing))
        assert result.exit_code == 1
        assert "no Storyline store at" in result.stderr and str(missing) in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not missing.exists() and not list(tmp_path.glob("typo*"))


def test_a_read_while_another_process_writes_says_the_store_is_busy(tmp_path):
    db = tmp_path / "busy.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('open', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "storyline", "export", "documents", "--db", str(db)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            f"error: store {db} is busy being written by another process; try again when it has finished"]
        assert time.monotonic() - started < 30
    finally:
        holder.kill()


def test_export_to_a_missing_folder_is_one_clear_line(cli, tmp_path):
    cli("add", str(seed("000")))
    result = cli("export", "documents", "--out", str(tmp_path / "missing" / "x.jsonl"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: cannot write {tmp_path / 'missing' / 'x.jsonl'}: the folder {tmp_path / 'missing'} does not exist"


def _blas_threads(part, settings):
    return [os.environ.get("OPENBLAS_NUM_THREADS") for _ in part]


def test_workers_run_their_blas_on_one_thread_and_the_environment_is_put_back(monkeypatch):
    """Two workers on two cores each with a BLAS thread per core oversubscribe the machine; the workers get
    one thread each, and the parent's environment is as it was once the runner is closed."""
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    with Runner(Settings(processes=2)) as runner:
        seen = runner._map(_blas_threads, list(range(8)), chunk=2)
    assert [v for part in seen for v in part] == ["1"] * 8
    assert "OPENBLAS_NUM_THREADS" not in os.environ
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")  # the user's own choice is kept
    with Runner(Settings(processes=2)) as runner:
        seen = runner._map(_blas_threads, list(range(4)), chunk=2)
    assert [v for part in seen for v in part] == ["3"] * 4
