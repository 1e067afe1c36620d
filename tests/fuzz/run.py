"""``make fuzz``: every target for a share of the time budget; prints the cases tried per target.

    python -m tests.fuzz.run [--seconds 600] [TARGET ...]

Exit status 1 when any property fails (the falsifying example is printed).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

from . import targets  # noqa: F401 - registers the targets
from .harness import TARGETS, run_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="total time budget [600]")
    parser.add_argument("targets", nargs="*", help=f"only these: {', '.join(t.name for t in TARGETS)}")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)  # trafilatura and the pipeline log every broken input
    started = time.monotonic()
    outcomes = run_all(args.seconds, args.targets or None)
    total = sum(o.cases for o in outcomes)
    print(f"{'total':12} {total:8} cases in {time.monotonic() - started:6.1f} s")
    return 1 if any(o.failure for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
