"""Scaleway Mailbox and FullHelp domains, their DNS records in a Cloudflare zone.

Cloudflare takes one ``cloudflare.DnsRecord`` per record: the name fully qualified, TXT text raw
(Cloudflare splits it into 255-byte strings itself), hosts without the trailing dot, the MX
priority in its own field and SRV fields in a ``data`` block.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pulumi
import pulumi_cloudflare as cloudflare

from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import RecordSetKeys, warn_unlisted
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS

Records = pulumi.Output[dict[str, dict[str, Any]]]


def publish(
    records: Records,
    zone_id: pulumi.Input[str],
    record_sets: Iterable[RecordSetKeys],
    prefix: str,
) -> list[cloudflare.DnsRecord]:
    """One Cloudflare record per vendor record, declared at program time from ``records[key]``."""
    published: list[cloudflare.DnsRecord] = []
    for record_set in record_sets:
        for key in record_set.keys:
            record = records[key]
            name = f"{prefix}-{key.replace('_', '-')}"
            common: dict[str, Any] = {
                "zone_id": zone_id,
                # Cloudflare answers with fully qualified names: give it one, or every
                # refresh shows a change.
                "name": record["fqdn"],
                "type": record_set.type,
                "ttl": record["ttl"],
            }
            if record_set.type == "SRV":
                # The priority goes in `data` and, to match what the API reads back, on top.
                resource = cloudflare.DnsRecord(
                    name,
                    priority=record["priority"],
                    data=cloudflare.DnsRecordDataArgs(
                        priority=record["priority"],
                        weight=record["weight"],
                        port=record["port"],
                        target=record["value"],
                    ),
                    **common,
                )
            elif record_set.type == "MX":
                resource = cloudflare.DnsRecord(
                    name, content=record["value"], priority=record["priority"], **common
                )
            else:  # TXT (raw text) and CNAME (host, not proxied)
                resource = cloudflare.DnsRecord(
                    name, content=record["value"], proxied=False, **common
                )
            published.append(resource)
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
