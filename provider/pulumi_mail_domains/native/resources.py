"""The resources the native plugin serves: each spec bound to its behaviour and import rule."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from typing import Any

import pulumi.dynamic

from pulumi_mail_domains.core.spec import ResourceSpec
from pulumi_mail_domains.dns import spec as dns_spec
from pulumi_mail_domains.dns.record_set import RecordSetProvider
from pulumi_mail_domains.fullhelp import spec as fullhelp_spec
from pulumi_mail_domains.fullhelp.domain import DomainProvider
from pulumi_mail_domains.fullhelp.domain_verification import DomainVerificationProvider
from pulumi_mail_domains.native.config import ProviderConfig
from pulumi_mail_domains.scaleway import spec as scaleway_spec
from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomainProvider
from pulumi_mail_domains.scaleway.mailbox_domain_validation import (
    MailboxDomainValidationProvider,
)

__all__ = ["BINDINGS", "SPECS", "Binding", "InvalidImportId"]

Seed = tuple[str, dict[str, Any]]


class InvalidImportId(ValueError):
    """An import id that does not have the resource's documented shape."""


@dataclasses.dataclass(frozen=True)
class Binding:
    """One resource: its spec, how to make its behaviour, how an import id names it."""

    spec: ResourceSpec
    behaviour: Callable[[], pulumi.dynamic.ResourceProvider]
    import_seed: Callable[[str, ProviderConfig], Seed]


def _scaleway_seed(import_id: str, _config: ProviderConfig) -> Seed:
    return _uuid(import_id), {}


def _validation_seed(import_id: str, _config: ProviderConfig) -> Seed:
    domain_id = _uuid(import_id)
    return domain_id, {"domain_id": domain_id}


def _fullhelp_seed(import_id: str, config: ProviderConfig) -> Seed:
    account, domain = _fullhelp_ids(import_id, config)
    return str(domain), {"account_id": account}


def _verification_seed(import_id: str, config: ProviderConfig) -> Seed:
    account, domain = _fullhelp_ids(import_id, config)
    return str(domain), {"account_id": account, "domain_id": domain}


def _record_set_seed(import_id: str, config: ProviderConfig) -> Seed:
    parts = import_id.split("/")
    if len(parts) != 4 or not all(parts):
        raise InvalidImportId(
            f"import id {import_id!r} is not SERVER_HOST:PORT/ZONE/FQDN/TYPE "
            "(e.g. ns1.example.com:53/example.com/_dmarc.example.com/TXT)"
        )
    server, zone, fqdn, rdtype = parts
    zone, fqdn = zone.rstrip(".").lower(), fqdn.rstrip(".").lower()
    if fqdn != zone and not fqdn.endswith("." + zone):
        raise InvalidImportId(f"import id {import_id!r}: {fqdn} is not in zone {zone}")
    name = "@" if fqdn == zone else fqdn[: -len(zone) - 1]
    props = {"server": server, "zone": zone, "name": name, "type": rdtype.upper(), "values": []}
    key_name = config.get("dns:tsigKeyName")
    if key_name:
        props["tsig_key_name"] = key_name
    return f"{fqdn}/{rdtype.upper()}", props


def _uuid(text: str) -> str:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise InvalidImportId(f"import id {text!r} is not a Scaleway domain UUID") from None


def _fullhelp_ids(import_id: str, config: ProviderConfig) -> tuple[int, int]:
    account_text, _, domain_text = import_id.rpartition("/")
    account_text = account_text or str(config.get("fullhelp:accountId") or "")
    if not domain_text.isdigit() or not account_text.isdigit():
        raise InvalidImportId(
            f"import id {import_id!r} is not DOMAIN_ID or ACCOUNT_ID/DOMAIN_ID (positive "
            "integers; DOMAIN_ID alone needs the provider's fullhelpAccountId)"
        )
    account, domain = int(account_text), int(domain_text)
    if account <= 0 or domain <= 0:
        raise InvalidImportId(f"import id {import_id!r}: ids are positive integers")
    return account, domain


BINDINGS: tuple[Binding, ...] = (
    Binding(scaleway_spec.MAILBOX_DOMAIN, MailboxDomainProvider, _scaleway_seed),
    Binding(
        scaleway_spec.MAILBOX_DOMAIN_VALIDATION, MailboxDomainValidationProvider, _validation_seed
    ),
    Binding(fullhelp_spec.DOMAIN, DomainProvider, _fullhelp_seed),
    Binding(fullhelp_spec.DOMAIN_VERIFICATION, DomainVerificationProvider, _verification_seed),
    Binding(dns_spec.RECORD_SET, RecordSetProvider, _record_set_seed),
)

SPECS: tuple[ResourceSpec, ...] = tuple(b.spec for b in BINDINGS)
