"""Scaleway Mailbox and FullHelp domains, their DNS records in an AWS Route53 hosted zone.

Route53 takes one ``aws.route53.Record`` per name and type (an RRset) whose ``records`` hold the
RDATA: Scaleway's SPF and domain-validation TXT records share the apex, so they are merged into
one record set, and with both domains on one name their SPF records become one
(``merged_record_sets``, docs/spf-and-dmarc.md). MX, SRV and CNAME values are zone-file RDATA
(``10 host.``); for TXT, pulumi-aws puts one pair of quotes around each value itself, so it gets
the quoted 255-byte strings without the outer pair (``first" "second``), which Route53 then
serves as the strings ``"first" "second"``.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import warn_unlisted
from pulumi_mail_domains.dns.sender_record_sets import DomainRecords, merged_record_sets
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS


def route53_value(record: dict[str, Any]) -> str:
    """A record's RDATA as pulumi-aws wants it in ``records``."""
    content = str(record["content"])
    if record["type"] == "TXT":
        return content[1:-1]  # the provider adds the outer quotes back
    return content


def publish(
    domains: list[DomainRecords], zone_id: pulumi.Input[str]
) -> dict[str, list[aws.route53.Record]]:
    """One Route53 record set per name and type, declared at program time; by the domain prefix
    each serves."""
    served: dict[str, list[aws.route53.Record]] = {domain.prefix: [] for domain in domains}
    for merged in merged_record_sets(domains):
        rrset = merged.record_set
        record = aws.route53.Record(
            merged.resource_name,
            zone_id=zone_id,
            name=rrset["fqdn"],
            type=merged.type,
            ttl=rrset["ttl"],
            records=rrset["records"].apply(lambda rs: [route53_value(r) for r in rs]),
        )
        for prefix in merged.serves:
            served[prefix].append(record)
    return served


def main() -> None:
    """The program: both domains, their records in the zone, then validation."""
    config = pulumi.Config()
    domain = config.require("domain")
    zone_id = config.require("zoneId")

    helpdesk_name = config.get("helpdeskDomain") or f"support.{domain}"

    mailbox = scaleway.MailboxDomain("mailbox", name=domain)
    helpdesk = fullhelp.Domain("helpdesk", domain=helpdesk_name, zone=domain)

    served = publish(
        [
            DomainRecords("mailbox", "scaleway", domain, mailbox.records),
            DomainRecords("helpdesk", "fullhelp", helpdesk_name, helpdesk.records),
        ],
        zone_id,
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
