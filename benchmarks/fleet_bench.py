"""A fleet of domains through the native plugin: sharded stacks, the vendor's rate limit, growth.

    python benchmarks/fleet_bench.py [--scaleway 500] [--fullhelp 500] [--shard-size 100]
        [--rate 50] [--workers 4] [--growth 50,200,1000] [--only fleet|growth]

Every figure comes from the real CLI, Pulumi YAML programs served by the native plugin, one
file backend and one emulator, and is printed as a ratio to a floor measured in the same run:

* **fleet up**: the inventory (Scaleway + FullHelp domains) split into shards of about
  ``--shard-size`` domains by the GitOps shard planner's stable hash, one stack each, run
  ``--workers`` at a time, with the emulator limiting each API token to ``--rate`` requests
  per second. Floors: the **request floor** (requests the emulator accepted, per token, ÷ the
  rate: the vendor cannot go faster) and the **engine floor** (the same sharded ``up`` with
  ``PULUMI_SKIP_CHECKPOINTS=true`` against an emulator without a rate limit). Also printed:
  requests answered 429, requests per domain, bytes the engine processes wrote (their
  ``ru_oublock``: the checkpoint rewrites), state bytes per domain (the domain's whole entry in
  ``pulumi stack export`` as compact JSON, per vendor).
* **unchanged inventory**: ``preview`` of every shard (API calls made), then ``refresh``
  against its request floor.
* **growth**: ``up`` of each ``--growth`` count of FullHelp domains, sharded the same way,
  against its no-checkpoint floor, and the milliseconds per domain (no rate limit and no
  client-side pacing in either: what grows is the engine's cost). The shards run one at a
  time, as on a CI matrix with a runner per shard: run side by side on this machine, one
  shard of 50 and ten of 100 would share its cores differently, and ms per domain would
  compare different parallelism instead of the cost of a domain.

The fleet's run paces both clients at ``--rate`` (``SCW_REQUESTS_PER_SECOND``,
``FULLHELP_REQUESTS_PER_SECOND``: the vendor's rate in this scenario); the engine floors do
not pace at all.

Figures, not assertions: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from engine_bench import pulumi  # noqa: E402

from pulumi_mail_domains.gitops.shards import stable_shard  # noqa: E402
from support.emulator import Emulator, running_emulator  # noqa: E402
from support.engine import engine_env, pulumi_bin_dir  # noqa: E402

TYPES = {
    "scaleway": "mail-domains:scaleway:MailboxDomain",
    "fullhelp": "mail-domains:fullhelp:Domain",
}
NAME_PROPERTY = {"scaleway": "name", "fullhelp": "domain"}
EMULATOR_ARGS = (
    "--creating-seconds=0.3",
    "--deleting-seconds=0.1",
    "--dkim-pool-size=32",
    "--dkim-reuse-keys",
)


@dataclass(frozen=True)
class Domain:
    vendor: str
    name: str


def inventory(scaleway: int, fullhelp: int) -> list[Domain]:
    return [Domain("scaleway", f"s{i}.fleet.test") for i in range(scaleway)] + [
        Domain("fullhelp", f"f{i}.fleet.test") for i in range(fullhelp)
    ]


def shards(domains: Sequence[Domain], shard_size: int) -> list[list[Domain]]:
    """The planner's assignment: a stable hash of vendor and name into ceil(N / size) shards."""
    count = max(1, math.ceil(len(domains) / shard_size))
    split: list[list[Domain]] = [[] for _ in range(count)]
    for domain in domains:
        split[stable_shard(domain.vendor, domain.name, count)].append(domain)
    return [members for members in split if members]


def yaml_program(project: str, members: Sequence[Domain]) -> str:
    resources = "".join(
        f"  d{n}:\n    type: {TYPES[d.vendor]}\n"
        f"    properties:\n      {NAME_PROPERTY[d.vendor]}: {d.name}\n"
        for n, d in enumerate(members)
    )
    # Lean state (README: "State size and record views"): the fleet keeps each domain's
    # records once; a program publishing them reads the views from mail-domains:recordViews.
    lean = "config:\n  mail-domains:recordViews: stored\n"
    return f"name: {project}\nruntime: yaml\n{lean}resources:\n{resources}"


