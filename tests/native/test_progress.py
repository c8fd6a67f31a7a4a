"""While a verification waits, ``pulumi up`` shows in its row what it waits for.

Real CLI, YAML host, plugin and emulator verifying through DNS queries to a real BIND9, with
nothing published at first: the event log (``--event-log``) must carry the plugin's ephemeral
message for the verification's URN, naming the missing records, soon after its step starts;
publishing some of the records changes the message; publishing the rest ends the wait.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support.bind import BindServer
from support.engine import pulumi_bin_dir
from support.event_log import (
    Event,
    EventLog,
    diagnostic,
    outputs_of,
    outputs_written,
    step_started,
)
from support.mail import unique_label
from support.native import CliStack, CliStackFactory

pytestmark = pytest.mark.dns

ZONE = "example.test"
FIRST_REPORT_SECONDS = 10.0
"""How soon after a verification's step starts its row must say what it waits for."""
RUN_TIMEOUT = 240.0
FH_VERIFICATION = "fullhelp:DomainVerification::helpdesk-verification"
SCW_VALIDATION = "scaleway:MailboxDomainValidation::mailbox-validation"


def program(label: str) -> dict[str, Any]:
    """Two domains and their verifications; no record is published by the program."""
    return {
        "name": "progress",
        "resources": {
            "helpdesk": {
                "type": "mail-domains:fullhelp:Domain",
                "properties": {"domain": f"help.{label}.{ZONE}", "zone": ZONE},
            },
            "helpdesk-verification": {
                "type": "mail-domains:fullhelp:DomainVerification",
                "properties": {"domainId": "${helpdesk.id}", "timeoutSeconds": 180},
            },
            "mailbox": {
                "type": "mail-domains:scaleway:MailboxDomain",
                "properties": {"name": f"{label}.{ZONE}", "zone": ZONE},
            },
            "mailbox-validation": {
                "type": "mail-domains:scaleway:MailboxDomainValidation",
                "properties": {"domainId": "${mailbox.id}", "timeoutSeconds": 180},
            },
        },
    }


def start_up(stack: CliStack, event_log: Path) -> subprocess.Popen[str]:
    """``pulumi up`` in the background, writing its events to ``event_log``."""
    return subprocess.Popen(
        [
            str(pulumi_bin_dir() / "pulumi"),
            *("up", "--yes", "--skip-preview", "--non-interactive", "--color=never"),
            *("--event-log", str(event_log)),
        ],
        cwd=stack.project_dir,
        # The engine only offers --event-log with its debug commands enabled.
        env={**stack.env, "PULUMI_DEBUG_COMMANDS": "true"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def progress_of(urn_suffix: str, *words: str) -> Callable[[Event], bool]:
    """An ephemeral message in the row of the resource whose URN ends with ``urn_suffix``."""

    def matches(event: Event) -> bool:
        found = diagnostic(event)
        message = str(found.get("message", ""))
        return (
            found.get("ephemeral") is True
            and str(found.get("urn", "")).endswith(urn_suffix)
            and message.startswith("waiting for DNS")
            and all(word in message for word in words)
        )

    return matches


def publish(bind_server: BindServer, records: dict[str, Any], keys: list[str]) -> None:
    for key in keys:
        record = records[key]
        bind_server.add(record["zone"], record["name"], record["type"], record["content"])


def test_a_waiting_verification_shows_the_missing_records_in_its_row(
    dns_cli_stack: CliStackFactory, bind_server: BindServer, tmp_path: Path
) -> None:
    stack = dns_cli_stack(program(unique_label("pg")))
    events_path = tmp_path / "events.jsonl"
    up = start_up(stack, events_path)
    try:
        log = EventLog(events_path, up)
        fh_records = outputs_of(log.wait_for(outputs_written("Domain::helpdesk"), **_run("fh")))
        scw_records = outputs_of(log.wait_for(outputs_written("Domain::mailbox"), **_run("scw")))

        fh_step = log.wait_for(step_started(FH_VERIFICATION), **_run("the verification's step"))
        first = log.wait_for(
            progress_of(FH_VERIFICATION, "dkim, return_path, spf missing"),
            timeout=FIRST_REPORT_SECONDS,
            what="the verification's progress naming its missing records",
        )
        first_report = log.seconds_between(fh_step, first)
        assert diagnostic(first)["severity"] == "info"

        scw_step = log.wait_for(step_started(SCW_VALIDATION), **_run("the validation's step"))
        scw_first = log.wait_for(
            progress_of(SCW_VALIDATION),
            timeout=FIRST_REPORT_SECONDS,
            what="the validation's progress",
        )
        scw_report = log.seconds_between(scw_step, scw_first)

        # Some records published: the row names only the others once a poll sees them.
        publish(bind_server, fh_records["records"], ["dkim"])
        log.wait_for(
            progress_of(FH_VERIFICATION, ": return_path, spf missing"), **_run("the new news")
        )
        log.wait_for(
            progress_of(SCW_VALIDATION, "dkim", "domain_validation", "missing"),
            **_run("the validation naming its missing records"),
        )
        publish(bind_server, fh_records["records"], ["spf", "return_path"])
        publish(
            bind_server,
            scw_records["records"],
            ["domain_validation", "spf", "dkim", "dmarc", "mx"],
        )
        output, _ = up.communicate(timeout=RUN_TIMEOUT)
    finally:
        if up.poll() is None:
            up.kill()
            up.communicate()
    stack.log.append(output)
    assert up.returncode == 0, output[-4000:]
    print(
        f"first progress event after the step started: FullHelp {first_report:.2f} s, "
        f"Scaleway {scw_report:.2f} s"
    )
    # The row's messages are ephemeral: none of them is left among the run's diagnostics.
    diagnostics = output.partition("Diagnostics:")[2]
    assert "waiting for DNS" not in diagnostics
    stack.preview(expect_no_changes=True)


def _run(what: str) -> dict[str, Any]:
    """Bounds for events that come as the run goes (slower under load than the first report)."""
    return {"timeout": RUN_TIMEOUT, "what": what}
