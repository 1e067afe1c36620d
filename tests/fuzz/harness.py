"""A registry of fuzz targets and a runner that shares a time budget between them.

A target is a property over values drawn by hypothesis strategies::

    @target("numbers", st.text())
    def numbers(text):
        parse_number(text)

Registering one is all it takes for ``make fuzz`` to run it. The runner gives every target
its share of the budget (``weight``), runs hypothesis in rounds sized from the measured time
per case until the share is spent, and reports the cases tried per target. A failure is
shrunk by hypothesis and printed with its falsifying example.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy


@dataclass
class Target:
    name: str
    strategies: tuple[SearchStrategy[Any], ...]
    check: Callable[..., None]
    weight: float = 1.0


TARGETS: list[Target] = []


def target(name: str, *strategies: SearchStrategy[Any], weight: float = 1.0) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def register(check: Callable[..., None]) -> Callable[..., None]:
        TARGETS.append(Target(name, strategies, check, weight))
        return check
    return register


@dataclass
class Outcome:
    name: str
    cases: int
    seconds: float
    failure: str | None = None


def check_once(item: Target, examples: int = 3) -> None:
    """Run ``item`` on a few examples (the normal test run does, so targets cannot rot)."""
    settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))(
        given(st.tuples(*item.strategies))(lambda args: item.check(*args)))()


def run_target(item: Target, seconds: float) -> Outcome:
    """Run ``item`` for about ``seconds``; the case count includes every example hypothesis tried."""
    cases = 0
    started = time.monotonic()
    end = started + seconds
    per_case = None

    def counted(args: tuple[Any, ...]) -> None:
        nonlocal cases
        cases += 1
        item.check(*args)

    while (left := end - time.monotonic()) > 0:
        batch = 20 if per_case is None else max(1, min(2000, int(left * 0.8 / per_case)))
        before, round_started = cases, time.monotonic()
        prop = settings(max_examples=batch, deadline=None, database=None, derandomize=False,
                        suppress_health_check=list(HealthCheck), print_blob=True)(given(st.tuples(*item.strategies))(counted))
        try:
            prop()
        except Exception:  # noqa: BLE001 - a failing property is the result
            return Outcome(item.name, cases, time.monotonic() - started, traceback.format_exc())
        done = max(1, cases - before)
        per_case = (time.monotonic() - round_started) / done
    return Outcome(item.name, cases, time.monotonic() - started)


def run_all(seconds: float, only: list[str] | None = None, report: Callable[[str], None] = print) -> list[Outcome]:
    chosen = [t for t in TARGETS if not only or t.name in only]
    total = sum(t.weight for t in chosen)
    outcomes = []
    for item in chosen:
        share = seconds * item.weight / total
        outcome = run_target(item, share)
        outcomes.append(outcome)
        status = "FAILED" if outcome.failure else "ok"
        report(f"{item.name:12} {outcome.cases:8} cases in {outcome.seconds:6.1f} s  {status}")
        if outcome.failure:
            report(outcome.failure)
    return outcomes
