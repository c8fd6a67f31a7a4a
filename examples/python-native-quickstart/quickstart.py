"""The quickstart program through the native plugin: a Scaleway Mailbox domain at the zone apex
and a FullHelp sending subdomain, each record the vendors ask for published as an RFC 2136
record set, and both verifications waiting until the vendors see the records.

``__main__.py`` runs it with ``pulumi up``; ``deploy.py`` runs it through the Automation API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi
from pulumi_mail_domains_sdk import dns, fullhelp, outputs, scaleway

Records = pulumi.Output[Mapping[str, outputs.DnsRecord]]


def record_set(
    name: str, target: Mapping[str, str], records: Records, keys: Sequence[str], type_: str
) -> dns.RecordSet:
    """One record set holding the values of ``keys``, records of one name and type."""
    first = records.apply(lambda r: r[keys[0]])
    return dns.RecordSet(
        name,
        server=target["server"],
        tsig_key_name=target["tsig_key_name"],
        zone=first.zone,
        name=first.name,
        type=type_,
        ttl=first.ttl,
        values=records.apply(lambda r: [r[key].content for key in keys]),
    )


def quickstart() -> None:
    """Declare the quickstart's resources and export its outputs."""
    config = pulumi.Config()
    zone = config.get("zone") or "quickstart.test"
    target = {
        "server": config.get("dnsServer") or "127.0.0.1:53",
        "tsig_key_name": config.get("tsigKeyName") or "mail-domains.",
    }

    # --- Scaleway Mailbox: the zone apex ---------------------------------------------------
    mailbox = scaleway.MailboxDomain("mailbox", name=zone)
    mailbox_sets = [
        # Scaleway's domain_validation and spf records are both TXT at the apex: one record set.
        record_set(
            "mailbox-apex-txt", target, mailbox.records, ["domain_validation", "spf"], "TXT"
        ),
        record_set("mailbox-dkim", target, mailbox.records, ["dkim"], "TXT"),
        record_set("mailbox-dmarc", target, mailbox.records, ["dmarc"], "TXT"),
        record_set("mailbox-mx", target, mailbox.records, ["mx"], "MX"),
    ]
    validation = scaleway.MailboxDomainValidation(
        "mailbox-validation",
        domain_id=mailbox.id,
        timeout_seconds=120,
        opts=pulumi.ResourceOptions(depends_on=mailbox_sets),
    )

    # --- FullHelp: a sending subdomain in the same zone ------------------------------------
    helpdesk = fullhelp.Domain("helpdesk", domain=f"support.{zone}", zone=zone)
    helpdesk_sets = [
        record_set("helpdesk-dkim", target, helpdesk.records, ["dkim"], "TXT"),
        record_set("helpdesk-spf", target, helpdesk.records, ["spf"], "TXT"),
        record_set("helpdesk-return-path", target, helpdesk.records, ["return_path"], "CNAME"),
    ]
    verification = fullhelp.DomainVerification(
        "helpdesk-verification",
        domain_id=helpdesk.id,
        timeout_seconds=120,
        opts=pulumi.ResourceOptions(depends_on=helpdesk_sets),
    )

    pulumi.export("mailboxDomain", mailbox.name)
    pulumi.export("mailboxId", mailbox.id)
    pulumi.export("mailboxValidated", validation.validated)
    pulumi.export("mailboxDkim", mailbox.records.apply(lambda r: r["dkim"].content))
    pulumi.export("helpdeskDomain", helpdesk.domain)
    pulumi.export("helpdeskId", helpdesk.id)
    pulumi.export("helpdeskAccountId", helpdesk.account_id)
    pulumi.export("helpdeskVerified", verification.verified)
    pulumi.export("zoneFile", mailbox.zone_file)
