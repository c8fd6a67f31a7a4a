"""A ``pulumi up`` SIGKILLed halfway through 24 creates heals: ``mail-domains heal``, then
``pulumi up``, leaves exactly one vendor domain per resource, a clean refresh-preview, and a
destroy that leaves nothing; the plugins of the killed engine are gone within 10 s.

Each front end runs ``MAIL_DOMAINS_KILL_RUNS`` times (2 by default; 10 for the figures in the
README). A run is killed right after the k-th create request reached the vendor, k drawn at
random (seeded, printed), so kills land at every stage: before any domain is recorded, with
Scaleway domains in their creating phase, with most of them done.
"""

from __future__ import annotations

import os
import random
import signal
from pathlib import Path
from typing import Any

import pytest

from support.emulator import Emulator
from support.interrupts import alive, heal, plugin_children, signal_group, start_up, wait_until
from support.mail import fullhelp_domains, scaleway_domains
from support.native import CliStack, new_cli_stack

RUNS = int(os.environ.get("MAIL_DOMAINS_KILL_RUNS", "2"))
SEED = int(os.environ.get("MAIL_DOMAINS_KILL_SEED", "19"))
PER_VENDOR = 12
ZONE = "kill.test"
SCW_NAMES = [f"k{i}.{ZONE}" for i in range(PER_VENDOR)]
FH_NAMES = [f"send.k{i}.{ZONE}" for i in range(PER_VENDOR)]

YAML_PROGRAM: dict[str, Any] = {
    "name": "killed-yaml",
    "runtime": "yaml",
    "resources": {
        **{
            f"scw-{i}": {"type": "mail-domains:scaleway:MailboxDomain", "properties": {"name": n}}
            for i, n in enumerate(SCW_NAMES)
        },
        **{
            f"fh-{i}": {"type": "mail-domains:fullhelp:Domain", "properties": {"domain": n}}
            for i, n in enumerate(FH_NAMES)
        },
    },
}
PYTHON_PROGRAM = f"""
from pulumi_mail_domains import fullhelp, scaleway

for i, name in enumerate({SCW_NAMES!r}):
    scaleway.MailboxDomain(f"scw-{{i}}", name=name)
for i, name in enumerate({FH_NAMES!r}):
    fullhelp.Domain(f"fh-{{i}}", domain=name)
"""


def _stack(front_end: str, emu: Emulator, workdir: Path) -> CliStack:
    if front_end == "yaml":
        return new_cli_stack(YAML_PROGRAM, workdir, env=emu.provider_env())
    stack = new_cli_stack(
        {"name": "killed-python", "runtime": "python"}, workdir, env=emu.provider_env()
    )
    (stack.project_dir / "__main__.py").write_text(PYTHON_PROGRAM)
    return stack


def _creates(emu: Emulator, since: int) -> int:
    return sum(
        1
        for r in emu.requests()[since:]
        if r["method"] == "POST" and r["path"].rstrip("/").endswith("/domains")
    )


def _kill_after_creates(stack: CliStack, emu: Emulator, creates: int, log: Path) -> set[int]:
    """Start ``up``, SIGKILL its process group once ``creates`` creates reached the vendor;
    the plugins the engine had started."""
    since = len(emu.requests())
    process = start_up(stack, log)
    plugins: set[int] = set()

    def reached() -> bool:
        plugins.update(plugin_children(process.pid))
        return _creates(emu, since) >= creates or process.poll() is not None

    wait_until(reached, 120, f"{creates} creates")
    signal_group(process, signal.SIGKILL)
    process.wait(timeout=10)
    return plugins


def _assert_one_vendor_domain_per_resource(stack: CliStack, emu: Emulator) -> None:
    scw, fh = scaleway_domains(emu), fullhelp_domains(emu)
    assert sorted(d.name for d in scw) == sorted(SCW_NAMES)
    assert sorted(d.domain for d in fh) == sorted(FH_NAMES)
    in_state = {r["id"] for r in stack.export()["deployment"]["resources"] if r.get("custom")}
    assert {d.id for d in scw} | {str(d.id) for d in fh} <= in_state


@pytest.mark.engine
@pytest.mark.parametrize("front_end", ["yaml", "python"])
def test_a_killed_up_heals_every_time(
    front_end: str, slow_emu: Emulator, pulumi_engine: Path, tmp_path: Path
) -> None:
    stack = _stack(front_end, slow_emu, tmp_path / front_end)
    rng = random.Random(f"{SEED}-{front_end}")
    report = []
    for run in range(RUNS):
        creates = rng.randint(1, 2 * PER_VENDOR)
        plugins = _kill_after_creates(stack, slow_emu, creates, tmp_path / f"up-{run}.log")
        # Nothing reads the state before heal: a kill can leave it unreadable to the CLI
        # (an empty metadata file of the file backend), which heal repairs.
        assert plugins, "the engine started no plugin before the kill"

        def exited(pids: set[int] = plugins) -> bool:
            return not any(alive(pid) for pid in pids)

        wait_until(exited, 10, "plugins exit")

        healed = heal(stack)
        assert healed.returncode == 0, healed.stderr
        assert not stack.export()["deployment"].get("pending_operations")
        stack.up()
        _assert_one_vendor_domain_per_resource(stack, slow_emu)
        stack.preview("--refresh", expect_no_changes=True)
        stack.destroy()
        assert scaleway_domains(slow_emu) == [] and fullhelp_domains(slow_emu) == []
        found = healed.stderr.count("added to the state")
        cleared = healed.stderr.count("pending create cleared")
        repaired = "; state repaired" if "empty metadata file" in healed.stderr else ""
        report.append(
            f"run {run}: killed after {creates} creates: {found} found, {cleared} cleared{repaired}"
        )
    print(f"\n{front_end}: " + "\n".join(report))
