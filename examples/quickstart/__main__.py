"""Quickstart: two mail domains, their records in a DNS zone, and verification that waits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pulumi

from pulumi_mail_domains import dns, fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import RecordSetKeys, record_set
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS

config = pulumi.Config()
zone = config.get("zone") or "quickstart.test"
dns_server = config.get("dnsServer") or ""
tsig_key_name = config.get("tsigKeyName") or ""


def publish(
    prefix: str, records: pulumi.Output[dict[str, dict[str, Any]]], sets: Iterable[RecordSetKeys]
) -> list[pulumi.Resource]:
    """One dns.RecordSet per name and type, declared at program time (the keys are known)."""
    published: list[pulumi.Resource] = []
    for keys in sets:
        rrset = record_set(records, keys)
        published.append(
            dns.RecordSet(
                f"{prefix}-{keys.slug}",
                zone=rrset["zone"],
                name=rrset["name"],
                type=keys.type,
                values=rrset["contents"],
                ttl=rrset["ttl"],
                server=dns_server,
                tsig_key_name=tsig_key_name,
            )
        )
    return published


mailbox = scaleway.MailboxDomain("mailbox", name=zone)
helpdesk = fullhelp.Domain("helpdesk", domain=f"support.{zone}", zone=zone)

mailbox_records: list[pulumi.Resource] = []
helpdesk_records: list[pulumi.Resource] = []
if dns_server:
    mailbox_records = publish("mailbox", mailbox.records, SCALEWAY_RECORD_SETS)
    helpdesk_records = publish("helpdesk", helpdesk.records, FULLHELP_RECORD_SETS)

validation = scaleway.MailboxDomainValidation(
    "mailbox-validation",
    domain_id=mailbox.id,
    timeout_seconds=120,
    opts=pulumi.ResourceOptions(depends_on=mailbox_records),
)
verification = fullhelp.DomainVerification(
    "helpdesk-verification",
    domain_id=helpdesk.id,
    timeout_seconds=120,
    opts=pulumi.ResourceOptions(depends_on=helpdesk_records),
)

pulumi.export("mailbox_domain", mailbox.name)
pulumi.export("mailbox_records", mailbox.dns_records)
pulumi.export("mailbox_validated", validation.validated)
pulumi.export("helpdesk_domain", helpdesk.domain)
pulumi.export("helpdesk_records", helpdesk.dns_records)
pulumi.export("helpdesk_verified", verification.verified)
pulumi.export("zone_file", pulumi.Output.concat(mailbox.zone_file, helpdesk.zone_file))
