"""FullHelp's DNS records as the resources output them (``DnsRecord``)."""

from __future__ import annotations

from pulumi_mail_domains.core.records import DnsRecord, RecordSpec, label_key, shape
from pulumi_mail_domains.fullhelp.models import Domain


def shape_records(domain: Domain, zone: str) -> list[DnsRecord]:
    """FullHelp records with keys from their labels (``dkim``, ``spf``, ``return_path``)."""
    records: list[DnsRecord] = []
    for record in domain.dns_records:
        key = label_key(record.label, (r["key"] for r in records))
        spec = RecordSpec(
            key=key,
            label=record.label,
            level="required",
            type=record.type,
            fqdn=_absolute(record.hostname, domain.domain),
            rdata=record.value,
            verified=record.verified,
            status="verified" if record.verified else "unverified",
        )
        records.append(shape(spec, zone))
    return records


def _absolute(hostname: str, domain: str) -> str:
    """FullHelp hostnames are relative to the domain (``@`` is the apex); tolerate FQDNs."""
    host = hostname.strip().rstrip(".").lower()
    domain = domain.rstrip(".").lower()
    if host in ("", "@", domain) or host.endswith("." + domain):
        return domain if host in ("", "@") else host
    return f"{host}.{domain}"
