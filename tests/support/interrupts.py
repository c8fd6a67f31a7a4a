"""Interrupting real ``pulumi up`` runs: start one in its own process group, wait for a
condition with a bound, kill or interrupt the group, and watch what it leaves behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from support.engine import pulumi_bin_dir
from support.native import CliStack

POLL_SECONDS = 0.05


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Poll ``condition`` until it holds; the seconds it took, or AssertionError after
    ``timeout`` seconds naming ``what``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{what}: not within {timeout:g} s")
        time.sleep(POLL_SECONDS)
    return time.monotonic() - started


def start_up(stack: CliStack, log: Path) -> subprocess.Popen[bytes]:
    """``pulumi up --yes --skip-preview`` in a process group of its own, output to ``log``."""
    command = [str(pulumi_bin_dir() / "pulumi"), "up", "--yes", "--skip-preview"]
    with log.open("wb") as out:
        return subprocess.Popen(
            [*command, "--non-interactive", "--color=never"],
            cwd=stack.project_dir,
            env=stack.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def plugin_children(pid: int) -> set[int]:
    """The resource plugins (``pulumi-resource-*``) the engine process ``pid`` started."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"pulumi-resource-" in cmdline:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie waiting to be reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def signal_group(process: subprocess.Popen[bytes], signum: signal.Signals) -> None:
    os.killpg(process.pid, signum)


def heal(
    stack: CliStack, extra_env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``mail-domains heal`` on the stack, with the stale-lock age set to 0 (a killed run's)."""
    env = {**stack.env, "MAIL_DOMAINS_STALE_LOCK_MINUTES": "0", **(extra_env or {})}
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "mail-domains"),
            "heal",
            "--cwd",
            str(stack.project_dir),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def write_killed_state(stack: CliStack, edit: Callable[[dict[str, Any]], None]) -> None:
    """Make the last ``up`` of the stack look killed: its checkpoint edited (``pulumi stack
    import`` would drop every pending operation, and a killed run is exactly what writes them)
    and its history entry removed (a killed run records none)."""
    pulumi_dir = Path(stack.env["PULUMI_BACKEND_URL"].removeprefix("file://")) / ".pulumi"
    (checkpoint,) = (pulumi_dir / "stacks").glob("*/test.json")
    document = json.loads(checkpoint.read_text())
    edit(document["checkpoint"]["latest"])
    checkpoint.write_text(json.dumps(document))
    entries = sorted((pulumi_dir / "history").glob("*/test/test-*.history.json"))
    stamp = entries[-1].name.removesuffix(".history.json")
    for path in entries[-1].parent.glob(f"{stamp}.*"):
        path.unlink()


def as_pending_create(resource: Mapping[str, Any]) -> dict[str, Any]:
    """The pending operation a create of ``resource`` leaves while in flight (no id, no
    outputs, no creation time)."""
    recorded = {k: v for k, v in resource.items() if k not in ("id", "outputs", "created")}
    return {"resource": recorded, "type": "creating"}
