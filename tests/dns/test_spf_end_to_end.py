"""A Scaleway Mailbox domain and a FullHelp domain on one name, through the real engine.

BIND9 serves the shared zone and, as extra zones, the vendors' own ``spf.mailbox.scw.eu`` and
``spf.fullhelp.com`` with test networks; the emulator verifies by querying that BIND9. The
program publishes the two domains' record sets with :func:`merged_record_sets`: the name gets
exactly one SPF record, both vendors verify it, and pyspf (a PyPI SPF evaluator, asking the same
BIND9 through dnspython) passes an address of each vendor's network and of the user's own, and
fails one of none.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import dns.resolver
import pulumi
import pytest
import spf  # type: ignore[import-untyped]

from pulumi_mail_domains import dns as mail_dns
from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.dns.sender_record_sets import DomainRecords, merged_record_sets
from support.bind import BindServer, running_bind
from support.emulator import FAST_LIFECYCLE, Emulator, EmulatorPool
from support.engine import new_stack

pytestmark = [pytest.mark.engine, pytest.mark.dns]

ZONE = "senders.test"
SCALEWAY_NETWORK, SCALEWAY_HOST = "192.0.2.0/25", "192.0.2.10"
FULLHELP_NETWORK, FULLHELP_HOST = "203.0.113.0/25", "203.0.113.20"
OWN_NETWORK, OWN_HOST = "198.51.100.0/24", "198.51.100.30"
STRANGER = "192.0.2.200"
"""In none of the networks (the upper half of Scaleway's test /24)."""


@pytest.fixture(scope="module")
def sender_bind() -> Iterator[BindServer]:
    """BIND9 for the shared zone and the vendors' SPF zones (their includes resolve here)."""
    with running_bind((ZONE, "spf.mailbox.scw.eu", "spf.fullhelp.com")) as server:
        server.add("spf.mailbox.scw.eu", "@", "TXT", f'"v=spf1 ip4:{SCALEWAY_NETWORK} -all"')
        server.add("spf.fullhelp.com", "@", "TXT", f'"v=spf1 ip4:{FULLHELP_NETWORK} -all"')
        yield server


@pytest.fixture
def sender_emulator(emulators: EmulatorPool, sender_bind: BindServer) -> Emulator:
    return emulators.get(*FAST_LIFECYCLE, dns_server=sender_bind.address)


def evaluate(bind: BindServer, address: str) -> str:
    """pyspf's verdict for mail from ``address`` as ``someone@ZONE``, asking ``bind``."""
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [bind.host]
    resolver.port = bind.port
    previous, dns.resolver.default_resolver = dns.resolver.default_resolver, resolver
    try:
        result, _explanation = spf.check2(i=address, s=f"someone@{ZONE}", h=f"mail.{ZONE}")
    finally:
        dns.resolver.default_resolver = previous
    return str(result)


def test_one_spf_record_both_vendors_verify_and_pyspf_agrees(
    pulumi_engine: Path, sender_emulator: Emulator, sender_bind: BindServer, tmp_path: Path
) -> None:
    def program() -> None:
        mailbox = scaleway.MailboxDomain("mailbox", name=ZONE)
        helpdesk = fullhelp.Domain("helpdesk", domain=ZONE)
        record_sets = merged_record_sets(
            [
                DomainRecords("mailbox", "scaleway", ZONE, mailbox.records),
                DomainRecords("helpdesk", "fullhelp", ZONE, helpdesk.records),
            ],
            spf={ZONE: [f"ip4:{OWN_NETWORK}"]},
        )
        published = [
            mail_dns.RecordSet(
                merged.resource_name,
                zone=merged.record_set["zone"],
                name=merged.record_set["name"],
                type=merged.type,
                values=merged.record_set["contents"],
                ttl=merged.record_set["ttl"],
                server=sender_bind.address,
                tsig_key_name=sender_bind.tsig_name,
            )
            for merged in record_sets
        ]
        after = pulumi.ResourceOptions(depends_on=published)
        validation = scaleway.MailboxDomainValidation(
            "mailbox-validation", domain_id=mailbox.id, timeout_seconds=60, opts=after
        )
        verification = fullhelp.DomainVerification(
            "helpdesk-verification", domain_id=helpdesk.id, timeout_seconds=60, opts=after
        )
        pulumi.export("validated", validation.validated)
        pulumi.export("verified", verification.verified)
        pulumi.export("record_sets", [merged.resource_name for merged in record_sets])

    env = {**sender_emulator.provider_env(), "DNS_TSIG_SECRET": sender_bind.tsig_secret}
    stack = new_stack(program, tmp_path / "state", env=env)
    try:
        started = time.monotonic()
        stack.up()
        print(f"up: {time.monotonic() - started:.1f} s")
        outputs = stack.outputs()
        assert outputs["validated"] is True
        assert outputs["verified"] is True
        # FullHelp's apex TXT set was merged into Scaleway's: one resource for the name.
        assert "helpdesk-spf" not in outputs["record_sets"]
        assert "mailbox-domain-validation-spf" in outputs["record_sets"]

        texts = [
            b"".join(rdata.strings).decode()
            for rdata in sender_bind.query_rrset(f"{ZONE}.", "TXT")[1]
        ]
        spf_records = [text for text in texts if text.startswith("v=spf1")]
        assert spf_records == [
            f"v=spf1 include:spf.mailbox.scw.eu include:spf.fullhelp.com ip4:{OWN_NETWORK} -all"
        ]
        assert any(text.startswith("scaleway-mailbox=") for text in texts)

        verdicts = {
            address: evaluate(sender_bind, address)
            for address in (SCALEWAY_HOST, FULLHELP_HOST, OWN_HOST, STRANGER)
        }
        print(f"pyspf: {verdicts}")
        assert verdicts == {
            SCALEWAY_HOST: "pass",
            FULLHELP_HOST: "pass",
            OWN_HOST: "pass",
            STRANGER: "fail",  # -all: Scaleway's qualifier, the strictest of the two
        }
        stack.preview(expect_no_changes=True)
    finally:
        stack.destroy()
    assert sender_bind.query(f"{ZONE}.", "TXT") == []
