"""Record sets: records of one name and type, merged for DNS services that want them so.

Several records can share a name and type (Scaleway's SPF and domain_validation are both TXT at
the apex). DNS services that take one record set per name and type (Route53,
Google Cloud DNS, Azure DNS, RFC 2136) need them merged. Which keys share a record set is part
of each vendor's contract (``scaleway.RECORD_SETS``, ``fullhelp.RECORD_SETS``), so programs can
group them before the domain exists.

For several domains at once, and one SPF and one DMARC record per name when they share one, see
:func:`pulumi_mail_domains.dns.sender_record_sets.merged_record_sets`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

import pulumi

from pulumi_mail_domains.core.errors import InvalidValueError
from pulumi_mail_domains.core.records import strip_dot


@dataclass(frozen=True)
class RecordSetKeys:
    """Record keys a vendor always puts in one record set (same name and type).

    Known before the domain exists, including ``type``, so a program can choose the DNS resource
    class (e.g. Azure's ``TxtRecord`` or ``MxRecord``) and a resource name at program time.
    """

    type: str
    keys: tuple[str, ...]

    @property
    def slug(self) -> str:
        """The keys as a resource-name suffix: ``domain-validation-spf``."""
        return "-".join(self.keys).replace("_", "-")


class DnsRecordSet(TypedDict):
    """Records of one name and type, merged (a Route53 record, a Google RecordSet, ...)."""

    keys: list[str]
    type: str
    fqdn: str
    name: str
    zone: str
    ttl: int
    """The lowest TTL of the records."""
    values: list[str]
    """Each record's ``value`` (TXT text unquoted and unsplit; target host without trailing dot)."""
    contents: list[str]
    """Each record's ``content`` (zone-file RDATA: TXT quoted and split, ``10 host.``…)."""
    records: list[dict[str, Any]]
    """The records themselves."""


def merge_record_set(records: Sequence[Mapping[str, Any]]) -> DnsRecordSet:
    """Merge records of one name and type; ValueError if they are not one record set."""
    if not records:
        raise InvalidValueError("a record set needs at least one record")
    first = records[0]
    for other in records[1:]:
        if (strip_dot(other["fqdn"]), other["type"]) != (strip_dot(first["fqdn"]), first["type"]):
            raise InvalidValueError(
                f"records {first['key']!r} ({first['type']} {first['fqdn']}) and "
                f"{other['key']!r} ({other['type']} {other['fqdn']}) are not one record set"
            )
    return DnsRecordSet(
        keys=[r["key"] for r in records],
        type=first["type"],
        fqdn=first["fqdn"],
        name=first["name"],
        zone=first["zone"],
        ttl=min(int(r["ttl"]) for r in records),
        values=[r["value"] for r in records],
        contents=[r["content"] for r in records],
        records=[dict(r) for r in records],
    )


def group_record_sets(records: Iterable[Mapping[str, Any]]) -> list[DnsRecordSet]:
    """Plain records (e.g. ``dns_records`` inside ``apply``) grouped by name and type, in order."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for record in records:
        groups.setdefault((strip_dot(record["fqdn"]), record["type"]), []).append(record)
    return [merge_record_set(group) for group in groups.values()]


def unlisted_keys(records: Mapping[str, Any], record_sets: Iterable[RecordSetKeys]) -> list[str]:
    """Keys of a plain ``records`` mapping that no record set lists: records a program that
    publishes ``record_sets`` would leave out (e.g. a record the vendor added later)."""
    listed = {key for record_set in record_sets for key in record_set.keys}
    return sorted(set(records) - listed)


def record_set(
    records: pulumi.Input[Mapping[str, Any]], keys: RecordSetKeys
) -> pulumi.Output[DnsRecordSet]:
    """The record set ``keys`` of a domain's ``records`` output, for use at program time.

    Index the result like the records themselves, without ``apply``: ``rs["fqdn"]``,
    ``rs["ttl"]``, ``rs["contents"]`` (a list, e.g. Route53's or Google's values). The deployment
    fails, naming the records, rather than publish a wrong record set if the vendor's records do
    not match ``keys`` (a key missing, another type, or different names).
    """

    def pick(value: Mapping[str, Any]) -> DnsRecordSet:
        missing = [key for key in keys.keys if key not in value]
        if missing:
            raise InvalidValueError(
                f"the domain has no record {', '.join(map(repr, missing))} "
                f"(it has {', '.join(map(repr, sorted(value))) or 'none'})"
            )
        merged = merge_record_set([value[key] for key in keys.keys])
        if merged["type"] != keys.type:
            raise InvalidValueError(
                f"records {', '.join(keys.keys)} are {merged['type']} records, not {keys.type}"
            )
        return merged

    return pulumi.Output.from_input(records).apply(pick)


def warn_unlisted(
    records: pulumi.Input[Mapping[str, Any]], record_sets: Iterable[RecordSetKeys], label: str
) -> pulumi.Output[list[str]]:
    """:func:`unlisted_keys` of a ``records`` output, each deployment warning when there are any.

    Export it to see at a glance which records the program does not publish yet.
    """
    listed = tuple(record_sets)

    def check(value: Mapping[str, Any]) -> list[str]:
        keys = unlisted_keys(value, listed)
        if keys:
            pulumi.log.warn(
                f"{label}: the vendor asks for records {', '.join(keys)}, which this program "
                "does not publish; add them to its record sets"
            )
        return keys

    return pulumi.Output.from_input(records).apply(check)
