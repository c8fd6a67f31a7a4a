"""GitOps: every domain listed in domains.yaml, its records published, verification awaited.

The inventory is validated in full before the first resource is declared, so a wrong entry
fails the preview (and the deployment) with one message and nothing half-applied. Resource names
come from vendor and domain name, so reordering the file changes nothing and removing an entry
destroys exactly that domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pulumi
from inventory import (
    DnsServer,
    FullHelpDomain,
    InventoryError,
    ScalewayDomain,
    load,
    resource_name,
)

from pulumi_mail_domains import dns, fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import RecordSetKeys, record_set
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS


def publish(
    prefix: str,
    records: pulumi.Output[dict[str, dict[str, Any]]],
    sets: Iterable[RecordSetKeys],
    server: DnsServer,
) -> list[pulumi.Resource]:
    """One dns.RecordSet per name and type, declared at program time (the keys are known)."""
    published: list[pulumi.Resource] = []
    for keys in sets:
        rrset = record_set(records, keys)
        published.append(
            dns.RecordSet(
                f"{prefix}-{keys.slug}",
                zone=rrset["zone"],
                name=rrset["name"],
                type=keys.type,
                values=rrset["contents"],
                ttl=rrset["ttl"],
                server=server.server,
                tsig_key_name=server.tsig_key_name,
                tsig_algorithm=server.tsig_algorithm,
            )
        )
    return published


def scaleway_domain(entry: ScalewayDomain, servers: Mapping[str, DnsServer]) -> pulumi.Output[Any]:
    name = resource_name(entry)
    domain = scaleway.MailboxDomain(
        name,
        name=entry.name,
        project_id=entry.project_id,
        zone=entry.zone,
        force_destroy=entry.force_destroy,
    )
    records: list[pulumi.Resource] = []
    if entry.publishes_records:
        server = servers[entry.records]
        records = publish(name, domain.records, SCALEWAY_RECORD_SETS, server)
    ready: pulumi.Output[Any] = domain.status
    if entry.verify:
        validation = scaleway.MailboxDomainValidation(
            f"{name}-validation",
            domain_id=domain.id,
            timeout_seconds=entry.verify_timeout_seconds,
            opts=pulumi.ResourceOptions(depends_on=records),
        )
        ready = validation.validated
    return pulumi.Output.all(id=domain.id, ready=ready)


def fullhelp_domain(entry: FullHelpDomain, servers: Mapping[str, DnsServer]) -> pulumi.Output[Any]:
    name = resource_name(entry)
    domain = fullhelp.Domain(name, domain=entry.name, account_id=entry.account_id, zone=entry.zone)
    records: list[pulumi.Resource] = []
    if entry.publishes_records:
        server = servers[entry.records]
        records = publish(name, domain.records, FULLHELP_RECORD_SETS, server)
    ready: pulumi.Output[Any] = domain.verified
    if entry.verify:
        verification = fullhelp.DomainVerification(
            f"{name}-verification",
            domain_id=domain.id,
            account_id=entry.account_id,
            timeout_seconds=entry.verify_timeout_seconds,
            opts=pulumi.ResourceOptions(depends_on=records),
        )
        ready = verification.verified
    return pulumi.Output.all(id=domain.id, ready=ready)


def main() -> None:
    try:
        inventory = load()
    except InventoryError as error:
        # RunError: the message alone, without a Python traceback around it.
        raise pulumi.RunError(str(error)) from None
    summary: dict[str, pulumi.Output[Any]] = {}
    for entry in inventory.domains:
        if isinstance(entry, ScalewayDomain):
            summary[resource_name(entry)] = scaleway_domain(entry, inventory.dns_servers)
        else:
            summary[resource_name(entry)] = fullhelp_domain(entry, inventory.dns_servers)
    # `ready` is the validation's result where the entry waits for it, else the vendor's status.
    pulumi.export("domains", summary)


main()
