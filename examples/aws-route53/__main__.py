"""Scaleway Mailbox and FullHelp domains, their DNS records in an AWS Route53 hosted zone.

Route53 takes one ``aws.route53.Record`` per name and type (an RRset) whose ``records`` hold the
RDATA: Scaleway's SPF and domain-validation TXT records share the apex, so they are merged into
one record set. MX, SRV and CNAME values are zone-file RDATA (``10 host.``); for TXT, pulumi-aws
puts one pair of quotes around each value itself, so it gets the quoted 255-byte strings without
the outer pair (``first" "second``), which Route53 then serves as the strings ``"first" "second"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pulumi
import pulumi_aws as aws

from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import RecordSetKeys, record_set, warn_unlisted
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS

Records = pulumi.Output[dict[str, dict[str, Any]]]


def route53_value(record: dict[str, Any]) -> str:
    """A record's RDATA as pulumi-aws wants it in ``records``."""
    content = str(record["content"])
    if record["type"] == "TXT":
        return content[1:-1]  # the provider adds the outer quotes back
    return content


def publish(
    records: Records,
    zone_id: pulumi.Input[str],
    record_sets: Iterable[RecordSetKeys],
    prefix: str,
) -> list[aws.route53.Record]:
    """One Route53 record set per name and type, declared at program time from ``records``."""
    published: list[aws.route53.Record] = []
    for keys in record_sets:
        rrset = record_set(records, keys)
        published.append(
            aws.route53.Record(
                f"{prefix}-{keys.slug}",
                zone_id=zone_id,
                name=rrset["fqdn"],
                type=keys.type,
                ttl=rrset["ttl"],
                records=rrset["records"].apply(lambda rs: [route53_value(r) for r in rs]),
            )
        )
    return published


def main() -> None:
    """The program: both domains, their records in the zone, then validation."""
    config = pulumi.Config()
    domain = config.require("domain")
    zone_id = config.require("zoneId")

    mailbox = scaleway.MailboxDomain("mailbox", name=domain)
    helpdesk = fullhelp.Domain("helpdesk", domain=f"support.{domain}", zone=domain)

    mailbox_dns = publish(mailbox.records, zone_id, SCALEWAY_RECORD_SETS, "mailbox")
    helpdesk_dns = publish(helpdesk.records, zone_id, FULLHELP_RECORD_SETS, "helpdesk")

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
