"""Scaleway's DNS records as the resources output them (``DnsRecord``)."""

from __future__ import annotations

from pulumi_mail_domains.core.records import DnsRecord, KnownRecords, RecordSpec, shape
from pulumi_mail_domains.scaleway.models import DomainRecord, DomainRecords

KNOWN_RECORDS: KnownRecords = {
    "scw.spf": 'required @ TXT "v=spf1 include:spf.mailbox.scw.eu -all"',
    "scw.dmarc": 'required _dmarc TXT "v=DMARC1; p=none"',
    "scw.mx": "required @ MX 10 smtp.mailbox.scw.eu.",
    "scw.autoconfig": "recommended autoconfig CNAME autoconfig.mailbox.scw.eu.",
    "scw.autodiscover": "recommended autodiscover CNAME autodiscover.mailbox.scw.eu.",
    "scw.imap": "recommended _imaps._tcp SRV 0 1 993 imap.mailbox.scw.eu.",
    "scw.pop3": "recommended _pop3s._tcp SRV 0 1 995 pop3.mailbox.scw.eu.",
    "scw.submission": "recommended _submissions._tcp SRV 0 1 465 smtp.mailbox.scw.eu.",
    "scw.caldav": "optional _caldavs._tcp SRV 0 1 443 caldav.mailbox.scw.eu.",
    "scw.carddav": "optional _carddavs._tcp SRV 0 1 443 carddav.mailbox.scw.eu.",
}
"""The records Scaleway documents alike for every Mailbox domain (all but its DKIM key and
validation token), which the state keeps by reference (see ``docs/vendor-apis.md``)."""


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
