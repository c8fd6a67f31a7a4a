"""Ctrl-C (SIGINT to the whole process group, as a terminal or a CI runner sends it) while
verifications wait up to their 600 s timeout: the CLI exits within seconds, the state holds no
pending operation, and the next ``up`` converges."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

import yaml

from support.bind import BindServer
from support.emulator import Emulator
from support.interrupts import signal_group, start_up, wait_until
from support.native import CliStackFactory

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "yaml-quickstart" / "Pulumi.yaml"
ZONE = "quickstart.test"
PROJECT = "mail-domains-yaml-quickstart"
EXIT_BOUND_SECONDS = 15


def _without_record_sets(program: dict[str, Any]) -> dict[str, Any]:
    """The quickstart with nothing published: its verifications wait until their timeout."""
    resources = {
        name: resource
        for name, resource in program["resources"].items()
        if resource["type"] != "mail-domains:dns:RecordSet"
    }
    for resource in resources.values():
        resource.pop("options", None)
        if "timeoutSeconds" in resource.get("properties", {}):
            resource["properties"]["timeoutSeconds"] = 600
    return {**program, "resources": resources, "outputs": {}}


def test_sigint_during_600_s_verifications_exits_promptly_and_the_next_up_converges(
    dns_cli_stack: CliStackFactory, dns_emu: Emulator, bind_server: BindServer, tmp_path: Path
) -> None:
    quickstart = yaml.safe_load(EXAMPLE.read_text())
    stack = dns_cli_stack(
        _without_record_sets(quickstart),
        config=[
            (f"{PROJECT}:zone", ZONE, False),
            (f"{PROJECT}:dnsServer", bind_server.address, False),
            (f"{PROJECT}:tsigKeyName", bind_server.tsig_name, False),
            ("mail-domains:dnsTsigSecret", bind_server.tsig_secret, True),
        ],
    )
    process = start_up(stack, tmp_path / "up.log")

    def both_waiting() -> bool:
        paths = [r["path"] for r in dns_emu.requests()]
        return any(p.endswith("/validate-records") for p in paths) and any(
            p.endswith("/verify-dns") for p in paths
        )

    wait_until(both_waiting, 60, "both verifications waiting")
    interrupted = time.monotonic()
    signal_group(process, signal.SIGINT)
    process.wait(timeout=60)
    took = time.monotonic() - interrupted
    log = (tmp_path / "up.log").read_text()
    assert took <= EXIT_BOUND_SECONDS, f"the CLI took {took:.1f} s to exit:\n{log[-3000:]}"
    print(f"\nSIGINT to exit: {took:.1f} s")

    deployment = stack.export()["deployment"]
    assert not deployment.get("pending_operations"), deployment.get("pending_operations")
    recorded = {r["type"] for r in deployment.get("resources") or []}
    assert {"mail-domains:scaleway:MailboxDomain", "mail-domains:fullhelp:Domain"} <= recorded

    stack.write_program(quickstart)
    stack.up()
    outputs = stack.outputs()
    assert outputs["mailboxValidated"] is True and outputs["helpdeskVerified"] is True
    stack.preview(expect_no_changes=True)
