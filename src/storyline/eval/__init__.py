"""Scorers for public benchmarks and our own gold sets: each task is a module with ``evaluate(path)``.

Every scorer reads its benchmark's own format and returns metric name → number (plus ``n``,
the items scored); ``storyline eval TASK PATH`` prints them. Gold sets with a development and a
held-out part (``SPLIT_TASKS``) take ``split``: dev or heldout, and for events a or b (odd or even
record ids).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import InputError, UsageError

TASKS = ("timex", "quantities", "claims", "attribution", "actors", "events", "clusters")
SPLIT_TASKS = ("claims", "attribution", "actors", "events")  # gold sets with a development and a held-out part


def evaluate_task(task: str, path: str | Path, split: str | None = None, context: str | None = None) -> dict[str, float]:
    """Run the scorer for ``task`` on the benchmark files at ``path`` (``split``: dev or heldout, a or b for events, where the task has them;
    ``context``: for events, sentence or article)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist")
    if task not in TASKS:
        raise UsageError(f"unknown evaluation task {task!r}; available: {', '.join(TASKS)}")
    if split is not None and task not in SPLIT_TASKS:
        raise UsageError(f"--split applies to {', '.join(SPLIT_TASKS)} only")
    if context is not None and task != "events":
        raise UsageError("--context applies to events only")
    try:
        module = importlib.import_module(f"{__name__}.{task}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{task}":
            raise
        raise UsageError(f"evaluation task {task!r} is not available in this build") from None
    if context is not None:
        return module.evaluate(path, split=split, context=context)
    return module.evaluate(path, split=split) if task in SPLIT_TASKS else module.evaluate(path)
