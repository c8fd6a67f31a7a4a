"""The CI stages of the GitOps example, one local entry point each.

    python pipeline.py preview   pull request: what would change (`pulumi preview --diff`)
    python pipeline.py up        main branch: apply it (`pulumi up --yes --skip-preview --refresh`)
    python pipeline.py drift     schedule: fail when the vendors no longer match the state
                                 (`pulumi preview --refresh --expect-no-changes`)

The workflows in .github/workflows and .gitlab-ci.yml run exactly these commands through this
script, so running it locally (or in the tests) runs the pipeline itself. The exit code is
pulumi's: drift exits non-zero when anything changed out of band.

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


def stage_commands(stage: str, stack: str) -> list[list[str]]:
    """The pulumi invocations of ``stage`` on ``stack``, in order."""
    common = ["--stack", stack, "--cwd", str(PROJECT_DIR), "--non-interactive"]
    select = ["pulumi", "stack", "select", *common]
    if CREATES_STACK[stage]:
        select.append("--create")
    return [select, ["pulumi", *STAGES[stage], *common]]


def run(stage: str, env: Mapping[str, str]) -> int:
    """Run ``stage``; the exit code of the first pulumi command that fails, else 0."""
    missing = [name for name in REQUIRED_ENV if not env.get(name)]
    if missing:
        print(f"pipeline: set {', '.join(missing)} first", file=sys.stderr)
        return 2
    for command in stage_commands(stage, env["PULUMI_STACK"]):
        # Only the command line is echoed: no value of the environment is ever printed.
        print(f"pipeline: $ {shlex.join(command)}", flush=True)
        code = subprocess.run(command, env=dict(env), check=False).returncode
        if code != 0:
            print(f"pipeline: {stage} failed (pulumi exit code {code})", file=sys.stderr)
            return code
    return 0


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1 or argv[0] not in STAGES:
        print(f"usage: pipeline.py {{{'|'.join(STAGES)}}}", file=sys.stderr)
        return 2
    return run(argv[0], os.environ)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
