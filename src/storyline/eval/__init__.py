"""Scorers for public benchmarks: each reads the benchmark's own format and returns metric name → number."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, UsageError

TASKS = ("timex", "quantities", "claims", "attribution")
SPLIT_TASKS = ("claims", "attribution")  # gold sets with a development and a held-out part


def evaluate_task(task: str, path: str | Path, split: str | None = None) -> dict[str, float]:
    """Run the scorer for ``task`` on the benchmark files at ``path`` (``split``: dev or heldout, where the task has them)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist")
    if split is not None and task not in SPLIT_TASKS:
        raise UsageError(f"--split applies to {', '.join(SPLIT_TASKS)} only")
    if task == "claims":
        from .claims import evaluate as evaluate_claims

        return evaluate_claims(path, split)
    if task == "attribution":
        from .attribution import evaluate as evaluate_attribution

        return evaluate_attribution(path, split)
    if task == "timex":
        from .timex import evaluate

        return evaluate(path)
    if task == "quantities":
        from .quantities import evaluate as evaluate_quantities

        return evaluate_quantities(path)
    raise UsageError(f"unknown or not yet available evaluation task {task!r}; available: {', '.join(TASKS)}")
