"""GitOps: every domain listed in domains.yaml, its records published, verification awaited.

The inventory is validated in full before the first resource is declared, so a wrong entry
fails the preview (and the deployment) with one message and nothing half-applied. Resource names
come from vendor and domain name, so reordering the file changes nothing and removing an entry
destroys exactly that domain. Entries sharing a name (a Scaleway mailbox domain and a FullHelp
help desk on one domain) publish one merged SPF record there, with each entry's own ``spf``
mechanisms, and one DMARC record (docs/spf-and-dmarc.md).

With ``shards: N`` in the inventory, the stack ``<stack>-shard-K`` declares the domains of shard
K only. ``pipeline.py`` sets ``MAIL_DOMAINS_NOT_MOVED`` (JSON: resource name -> the stack still
holding it) for a preview made before a domain's move to another shard, so the stack holding it
keeps declaring it and no preview shows it deleted in one shard and created in the other.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
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
    sender_policies,
)

from pulumi_mail_domains import dns, fullhelp, scaleway
from pulumi_mail_domains.dns.sender_record_sets import DomainRecords, merged_record_sets
from pulumi_mail_domains.gitops.shards import Layout, ShardError

NOT_MOVED_ENV = "MAIL_DOMAINS_NOT_MOVED"


Entry = ScalewayDomain | FullHelpDomain


def publish(
    entries: Sequence[Entry], domains: Mapping[str, Any], servers: Mapping[str, DnsServer]
) -> dict[str, list[pulumi.Resource]]:
    """One dns.RecordSet per name and type, declared at program time (the keys are known), by
    the entries each serves. Entries sharing a name share its record sets, with one merged SPF
    and DMARC record (the inventory checked the merge)."""
    served: dict[str, list[pulumi.Resource]] = {resource_name(e): [] for e in entries}
    for key, server in servers.items():
        group = [e for e in entries if e.records == key]
        if not group:
            continue
        record_sets = merged_record_sets(
            [
                DomainRecords(resource_name(e), e.vendor, e.name, domains[resource_name(e)].records)
                for e in group
            ],
            **sender_policies(group),
        )
        for merged in record_sets:
            record_set = dns.RecordSet(
                merged.resource_name,
                zone=merged.record_set["zone"],
                name=merged.record_set["name"],
                type=merged.type,
                values=merged.record_set["contents"],
                ttl=merged.record_set["ttl"],
                server=server.server,
                tsig_key_name=server.tsig_key_name,
                tsig_algorithm=server.tsig_algorithm,
            )
            for prefix in merged.serves:
                served[prefix].append(record_set)
    return served


def declare(entry: Entry) -> scaleway.MailboxDomain | fullhelp.Domain:
    """The entry's domain at its vendor."""
    name = resource_name(entry)
    if isinstance(entry, ScalewayDomain):
        return scaleway.MailboxDomain(
            name,
            name=entry.name,
            project_id=entry.project_id,
            zone=entry.zone,
            force_destroy=entry.force_destroy,
        )
    return fullhelp.Domain(name, domain=entry.name, account_id=entry.account_id, zone=entry.zone)


def verify(entry: Entry, domain: Any, records: list[pulumi.Resource]) -> pulumi.Output[Any]:
    """The entry's verification, waiting for its records; its id and readiness."""
    name = resource_name(entry)
    if isinstance(entry, ScalewayDomain):
        ready: pulumi.Output[Any] = domain.status
        if entry.verify:
            ready = scaleway.MailboxDomainValidation(
                f"{name}-validation",
                domain_id=domain.id,
                timeout_seconds=entry.verify_timeout_seconds,
                opts=pulumi.ResourceOptions(depends_on=records),
            ).validated
    else:
        ready = domain.verified
        if entry.verify:
            ready = fullhelp.DomainVerification(
                f"{name}-verification",
                domain_id=domain.id,
                account_id=entry.account_id,
                timeout_seconds=entry.verify_timeout_seconds,
                opts=pulumi.ResourceOptions(depends_on=records),
            ).verified
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
    domains = {resource_name(entry): declare(entry) for entry in entries}
    served = publish(entries, domains, inventory.dns_servers)
    summary = {
        resource_name(e): verify(e, domains[resource_name(e)], served[resource_name(e)])
        for e in entries
    }
    # `ready` is the validation's result where the entry waits for it, else the vendor's status.
    pulumi.export("domains", summary)


main()
