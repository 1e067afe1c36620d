"""Scorers for public benchmarks: each reads the benchmark's own format and returns metric name → number."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, UsageError

TASKS = ("timex", "quantities", "events", "clusters")


def evaluate_task(task: str, path: str | Path) -> dict[str, float]:
    """Run the scorer for ``task`` on the benchmark files at ``path``."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist")
    if task == "timex":
        from .timex import evaluate

        return evaluate(path)
    if task == "quantities":
        from .quantities import evaluate as evaluate_quantities

        return evaluate_quantities(path)
    if task == "events":
        from .events import evaluate as evaluate_events

        return evaluate_events(path)
    if task == "clusters":
        from .clusters import evaluate as evaluate_clusters

        return evaluate_clusters(path)
    raise UsageError(f"unknown or not yet available evaluation task {task!r}; available: {', '.join(TASKS)}")
