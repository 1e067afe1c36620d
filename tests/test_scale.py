"""The per-article map on Dask: the same record as one machine, and a lost worker costs nothing."""

from __future__ import annotations

import json
import os
import signal
import threading

import pytest

from storyline.corpus import Corpus
from storyline.scale import DaskRunner, parse_address
from storyline.errors import UsageError
from storyline.settings import Settings

from .conftest import SEEDS, SHARED
from .test_runner import _exports

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="needs ../shared/eval")]


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    from storyline.eval.sources import all_refs, articles

    path = tmp_path_factory.mktemp("scale") / "real.jsonl"
    refs = all_refs(SHARED / "eval")
    with path.open("w") as out:
        for article in articles(160, SHARED / "eval", step=len(refs) // 160 + 1):
            out.write(json.dumps(article) + "\n")
    return path


@pytest.fixture(scope="module")
def reference(tmp_path_factory, corpus_file):
    db = tmp_path_factory.mktemp("ref") / "one.duckdb"
    Corpus(settings=Settings(db=str(db), processes=1, batch_size=40)).add([str(SEEDS), str(corpus_file)])
    return _exports(db)


@pytest.fixture
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as local, Client(local) as client:
        yield local, client


def test_a_local_cluster_gives_the_same_record_as_one_process(tmp_path, corpus_file, reference, cluster):
    _, client = cluster
    settings = Settings(db=str(tmp_path / "dask.duckdb"), batch_size=40, cluster="local:2")
    runner = DaskRunner(settings, settings.cluster, client=client)
    Corpus(settings=settings).add([str(SEEDS), str(corpus_file)], runner=runner)
    got = _exports(tmp_path / "dask.duckdb")
    for kind, rows in reference.items():
        assert got[kind] == rows, kind


def test_a_worker_killed_mid_run_costs_no_article(tmp_path, corpus_file, reference, cluster):
    local, client = cluster
    settings = Settings(db=str(tmp_path / "lost.duckdb"), batch_size=40, cluster="local:2")
    runner = DaskRunner(settings, settings.cluster, client=client)
    killed: list[int] = []

    def kill_one() -> None:
        pids = [p for p in client.run(os.getpid).values()]
        os.kill(pids[0], signal.SIGKILL)
        killed.append(pids[0])

    timer: list[threading.Timer] = []

    def progress(articles: int, chars: int) -> None:
        if not timer:  # after the first batch, kill a worker while the next one is being analysed
            timer.append(threading.Timer(1.0, kill_one))
            timer[0].start()

    Corpus(settings=settings).add([str(SEEDS), str(corpus_file)], runner=runner, progress=progress)
    timer[0].join()
    assert killed
    got = _exports(tmp_path / "lost.duckdb")
    for kind, rows in reference.items():
        assert got[kind] == rows, kind


def test_cluster_addresses_are_checked():
    assert parse_address("local:3") == ("local", 3)
    assert parse_address("tcp://10.0.0.5:8786") == ("remote", "tcp://10.0.0.5:8786")
    for bad in ("local:0", "local:x", "nowhere"):
        with pytest.raises(UsageError):
            parse_address(bad)
