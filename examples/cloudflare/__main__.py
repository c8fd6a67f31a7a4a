"""Scaleway Mailbox and FullHelp domains, their DNS records in a Cloudflare zone.

Cloudflare takes one ``cloudflare.DnsRecord`` per record: the name fully qualified, TXT text raw
(Cloudflare splits it into 255-byte strings itself), hosts without the trailing dot, the MX
priority in its own field and SRV fields in a ``data`` block. With both domains on one name their
SPF records become one (``merged_record_sets``, docs/spf-and-dmarc.md).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_cloudflare as cloudflare

from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import warn_unlisted
from pulumi_mail_domains.dns.sender_record_sets import DomainRecords, merged_record_sets
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS


def publish(
    domains: list[DomainRecords], zone_id: pulumi.Input[str]
) -> dict[str, list[cloudflare.DnsRecord]]:
    """One Cloudflare record per record, declared at program time; by the domain prefix each
    serves."""
    served: dict[str, list[cloudflare.DnsRecord]] = {domain.prefix: [] for domain in domains}
    for merged in merged_record_sets(domains):
        for index, key in enumerate(merged.keys):
            record = merged.record_set["records"][index]
            name = f"{merged.serves[0]}-{key.replace('_', '-')}"
            common: dict[str, Any] = {
                "zone_id": zone_id,
                # Cloudflare answers with fully qualified names: give it one, or every
                # refresh shows a change.
                "name": record["fqdn"],
                "type": merged.type,
                "ttl": record["ttl"],
            }
            if merged.type == "SRV":
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
            elif merged.type == "MX":
                resource = cloudflare.DnsRecord(
                    name, content=record["value"], priority=record["priority"], **common
                )
            else:  # TXT (raw text) and CNAME (host, not proxied)
                resource = cloudflare.DnsRecord(
                    name, content=record["value"], proxied=False, **common
                )
            for prefix in merged.serves:
                served[prefix].append(resource)
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
