"""The record outputs of the dynamic domain classes, as the program sees them."""

from __future__ import annotations

from typing import Any

import pulumi

from pulumi_mail_domains.core.records import KnownRecords, present_records

__all__ = ["record_views"]

Views = tuple[
    pulumi.Output[dict[str, dict[str, Any]]],
    pulumi.Output[list[dict[str, Any]]],
    pulumi.Output[str],
]


def record_views(
    records: pulumi.Output[Any],
    zone: pulumi.Output[str],
    origin: pulumi.Output[str],
    known: KnownRecords,
) -> Views:
    """``records``, ``dns_records`` and ``zone_file`` from the stored ``records`` output (names
    relative to ``origin``, the domain's name; ``known`` the records references stand for).

    State keeps each record once, without its derived spellings (``content``, ``txt_chunks``);
    the program gets every field of every record (None-valued ones, which the SDK drops,
    included), and the list and zone-file views, derived from it.
    """
    presented = pulumi.Output.all(records, zone, origin).apply(
        lambda values: present_records(values[0], values[1], values[2], known)
    )
    return (
        presented.apply(lambda p: p["records"]),
        presented.apply(lambda p: p["dns_records"]),
        presented.apply(lambda p: p["zone_file"]),
    )
