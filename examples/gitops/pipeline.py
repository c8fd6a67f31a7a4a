"""The CI stages of the GitOps example, one local entry point each.

    python pipeline.py preview   pull request: what would change (`pulumi preview --diff`)
    python pipeline.py up        main branch: apply it (`pulumi up --yes --skip-preview --refresh`)
    python pipeline.py drift     schedule: fail when the vendors no longer match the state
                                 (`pulumi preview --refresh --expect-no-changes`)
    python pipeline.py shards    the stacks of the inventory's shards, as JSON (a CI matrix)
    python pipeline.py move      move the domains whose shard changed (before the up matrix)
    python pipeline.py summary REPORT...   one summary of the shard reports of a CI matrix

``preview``, ``up`` and ``drift`` run every shard's stack (``<stack>-shard-K`` with ``shards: N``
in the inventory, else the one stack ``$PULUMI_STACK``) in parallel through the Automation API,
in a pool of ``$MAIL_DOMAINS_SHARD_WORKERS`` processes (default: the number of CPUs), and end
with one summary: each shard's counts, the total, and the shards that failed. ``--shard STACK``
runs one of them (a CI matrix job); ``--report FILE`` also writes its result as JSON for
``summary``. The exit code is non-zero when any shard failed.

Each stage first heals every shard (``mail-domains heal``: what a killed run left pending; drift
only reports), then plans: a domain whose shard changed is found in the stack still holding it.
``up`` moves it there with ``pulumi state move`` (the domain and everything depending on it)
before any shard runs, so no shard deletes it and none creates it again; ``preview`` and
``drift`` leave it where it is and say it will move.

With MAIL_DOMAINS_STALE_LOCK_MINUTES set (to the CI job's timeout: no live run can hold a lock
longer), a lock older than that is removed with `pulumi cancel`, and the log says so.

Environment: PULUMI_BACKEND_URL (e.g. ``s3://bucket?region=eu-west-3``) and PULUMI_STACK are
required; credentials (PULUMI_CONFIG_PASSPHRASE, SCW_SECRET_KEY, FULLHELP_TOKEN,
DNS_TSIG_SECRET, AWS_*) are read by pulumi and the providers from the environment and are
never printed here.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from inventory import Inventory, InventoryError, load
from pulumi import automation as auto

from pulumi_mail_domains.gitops.shards import Plan, ShardError, plan
from pulumi_mail_domains.heal.cli import STALE_LOCK_ENV, stale_lock_minutes
from pulumi_mail_domains.heal.stack import Stack, StackCommandError, stale_lock

PROJECT_DIR = Path(__file__).resolve().parent
REQUIRED_ENV = ("PULUMI_BACKEND_URL", "PULUMI_STACK")
WORKERS_ENV = "MAIL_DOMAINS_SHARD_WORKERS"
NOT_MOVED_ENV = "MAIL_DOMAINS_NOT_MOVED"
"""Read by the program (__main__.py): resource name -> the stack still holding it."""

STAGES = ("preview", "up", "drift")
CREATES_STACK = {"preview": True, "up": True, "drift": False}
"""A pull request or the first merge may meet a new stack; drift on a missing stack is an error."""
HEALS = {"preview": True, "up": True, "drift": False}
"""Stages that first resolve what a killed run left pending (drift only reports)."""
COUNTED = ("create", "update", "replace", "delete", "same")
"""The operations the summary counts, as the engine's summaries name them."""


@dataclasses.dataclass
class ShardResult:
    """What one shard's stage did: its operation counts, or why it failed."""

    stack: str
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    error: str | None = None

    @property
    def changes(self) -> int:
        return sum(n for op, n in self.counts.items() if op != "same")


