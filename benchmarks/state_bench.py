"""State size: bytes of state per domain, and bytes an `up` writes to an S3 state backend.

    python benchmarks/state_bench.py [--domains 200]

Runs the GitOps example (examples/gitops, through its pipeline.py) against the emulator with an
inventory of N domains, half Scaleway and half FullHelp (no records published, no verification:
only the domain resources), with the state in moto's S3 server on loopback. Printed:

- state bytes per domain, per vendor: the domain's resource in `pulumi stack export` as
  compact JSON, which is how the backend stores the checkpoint (the final checkpoint object's
  size per domain is printed too: it adds the stack and provider resources), and how much of
  it is the engine's ``stackTrace`` of the program (its size follows the program's call depth
  and where its files and the Python environment live, not this package);
- bytes written to the bucket by that one `up`: the body bytes of every PUT/POST the server
  received (the AWS SDK's decoded content length), how many write requests there were, and
  how many of them were server-side copies (history and .bak files copy the checkpoint without
  sending it again, so they add objects but no body bytes). The engine rewrites the whole
  checkpoint after each step, so this grows with the square of the number of domains.

Figures only; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from statistics import mean
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from gitops.harness import (  # noqa: E402
    S3Backend,
    copy_project,
    export_stack,
    pipeline_env,
    run_pipeline,
    write_inventory,
)
from support.emulator import running_emulator  # noqa: E402

FAST_LIFECYCLE = ("--creating-seconds=0.1", "--deleting-seconds=0.1")
DOMAIN_TYPES = {
    "Scaleway": "dynamic/scaleway:MailboxDomain",
    "FullHelp": "dynamic/fullhelp:Domain",
}


def inventory(count: int) -> list[dict[str, Any]]:
    half = count // 2
    scaleway = [{"vendor": "scaleway", "name": f"s{i:04d}.bench.test"} for i in range(half)]
    fullhelp = [{"vendor": "fullhelp", "name": f"f{i:04d}.bench.test"} for i in range(count - half)]
    return scaleway + fullhelp


def kib(size: float) -> str:
    return f"{size / 1024:,.1f} KiB"


def compact_size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":")).encode())


def state_per_domain(resources: list[Mapping[str, Any]]) -> dict[str, tuple[int, float, float]]:
    """Vendor -> (domains, mean bytes of a domain resource as compact JSON, mean bytes of the
    ``stackTrace`` the engine stores in it: the program's call stack when it registered the
    resource, since Pulumi 3.195)."""
    figures: dict[str, tuple[int, float, float]] = {}
    for vendor, suffix in DOMAIN_TYPES.items():
        mine = [r for r in resources if str(r["type"]).endswith(suffix)]
        if mine:
            size = mean(compact_size(r) for r in mine)
            trace = mean(compact_size(r["stackTrace"]) if "stackTrace" in r else 0 for r in mine)
            figures[vendor] = (len(mine), size, trace)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=int, default=200)
    count = parser.parse_args().domains
    backend = S3Backend()
    try:
        with (
            tempfile.TemporaryDirectory() as tmp,
            running_emulator(extra_args=FAST_LIFECYCLE) as emu,
        ):
            work = Path(tmp)
            bucket = backend.new_bucket()
            file = write_inventory(work / "domains.yaml", inventory(count))
            env = pipeline_env(
                emu, backend.backend_url(bucket), copy_project(work / "project"), file
            )
            backend.writes.reset()
            started = time.monotonic()
            result = run_pipeline("up", env, timeout=3600)
            elapsed = time.monotonic() - started
            if result.returncode != 0:
                print(result.stdout, file=sys.stderr)
                return 1
            writes = backend.writes
            stack_keys = backend.keys(bucket, ".pulumi/stacks/")
            checkpoint = max(len(backend.read(bucket, key)) for key in stack_keys)
            resources = export_stack(env)["deployment"]["resources"]
    finally:
        backend.stop()

    print(f"state_bench: `pipeline.py up` of {count} domains, S3 backend (moto) on loopback")
    for vendor, (domains, size, trace) in state_per_domain(resources).items():
        print(
            f"  {vendor:<8} state per domain: {size:,.0f} B ({kib(size)}) [{domains} domains], "
            f"of which the engine's stackTrace {trace:,.0f} B"
        )
    print(f"  final checkpoint object: {kib(checkpoint)} ({checkpoint / count:,.0f} B per domain)")
    print(
        f"  written to the backend by this up: {kib(writes.body_bytes)} "
        f"({writes.body_bytes / 1024 / 1024:,.1f} MiB) in {writes.requests} write requests "
        f"({writes.copies} server-side copies)"
    )
    print(f"  up took {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
