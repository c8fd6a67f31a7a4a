"""The scaleway resources as Pulumi dynamic resources: typed inputs and declared outputs over
the core behaviours, which the dynamic provider host serves as they are."""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import Resource

from pulumi_mail_domains.core.records import as_int
from pulumi_mail_domains.dynamic.records import record_views
from pulumi_mail_domains.dynamic.served import served as _served
from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomainProvider
from pulumi_mail_domains.scaleway.mailbox_domain_validation import MailboxDomainValidationProvider
from pulumi_mail_domains.scaleway.spec import MAILBOX_DOMAIN, MAILBOX_DOMAIN_VALIDATION


class MailboxDomain(Resource, module="scaleway", name="MailboxDomain"):
    """A Scaleway Mailbox domain, with the DNS records it needs as outputs.

    The Pulumi ``id`` is the Scaleway domain UUID. ``records[key]`` (``dkim``, ``spf``, ``mx``,
    ``dmarc``, ``domain_validation``, ``autoconfig``, ``autodiscover``, ``imap``, ``pop3``,
    ``submission``, ``caldav``, ``carddav``) can be used at program time to declare DNS records.
    """

    name: pulumi.Output[str]
    """The domain name (lower-case A-labels, no trailing dot)."""
    project_id: pulumi.Output[str]
    """The Scaleway project holding the domain."""
    zone: pulumi.Output[str]
    """The DNS zone the record names are relative to."""
    adopt_existing: pulumi.Output[bool]
    force_destroy: pulumi.Output[bool]
    status: pulumi.Output[str]
    """Domain status as reported by the API (e.g. ``waiting_validation``, ``ready``)."""
    mailbox_total_count: pulumi.Output[int]
    webmail_url: pulumi.Output[str]
    imap_url: pulumi.Output[str]
    pop3_url: pulumi.Output[str]
    smtp_url: pulumi.Output[str]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]
    dns_records: pulumi.Output[list[dict[str, Any]]]
    """Every record, required first, then by key."""
    records: pulumi.Output[dict[str, dict[str, Any]]]
    """The records by key."""
    zone_file: pulumi.Output[str]
    """Every record as BIND zone-file lines."""

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
        """Register a Mailbox domain.

        :param resource_name: The Pulumi name of the resource.
        :param name: Fully qualified domain name; Unicode names are stored as A-labels.
            Changing it replaces the domain.
        :param project_id: Scaleway project UUID; defaults to config ``scaleway:projectId`` or
            ``SCW_DEFAULT_PROJECT_ID``. Changing it replaces the domain.
        :param zone: DNS zone the records will live in (default: ``name``); record ``name``
            fields are relative to it. Changing it makes no API call.
        :param adopt_existing: Take over a domain of this name that already exists instead of
            failing (the way to import an existing domain).
        :param force_destroy: Delete the domain even if it still has mailboxes: they are
            deleted first, with their mail.
        :param opts: Pulumi resource options.
        """
        props = MAILBOX_DOMAIN.initial_props(
            {
                "name": name,
                "project_id": project_id,
                "zone": zone,
                "adopt_existing": adopt_existing,
                "force_destroy": force_destroy,
            }
        )
        super().__init__(_served(MailboxDomainProvider()), resource_name, props, opts)
        self.records, self.dns_records, self.zone_file = record_views(self.records, self.zone)
        # Numbers cross the engine as floats: give the program the integer it documents.
        self.mailbox_total_count = self.mailbox_total_count.apply(as_int)


class MailboxDomainValidation(Resource, module="scaleway", name="MailboxDomainValidation"):
    """Waits until a Mailbox domain is validated (status ``ready``), failing after a timeout.

    Declare it after (``depends_on``) the DNS records of the domain so validation starts once
    they are published. A refresh that finds the domain no longer ready makes the next
    ``up`` validate again.
    """

    domain_id: pulumi.Output[str]
    status: pulumi.Output[str]
    """The domain status last seen."""
    validated: pulumi.Output[bool]
    """Whether the domain is ready."""
    validated_at: pulumi.Output[str]
    """When validation succeeded (UTC, RFC 3339)."""
    timeout_seconds: pulumi.Output[float]
    triggers: pulumi.Output[list[Any] | None]

    def __init__(
        self,
        resource_name: str,
        *,
        domain_id: pulumi.Input[str],
        timeout_seconds: pulumi.Input[float] | None = None,
        triggers: pulumi.Input[list[Any]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Validate a Mailbox domain.

        :param resource_name: The Pulumi name of the resource.
        :param domain_id: The id of the ``scaleway.MailboxDomain`` to validate.
        :param timeout_seconds: How long to wait for ``ready`` before failing (default 600).
        :param triggers: Any values; a change re-runs the validation (e.g. record contents).
        :param opts: Pulumi resource options.
        """
        props = MAILBOX_DOMAIN_VALIDATION.initial_props(
            {"domain_id": domain_id, "timeout_seconds": timeout_seconds, "triggers": triggers}
        )
        super().__init__(_served(MailboxDomainValidationProvider()), resource_name, props, opts)