def shard_stage(stage: str, stack: str, not_moved: Mapping[str, str]) -> ShardResult:
    """``stage`` on ``stack`` through the Automation API (run in a pool worker)."""
    say = _prefixed(stack)
    try:
        workspace = _stack(stack, create=CREATES_STACK[stage], not_moved=not_moved)
        counts = _run_stage(stage, workspace, say)
    except (auto.CommandError, StackCommandError) as error:
        return ShardResult(stack, error=first_error(str(error)))
    result = ShardResult(stack, counts)
    if stage == "drift" and result.changes:
        result.error = f"drift: {_counts_text(counts)} (the vendors no longer match the state)"
    return result


def _run_stage(stage: str, stack: auto.Stack, say: Callable[[str], None]) -> dict[str, int]:
    stale_minutes = stale_lock_minutes(os.environ.get(STALE_LOCK_ENV))
    try:
        return _operation(stage, stack, say)
    except auto.CommandError as error:
        notice = stale_lock(str(error), stale_minutes)
        if notice is None:
            raise
        say(f"pipeline: {notice}")
        stack.cancel()
    return _operation(stage, stack, say)


def _operation(stage: str, stack: auto.Stack, say: Callable[[str], None]) -> dict[str, int]:
    say(f"pipeline: {stage} {stack.name}")
    if stage == "up":
        # --refresh: what changed out of band (a domain deleted at the vendor) is put right,
        # not taken on trust from the last state. No preview: the pull request showed it.
        up = stack.up(refresh=True, diff=True, on_output=say, on_error=say)
        return _opmap(up.summary.resource_changes or {})
    # drift: a preview after a refresh, judged by its counts.
    preview = stack.preview(diff=True, refresh=stage == "drift", on_output=say, on_error=say)
    return _opmap(preview.change_summary)


def _opmap(changes: Mapping[Any, int]) -> dict[str, int]:
    """The counted operations of an engine summary (``OpType`` keys or their strings)."""
    named = {str(getattr(op, "value", op)): count for op, count in changes.items()}
    return {op: named.get(op, 0) for op in COUNTED}


def heal_stack(stack: str) -> ShardResult:
    """``mail-domains heal`` on ``stack``, created if new (run in a pool worker)."""
    say = _prefixed(stack)
    try:
        _stack(stack, create=True, not_moved={})
    except auto.CommandError as error:
        return ShardResult(stack, error=first_error(str(error)))
    command = [str(Path(sys.executable).parent / "mail-domains"), "heal", *_where(stack)]
    say(f"pipeline: $ {shlex.join(command)}")
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in done.stdout.splitlines():
        say(line)
    if done.returncode:
        return ShardResult(stack, error=f"mail-domains heal exit code {done.returncode}")
    return ShardResult(stack)


def _stack(stack: str, *, create: bool, not_moved: Mapping[str, str]) -> auto.Stack:
    # Only what the program reads is added: the rest of the environment (backend, secrets)
    # reaches pulumi as it is, never printed.
    options = auto.LocalWorkspaceOptions(env_vars={NOT_MOVED_ENV: json.dumps(dict(not_moved))})
    if create:
        return auto.create_or_select_stack(stack, work_dir=str(PROJECT_DIR), opts=options)
    return auto.select_stack(stack, work_dir=str(PROJECT_DIR), opts=options)


def _where(stack: str) -> list[str]:
    return ["--stack", stack, "--cwd", str(PROJECT_DIR)]


def _prefixed(stack: str) -> Callable[[str], None]:
    def say(line: str) -> None:
        print(f"[{stack}] {line.rstrip()}", flush=True)

    return say


def first_error(text: str) -> str:
    """What an engine error says first: its first ``error:`` that is not a consequence of an
    earlier one ("update failed", "resource monitor has terminated")."""
    lines = [line[line.find("error:") :] for line in text.splitlines() if "error:" in line]
    causes = [line for line in lines if not line.endswith(_CONSEQUENCES)]
    last = text.strip().splitlines()[-1:] or ["failed"]
    return (causes or lines or last)[0].strip()


_CONSEQUENCES = ("update failed", "preview failed", "terminated, shutting down")


# -- planning and moving ---------------------------------------------------------------------


