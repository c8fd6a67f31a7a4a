"""Scaleway's DNS records as the resources output them (``DnsRecord``)."""

from __future__ import annotations

from pulumi_mail_domains.core.records import DnsRecord, RecordSpec, shape
from pulumi_mail_domains.scaleway.models import DomainRecord, DomainRecords


def dns_type(api_type: str) -> str:
    """``txt_dns_type`` → ``TXT``; unknown values keep their text, upper-cased."""
    return api_type.removesuffix("_dns_type").upper()


def shape_records(records: DomainRecords, zone: str) -> list[DnsRecord]:
    return [shape(_spec(key, record), zone) for key, record in records.by_key().items()]


def _spec(key: str, record: DomainRecord) -> RecordSpec:
    return RecordSpec(
        key=key,
        label=key,
        level=record.level,
        type=dns_type(record.dns_type),
        fqdn=record.dns_name,
        rdata=record.dns_value,
        verified=record.status == "valid",
        status=record.status,
        error=record.error,
    )
