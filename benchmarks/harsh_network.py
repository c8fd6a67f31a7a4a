"""Issue 9's harsh-network scenario, repeated: does ``up``/refresh/``destroy`` converge every time?

Each run starts from an empty emulator and a fresh stack, then drives 30 domains (10 Scaleway
+ 20 FullHelp) through 20% 5xx + 5% resets + 10% lost responses + 15 req/s with the real
Pulumi engine (see ``tests/engine/harsh_network.py``), and prints the run's result and times::

    python benchmarks/harsh_network.py [--runs 10]

It is not part of the test suite (the suite runs the scenario once); exit status 1 when any
run did not converge.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

from engine.harsh_network import Outcome, program, run_harsh  # noqa: E402
from support.emulator import running_emulator  # noqa: E402
from support.engine import new_stack  # noqa: E402

# The engine tests' short lifecycle steps (tests/engine/conftest.py), so a run measures the
# network faults rather than the emulator's simulated provisioning time.
FAST_LIFECYCLE = (
    "--creating-seconds=0.3",
    "--validating-seconds=0.3",
    "--provisioning-seconds=0.3",
    "--deleting-seconds=0.3",
)


def describe(number: int, outcome: Outcome, total: float) -> str:
    result = "converged" if outcome.converged else "FAILED"
    steps = " ".join(f"{step}={seconds:.1f}s" for step, seconds in outcome.seconds.items())
    line = (
        f"run {number:2d}: {result:9s} total={total:6.1f}s {steps} "
        f"domains_after_up={outcome.domains_after_up} refresh={outcome.refresh_changes} "
        f"left_after_destroy={outcome.domains_after_destroy}"
    )
    return line + (f"\n        error: {outcome.error}" if outcome.error else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    converged = 0
    with running_emulator(extra_args=FAST_LIFECYCLE) as emu, tempfile.TemporaryDirectory() as tmp:
        for number in range(1, args.runs + 1):
            emu.reset()
            run = new_stack(
                program(f"bench{number}"), Path(tmp) / f"run-{number}", env=emu.provider_env()
            )
            started = time.monotonic()
            outcome = run_harsh(run, emu)
            print(describe(number, outcome, time.monotonic() - started), flush=True)
            converged += outcome.converged
    print(f"{converged}/{args.runs} runs converged")
    return 0 if converged == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
