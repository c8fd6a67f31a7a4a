"""Scaleway Mailbox and FullHelp domains, their DNS records in a DigitalOcean domain.

DigitalOcean takes one ``digitalocean.DnsRecord`` per record: the name relative to the domain
(``@`` for the apex), TXT text raw and unquoted as the API takes it, host targets
fully qualified with the trailing dot (without it DigitalOcean appends the domain), and the MX
and SRV numbers in ``priority``, ``weight`` and ``port``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pulumi
import pulumi_digitalocean as digitalocean

from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import RecordSetKeys, warn_unlisted
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS

Records = pulumi.Output[dict[str, dict[str, Any]]]


def publish(
    records: Records,
    domain: pulumi.Input[str],
    record_sets: Iterable[RecordSetKeys],
    prefix: str,
) -> list[digitalocean.DnsRecord]:
    """One DigitalOcean record per vendor record, declared at program time from ``records``."""
    published: list[digitalocean.DnsRecord] = []
    for record_set in record_sets:
        for key in record_set.keys:
            record = records[key]
            value = record["value"]
            if record_set.type in ("MX", "SRV", "CNAME"):
                value = pulumi.Output.concat(value, ".")  # fully qualified
            numbers: dict[str, Any] = {}
            if record_set.type in ("MX", "SRV"):
                numbers["priority"] = record["priority"]
            if record_set.type == "SRV":
                numbers.update(weight=record["weight"], port=record["port"])
            published.append(
                digitalocean.DnsRecord(
                    f"{prefix}-{key.replace('_', '-')}",
                    domain=domain,
                    type=record_set.type,
                    name=record["name"],
                    value=value,
                    ttl=record["ttl"],
                    **numbers,
                )
            )
    return published


def main() -> None:
    """The program: both domains, their records in the zone, then validation."""
    config = pulumi.Config()
    domain = config.require("domain")

    mailbox = scaleway.MailboxDomain("mailbox", name=domain)
    helpdesk = fullhelp.Domain("helpdesk", domain=f"support.{domain}", zone=domain)

    mailbox_dns = publish(mailbox.records, domain, SCALEWAY_RECORD_SETS, "mailbox")
    helpdesk_dns = publish(helpdesk.records, domain, FULLHELP_RECORD_SETS, "helpdesk")

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
