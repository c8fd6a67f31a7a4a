"""Scaleway Mailbox and FullHelp domains, their DNS records in a Google Cloud DNS managed zone.

Google takes one ``gcp.dns.RecordSet`` per name and type, named with a trailing dot, whose
``rrdatas`` are zone-file RDATA exactly as ``DnsRecord.content`` has them: TXT quoted and split
into 255-byte strings (``"first" "second"``), ``10 host.``, ``0 1 993 host.``, ``host.``.
Scaleway's SPF and domain-validation TXT records share the apex, so they form one record set.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pulumi
import pulumi_gcp as gcp

from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import RecordSetKeys, record_set, warn_unlisted
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS

Records = pulumi.Output[dict[str, dict[str, Any]]]


def publish(
    records: Records,
    managed_zone: pulumi.Input[str],
    record_sets: Iterable[RecordSetKeys],
    prefix: str,
) -> list[gcp.dns.RecordSet]:
    """One Cloud DNS record set per name and type, declared at program time from ``records``."""
    published: list[gcp.dns.RecordSet] = []
    for keys in record_sets:
        rrset = record_set(records, keys)
        published.append(
            gcp.dns.RecordSet(
                f"{prefix}-{keys.slug}",
                managed_zone=managed_zone,
                name=pulumi.Output.concat(rrset["fqdn"], "."),
                type=keys.type,
                ttl=rrset["ttl"],
                rrdatas=rrset["contents"],
            )
        )
    return published


def main() -> None:
    """The program: both domains, their records in the zone, then validation."""
    config = pulumi.Config()
    domain = config.require("domain")
    managed_zone = config.require("managedZone")

    mailbox = scaleway.MailboxDomain("mailbox", name=domain)
    helpdesk = fullhelp.Domain("helpdesk", domain=f"support.{domain}", zone=domain)

    mailbox_dns = publish(mailbox.records, managed_zone, SCALEWAY_RECORD_SETS, "mailbox")
    helpdesk_dns = publish(helpdesk.records, managed_zone, FULLHELP_RECORD_SETS, "helpdesk")

    validation = scaleway.MailboxDomainValidation(
        "mailbox-validation",
        domain_id=mailbox.id,
        triggers=[mailbox.zone_file],
        opts=pulumi.ResourceOptions(depends_on=mailbox_dns),
    )
    verification = fullhelp.DomainVerification(
        "helpdesk-verification",
        domain_id=helpdesk.id,
        triggers=[helpdesk.zone_file],
        opts=pulumi.ResourceOptions(depends_on=helpdesk_dns),
    )

    pulumi.export("mailbox_validated", validation.validated)
    pulumi.export("helpdesk_verified", verification.verified)
    pulumi.export(
        "unpublished_records",
        {
            "mailbox": warn_unlisted(mailbox.records, SCALEWAY_RECORD_SETS, "mailbox"),
            "helpdesk": warn_unlisted(helpdesk.records, FULLHELP_RECORD_SETS, "helpdesk"),
        },
    )


if __name__ == "__main__":
    main()
