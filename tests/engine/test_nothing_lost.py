"""Nothing is lost through the real engine: a wrong API URL fails refresh and destroy loudly,
and the numbers a program reads are integers.

One stack holds a Scaleway MailboxDomain and a FullHelp Domain. Pointed at a path the emulator
does not serve (a plain 404, as any web server or proxy answers), refresh and destroy must fail
and leave both the state and the vendor untouched; pointed back, everything is found and
cleaned up.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_mail_domains import fullhelp, scaleway
from support.emulator import Emulator
from support.engine import StackFactory, StackRun
from support.mail import fullhelp_domains, scaleway_domains

NAME = "kept.example.test"
DOMAIN_TYPES = ("scaleway:MailboxDomain", "fullhelp:Domain")


def program() -> None:
    scw = scaleway.MailboxDomain("scw", name=NAME)
    fh = fullhelp.Domain("fh", domain=NAME)
    verification = fullhelp.DomainVerification(
        "fh-verification", domain_id=fh.id, timeout_seconds=30
    )
    pulumi.export("ids", [scw.id, fh.id])

    def type_names(values: list[Any]) -> list[str]:
        return [type(value).__name__ for value in values]

    # What the program itself receives, before any JSON round trip of the stack outputs.
    mx, imap = scw.records["mx"], scw.records["imap"]
    pulumi.export(
        "program_types",
        pulumi.Output.all(
            scw.mailbox_total_count,
            fh.account_id,
            mx["priority"],
            mx["ttl"],
            imap["priority"],
            imap["weight"],
            imap["port"],
            fh.records["dkim"]["ttl"],
            scw.dns_records[0]["ttl"],
            verification.domain_id,
            verification.account_id,
        ).apply(type_names),
    )


def live_ids(emu: Emulator) -> set[str]:
    return {d.id for d in scaleway_domains(emu)} | {str(d.id) for d in fullhelp_domains(emu)}


def state_ids(run: StackRun) -> set[str]:
    return {str(r["id"]) for t in DOMAIN_TYPES for r in run.resources(t)}


def point_at(run: StackRun, env: dict[str, str]) -> None:
    """Change the provider URLs the next engine command (and its provider plugins) sees."""
    workspace = run.stack.workspace
    workspace.env_vars = {**workspace.env_vars, **env}


def test_a_wrong_api_url_never_drops_or_orphans_a_domain(
    make_stack: StackFactory, emu: Emulator
) -> None:
    run = make_stack(program)
    run.up()
    ids = set(run.outputs()["ids"])
    assert len(ids) == 2 and live_ids(emu) == ids and state_ids(run) == ids

    wrong = f"{emu.url}/no-such-api"
    point_at(run, {"SCW_API_URL": wrong, "FULLHELP_URL": wrong})
    for operation in (run.refresh, run.destroy):
        with pytest.raises(auto.CommandError) as failed:
            operation()
        text = str(failed.value)
        assert "/no-such-api/" in text, text  # the error names the URL it got a 404 from
        assert state_ids(run) == ids, f"{operation.__name__} dropped a domain from the state"
        assert live_ids(emu) == ids, f"{operation.__name__} deleted a domain"
        if operation == run.refresh:
            assert len(run.resources("fullhelp:DomainVerification")) == 1
    # The failed destroy may have removed the verification first: it is no vendor object.

    point_at(run, emu.provider_env())
    refresh = run.refresh()
    assert refresh.summary.resource_changes == {"same": len(run.resources()) - 1}
    assert state_ids(run) == ids
    run.destroy()
    assert live_ids(emu) == set() and run.resources() == []


def test_integer_outputs_reach_the_program_as_int(make_stack: StackFactory, emu: Emulator) -> None:
    run = make_stack(program)
    run.up()
    # SRV weight is 0 for imap; MX/SRV priorities, ports and TTLs, counts and ids: all int.
    assert run.outputs()["program_types"] == ["int"] * 11
