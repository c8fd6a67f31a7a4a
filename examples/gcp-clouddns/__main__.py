"""Scaleway Mailbox and FullHelp domains, their DNS records in a Google Cloud DNS managed zone.

Google takes one ``gcp.dns.RecordSet`` per name and type, named with a trailing dot, whose
``rrdatas`` are zone-file RDATA exactly as ``DnsRecord.content`` has them: TXT quoted and split
into 255-byte strings (``"first" "second"``), ``10 host.``, ``0 1 993 host.``, ``host.``.
Scaleway's SPF and domain-validation TXT records share the apex, so they form one record set,
and with both domains on one name their SPF records become one (``merged_record_sets``,
docs/spf-and-dmarc.md).
"""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import warn_unlisted
from pulumi_mail_domains.dns.sender_record_sets import DomainRecords, merged_record_sets
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS


def publish(
    domains: list[DomainRecords], managed_zone: pulumi.Input[str]
) -> dict[str, list[gcp.dns.RecordSet]]:
    """One Cloud DNS record set per name and type, declared at program time; by the domain
    prefix each serves."""
    served: dict[str, list[gcp.dns.RecordSet]] = {domain.prefix: [] for domain in domains}
    for merged in merged_record_sets(domains):
        rrset = merged.record_set
        record_set = gcp.dns.RecordSet(
            merged.resource_name,
            managed_zone=managed_zone,
            name=pulumi.Output.concat(rrset["fqdn"], "."),
            type=merged.type,
            ttl=rrset["ttl"],
            rrdatas=rrset["contents"],
        )
        for prefix in merged.serves:
            served[prefix].append(record_set)
    return served


def main() -> None:
    """The program: both domains, their records in the zone, then validation."""
    config = pulumi.Config()
    domain = config.require("domain")
    managed_zone = config.require("managedZone")

    helpdesk_name = config.get("helpdeskDomain") or f"support.{domain}"

    mailbox = scaleway.MailboxDomain("mailbox", name=domain)
    helpdesk = fullhelp.Domain("helpdesk", domain=helpdesk_name, zone=domain)

    served = publish(
        [
            DomainRecords("mailbox", "scaleway", domain, mailbox.records),
            DomainRecords("helpdesk", "fullhelp", helpdesk_name, helpdesk.records),
        ],
        managed_zone,
    )

    validation = scaleway.MailboxDomainValidation(
        "mailbox-validation",
        domain_id=mailbox.id,
        triggers=[mailbox.zone_file],
        opts=pulumi.ResourceOptions(depends_on=served["mailbox"]),
    )
    verification = fullhelp.DomainVerification(
        "helpdesk-verification",
        domain_id=helpdesk.id,
        triggers=[helpdesk.zone_file],
        opts=pulumi.ResourceOptions(depends_on=served["helpdesk"]),
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
