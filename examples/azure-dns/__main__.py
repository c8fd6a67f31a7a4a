"""Scaleway Mailbox and FullHelp domains, their DNS records in an Azure DNS zone.

Azure DNS takes one record set per name and type, with a resource class per type: ``TxtRecord``
(raw text values; the provider splits long ones into strings itself), ``MxRecord`` (preference
and exchange), ``SrvRecord`` and ``CNameRecord``. Names are relative to the zone, ``@`` for the
apex, and hosts go without the trailing dot. The record types are known in advance, so the
class is chosen at program time; Scaleway's SPF and domain-validation TXT records share the apex
and form one ``TxtRecord``, and with both domains on one name their SPF records become one
(``merged_record_sets``, docs/spf-and-dmarc.md).
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_azure as azure

from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import warn_unlisted
from pulumi_mail_domains.dns.sender_record_sets import (
    DomainRecords,
    MergedRecordSet,
    merged_record_sets,
)
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS


def _txt(values: list[str]) -> list[azure.dns.TxtRecordRecordArgs]:
    return [azure.dns.TxtRecordRecordArgs(value=value) for value in values]


def _mx(records: list[dict[str, Any]]) -> list[azure.dns.MxRecordRecordArgs]:
    return [
        azure.dns.MxRecordRecordArgs(preference=str(int(r["priority"])), exchange=r["value"])
        for r in records
    ]


def _srv(records: list[dict[str, Any]]) -> list[azure.dns.SrvRecordRecordArgs]:
    return [
        azure.dns.SrvRecordRecordArgs(
            priority=int(r["priority"]),
            weight=int(r["weight"]),
            port=int(r["port"]),
            target=r["value"],
        )
        for r in records
    ]


def publish(
    domains: list[DomainRecords],
    zone_name: pulumi.Input[str],
    resource_group_name: pulumi.Input[str],
) -> dict[str, list[pulumi.CustomResource]]:
    """One Azure record set per name and type, declared at program time; by the domain prefix
    each serves."""
    served: dict[str, list[pulumi.CustomResource]] = {domain.prefix: [] for domain in domains}
    for merged in merged_record_sets(domains):
        resource = _record_set(merged, zone_name, resource_group_name)
        for prefix in merged.serves:
            served[prefix].append(resource)
    return served


def _record_set(
    merged: MergedRecordSet,
    zone_name: pulumi.Input[str],
    resource_group_name: pulumi.Input[str],
) -> pulumi.CustomResource:
    rrset, name = merged.record_set, merged.resource_name
    common: dict[str, Any] = {
        "zone_name": zone_name,
        "resource_group_name": resource_group_name,
        "name": rrset["name"],
        "ttl": rrset["ttl"],
    }
    if merged.type == "TXT":
        return azure.dns.TxtRecord(name, records=rrset["values"].apply(_txt), **common)
    if merged.type == "MX":
        return azure.dns.MxRecord(name, records=rrset["records"].apply(_mx), **common)
    if merged.type == "SRV":
        return azure.dns.SrvRecord(name, records=rrset["records"].apply(_srv), **common)
    if merged.type == "CNAME":
        return azure.dns.CNameRecord(name, record=rrset["values"][0], **common)
    raise ValueError(f"no Azure DNS resource for {merged.type} records in this example")


def main() -> None:
    """The program: both domains, their records in the zone, then validation."""
    config = pulumi.Config()
    domain = config.require("domain")
    resource_group = config.require("resourceGroupName")

    helpdesk_name = config.get("helpdeskDomain") or f"support.{domain}"

    mailbox = scaleway.MailboxDomain("mailbox", name=domain)
    helpdesk = fullhelp.Domain("helpdesk", domain=helpdesk_name, zone=domain)

    served = publish(
        [
            DomainRecords("mailbox", "scaleway", domain, mailbox.records),
            DomainRecords("helpdesk", "fullhelp", helpdesk_name, helpdesk.records),
        ],
        domain,
        resource_group,
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
