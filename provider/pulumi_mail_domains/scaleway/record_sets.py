"""Which Scaleway Mailbox records share a record set (same name and type)."""

from __future__ import annotations

from pulumi_mail_domains.core.record_sets import RecordSetKeys

__all__ = ["RECORD_SETS"]

RECORD_SETS: tuple[RecordSetKeys, ...] = (
    RecordSetKeys("TXT", ("domain_validation", "spf")),  # both at the domain apex
    RecordSetKeys("TXT", ("dkim",)),
    RecordSetKeys("TXT", ("dmarc",)),
    RecordSetKeys("MX", ("mx",)),
    RecordSetKeys("CNAME", ("autoconfig",)),
    RecordSetKeys("CNAME", ("autodiscover",)),
    RecordSetKeys("SRV", ("imap",)),
    RecordSetKeys("SRV", ("pop3",)),
    RecordSetKeys("SRV", ("submission",)),
    RecordSetKeys("SRV", ("caldav",)),
    RecordSetKeys("SRV", ("carddav",)),
)
"""The twelve Scaleway Mailbox record keys, by record set."""
