"""Scaleway Mailbox and FullHelp domains, their DNS records in a DigitalOcean domain.

DigitalOcean takes one ``digitalocean.DnsRecord`` per record: the name relative to the domain
(``@`` for the apex), TXT text raw and unquoted as the API takes it, host targets
fully qualified with the trailing dot (without it DigitalOcean appends the domain), and the MX
and SRV numbers in ``priority``, ``weight`` and ``port``. With both domains on one name their SPF
records become one (``merged_record_sets``, docs/spf-and-dmarc.md).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_digitalocean as digitalocean

from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import warn_unlisted
from pulumi_mail_domains.dns.sender_record_sets import DomainRecords, merged_record_sets
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS


def publish(
    domains: list[DomainRecords], domain: pulumi.Input[str]
) -> dict[str, list[digitalocean.DnsRecord]]:
    """One DigitalOcean record per record, declared at program time; by the domain prefix each
    serves."""
    served: dict[str, list[digitalocean.DnsRecord]] = {d.prefix: [] for d in domains}
    for merged in merged_record_sets(domains):
        for index, key in enumerate(merged.keys):
            record = merged.record_set["records"][index]
            value = record["value"]
            if merged.type in ("MX", "SRV", "CNAME"):
                value = pulumi.Output.concat(value, ".")  # fully qualified
            numbers: dict[str, Any] = {}
            if merged.type in ("MX", "SRV"):
                numbers["priority"] = record["priority"]
            if merged.type == "SRV":
                numbers.update(weight=record["weight"], port=record["port"])
            resource = digitalocean.DnsRecord(
                f"{merged.serves[0]}-{key.replace('_', '-')}",
                domain=domain,
                type=merged.type,
                name=record["name"],
                value=value,
                ttl=record["ttl"],
                **numbers,
            )
            for prefix in merged.serves:
                served[prefix].append(resource)
    return served


def main() -> None:
    """The program: both domains, their records in the zone, then validation."""
    config = pulumi.Config()
    domain = config.require("domain")

    helpdesk_name = config.get("helpdeskDomain") or f"support.{domain}"

    mailbox = scaleway.MailboxDomain("mailbox", name=domain)
    helpdesk = fullhelp.Domain("helpdesk", domain=helpdesk_name, zone=domain)

    served = publish(
        [
            DomainRecords("mailbox", "scaleway", domain, mailbox.records),
            DomainRecords("helpdesk", "fullhelp", helpdesk_name, helpdesk.records),
        ],
        domain,
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