class Fleet:
    """One project and stack per shard, on one file backend, run ``workers`` at a time."""

    def __init__(self, root: Path, emulator: Emulator, split: list[list[Domain]], workers: int):
        self.emulator = emulator
        self.workers = workers
        self.projects: list[Path] = []
        state = root / "state"
        state.mkdir()
        # The CLI first, then this venv's bin/ where the engine finds the plugin.
        path = [str(pulumi_bin_dir()), str(Path(sys.executable).parent), os.environ["PATH"]]
        extra = {**emulator.provider_env(), "PATH": os.pathsep.join(path)}
        self.env = {**os.environ, **engine_env(state, extra)}
        for k, members in enumerate(split):
            work = root / f"shard-{k}"
            work.mkdir()
            (work / "Pulumi.yaml").write_text(yaml_program(f"fleet-shard-{k}", members))
            self.projects.append(work)
        self.each("stack", "init", "fleet")

    def each(self, *args: str, env: dict[str, str] | None = None) -> float:
        """``pulumi ARGS`` in every shard, ``workers`` at a time; the wall-clock seconds."""
        # A phase of a thousand domains runs for minutes: say which one is running.
        print(f"  pulumi {args[0]} of {len(self.projects)} stacks...", file=sys.stderr, flush=True)
        started = time.monotonic()
        with ThreadPoolExecutor(self.workers) as pool:
            for output in pool.map(lambda w: pulumi(w, env or self.env, *args), self.projects):
                del output
        return time.monotonic() - started

    def exports(self) -> Iterator[dict[str, Any]]:
        for work in self.projects:
            yield json.loads(pulumi(work, self.env, "stack", "export"))


UP = ("up", "--yes", "--skip-preview", "--parallel", "64")
# A rate no emulator run reaches: the clients send as fast as the engine asks.
UNPACED = 10_000.0
DESTROY = ("destroy", "--yes", "--skip-preview", "--parallel", "64")
REFRESH = ("refresh", "--yes", "--skip-preview", "--parallel", "64")


@contextmanager
def fleet(split: list[list[Domain]], workers: int) -> Iterator[Fleet]:
    with (
        tempfile.TemporaryDirectory(prefix="fleet-") as tmp,
        running_emulator(extra_args=EMULATOR_ARGS) as emulator,
    ):
        yield Fleet(Path(tmp), emulator, split, workers)


def no_checkpoints(env: dict[str, str]) -> dict[str, str]:
    """The engine floor's environment: no per-step checkpoints, and no client-side pacing, so
    the floor is the engine's cost alone."""
    return {**paced(env, UNPACED), "PULUMI_SKIP_CHECKPOINTS": "true"}


def paced(env: dict[str, str], rate: float) -> dict[str, str]:
    """Both vendors' clients paced at ``rate`` requests per second per token."""
    return {
        **env,
        "SCW_REQUESTS_PER_SECOND": f"{rate:g}",
        "FULLHELP_REQUESTS_PER_SECOND": f"{rate:g}",
    }


def floor_up(run: Fleet) -> float:
    """The engine floor: the same sharded up, no per-step checkpoints, no rate limit."""
    run.emulator.reset()
    seconds = run.each(*UP, env=no_checkpoints(run.env))
    run.each(*DESTROY, env=no_checkpoints(run.env))
    return seconds


@dataclass
class Requests:
    accepted: Counter[str]
    limited: int
    total: int

    def floor(self, rate: float) -> float:
        return max(self.accepted.values(), default=0) / rate


def requests_since(emulator: Emulator, start: int) -> Requests:
    entries = emulator.api_requests()[start:]
    limited = sum(1 for e in entries if e.get("fault") == "rate_limited")
    accepted = Counter(str(e.get("api")) for e in entries if e.get("fault") != "rate_limited")
    return Requests(accepted, limited, len(entries))


