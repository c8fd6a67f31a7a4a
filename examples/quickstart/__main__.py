"""Quickstart: two mail domains, their records in a DNS zone, and verification that waits."""

from __future__ import annotations

import pulumi

from pulumi_mail_domains import dns, fullhelp, scaleway

config = pulumi.Config()
zone = config.get("zone") or "quickstart.test"
dns_server = config.get("dnsServer") or ""
tsig_key_name = config.get("tsigKeyName") or ""

# Records that share a name and type form one record set; Scaleway's SPF and ownership token
# are both TXT records at the domain apex. Every other key is a record set of its own.
SCALEWAY_RECORD_SETS = [
    ("spf", "domain_validation"),
    *[
        (key,)
        for key in (
            "dkim",
            "dmarc",
            "mx",
            "autoconfig",
            "autodiscover",
            "imap",
            "pop3",
            "submission",
            "caldav",
            "carddav",
        )
    ],
]
FULLHELP_RECORD_SETS = [("dkim",), ("spf",), ("return_path",)]


def publish(
    prefix: str, records: pulumi.Output[dict[str, dict[str, object]]], groups: list[tuple[str, ...]]
) -> list[pulumi.Resource]:
    """One dns.RecordSet per group of record keys, declared at program time."""
    published: list[pulumi.Resource] = []
    for keys in groups:
        first = records[keys[0]]
        published.append(
            dns.RecordSet(
                f"{prefix}-{'-'.join(keys)}".replace("_", "-"),
                zone=first["zone"],
                name=first["name"],
                type=first["type"],
                values=[records[key]["content"] for key in keys],
                ttl=first["ttl"],
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
