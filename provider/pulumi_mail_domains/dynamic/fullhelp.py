"""The fullhelp resources as Pulumi dynamic resources: typed inputs and declared outputs over
the core behaviours, which the dynamic provider host serves as they are."""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import Resource

from pulumi_mail_domains.core.records import as_int
from pulumi_mail_domains.dynamic.records import record_views
from pulumi_mail_domains.dynamic.served import served as _served
from pulumi_mail_domains.fullhelp.domain import DomainProvider
from pulumi_mail_domains.fullhelp.domain_verification import DomainVerificationProvider
from pulumi_mail_domains.fullhelp.spec import DOMAIN, DOMAIN_VERIFICATION


class Domain(Resource, module="fullhelp", name="Domain"):
    """A FullHelp sending domain, with the DNS records it needs as outputs.

    The Pulumi ``id`` is the FullHelp domain id (as a string). Renaming (``domain``) updates
    the domain in place: same id, new records. ``records["dkim"]``, ``records["spf"]`` and
    ``records["return_path"]`` can be used at program time to declare DNS records.
    """

    domain: pulumi.Output[str]
    """The domain name (lower-case A-labels, no trailing dot)."""
    account_id: pulumi.Output[int]
    """The help-desk account holding the domain."""
    zone: pulumi.Output[str]
    """The DNS zone the record names are relative to."""
    adopt_existing: pulumi.Output[bool]
    subdomain: pulumi.Output[str | None]
    verified: pulumi.Output[bool]
    """True when at least one record is verified (the API's definition)."""
    dns_records: pulumi.Output[list[dict[str, Any]]]
    """Every record, ordered by key."""
    records: pulumi.Output[dict[str, dict[str, Any]]]
    """The records by key."""
    zone_file: pulumi.Output[str]
    """Every record as BIND zone-file lines."""
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]

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
        """Add a sending domain to a FullHelp account.

        :param resource_name: The Pulumi name of the resource.
        :param domain: Fully qualified domain name; changing it renames the domain in place.
        :param account_id: FullHelp account id; defaults to config ``fullhelp:accountId`` or
            ``FULLHELP_ACCOUNT_ID``. Changing it replaces the domain.
        :param zone: DNS zone the records will live in (default: ``domain``); record ``name``
            fields are relative to it. Changing it makes no API call.
        :param adopt_existing: Take over a domain of this name that already exists instead of
            failing (the way to import an existing domain).
        :param opts: Pulumi resource options.
        """
        props = DOMAIN.initial_props(
            {
                "domain": domain,
                "account_id": account_id,
                "zone": zone,
                "adopt_existing": adopt_existing,
            }
        )
        super().__init__(_served(DomainProvider()), resource_name, props, opts)
        self.records, self.dns_records, self.zone_file = record_views(self.records, self.zone)
        # Numbers cross the engine as floats: give the program the integer it documents.
        self.account_id = self.account_id.apply(as_int)


class DomainVerification(Resource, module="fullhelp", name="DomainVerification"):
    """Waits until a FullHelp domain's DNS records verify, failing after a timeout.

    Declare it after (``depends_on``) the DNS records of the domain. A refresh that finds the
    records no longer verified makes the next ``up`` verify again.
    """

    domain_id: pulumi.Output[int]
    account_id: pulumi.Output[int]
    verified: pulumi.Output[bool]
    """Whether the records are verified (all of them, or one with require_all_records=False)."""
    verified_at: pulumi.Output[str]
    """When verification succeeded (UTC, RFC 3339)."""
    unverified: pulumi.Output[list[str]]
    """Keys of the records still failing."""
    timeout_seconds: pulumi.Output[float]
    require_all_records: pulumi.Output[bool]
    triggers: pulumi.Output[list[Any] | None]

    def __init__(
        self,
        resource_name: str,
        *,
        domain_id: pulumi.Input[str] | pulumi.Input[int],
        account_id: pulumi.Input[int] | None = None,
        timeout_seconds: pulumi.Input[float] | None = None,
        require_all_records: pulumi.Input[bool] | None = None,
        triggers: pulumi.Input[list[Any]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Verify a FullHelp domain's DNS records.

        :param resource_name: The Pulumi name of the resource.
        :param domain_id: The id of the ``fullhelp.Domain`` to verify.
        :param account_id: FullHelp account id; defaults to config ``fullhelp:accountId`` or
            ``FULLHELP_ACCOUNT_ID``.
        :param timeout_seconds: How long to wait before failing (default 600).
        :param require_all_records: Wait for every record (default) or for at least one.
        :param triggers: Any values; a change re-runs the verification.
        :param opts: Pulumi resource options.
        """
        props = DOMAIN_VERIFICATION.initial_props(
            {
                "domain_id": domain_id,
                "account_id": account_id,
                "timeout_seconds": timeout_seconds,
                "require_all_records": require_all_records,
                "triggers": triggers,
            }
        )
        super().__init__(_served(DomainVerificationProvider()), resource_name, props, opts)
        # Numbers cross the engine as floats: give the program the integers it documents.
        self.domain_id = self.domain_id.apply(as_int)
        self.account_id = self.account_id.apply(as_int)
