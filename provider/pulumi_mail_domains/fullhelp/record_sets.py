"""Which FullHelp records share a record set (same name and type)."""

from __future__ import annotations

from pulumi_mail_domains.core.record_sets import RecordSetKeys

__all__ = ["RECORD_SETS"]

RECORD_SETS: tuple[RecordSetKeys, ...] = (
    RecordSetKeys("TXT", ("dkim",)),
    RecordSetKeys("TXT", ("spf",)),
    RecordSetKeys("CNAME", ("return_path",)),
)
"""The three FullHelp record keys, by record set. With a FullHelp domain at the same name as a
Scaleway domain, both SPF records would land at one name: publish one merged SPF policy instead."""
