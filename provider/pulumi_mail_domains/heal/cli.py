"""The ``mail-domains`` command: ``mail-domains heal [--stack S] [--cwd DIR]``.

Exit status: 0 when no pending create of ours is left, 1 when some could not be resolved (each
is named with the reason and the command to run), 2 when the stack could not be read or written.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pulumi_mail_domains.heal.pending import (
    PendingCreate,
    ids_in_state,
    last_completed,
    other_pending,
    pending_creates,
    provider_inputs,
    resolved,
)
from pulumi_mail_domains.heal.resolve import (
    DYNAMIC_PREFIX,
    Outcome,
    StackConfig,
    behaviour_for,
    resolve,
)
from pulumi_mail_domains.heal.stack import LOCKED, Stack, StackCommandError

__all__ = ["STALE_LOCK_ENV", "heal", "main"]

STALE_LOCK_ENV = "MAIL_DOMAINS_STALE_LOCK_MINUTES"


def heal(stack: Stack) -> list[Outcome]:
    """Resolve the stack's pending creates of mail-domains resources; what was done for each."""
    exported = stack.export()
    deployment = exported.get("deployment") or {}
    for kind, urn in other_pending(deployment):
        say(f"{urn}: pending {kind}: the resource is still in the state; dropped like the rest")
    pending = [p for p in pending_creates(deployment) if behaviour_for(p.type) is not None]
    outcomes = _resolve_all(stack, deployment, pending) if pending else []
    if not pending:
        say("no pending create of a mail-domains resource: nothing to heal")
    if any(o.action == "left" for o in outcomes):
        # `pulumi stack import`, the CLI's way to write a state, drops every pending operation:
        # the undecided ones must stay recorded, so nothing is written until all are decided.
        # Nor does the import's lock check run then: a run that is live, not killed, may hold
        # these creates, and its lock is what to report, not a verdict on them.
        stack.check_unlocked()
        for outcome in outcomes:
            say(f"{outcome.urn}: {_UNWRITTEN_VERB[outcome.action]}: {outcome.reason}")
        say("nothing was written: every pending create stays until each can be decided")
        return outcomes
    found = {o.urn: o.vendor_id for o in outcomes if o.action == "found" and o.vendor_id}
    cleared = [o.urn for o in outcomes if o.action == "cleared"]
    # With stale locks to remove, the import runs even unchanged: the CLI's lock check is the
    # only way to see a lock's age, and a stale lock would fail the next `up` otherwise.
    if found or cleared or stack.stale_lock_minutes is not None:
        stack.import_({**exported, "deployment": resolved(deployment, found)})
    if found:
        stack.refresh(list(found))
    for outcome in outcomes:
        say(f"{outcome.urn}: {_VERB[outcome.action]}: {outcome.reason}")
    return outcomes


def _resolve_all(
    stack: Stack, deployment: Mapping[str, Any], pending: list[PendingCreate]
) -> list[Outcome]:
    decrypted = stack.export(show_secrets=True).get("deployment") or {}
    needs_stack_config = any(p.type.startswith(DYNAMIC_PREFIX) for p in pending)
    stack_config = StackConfig(stack.config() if needs_stack_config else {})
    since = last_completed(deployment, stack.history())
    return [
        resolve(
            p,
            provider_inputs=provider_inputs(decrypted, p.provider),
            stack_config=stack_config,
            managed_ids=ids_in_state(deployment, p.type),
            since=since,
        )
        for p in pending
    ]


_VERB = {"found": "added to the state", "cleared": "pending create cleared", "left": "LEFT AS IS"}
_UNWRITTEN_VERB = {**_VERB, "found": "would be added", "cleared": "would be cleared"}


def say(text: str) -> None:
    print(f"mail-domains heal: {text}", file=sys.stderr, flush=True)


def stale_lock_minutes(raw: str | None) -> float | None:
    """``MAIL_DOMAINS_STALE_LOCK_MINUTES``: unset or empty is off; otherwise a number >= 0."""
    if raw is None or not raw.strip():
        return None
    try:
        minutes = float(raw)
    except ValueError:
        minutes = -1.0
    if not 0 <= minutes < float("inf"):
        raise SystemExit(f"{STALE_LOCK_ENV} must be a number of minutes >= 0, got {raw!r}")
    return minutes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mail-domains", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    heal_parser = commands.add_parser(
        "heal", help="resolve the creates an interrupted `pulumi up` left pending"
    )
    heal_parser.add_argument("--stack", help="the stack (default: the selected one)")
    heal_parser.add_argument("--cwd", type=Path, help="the Pulumi project's directory")
    heal_parser.add_argument(
        "--stale-lock-minutes",
        type=float,
        default=stale_lock_minutes(os.environ.get(STALE_LOCK_ENV)),
        help=f"cancel a lock older than this (default: ${STALE_LOCK_ENV}; unset: never)",
    )
    args = parser.parse_args(argv)
    stack = Stack(args.stack, args.cwd, stale_lock_minutes=args.stale_lock_minutes)
    try:
        outcomes = heal(stack)
    except StackCommandError as error:
        say(str(error))
        if LOCKED in str(error):
            say(
                "if no run is in progress, the lock is stale: `pulumi cancel --yes`, or set "
                f"{STALE_LOCK_ENV} to the CI job timeout so heal removes older locks itself"
            )
        return 2
    return 1 if any(o.action == "left" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