def existing_stacks(inventory: Inventory, base: str) -> list[str]:
    """The project's stacks that may hold this inventory's domains."""
    listed = json.loads(Stack(cwd=PROJECT_DIR).run("stack", "ls", "--json", of_stack=False))
    layout = inventory.layout(base)
    return sorted(str(s["name"]) for s in listed if layout.related(str(s["name"])))


def make_plan(pool: concurrent.futures.Executor, inventory: Inventory, base: str) -> Plan:
    """The plan against the states of every existing stack of the inventory, as they are now
    (each stack exported in a pool worker)."""
    stacks = existing_stacks(inventory, base)
    states = dict(zip(stacks, pool.map(resources_of, stacks), strict=True))
    return plan(inventory.members(), inventory.layout(base), states)


def resources_of(stack: str) -> list[dict[str, Any]]:
    """The resources of ``stack``'s ``pulumi stack export``."""
    resources = Stack(stack, PROJECT_DIR).export().get("deployment", {}).get("resources")
    return list(resources or [])


def move(shards: Plan) -> None:
    """Every move of ``shards``, before any ``up``: one ``pulumi state move`` per pair of
    stacks, carrying each moving domain with everything depending on it."""
    pairs: dict[tuple[str, str], list[str]] = {}
    for step in shards.moves:
        print(f"pipeline: moving {step.key}: {step.source} -> {step.dest} (state only)", flush=True)
        pairs.setdefault((step.source, step.dest), []).extend(step.urns)
    for (source, dest), urns in sorted(pairs.items()):
        _stack(dest, create=True, not_moved={})
        # A record set two entries share (one merged SPF record) is in both their groups.
        unique = list(dict.fromkeys(urns))
        Stack(cwd=PROJECT_DIR).run(
            "state", "move", "--source", source, "--dest", dest, "--yes", *unique, of_stack=False
        )


# -- the stages ------------------------------------------------------------------------------


def run(stage: str, env: Mapping[str, str], only: str | None, report: Path | None) -> int:
    """``stage`` on every shard (or ``only``); prints one summary; 0 when every shard passed."""
    inventory = load()
    base = env["PULUMI_STACK"]
    layout = inventory.layout(base)
    stacks = list(layout.stacks())
    if only is not None:
        if only not in stacks:
            print(f"pipeline: --shard {only} is not one of {', '.join(stacks)}", file=sys.stderr)
            return 2
        stacks = [only]
    with _pool(len(stacks)) as pool:
        # A CI matrix job heals its own shard (the move job healed the rest).
        healing = (stacks if only else _related(inventory, base, stacks)) if HEALS[stage] else []
        failed = [r for r in _map(pool, heal_stack, healing) if r.error]
        if failed:
            return summarize(stage, failed, report)
        shards = make_plan(pool, inventory, base)
        if stage == "up" and shards.moves:
            if only is not None:
                pending = ", ".join(m.key for m in shards.moves)
                print(f"pipeline: run `pipeline.py move` first: {pending} must move", flush=True)
                return 1
            move(shards)
            shards = make_plan(pool, inventory, base)
        for step in shards.moves:
            print(f"pipeline: {step.key} will move {step.source} -> {step.dest} at the next up")
        results = _map(pool, _StageOf(stage, shards.not_moved()), stacks)
    return summarize(stage, results, report)


def move_stage(env: Mapping[str, str]) -> int:
    """``pipeline.py move``: heal every shard and every stack a domain may move from, then
    move what changed shard (the CI job before the ``up`` matrix)."""
    inventory = load()
    base = env["PULUMI_STACK"]
    healing = _related(inventory, base, inventory.layout(base).stacks())
    with _pool(len(healing)) as pool:
        failed = [r for r in _map(pool, heal_stack, healing) if r.error]
        if failed:
            return summarize("move", failed, None)
        move(make_plan(pool, inventory, base))
    return 0


def _related(inventory: Inventory, base: str, stacks: Sequence[str]) -> list[str]:
    """``stacks`` and every existing stack a domain may move from."""
    return sorted(set(stacks) | set(existing_stacks(inventory, base)))


