"""What both FullHelp resources share: the client of the provider process and record shaping."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.dynamic import ConfigureRequest

from pulumi_mail_domains._dynamic import ClientProvider
from pulumi_mail_domains.config import FullHelpSettings
from pulumi_mail_domains.fullhelp.client import FullHelpClient
from pulumi_mail_domains.fullhelp.models import Domain
from pulumi_mail_domains.records import DnsRecord, RecordSpec, label_key, shape

POLL_MIN_DELAY = 0.5
POLL_MAX_DELAY = 10.0
ACCOUNT_HINT = "set it on the resource, in config fullhelp:accountId or in FULLHELP_ACCOUNT_ID"


class FullHelpProviderBase(ClientProvider[FullHelpClient]):
    """Settings and the API client of a FullHelp provider, set up inside the provider process."""

    settings: FullHelpSettings

    def configure(self, req: ConfigureRequest) -> None:
        self.settings = FullHelpSettings.load(req.config)

    def _new_client(self) -> FullHelpClient:
        return FullHelpClient(self.settings.require_token(), base_url=self.settings.require_url())


def account_of(props: Mapping[str, Any]) -> int | None:
    """The checked ``account_id`` as an int: the engine hands every number over as a float,
    and ``1.0`` must not end up in an API path as ``/accounts/1.0/``."""
    value = props.get("account_id")
    return None if value is None else int(value)


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
