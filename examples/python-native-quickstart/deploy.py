"""The native-Python quickstart through the Automation API, with no language host needed.

    python deploy.py up|preview|destroy [STACK]

The stack (default ``dev``) and its config live in the working directory beside Pulumi.yaml, as
with the CLI; the backend and passphrase come from the environment (``PULUMI_BACKEND_URL``,
``PULUMI_CONFIG_PASSPHRASE``). ``preview`` fails unless it finds no changes. Prints the
operation's result as one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from pulumi import automation as auto
from quickstart import quickstart

PROJECT = "mail-domains-python-native-quickstart"


def run(operation: str, stack_name: str) -> dict[str, Any]:
    """Run ``operation`` on the stack; what it reports, JSON-ready."""
    workspace = auto.LocalWorkspaceOptions(work_dir=os.getcwd())
    stack = auto.select_stack(stack_name, PROJECT, quickstart, opts=workspace)
    log = sys.stderr.write
    if operation == "up":
        up = stack.up(on_output=log)
        return {
            "summary": up.summary.resource_changes,
            "outputs": {key: output.value for key, output in up.outputs.items()},
        }
    if operation == "preview":
        preview = stack.preview(on_output=log, expect_no_changes=True)
        return {"changes": preview.change_summary}
    if operation == "destroy":
        destroy = stack.destroy(on_output=log)
        return {"summary": destroy.summary.resource_changes}
    raise SystemExit(f"unknown operation {operation!r}: use up, preview or destroy")


if __name__ == "__main__":
    args = sys.argv[1:]
    result = run(args[0] if args else "", args[1] if len(args) > 1 else "dev")
    print(json.dumps(result, default=str))
