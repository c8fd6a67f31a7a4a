"""The CI stages of the GitOps example, one local entry point each.

    python pipeline.py preview   pull request: what would change (`pulumi preview --diff`)
    python pipeline.py up        main branch: apply it (`pulumi up --yes --skip-preview --refresh`)
    python pipeline.py drift     schedule: fail when the vendors no longer match the state
                                 (`pulumi preview --refresh --expect-no-changes`)

The workflows in .github/workflows and .gitlab-ci.yml run exactly these commands through this
script, so running it locally (or in the tests) runs the pipeline itself. The exit code is
pulumi's: drift exits non-zero when anything changed out of band.

Before `preview` and `up`, `mail-domains heal` resolves what a killed run left pending (see
README "When a run was killed"). With MAIL_DOMAINS_STALE_LOCK_MINUTES set (to the CI job's
timeout: no live run can hold a lock longer), a lock older than that is removed with
`pulumi cancel`, and the log says so; unset, a locked stack fails the stage as pulumi does.

Environment: PULUMI_BACKEND_URL (e.g. ``s3://bucket?region=eu-west-3``) and PULUMI_STACK are
required; credentials (PULUMI_CONFIG_PASSPHRASE, SCW_SECRET_KEY, FULLHELP_TOKEN,
DNS_TSIG_SECRET, AWS_*) are read by pulumi and the providers from the environment and are
never printed here.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from pulumi_mail_domains.heal.cli import STALE_LOCK_ENV, stale_lock_minutes
from pulumi_mail_domains.heal.stack import stale_lock

PROJECT_DIR = Path(__file__).resolve().parent
REQUIRED_ENV = ("PULUMI_BACKEND_URL", "PULUMI_STACK")

STAGES: dict[str, tuple[str, ...]] = {
    "preview": ("preview", "--diff"),
    # --skip-preview: the pull request showed the preview already (pulumi/actions' `up` skips it
    # too). --refresh: what changed out of band (a domain deleted at the vendor) is put right,
    # not taken on trust from the last state.
    "up": ("up", "--yes", "--skip-preview", "--refresh"),
    "drift": ("preview", "--refresh", "--expect-no-changes", "--diff"),
}
"""The pulumi command of each stage (the common flags come from `stage_commands`)."""

CREATES_STACK = {"preview": True, "up": True, "drift": False}
"""A pull request or the first merge may meet a new stack; drift on a missing stack is an error."""

HEALS = {"preview": True, "up": True, "drift": False}
"""Stages that first resolve what a killed run left pending (drift only reports)."""


def stage_commands(stage: str, stack: str) -> list[list[str]]:
    """The commands of ``stage`` on ``stack``, in order."""
    where = ["--stack", stack, "--cwd", str(PROJECT_DIR)]
    common = [*where, "--non-interactive"]
    select = ["pulumi", "stack", "select", *common]
    if CREATES_STACK[stage]:
        select.append("--create")
    heal = [[str(Path(sys.executable).parent / "mail-domains"), "heal", *where]]
    return [select, *(heal if HEALS[stage] else []), ["pulumi", *STAGES[stage], *common]]


def run(stage: str, env: Mapping[str, str]) -> int:
    """Run ``stage``; the exit code of the first pulumi command that fails, else 0."""
    missing = [name for name in REQUIRED_ENV if not env.get(name)]
    if missing:
        print(f"pipeline: set {', '.join(missing)} first", file=sys.stderr)
        return 2
    stale_minutes = stale_lock_minutes(env.get(STALE_LOCK_ENV))
    for command in stage_commands(stage, env["PULUMI_STACK"]):
        code = _run(command, env, stale_minutes)
        if code != 0:
            print(f"pipeline: {stage} failed ({command[0]} exit code {code})", file=sys.stderr)
            return code
    return 0


def _run(command: list[str], env: Mapping[str, str], stale_minutes: float | None) -> int:
    """Run ``command``; once more after cancelling a stale lock it was refused for."""
    # Only the command line is echoed: no value of the environment is ever printed.
    print(f"pipeline: $ {shlex.join(command)}", flush=True)
    # stdout (the progress) streams; stderr is kept to recognise a stale lock, then shown.
    result = subprocess.run(command, env=dict(env), stderr=subprocess.PIPE, text=True)
    sys.stderr.write(result.stderr)
    notice = stale_lock(result.stderr, stale_minutes) if result.returncode else None
    if notice is None:
        return result.returncode
    print(f"pipeline: {notice}", flush=True)
    where = command[command.index("--stack") : command.index("--stack") + 4]
    subprocess.run(["pulumi", "cancel", "--yes", *where], env=dict(env), check=True)
    return _run(command, env, None)


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1 or argv[0] not in STAGES:
        print(f"usage: pipeline.py {{{'|'.join(STAGES)}}}", file=sys.stderr)
        return 2
    return run(argv[0], os.environ)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
