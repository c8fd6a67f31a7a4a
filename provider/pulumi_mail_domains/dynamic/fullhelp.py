"""The fullhelp resources as Pulumi dynamic resources for Python programs.

Generated from their specs by ``scripts/generate_dynamic.py`` (``make dynamic``): edit
the specs, not this file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

import pulumi
from pulumi.dynamic import Resource

from pulumi_mail_domains.dynamic.base import SpecResource
from pulumi_mail_domains.fullhelp.domain import DomainBehaviour
from pulumi_mail_domains.fullhelp.domain_verification import DomainVerificationBehaviour

__all__ = ["Domain", "DomainArgs", "DomainVerification", "DomainVerificationArgs"]


class _DomainRequiredArgs(TypedDict):
    domain: pulumi.Input[str]


class DomainArgs(_DomainRequiredArgs, total=False):
    """The inputs ``Domain(name, **args)`` takes."""

    account_id: pulumi.Input[int]
    zone: pulumi.Input[str]
    adopt_existing: pulumi.Input[bool]


class Domain(SpecResource, module="fullhelp", name="Domain"):
    """A FullHelp sending domain, with the DNS records it needs as outputs.

    The resource id is the FullHelp domain id (as a string). Renaming (``domain``) updates the
    domain in place: same id, new records. ``records["dkim"]``, ``records["spf"]`` and
    ``records["return_path"]`` can be used at program time to declare DNS records.
    """

    domain: pulumi.Output[str]
    """Fully qualified domain name; changing it renames the domain in place."""
    account_id: pulumi.Output[int]
    """FullHelp account id; defaults to the provider's FullHelp account
    (``FULLHELP_ACCOUNT_ID``). Changing it replaces the domain.
    """
    zone: pulumi.Output[str]
    """DNS zone the records will live in (default: ``domain``); record ``name`` fields are
    relative to it. Changing it makes no API call.
    """
    adopt_existing: pulumi.Output[bool]
    """Take over a domain of this name that already exists instead of failing."""
    subdomain: pulumi.Output[str | None]
    """The sending subdomain FullHelp reports for the domain, if any."""
    verified: pulumi.Output[bool]
    """True when at least one record is verified (the API's definition)."""
    dns_records: pulumi.Output[list[dict[str, Any]]]
    """Every record, ordered by key."""
    records: pulumi.Output[dict[str, dict[str, Any]]]
    """The records by key."""
    zone_file: pulumi.Output[str]
    """Every record as BIND zone-file lines."""
    stored_records: pulumi.Output[dict[str, str] | None]
    """The records by key as the state keeps them, one line each: ``LEVEL STATUS NAME [TTL] TYPE
    CONTENT`` (the zone-file record, its name relative to the domain's name, after its level
    and status; a label, an error after a tab as JSON), or ``=REFERENCE STATUS`` for a record
    the vendor documents alike for every domain. The native provider sets them instead of
    ``records``, ``dnsRecords`` and ``zoneFile`` when its ``recordViews`` setting is
    ``stored``: pass them, ``zone`` and the domain's name to
    ``mail-domains:index:recordViews`` for every view.
    """
    created_at: pulumi.Output[str]
    """When the vendor created the domain (RFC 3339, as the API reports it)."""
    updated_at: pulumi.Output[str]
    """When the vendor last changed the domain (RFC 3339, as the API reports it)."""

    def __init__(
        self,
        resource_name: str,
        *,
        domain: pulumi.Input[str],
        account_id: pulumi.Input[int] | None = None,
        zone: pulumi.Input[str] | None = None,
        adopt_existing: pulumi.Input[bool] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Domain.

        :param resource_name: The Pulumi name of the resource.
        :param domain: Fully qualified domain name; changing it renames the domain in place.
        :param account_id: FullHelp account id; defaults to the provider's FullHelp account
            (``FULLHELP_ACCOUNT_ID``). Changing it replaces the domain.
        :param zone: DNS zone the records will live in (default: ``domain``); record ``name``
            fields are relative to it. Changing it makes no API call.
        :param adopt_existing: Take over a domain of this name that already exists instead of
            failing. Default: ``false``.
        :param opts: Pulumi resource options.
        """
        inputs = {
            "domain": domain,
            "account_id": account_id,
            "zone": zone,
            "adopt_existing": adopt_existing,
        }
        behaviour = DomainBehaviour()
        # pulumi.dynamic.Resource straight from here: no frame of SpecResource in the
        # stackTrace the state keeps for each resource.
        provider, props = self._register_props(behaviour, inputs)
        Resource.__init__(self, provider, resource_name, props, opts)
        self._present(behaviour.spec)


class _DomainVerificationRequiredArgs(TypedDict):
    domain_id: pulumi.Input[int] | pulumi.Input[str]


class DomainVerificationArgs(_DomainVerificationRequiredArgs, total=False):
    """The inputs ``DomainVerification(name, **args)`` takes."""

    account_id: pulumi.Input[int]
    timeout_seconds: pulumi.Input[float]
    require_all_records: pulumi.Input[bool]
    triggers: pulumi.Input[Sequence[pulumi.Input[Any]]]


class DomainVerification(SpecResource, module="fullhelp", name="DomainVerification"):
    """Waits until a FullHelp domain's DNS records verify, failing after a timeout.

    Declare it after (``dependsOn``) the DNS records of the domain. A refresh that finds the
    records no longer verified makes the next ``up`` verify again.
    """

    domain_id: pulumi.Output[int]
    """The id of the ``fullhelp.Domain`` to verify (its ``id``, a string, is accepted too)."""
    account_id: pulumi.Output[int]
    """FullHelp account id; defaults to the provider's FullHelp account
    (``FULLHELP_ACCOUNT_ID``).
    """
    timeout_seconds: pulumi.Output[float]
    """How long to wait before failing, in seconds."""
    require_all_records: pulumi.Output[bool]
    """Wait for every record (``true``) or for at least one (``false``)."""
    triggers: pulumi.Output[list[Any] | None]
    """Any values; a change re-runs the verification."""
    verified: pulumi.Output[bool]
    """Whether the records are verified (all of them, or one with ``requireAllRecords: false``)."""
    verified_at: pulumi.Output[str | None]
    """When verification succeeded (UTC, RFC 3339)."""
    unverified: pulumi.Output[list[str]]
    """Keys of the records still failing."""

    def __init__(
        self,
        resource_name: str,
        *,
        domain_id: pulumi.Input[int] | pulumi.Input[str],
        account_id: pulumi.Input[int] | None = None,
        timeout_seconds: pulumi.Input[float] | None = None,
        require_all_records: pulumi.Input[bool] | None = None,
        triggers: pulumi.Input[Sequence[pulumi.Input[Any]]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a DomainVerification.

        :param resource_name: The Pulumi name of the resource.
        :param domain_id: The id of the ``fullhelp.Domain`` to verify (its ``id``, a string, is
            accepted too).
        :param account_id: FullHelp account id; defaults to the provider's FullHelp account
            (``FULLHELP_ACCOUNT_ID``).
        :param timeout_seconds: How long to wait before failing, in seconds. Default: ``600``.
        :param require_all_records: Wait for every record (``true``) or for at least one
            (``false``). Default: ``true``.
        :param triggers: Any values; a change re-runs the verification.
        :param opts: Pulumi resource options.
        """
        inputs = {
            "domain_id": domain_id,
            "account_id": account_id,
            "timeout_seconds": timeout_seconds,
            "require_all_records": require_all_records,
            "triggers": triggers,
        }
        behaviour = DomainVerificationBehaviour()
        # pulumi.dynamic.Resource straight from here: no frame of SpecResource in the
        # stackTrace the state keeps for each resource.
        provider, props = self._register_props(behaviour, inputs)
        Resource.__init__(self, provider, resource_name, props, opts)
        self._present(behaviour.spec)
