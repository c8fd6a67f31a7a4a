"""Scaleway Mailbox and FullHelp domains, their DNS records in an Azure DNS zone.

Azure DNS takes one record set per name and type, with a resource class per type: ``TxtRecord``
(raw text values; the provider splits long ones into strings itself), ``MxRecord`` (preference
and exchange), ``SrvRecord`` and ``CNameRecord``. Names are relative to the zone, ``@`` for the
apex, and hosts go without the trailing dot. The record types are known in advance, so the
class is chosen at program time; Scaleway's SPF and domain-validation TXT records share the apex
and form one ``TxtRecord``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pulumi
import pulumi_azure as azure

from pulumi_mail_domains import fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import RecordSetKeys, record_set, warn_unlisted
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS

Records = pulumi.Output[dict[str, dict[str, Any]]]


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
    records: Records,
    zone_name: pulumi.Input[str],
    resource_group_name: pulumi.Input[str],
    record_sets: Iterable[RecordSetKeys],
    prefix: str,
) -> list[pulumi.CustomResource]:
    """One Azure record set per name and type, declared at program time from ``records``."""
    published: list[pulumi.CustomResource] = []
    for keys in record_sets:
        rrset = record_set(records, keys)
        name = f"{prefix}-{keys.slug}"
        common: dict[str, Any] = {
            "zone_name": zone_name,
            "resource_group_name": resource_group_name,
            "name": rrset["name"],
            "ttl": rrset["ttl"],
        }
        resource: pulumi.CustomResource
        if keys.type == "TXT":
            resource = azure.dns.TxtRecord(name, records=rrset["values"].apply(_txt), **common)
        elif keys.type == "MX":
            resource = azure.dns.MxRecord(name, records=rrset["records"].apply(_mx), **common)
        elif keys.type == "SRV":
            resource = azure.dns.SrvRecord(name, records=rrset["records"].apply(_srv), **common)
        elif keys.type == "CNAME":
            resource = azure.dns.CNameRecord(name, record=rrset["values"][0], **common)
        else:
            raise ValueError(f"no Azure DNS resource for {keys.type} records in this example")
        published.append(resource)
    return published


def main() -> None:
    """The program: both domains, their records in the zone, then validation."""
    config = pulumi.Config()
    domain = config.require("domain")
    resource_group = config.require("resourceGroupName")

    mailbox = scaleway.MailboxDomain("mailbox", name=domain)
    helpdesk = fullhelp.Domain("helpdesk", domain=f"support.{domain}", zone=domain)

    mailbox_dns = publish(mailbox.records, domain, resource_group, SCALEWAY_RECORD_SETS, "mailbox")
    helpdesk_dns = publish(
        helpdesk.records, domain, resource_group, FULLHELP_RECORD_SETS, "helpdesk"
    )

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
