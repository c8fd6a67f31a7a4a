"""The scaleway resources as Pulumi dynamic resources for Python programs.

Generated from their specs by ``scripts/generate_dynamic.py`` (``make dynamic``): edit
the specs, not this file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

import pulumi
from pulumi.dynamic import Resource

from pulumi_mail_domains.dynamic.base import SpecResource
from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomainBehaviour
from pulumi_mail_domains.scaleway.mailbox_domain_validation import MailboxDomainValidationBehaviour

__all__ = [
    "MailboxDomain",
    "MailboxDomainArgs",
    "MailboxDomainValidation",
    "MailboxDomainValidationArgs",
]


class _MailboxDomainRequiredArgs(TypedDict):
    name: pulumi.Input[str]


class MailboxDomainArgs(_MailboxDomainRequiredArgs, total=False):
    """The inputs ``MailboxDomain(name, **args)`` takes."""

    project_id: pulumi.Input[str]
    zone: pulumi.Input[str]
    adopt_existing: pulumi.Input[bool]
    force_destroy: pulumi.Input[bool]


class MailboxDomain(SpecResource, module="scaleway", name="MailboxDomain"):
    """A Scaleway Mailbox domain, with the DNS records it needs as outputs.

    The resource id is the Scaleway domain UUID. ``records[key]`` (``dkim``, ``spf``, ``mx``,
    ``dmarc``, ``domain_validation``, ``autoconfig``, ``autodiscover``, ``imap``, ``pop3``,
    ``submission``, ``caldav``, ``carddav``) can be used at program time to declare DNS
    records.
    """

    name: pulumi.Output[str]
    """Fully qualified domain name; Unicode names are stored as A-labels. Changing it replaces
    the domain.
    """
    project_id: pulumi.Output[str]
    """Scaleway project UUID; defaults to the provider's Scaleway project
    (``SCW_DEFAULT_PROJECT_ID``). Changing it replaces the domain.
    """
    zone: pulumi.Output[str]
    """DNS zone the records will live in (default: ``name``); record ``name`` fields are relative
    to it. Changing it makes no API call.
    """
    adopt_existing: pulumi.Output[bool]
    """Take over a domain of this name that already exists instead of failing."""
    force_destroy: pulumi.Output[bool]
    """Delete the domain even if it still has mailboxes: they are deleted first, with their mail."""
    status: pulumi.Output[str]
    """Domain status as reported by the API (e.g. ``waiting_validation``, ``ready``)."""
    mailbox_total_count: pulumi.Output[int]
    """How many mailboxes the domain has."""
    webmail_url: pulumi.Output[str]
    """The webmail address of the domain's mailboxes."""
    imap_url: pulumi.Output[str]
    """The IMAP server of the domain's mailboxes."""
    pop3_url: pulumi.Output[str]
    """The POP3 server of the domain's mailboxes."""
    smtp_url: pulumi.Output[str]
    """The SMTP submission server of the domain's mailboxes."""
    created_at: pulumi.Output[str]
    """When the vendor created the domain (RFC 3339, as the API reports it)."""
    updated_at: pulumi.Output[str]
    """When the vendor last changed the domain (RFC 3339, as the API reports it)."""
    dns_records: pulumi.Output[list[dict[str, Any]]]
    """Every record, required first, then by key."""
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

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str],
        project_id: pulumi.Input[str] | None = None,
        zone: pulumi.Input[str] | None = None,
        adopt_existing: pulumi.Input[bool] | None = None,
        force_destroy: pulumi.Input[bool] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a MailboxDomain.

        :param resource_name: The Pulumi name of the resource.
        :param name: Fully qualified domain name; Unicode names are stored as A-labels. Changing
            it replaces the domain.
        :param project_id: Scaleway project UUID; defaults to the provider's Scaleway project
            (``SCW_DEFAULT_PROJECT_ID``). Changing it replaces the domain.
        :param zone: DNS zone the records will live in (default: ``name``); record ``name``
            fields are relative to it. Changing it makes no API call.
        :param adopt_existing: Take over a domain of this name that already exists instead of
            failing. Default: ``false``.
        :param force_destroy: Delete the domain even if it still has mailboxes: they are deleted
            first, with their mail. Default: ``false``.
        :param opts: Pulumi resource options.
        """
        inputs = {
            "name": name,
            "project_id": project_id,
            "zone": zone,
            "adopt_existing": adopt_existing,
            "force_destroy": force_destroy,
        }
        behaviour = MailboxDomainBehaviour()
        # pulumi.dynamic.Resource straight from here: no frame of SpecResource in the
        # stackTrace the state keeps for each resource.
        provider, props = self._register_props(behaviour, inputs)
        Resource.__init__(self, provider, resource_name, props, opts)
        self._present(behaviour.spec)


class _MailboxDomainValidationRequiredArgs(TypedDict):
    domain_id: pulumi.Input[str]


class MailboxDomainValidationArgs(_MailboxDomainValidationRequiredArgs, total=False):
    """The inputs ``MailboxDomainValidation(name, **args)`` takes."""

    timeout_seconds: pulumi.Input[float]
    triggers: pulumi.Input[Sequence[pulumi.Input[Any]]]


class MailboxDomainValidation(SpecResource, module="scaleway", name="MailboxDomainValidation"):
    """Waits until a Mailbox domain is validated (status ``ready``), failing after a timeout.

    Declare it after (``dependsOn``) the DNS records of the domain so validation starts once
    they are published. A refresh that finds the domain no longer ready makes the next ``up``
    validate again.
    """

    domain_id: pulumi.Output[str]
    """The id of the ``scaleway.MailboxDomain`` to validate."""
    timeout_seconds: pulumi.Output[float]
    """How long to wait for ``ready`` before failing, in seconds."""
    triggers: pulumi.Output[list[Any] | None]
    """Any values; a change re-runs the validation (e.g. record contents)."""
    status: pulumi.Output[str]
    """The domain status last seen."""
    validated: pulumi.Output[bool]
    """Whether the domain is ready."""
    validated_at: pulumi.Output[str | None]
    """When validation succeeded (UTC, RFC 3339)."""

    def __init__(
        self,
        resource_name: str,
        *,
        domain_id: pulumi.Input[str],
        timeout_seconds: pulumi.Input[float] | None = None,
        triggers: pulumi.Input[Sequence[pulumi.Input[Any]]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a MailboxDomainValidation.

        :param resource_name: The Pulumi name of the resource.
        :param domain_id: The id of the ``scaleway.MailboxDomain`` to validate.
        :param timeout_seconds: How long to wait for ``ready`` before failing, in seconds.
            Default: ``600``.
        :param triggers: Any values; a change re-runs the validation (e.g. record contents).
        :param opts: Pulumi resource options.
        """
        inputs = {"domain_id": domain_id, "timeout_seconds": timeout_seconds, "triggers": triggers}
        behaviour = MailboxDomainValidationBehaviour()
        # pulumi.dynamic.Resource straight from here: no frame of SpecResource in the
        # stackTrace the state keeps for each resource.
        provider, props = self._register_props(behaviour, inputs)
        Resource.__init__(self, provider, resource_name, props, opts)
        self._present(behaviour.spec)
