"""Killing `storyline add` at any moment (SIGKILL) and rerunning stores every article exactly once."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from storyline.synth import write_corpus

from .conftest import SEEDS


def _add(corpus, db, config):
    return subprocess.Popen(
        [sys.executable, "-m", "storyline", "add", str(corpus), "--db", str(db), "--config", str(config), "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _ids(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = [r[0] for r in con.execute("SELECT id FROM documents").fetchall()]
        originals = con.execute("SELECT count(*) FROM originals").fetchall()[0][0]
        return ids, originals
    finally:
        con.close()


def _written(db):
    """Bytes in the database and its write-ahead log: grows with every committed batch."""
    return sum(p.stat().st_size for p in (db, db.with_name(db.name + ".wal")) if p.exists())


@pytest.mark.slow
def test_sigkill_then_rerun_stores_every_article_once(tmp_path):
    corpus = write_corpus(SEEDS, tmp_path / "corpus", 400, seed=7)
    config = tmp_path / "storyline.toml"
    config.write_text("batch_size = 25\nrepeat_min_docs = 1000000\nanalyse = false\n")
    reference = tmp_path / "reference.duckdb"
    started = time.monotonic()
    done = _add(corpus, reference, config)
    assert done.wait(120) == 0, done.stderr.read()
    duration = time.monotonic() - started
    expected, _ = _ids(reference)

    db = tmp_path / "killed.duckdb"
    rng = random.Random(3)
    partial: list[int] = []
    for _ in range(12):  # until two kills have landed mid-run
        before = _written(db)
        process = _add(corpus, db, config)
        while process.poll() is None and _written(db) == before:  # a batch has been committed since the start
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 0.3) * duration)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(60)
            if db.exists():
                partial.append(len(_ids(db)[0]))
        process.wait(60)
        if sum(0 < n < len(expected) for n in partial) >= 2 or (partial and partial[-1] == len(expected)):
            break
    final = _add(corpus, db, config)
    out, err = final.communicate(timeout=120)
    assert final.returncode == 0, err
    assert any(0 < n < len(expected) for n in partial), partial  # some kills landed mid-run
    ids, originals = _ids(db)
    assert len(ids) == len(set(ids)) == len(expected) == originals
    assert set(ids) == set(expected)
    assert out.decode().startswith("added ")
