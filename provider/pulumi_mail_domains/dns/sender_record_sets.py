"""The record sets of several domains with one SPF and one DMARC record per name, for programs.

:func:`merged_record_sets` is what a program publishing Scaleway Mailbox and FullHelp domains
calls instead of looping over each vendor's ``RECORD_SETS``: the same record sets, except that
records of one name and type from different domains become one record set, and the SPF and
DMARC records of a name are merged into one each (:mod:`~pulumi_mail_domains.dns.sender_policy`).

Every record set, its resource name and type are known at program time. The merge is checked
then too, from what the vendors document, so a bad merge (more than ten lookups, clashing
modifiers, two DMARC policies for a name) stops ``pulumi preview`` before any API call; once the
domains exist, the records they returned are merged (and checked) again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pulumi

from pulumi_mail_domains.core.errors import InvalidValueError
from pulumi_mail_domains.core.record_sets import DnsRecordSet, merge_record_set
from pulumi_mail_domains.core.records import (
    DEFAULT_TTL,
    quote_txt,
    relative_name,
    split_txt,
    strip_dot,
)
from pulumi_mail_domains.dns.sender_policy import (
    VENDORS,
    DmarcSource,
    SenderDomain,
    SenderPlan,
    SpfSource,
    plan,
)

__all__ = ["DomainRecords", "MergedRecordSet", "merged_record_sets"]


@dataclasses.dataclass(frozen=True)
class DomainRecords:
    """A domain a program publishes: its vendor, its name and its ``records`` output.

    Attributes:
        prefix: the start of its record sets' resource names (``mailbox`` → ``mailbox-mx``).
        vendor: ``scaleway`` or ``fullhelp``.
        name: the domain (Scaleway ``name``, FullHelp ``domain``), a plain string.
        records: the domain resource's ``records`` output.
    """

    prefix: str
    vendor: str
    name: str
    records: pulumi.Input[Mapping[str, Any]]


@dataclasses.dataclass(frozen=True)
class MergedRecordSet:
    """One record set to publish: declare one DNS resource per item, at program time.

    ``record_set`` indexes like :func:`~pulumi_mail_domains.core.record_sets.record_set`'s
    result: ``["zone"]``, ``["name"]``, ``["ttl"]``, ``["contents"]``, ``["values"]``.
    """

    resource_name: str
    type: str
    fqdn: str | None
    """The owner name when the vendors fix it (apex, ``_dmarc.``); None for DKIM and the like."""
    keys: tuple[str, ...]
    """The record keys it holds, in the order of ``record_set["records"]`` (the merged ``spf``
    and ``dmarc`` once, last), for DNS services that take one resource per record."""
    serves: tuple[str, ...]
    """The prefixes of the domains whose records it holds: what their verification waits for."""
    record_set: pulumi.Output[DnsRecordSet]


@dataclasses.dataclass
class _Group:
    resource_name: str
    type: str
    fqdn: str | None
    members: list[tuple[int, tuple[str, ...]]]
    owner: int
    """The domain whose zone a record set made here (a DMARC policy of the user's) goes in."""

    def policies(self, domains: Sequence[DomainRecords]) -> tuple[str, ...]:
        """``spf`` and ``dmarc`` where a member holds the vendor's (or none does: the user's)."""
        held = {
            key
            for index, keys in self.members
            for key in keys
            if key
            in (VENDORS[domains[index].vendor].spf_key, VENDORS[domains[index].vendor].dmarc_key)
        }
        return tuple(key for key in ("spf", "dmarc") if key in held) or (
            () if self.members else ("dmarc",)
        )

    def keys(self, domains: Sequence[DomainRecords]) -> tuple[str, ...]:
        policies = self.policies(domains)
        kept = [key for _, keys in self.members for key in keys if key not in policies]
        return (*kept, *policies)

    def serves(self, domains: Sequence[DomainRecords]) -> tuple[str, ...]:
        indexes = [index for index, _ in self.members] or [self.owner]
        return tuple(dict.fromkeys(domains[index].prefix for index in indexes))


def merged_record_sets(
    domains: Sequence[DomainRecords],
    *,
    spf: Mapping[str, Sequence[str]] | Sequence[SpfSource] = (),
    dmarc: Mapping[str, str] | Sequence[DmarcSource] = (),
    all_qualifier: str | None = None,
) -> list[MergedRecordSet]:
    """Every record set of ``domains``, with one SPF and one DMARC record per name.

    ``spf``, ``dmarc`` and ``all_qualifier`` are those of
    :func:`~pulumi_mail_domains.dns.sender_policy.plan`: the user's own SPF mechanisms and DMARC
    policy by domain name, and the ``all`` the merged SPF records end with (default: the
    strictest the vendors ask for). Raises SenderPolicyError at once (so at preview) when the
    documented records cannot be merged.
    """
    described = [SenderDomain(d.vendor, d.name) for d in domains]
    planned = plan(described, spf=spf, dmarc=dmarc, all_qualifier=all_qualifier)
    groups = _groups(domains, planned)
    records = pulumi.Output.all(*(pulumi.Output.from_input(d.records) for d in domains))

    def build(values: list[Mapping[str, Any]]) -> dict[str, DnsRecordSet]:
        actual = [
            SenderDomain(
                d.vendor,
                d.name,
                _value(v, VENDORS[d.vendor].spf_key),
                _value(v, VENDORS[d.vendor].dmarc_key),
            )
            for d, v in zip(domains, values, strict=True)
        ]
        merged = plan(actual, spf=spf, dmarc=dmarc, all_qualifier=all_qualifier)
        return {g.resource_name: _record_set(g, domains, values, merged) for g in groups.values()}

    built = records.apply(build)
    return [
        MergedRecordSet(
            g.resource_name,
            g.type,
            g.fqdn,
            g.keys(domains),
            g.serves(domains),
            built.apply(_picker(g.resource_name)),
        )
        for g in groups.values()
    ]


def _picker(name: str) -> Callable[[Mapping[str, DnsRecordSet]], DnsRecordSet]:
    def pick(sets: Mapping[str, DnsRecordSet]) -> DnsRecordSet:
        return sets[name]

    return pick


def _groups(domains: Sequence[DomainRecords], planned: SenderPlan) -> dict[object, _Group]:
    """Record sets by (owner name, type) where the vendor fixes the owner, else per domain."""
    groups: dict[object, _Group] = {}
    for index, domain in enumerate(domains):
        vendor = VENDORS[domain.vendor]
        for keys in vendor.record_sets:
            fqdn = vendor.owner(keys.keys[0], domain.name)
            group_id: object = (fqdn, keys.type) if fqdn else (index, keys.slug)
            group = groups.setdefault(
                group_id, _Group(f"{domain.prefix}-{keys.slug}", keys.type, fqdn, [], index)
            )
            group.members.append((index, keys.keys))
    for fqdn in planned.dmarc:
        if (fqdn, "TXT") not in groups:
            owner = next(i for i, d in enumerate(domains) if f"_dmarc.{strip_dot(d.name)}" == fqdn)
            groups[(fqdn, "TXT")] = _Group(f"{domains[owner].prefix}-dmarc", "TXT", fqdn, [], owner)
    return groups


def _value(records: Mapping[str, Any], key: str) -> str | None:
    record = records.get(key)
    return str(record["value"]) if isinstance(record, Mapping) else None


def _record_set(
    group: _Group,
    domains: Sequence[DomainRecords],
    values: Sequence[Mapping[str, Any]],
    merged: SenderPlan,
) -> DnsRecordSet:
    """The group's records, its SPF and DMARC records replaced by the merged ones."""
    kept: list[Mapping[str, Any]] = []
    vendors_policies: list[Mapping[str, Any]] = []
    policies = group.policies(domains)
    for index, keys in group.members:
        records = values[index]
        missing = [key for key in keys if key not in records]
        if missing:
            raise InvalidValueError(
                f"{domains[index].name} has no record {', '.join(map(repr, missing))} "
                f"(it has {', '.join(map(repr, sorted(records))) or 'none'})"
            )
        for key in keys:
            (vendors_policies if key in policies else kept).append(records[key])
    fqdn = group.fqdn or ""
    owner = values[group.owner]
    if "spf" in policies:
        kept.append(_replaced(vendors_policies, "spf", fqdn, merged.spf[fqdn].value, owner))
    if "dmarc" in policies:
        kept.append(_replaced(vendors_policies, "dmarc", fqdn, merged.dmarc[fqdn].value, owner))
    return merge_record_set(kept)


def _replaced(
    policies: Sequence[Mapping[str, Any]],
    key: str,
    fqdn: str,
    value: str,
    owner_records: Mapping[str, Any],
) -> dict[str, Any]:
    """The merged record ``key`` at ``fqdn``, shaped like the vendors' records."""
    template = next((r for r in policies if r["key"] == key), None)
    if template is None:  # the user's own DMARC at a domain whose vendor has none
        zone = strip_dot(next(iter(owner_records.values()))["zone"])
        template = {
            "key": key,
            "label": key,
            "level": "required",
            "type": "TXT",
            "fqdn": fqdn,
            "name": relative_name(fqdn, zone),
            "zone": zone,
            "ttl": DEFAULT_TTL,
            "verified": False,
            "status": "unknown",
            "error": None,
        }
    chunks = split_txt(value)
    return {**template, "value": value, "txt_chunks": chunks, "content": quote_txt(chunks)}