@dataclasses.dataclass(frozen=True)
class _StageOf:
    """``shard_stage(stage, stack, not_moved)`` as a one-argument, picklable callable."""

    stage: str
    not_moved: Mapping[str, str]

    def __call__(self, stack: str) -> ShardResult:
        return shard_stage(self.stage, stack, self.not_moved)


def _pool(shards: int) -> concurrent.futures.ProcessPoolExecutor:
    workers = int(os.environ.get(WORKERS_ENV) or os.cpu_count() or 1)
    return concurrent.futures.ProcessPoolExecutor(max_workers=max(1, min(workers, shards)))


def _map(
    pool: concurrent.futures.Executor, task: Callable[[str], ShardResult], stacks: Sequence[str]
) -> list[ShardResult]:
    return list(pool.map(task, stacks))


def summarize(stage: str, results: Sequence[ShardResult], report: Path | None) -> int:
    """Print each shard's counts, the total and the failed shards; 0 when none failed."""
    if report is not None:
        report.write_text(json.dumps([dataclasses.asdict(r) for r in results], indent=2))
    total = dict.fromkeys(COUNTED, 0)
    print(f"\npipeline: {stage} summary")
    print("  " + f"{'stack':<28}" + "".join(f"{op:>9}" for op in COUNTED) + "  result")
    for result in results:
        for op in COUNTED:
            total[op] += result.counts.get(op, 0)
        print(_row(result.stack, result.counts, result.error or "ok"))
    failed = [r.stack for r in results if r.error]
    print(_row("total", total, f"{len(failed)} of {len(results)} failed" if failed else "ok"))
    if failed:
        print(f"pipeline: {stage} failed in {', '.join(failed)}", file=sys.stderr, flush=True)
        return 1
    return 0


def _row(name: str, counts: Mapping[str, int], result: str) -> str:
    cells = "".join(f"{counts.get(op, 0):>9}" for op in COUNTED)
    return f"  {name:<28}{cells}  {result}"


def _counts_text(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n} to {op}" for op, n in counts.items() if n and op != "same")


def summary_of_reports(paths: Sequence[Path], stage: str, expected: Sequence[str]) -> int:
    """One summary of the reports the matrix jobs wrote; a shard without a report failed."""
    found = [path for path in paths if path.is_file()]  # an unmatched glob stays a pattern
    results = [ShardResult(**r) for path in found for r in json.loads(path.read_text())]
    seen = {r.stack for r in results}
    results += [
        ShardResult(s, error="no report (the job did not finish)")
        for s in expected
        if s not in seen
    ]
    return summarize(stage, sorted(results, key=lambda r: r.stack), None)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="pipeline.py", description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=[*STAGES, "shards", "move", "summary"])
    parser.add_argument("reports", nargs="*", type=Path, help="summary: the shard reports")
    parser.add_argument("--shard", help="run this shard's stack only (a CI matrix job)")
    parser.add_argument("--report", type=Path, help="write the shards' results here (JSON)")
    parser.add_argument("--of", choices=STAGES, default="preview", help="summary: the stage")
    args = parser.parse_intermixed_args(argv)
    missing = [name for name in REQUIRED_ENV if not os.environ.get(name)]
    if missing:
        print(f"pipeline: set {', '.join(missing)} first", file=sys.stderr)
        return 2
    try:
        return _stage(args, os.environ)
    except (InventoryError, ShardError, StackCommandError) as error:
        print(f"pipeline: {error}", file=sys.stderr, flush=True)
        return 1


def _stage(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    if args.stage == "shards":
        print(json.dumps(list(load().layout(env["PULUMI_STACK"]).stacks())))
        return 0
    if args.stage == "summary":
        expected = load().layout(env["PULUMI_STACK"]).stacks()
        return summary_of_reports(args.reports, args.of, expected)
    if args.stage == "move":
        return move_stage(env)
    return run(args.stage, env, args.shard, args.report)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
