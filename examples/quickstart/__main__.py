"""Quickstart: two mail domains, their records in a DNS zone, and verification that waits."""

from __future__ import annotations

import pulumi

from pulumi_mail_domains import dns, fullhelp, scaleway
from pulumi_mail_domains.dns.sender_record_sets import (
    DomainRecords,
    MergedRecordSet,
    merged_record_sets,
)

config = pulumi.Config()
zone = config.get("zone") or "quickstart.test"
dns_server = config.get("dnsServer") or ""
tsig_key_name = config.get("tsigKeyName") or ""
# The FullHelp domain's name: a subdomain by default. Set it to the zone itself (mailboxes and
# help desk on one name) and the two SPF records become one (docs/spf-and-dmarc.md).
helpdesk_name = config.get("helpdeskDomain") or f"support.{zone}"


def publish(merged: MergedRecordSet) -> pulumi.Resource:
    """One dns.RecordSet per name and type, declared at program time (the keys are known)."""
    return dns.RecordSet(
        merged.resource_name,
        zone=merged.record_set["zone"],
        name=merged.record_set["name"],
        type=merged.type,
        values=merged.record_set["contents"],
        ttl=merged.record_set["ttl"],
        server=dns_server,
        tsig_key_name=tsig_key_name,
    )


mailbox = scaleway.MailboxDomain("mailbox", name=zone)
helpdesk = fullhelp.Domain("helpdesk", domain=helpdesk_name, zone=zone)

# Every record set of both domains, with one SPF record per name whoever shares it.
record_sets = merged_record_sets(
    [
        DomainRecords("mailbox", "scaleway", zone, mailbox.records),
        DomainRecords("helpdesk", "fullhelp", helpdesk_name, helpdesk.records),
    ]
)
published = [(merged, publish(merged)) for merged in record_sets] if dns_server else []
# Each verification waits for exactly the record sets holding its domain's records.
mailbox_records = [resource for merged, resource in published if "mailbox" in merged.serves]
helpdesk_records = [resource for merged, resource in published if "helpdesk" in merged.serves]

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
