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
from pathlib import Path

import pulumi
import pytest

from pulumi_mail_domains import dns as mail_dns
from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.dns.sender_record_sets import DomainRecords, merged_record_sets
from support.bind import BindServer
from support.emulator import Emulator
from support.engine import new_stack
from support.senders import (
    FULLHELP_HOST,
    OWN_HOST,
    OWN_NETWORK,
    SCALEWAY_HOST,
    STRANGER,
    ZONE,
    evaluate,
    spf_records,
)

pytestmark = [pytest.mark.engine, pytest.mark.dns]


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

        assert spf_records(sender_bind) == [
            f"v=spf1 include:spf.mailbox.scw.eu include:spf.fullhelp.com ip4:{OWN_NETWORK} -all"
        ]
        assert any("scaleway-mailbox=" in text for text in sender_bind.query(f"{ZONE}.", "TXT"))

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
