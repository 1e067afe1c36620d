"""The same per-article map on a Dask cluster: ``storyline add --cluster tcp://HOST:8786`` or ``local:N``.

The functions shipped are the ones the local process pool runs
(``runner.prepare_many``, ``analyse_many``, ``rederive_many``): importable,
pure, and caching the model and gazetteer once per worker process in
``storyline.runner`` (not in ``__main__``). Results come back as Arrow tables
(``runner.Analysed``); this process stays the single DuckDB writer.

Backpressure: at most ``2 × workers`` chunks are submitted and not yet
collected, so the client's memory is bounded by the batch, not the corpus.
A worker lost mid-run is Dask's to handle: its tasks are re-run elsewhere
(``distributed`` retries a task whose worker died, up to
``distributed.scheduler.allowed-failures`` times). A run stopped at any
point resumes without redoing stored articles, because inputs already stored
are skipped by their hash before anything is submitted.

Each worker should run one thread (``dask worker --nthreads 1``; ``local:N``
starts N single-threaded worker processes): spaCy holds the GIL while it
parses, so threads in one worker process only contend.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .errors import UsageError
from .runner import Runner, bounded
from .settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")


def parse_address(address: str) -> tuple[str, int | str]:
    """("local", N) for ``local:N``, ("remote", address) for a scheduler address."""
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--cluster {address!r}: write local:N with N a number of workers (1 or more)")
        return "local", int(count)
    if "://" not in address and ":" not in address:
        raise UsageError(f"--cluster {address!r}: give a scheduler address (tcp://HOST:8786) or local:N")
    return "remote", address


class DaskRunner(Runner):
    """``Runner`` whose chunks go to Dask workers instead of a local process pool."""

    def __init__(self, settings: Settings, address: str, client: Any = None):
        super().__init__(settings)
        from distributed import Client, LocalCluster

        self.cluster = None
        if client is not None:
            self.client = client
        else:
            kind, target = parse_address(address)
            if kind == "local":
                self.cluster = LocalCluster(n_workers=int(target), threads_per_worker=1, processes=True, host="127.0.0.1",
                                            dashboard_address=None, silence_logs=logging.WARNING)
                self.client = Client(self.cluster)
            else:
                try:
                    self.client = Client(str(target), timeout="20s")
                except OSError as exc:
                    raise UsageError(f"cannot reach the Dask scheduler at {target}: {exc}") from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.owned = client is None

    def close(self) -> None:
        if self.owned:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()

    def _map(self, function: Callable[[Sequence[T], Settings], R], items: Sequence[T], chunk: int) -> list[R]:
        if not items:
            return []
        chunks = [items[i:i + chunk] for i in range(0, len(items), chunk)]

        def submit(part: Sequence[T]) -> Any:
            return self.client.submit(function, part, self.settings, pure=False)

        return list(bounded(submit, chunks, 2 * max(1, self.workers_now())))

    def workers_now(self) -> int:
        return len(self.client.scheduler_info().get("workers", {})) or self.workers


def make_runner(settings: Settings) -> Runner:
    """The runner the settings ask for: Dask when ``cluster`` is set, else local processes."""
    if settings.cluster:
        return DaskRunner(settings, settings.cluster)
    return Runner(settings)
