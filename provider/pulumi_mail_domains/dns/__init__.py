"""DNS record sets on any authoritative server, managed through RFC 2136 UPDATE with TSIG."""

from pulumi_mail_domains.dns.record_set import (
    SUPPORTED_TYPES,
    RecordSet,
    RecordSetArgs,
    RecordSetError,
    RecordSetProvider,
)

__all__ = [
    "SUPPORTED_TYPES",
    "RecordSet",
    "RecordSetArgs",
    "RecordSetError",
    "RecordSetProvider",
]
