"""GitOps: every domain listed in domains.yaml, its records published, verification awaited.

The inventory is validated in full before the first resource is declared, so a wrong entry
fails the preview (and the deployment) with one message and nothing half-applied. Resource names
come from vendor and domain name, so reordering the file changes nothing and removing an entry
destroys exactly that domain.

With ``shards: N`` in the inventory, the stack ``<stack>-shard-K`` declares the domains of shard
K only. ``pipeline.py`` sets ``MAIL_DOMAINS_NOT_MOVED`` (JSON: resource name -> the stack still
holding it) for a preview made before a domain's move to another shard, so the stack holding it
keeps declaring it and no preview shows it deleted in one shard and created in the other.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from typing import Any

import pulumi
from inventory import (
    DnsServer,
    FullHelpDomain,
    Inventory,
    InventoryError,
    ScalewayDomain,
    load,
    resource_name,
)

from pulumi_mail_domains import dns, fullhelp, scaleway
from pulumi_mail_domains.core.record_sets import RecordSetKeys, record_set
from pulumi_mail_domains.fullhelp.record_sets import RECORD_SETS as FULLHELP_RECORD_SETS
from pulumi_mail_domains.gitops.shards import Layout, ShardError
from pulumi_mail_domains.scaleway.record_sets import RECORD_SETS as SCALEWAY_RECORD_SETS

NOT_MOVED_ENV = "MAIL_DOMAINS_NOT_MOVED"


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


def this_stacks_domains(inventory: Inventory, stack: str) -> list[ScalewayDomain | FullHelpDomain]:
    """The entries ``stack`` declares: all of them, or its shard's."""
    targets = Layout.of_stack(stack, inventory.shards).targets(inventory.members())
    placement = {**targets, **json.loads(os.environ.get(NOT_MOVED_ENV) or "{}")}
    return [d for d in inventory.domains if placement[resource_name(d)] == stack]


def main() -> None:
    try:
        inventory = load()
        entries = this_stacks_domains(inventory, pulumi.get_stack())
    except (InventoryError, ShardError) as error:
        # RunError: the message alone, without a Python traceback around it.
        raise pulumi.RunError(str(error)) from None
    summary: dict[str, pulumi.Output[Any]] = {}
    for entry in entries:
        if isinstance(entry, ScalewayDomain):
            summary[resource_name(entry)] = scaleway_domain(entry, inventory.dns_servers)
        else:
            summary[resource_name(entry)] = fullhelp_domain(entry, inventory.dns_servers)
    # `ready` is the validation's result where the entry waits for it, else the vendor's status.
    pulumi.export("domains", summary)


main()
