"""Verification that waits, against an emulator that checks records with real DNS queries.

The emulator runs in ``--dns-server`` mode against the session's BIND9, so a record counts
only once it is really served. Two ways of publishing are covered: ``dns.RecordSet``
resources declared at program time from ``records[key]`` (the product's pattern, with the
verification ``depends_on`` them), and records pushed into BIND by the test from the outputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_mail_domains import dns, fullhelp, scaleway
from support.bind import BindServer
from support.emulator import FAST_LIFECYCLE, Emulator, EmulatorPool
from support.engine import StackFactory, StackRun
from support.mail import unique_label

pytestmark = pytest.mark.dns

ZONE = "example.test"
# Record sets: records sharing a name and type (Scaleway's SPF and ownership token, both TXT
# at the apex) go into one set. Only the records verification needs are published.
SCALEWAY_SETS = [("spf", "domain_validation"), ("dkim",), ("dmarc",), ("mx",)]
FULLHELP_SETS = [("dkim",), ("spf",), ("return_path",)]
# A record named in a failure message: "  - key: fqdn TYPE content (status: ...)".
BLAMED = re.compile(r"- (\w+): (\S+) (?:TXT|CNAME|MX|SRV) ")


@pytest.fixture
def dns_emulator(emulators: EmulatorPool, bind_server: BindServer) -> Emulator:
    return emulators.get(*FAST_LIFECYCLE, dns_server=bind_server.address)


@pytest.fixture
def dns_env(dns_emulator: Emulator, bind_server: BindServer) -> dict[str, str]:
    return {**dns_emulator.provider_env(), "DNS_TSIG_SECRET": bind_server.tsig_secret}


def publish(
    prefix: str,
    records: pulumi.Output[dict[str, dict[str, Any]]],
    groups: Sequence[tuple[str, ...]],
    bind_server: BindServer,
) -> list[pulumi.Resource]:
    """One RecordSet per group of keys, from ``records[key]`` at program time (no apply)."""
    return [
        dns.RecordSet(
            f"{prefix}-{'-'.join(keys)}",
            zone=records[keys[0]]["zone"],
            name=records[keys[0]]["name"],
            type=records[keys[0]]["type"],
            values=[records[key]["content"] for key in keys],
            ttl=records[keys[0]]["ttl"],
            server=bind_server.address,
            tsig_key_name=bind_server.tsig_name,
        )
        for keys in groups
    ]


def calls(emu: Emulator, suffix: str) -> list[dict[str, Any]]:
    return [r for r in emu.api_requests() if r["path"].endswith(suffix)]


def test_record_sets_then_verification_succeeds(
    make_stack: StackFactory,
    dns_env: dict[str, str],
    dns_emulator: Emulator,
    bind_server: BindServer,
) -> None:
    label = unique_label("rs")
    scw_name, fh_name = f"{label}.{ZONE}", f"help.{label}.{ZONE}"

    def program() -> None:
        scw = scaleway.MailboxDomain("scw", name=scw_name, zone=ZONE)
        fh = fullhelp.Domain("fh", domain=fh_name, zone=ZONE)
        validation = scaleway.MailboxDomainValidation(
            "scw-validation",
            domain_id=scw.id,
            timeout_seconds=60,
            opts=pulumi.ResourceOptions(
                depends_on=publish("scw", scw.records, SCALEWAY_SETS, bind_server)
            ),
        )
        verification = fullhelp.DomainVerification(
            "fh-verification",
            domain_id=fh.id,
            account_id=1,
            timeout_seconds=60,
            opts=pulumi.ResourceOptions(
                depends_on=publish("fh", fh.records, FULLHELP_SETS, bind_server)
            ),
        )
        pulumi.export("scw_records", scw.records)
        pulumi.export("fh_records", fh.records)
        pulumi.export("validated", validation.validated)
        pulumi.export("validation_status", validation.status)
        pulumi.export("validated_at", validation.validated_at)
        pulumi.export("verified", verification.verified)
        pulumi.export("verified_at", verification.verified_at)
        pulumi.export("unverified", verification.unverified)
        pulumi.export("verification_id", verification.id)

    run = make_stack(program, env=dns_env)
    up = run.up()
    assert up.summary.resource_changes == {"create": 12}
    out = run.outputs()
    assert out["validated"] is True and out["validation_status"] == "ready"
    assert out["verified"] is True and out["unverified"] == []
    assert out["validated_at"] and out["verified_at"]
    assert out["verification_id"].isdigit()

    # The records really are in the zone, exactly as the outputs describe them.
    for key in ("dkim", "dmarc"):
        record = out["scw_records"][key]
        (served,) = bind_server.query(record["fqdn"], "TXT")
        assert served == record["content"]
    assert bind_server.query(out["scw_records"]["mx"]["fqdn"], "MX") == ["10 smtp.mailbox.scw.eu."]
    return_path = out["fh_records"]["return_path"]
    assert bind_server.query(return_path["fqdn"], "CNAME") == [return_path["content"]]

    # depends_on held: the records were served before the first check, which succeeded.
    assert len(calls(dns_emulator, "/validate-records")) == 1
    assert len(calls(dns_emulator, "/verify-dns")) == 1

    assert run.preview().change_summary == {"same": 12}
    run.destroy()
    assert bind_server.query(out["scw_records"]["dmarc"]["fqdn"], "TXT") == []


def verifying_program(scw_name: str, fh_name: str, *, timeout: float | None) -> Callable[[], None]:
    """The domains, and (with a timeout) their validation and verification."""

    def program() -> None:
        scw = scaleway.MailboxDomain("scw", name=scw_name, zone=ZONE)
        fh = fullhelp.Domain("fh", domain=fh_name, zone=ZONE)
        pulumi.export("scw_records", scw.records)
        pulumi.export("fh_records", fh.records)
        if timeout is None:
            return
        validation = scaleway.MailboxDomainValidation(
            "scw-validation", domain_id=scw.id, timeout_seconds=timeout
        )
        verification = fullhelp.DomainVerification(
            "fh-verification", domain_id=fh.id, timeout_seconds=timeout
        )
        pulumi.export("validated", validation.validated)
        pulumi.export("verified", verification.verified)

    return program


def add(bind_server: BindServer, record: dict[str, Any]) -> None:
    bind_server.add(record["zone"], record["name"], record["type"], record["content"])


def test_verification_times_out_naming_the_missing_record(
    make_stack: StackFactory, dns_env: dict[str, str], bind_server: BindServer
) -> None:
    label = unique_label("to")
    scw_name, fh_name = f"{label}.{ZONE}", f"help.{label}.{ZONE}"
    run: StackRun = make_stack(verifying_program(scw_name, fh_name, timeout=None), env=dns_env)
    run.up()
    out = run.outputs()
    scw, fh = out["scw_records"], out["fh_records"]

    # Publish from the outputs, leaving out one required record of each vendor.
    for key in ("domain_validation", "spf", "dkim", "mx"):
        add(bind_server, scw[key])
    for key in ("dkim", "spf"):
        add(bind_server, fh[key])

    run.set_program(verifying_program(scw_name, fh_name, timeout=5))
    with pytest.raises(auto.CommandError) as timed_out:
        run.up(continue_on_error=True)
    text = str(timed_out.value)
    dmarc, return_path = scw["dmarc"], fh["return_path"]
    assert f"Scaleway domain {scw_name}" in text and "not ready after 5 s" in text
    assert (
        f"dmarc: {dmarc['fqdn']} TXT {dmarc['content']} (status: not_found, "
        f"error: no TXT record found at {dmarc['fqdn']}"
    ) in text
    assert f"FullHelp domain {fh_name}" in text and "not verified after 5 s" in text
    assert (
        f"return_path: {return_path['fqdn']} CNAME {return_path['content']} (status: unverified)"
    ) in text
    # Only the missing records are blamed.
    blamed = set(BLAMED.findall(text))
    assert blamed == {("dmarc", dmarc["fqdn"]), ("return_path", return_path["fqdn"])}, blamed
    assert run.resources("Validation") == [] and run.resources("Verification") == []

    # Publish the missing records: the same program now succeeds.
    add(bind_server, dmarc)
    add(bind_server, return_path)
    assert run.up().summary.resource_changes == {"create": 2, "same": 3}
    final = run.outputs()
    assert final["validated"] is True and final["verified"] is True
