"""DNS record sets on any authoritative server, managed through RFC 2136 UPDATE with TSIG."""

from pulumi_mail_domains.dns.errors import RecordSetError
from pulumi_mail_domains.dns.record_set import RecordSetBehaviour, RecordSetProvider
from pulumi_mail_domains.dns.validation import SUPPORTED_TYPES
from pulumi_mail_domains.dynamic.dns import RecordSet, RecordSetArgs

__all__ = [
    "SUPPORTED_TYPES",
    "RecordSet",
    "RecordSetArgs",
    "RecordSetBehaviour",
    "RecordSetError",
    "RecordSetProvider",
]