def written_bytes() -> int:
    """Bytes written to storage by the finished child processes (the engine's checkpoints)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_oublock * 512


def state_per_domain(run: Fleet) -> dict[str, tuple[float, int]]:
    """Per vendor: mean and largest domain entry of ``pulumi stack export``, compact JSON."""
    sizes: dict[str, list[int]] = {}
    for export in run.exports():
        for entry in export["deployment"]["resources"]:
            for vendor, token in TYPES.items():
                if entry["type"] == token:
                    sizes.setdefault(vendor, []).append(
                        len(json.dumps(entry, separators=(",", ":")))
                    )
    return {vendor: (mean(found), max(found)) for vendor, found in sizes.items()}


def fleet_figures(args: argparse.Namespace) -> None:
    domains = inventory(args.scaleway, args.fullhelp)
    split = shards(domains, args.shard_size)
    print(
        f"\n== fleet: {args.scaleway} Scaleway + {args.fullhelp} FullHelp domains, "
        f"{len(split)} shards, {args.workers} at a time, {args.rate:g} req/s per token"
    )
    with fleet(split, args.workers) as run:
        engine_floor = floor_up(run)
        run.emulator.reset()
        run.emulator.faults(rate_limit_per_second=args.rate)
        before_bytes = written_bytes()
        up = run.each(*UP, env=paced(run.env, args.rate))
        wrote = written_bytes() - before_bytes
        made = requests_since(run.emulator, 0)
        request_floor = made.floor(args.rate)
        print(
            f"up {up:.1f} s | request floor {request_floor:.1f} s "
            f"({dict(made.accepted)} accepted) | engine floor {engine_floor:.1f} s | "
            f"ratio {up / max(request_floor, engine_floor):.2f}x"
        )
        print(
            f"429 answers {made.limited} of {made.total} ({100 * made.limited / made.total:.2f} %)"
            f" | requests per domain {made.total / len(domains):.2f}"
            f" | engine bytes written {wrote / 1e6:.1f} MB"
        )
        for vendor, (average, largest) in state_per_domain(run).items():
            print(f"state per {vendor} domain: {average:.0f} B mean, {largest} B max")

        start = len(run.emulator.api_requests())
        run.each("preview", "--expect-no-changes")
        calls = len(run.emulator.api_requests()) - start
        print(f"preview of the unchanged inventory: {calls} API calls")
        run.emulator.faults()
        refresh_engine_floor = run.each(*REFRESH, env=no_checkpoints(run.env))
        run.emulator.faults(rate_limit_per_second=args.rate)
        start = len(run.emulator.api_requests())
        refresh = run.each(*REFRESH, env=paced(run.env, args.rate))
        refreshed = requests_since(run.emulator, start)
        refresh_floor = refreshed.floor(args.rate)
        print(
            f"refresh {refresh:.1f} s | request floor {refresh_floor:.1f} s "
            f"({refreshed.total} requests, {refreshed.limited} answered 429) | engine floor "
            f"{refresh_engine_floor:.1f} s | ratio {refresh / max(refresh_floor, 1e-9):.2f}x "
            f"the request floor, {refresh / max(refresh_floor, refresh_engine_floor):.2f}x "
            "the larger floor"
        )
        run.emulator.faults()
        run.each(*DESTROY)


def growth_figures(args: argparse.Namespace) -> None:
    print(
        f"\n== growth: FullHelp domains, shards of about {args.shard_size} run one at a time, "
        "no rate limit"
    )
    print(
        f"{'domains':>8} {'shards':>7} {'floor s':>8} {'up s':>7} {'up/floor':>9} {'ms/domain':>10}"
    )
    per_domain: list[float] = []
    for count in args.growth:
        split = shards(inventory(0, count), args.shard_size)
        with fleet(split, workers=1) as run:
            floor = floor_up(run)
            run.emulator.reset()
            up = run.each(*UP, env=paced(run.env, UNPACED))
            run.each(*DESTROY)
        per_domain.append(1000 * up / count)
        print(
            f"{count:8d} {len(split):7d} {floor:8.1f} {up:7.1f} {up / floor:8.2f}x "
            f"{per_domain[-1]:10.1f}"
        )
    spread = (max(per_domain) - min(per_domain)) / mean(per_domain)
    print(f"ms per domain spread: ±{50 * spread:.0f} % around the mean")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scaleway", type=int, default=500)
    parser.add_argument("--fullhelp", type=int, default=500)
    parser.add_argument("--shard-size", type=int, default=100)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--growth", type=lambda text: [int(n) for n in text.split(",")], default=[50, 200, 1000]
    )
    parser.add_argument(
        "--only", choices=("fleet", "growth"), help="print one part's figures (default: both)"
    )
    args = parser.parse_args()
    if args.only != "growth":
        fleet_figures(args)
    if args.only != "fleet":
        growth_figures(args)


if __name__ == "__main__":
    main()
