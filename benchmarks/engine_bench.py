"""`pulumi up` of N Scaleway domains through each front end, against its engine floor.

    python benchmarks/engine_bench.py [--domains 40] [--parallel 64] [--creating-seconds 2]

For each front end (the dynamic provider of a Python program, the native plugin of a Pulumi
YAML program) it times, with the real CLI and a real emulator:

* the **floor**: `up` of N resources that cost nothing (dynamic: no-op dynamic resources;
  native: the same domains against an emulator with no latency, no creating phase and its
  DKIM keys generated beforehand);
* the **run**: `up` of N domains with 100 ms API latency and a ``--creating-seconds`` phase;
* **one domain's API time**, measured with the client: create, wait out the creating phase,
  read the records.

The ideal is floor + one domain's API time (every domain in parallel); the ratio run/ideal is
what the front end costs. It also prints the state bytes per domain and how many API calls a
`pulumi preview` makes. Figures, not assertions: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient  # noqa: E402
from support.emulator import (  # noqa: E402
    SCW_PROJECT,
    SCW_TOKEN,
    Emulator,
    running_emulator,
)
from support.engine import engine_env, pulumi_bin_dir  # noqa: E402

NOOP_PROGRAM = """
import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider

class Noop(ResourceProvider):
    def create(self, props):
        return CreateResult("noop", {})

class NoopResource(Resource):
    def __init__(self, name):
        super().__init__(Noop(), name, {})

for i in range(int(pulumi.Config().require("count"))):
    NoopResource(f"noop-{i}")
"""

DYNAMIC_PROGRAM = """
import pulumi
from pulumi_mail_domains import scaleway

for i in range(int(pulumi.Config().require("count"))):
    scaleway.MailboxDomain(f"d{i}", name=f"d{i}.bench.test")
"""


def yaml_program(count: int) -> str:
    resources = "".join(
        f"  d{i}:\n    type: mail-domains:scaleway:MailboxDomain\n"
        f"    properties:\n      name: d{i}.bench.test\n"
        for i in range(count)
    )
    return f"name: bench\nruntime: yaml\nresources:\n{resources}"


@contextmanager
def project(
    kind: str, count: int, emulator: Emulator | None
) -> Iterator[tuple[Path, dict[str, str]]]:
    """A project directory with one stack on its own file backend, and its environment."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{kind}-") as tmp:
        root = Path(tmp)
        work = root / "project"
        work.mkdir()
        if kind == "native":
            (work / "Pulumi.yaml").write_text(yaml_program(count))
        else:
            (work / "Pulumi.yaml").write_text(
                "name: bench\nruntime:\n  name: python\n  options:\n    toolchain: pip\n"
            )
            (work / "__main__.py").write_text(NOOP_PROGRAM if kind == "noop" else DYNAMIC_PROGRAM)
        extra = dict(emulator.provider_env()) if emulator else {}
        extra["PATH"] = f"{pulumi_bin_dir()}{os.pathsep}{Path(sys.executable).parent}"
        extra["PATH"] += f"{os.pathsep}{os.environ.get('PATH', '')}"
        env = {**os.environ, **engine_env(root / "state", extra)}
        (root / "state").mkdir()
        pulumi(work, env, "stack", "init", "bench")
        pulumi(work, env, "config", "set", "count", str(count))
        yield work, env


def pulumi(work: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        ["pulumi", *args], cwd=work, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"pulumi {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def timed_up(work: Path, env: dict[str, str], parallel: int) -> float:
    started = time.monotonic()
    pulumi(work, env, "up", "--yes", "--skip-preview", "--parallel", str(parallel))
    return time.monotonic() - started


def one_domain_api_seconds(emulator: Emulator) -> float:
    client = ScalewayMailboxClient(SCW_TOKEN, api_url=emulator.url, default_project_id=SCW_PROJECT)
    with client:
        started = time.monotonic()
        domain = client.create_domain("probe.bench.test")
        client.wait_for_domain(domain.id, min_delay=0.5, max_delay=10)
        client.get_domain_records(domain.id)
        return time.monotonic() - started


def state_bytes_per_domain(work: Path, env: dict[str, str]) -> float:
    state = json.loads(pulumi(work, env, "stack", "export"))
    domains = [
        r for r in state["deployment"]["resources"] if r["type"].endswith("scaleway:MailboxDomain")
    ]
    return sum(len(json.dumps(r)) for r in domains) / max(1, len(domains))


def preview_api_calls(work: Path, env: dict[str, str], emulator: Emulator) -> int:
    before = len(emulator.api_requests())
    pulumi(work, env, "preview", "--expect-no-changes")
    return len(emulator.api_requests()) - before


def warmed(emulator: Emulator, count: int) -> Emulator:
    """Give the emulator time to pre-generate the DKIM keys (2048-bit RSA) of ``count``
    domains, so key generation is not part of any timing."""
    time.sleep(0.2 * count)
    return emulator


def measure(kind: str, args: argparse.Namespace) -> dict[str, float]:
    pool = f"--dkim-pool-size={2 * args.domains + 8}"
    slow_args = (f"--creating-seconds={args.creating_seconds}", pool)
    instant = ("--creating-seconds=0", "--deleting-seconds=0", pool)
    row: dict[str, float] = {}
    if kind == "dynamic":
        with project("noop", args.domains, None) as (work, env):
            row["floor"] = timed_up(work, env, args.parallel)
    else:
        with (
            running_emulator(extra_args=instant) as fast,
            project("native", args.domains, fast) as (work, env),
        ):
            row["floor"] = timed_up(work, env, args.parallel)
    with running_emulator(extra_args=slow_args) as emulator:
        warmed(emulator, args.domains)
        emulator.faults(latency_ms=args.latency_ms)
        row["api"] = one_domain_api_seconds(emulator)
        with project(kind, args.domains, emulator) as (work, env):
            row["up"] = timed_up(work, env, args.parallel)
            row["state"] = state_bytes_per_domain(work, env)
            row["preview_calls"] = preview_api_calls(work, env, emulator)
            pulumi(
                work, env, "destroy", "--yes", "--skip-preview", "--parallel", str(args.parallel)
            )
    row["ideal"] = row["floor"] + row["api"]
    row["ratio"] = row["up"] / row["ideal"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=int, default=40)
    parser.add_argument("--parallel", type=int, default=64)
    parser.add_argument("--creating-seconds", type=float, default=2.0)
    parser.add_argument("--latency-ms", type=int, default=100)
    args = parser.parse_args()
    print(
        f"pulumi up of {args.domains} Scaleway domains, --parallel {args.parallel}, creating "
        f"phase {args.creating_seconds:g} s, API latency {args.latency_ms} ms"
    )
    header = (
        f"{'front end':<10} {'floor s':>8} {'1 domain s':>10} {'ideal s':>8} {'up s':>7} "
        f"{'up/ideal':>9} {'state B/domain':>15} {'preview calls':>14}"
    )
    print(header)
    for kind in ("dynamic", "native"):
        r = measure(kind, args)
        print(
            f"{kind:<10} {r['floor']:8.1f} {r['api']:10.2f} {r['ideal']:8.1f} {r['up']:7.1f} "
            f"{r['ratio']:8.2f}x {r['state']:15.0f} {r['preview_calls']:14.0f}"
        )
    print(
        textwrap.dedent("""
        floor: dynamic = N no-op dynamic resources; native = the N domains against an emulator
        with no latency and no creating phase. ideal = floor + one domain's API time.""")
    )


if __name__ == "__main__":
    main()
