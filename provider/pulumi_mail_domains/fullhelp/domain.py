"""``fullhelp.Domain``: a FullHelp help-desk sending domain and the DNS records it needs."""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import (
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)

from pulumi_mail_domains._dynamic import Checker, diff_inputs
from pulumi_mail_domains.domain_names import is_within
from pulumi_mail_domains.errors import AlreadyExistsError, MailDomainsError, NotFoundError
from pulumi_mail_domains.fullhelp._shared import (
    ACCOUNT_HINT,
    FullHelpProviderBase,
    account_of,
    shape_records,
)
from pulumi_mail_domains.fullhelp.models import Domain as ApiDomain
from pulumi_mail_domains.records import (
    as_int,
    complete_dns_records,
    complete_records,
    record_outputs,
)

INPUTS = ("domain", "account_id", "zone", "adopt_existing")


class DomainProvider(FullHelpProviderBase, ResourceProvider):
    """CRUD of a FullHelp domain. Pickled by reference; settings come from ``configure()``."""

    serialize_as_secret_always = False

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        checker = Checker(news)
        domain = checker.domain("domain")
        checker.integer("account_id", self.settings.account_id, hint=ACCOUNT_HINT)
        checker.zone(domain, domain_prop="domain")
        checker.boolean("adopt_existing", False)
        return CheckResult(checker.inputs, checker.failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return diff_inputs(
            olds, news, replace=("account_id",), update=("domain", "zone", "adopt_existing")
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        domain = self._register(props)
        return CreateResult(str(domain.id), self._outputs(domain, props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            domain = self.client.get_domain(account_of(props), int(id_))
        except NotFoundError:
            return ReadResult("", {})
        outputs = self._outputs(domain, props)
        # The live name becomes the recorded input, so a rename made out of band shows up as
        # drift that the next `up` reverts.
        inputs = {key: outputs[key] for key in INPUTS}
        return ReadResult(id_, outputs, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        account = account_of(news)
        if olds.get("domain") != news["domain"]:
            domain = self.client.update_domain(account, int(id_), news["domain"])
        else:
            domain = self.client.get_domain(account, int(id_))
        return UpdateResult(self._outputs(domain, news))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        # Only the vendor's own not-found answer means "gone"; any other error propagates so
        # the engine keeps the domain in the state.
        try:
            self.client.delete_domain(account_of(props), int(id_))
        except NotFoundError:
            return

    def _register(self, props: dict[str, Any]) -> ApiDomain:
        """Create the domain, or adopt one of this name when ``adopt_existing`` is set.

        The name is looked up first, so a domain that existed before is never mistaken for
        the one a retried (lost-response-safe) create finds afterwards.
        """
        name, account = props["domain"], account_of(props)
        existing = self.client.find_domain_by_name(account, name)
        if existing is not None:
            if props.get("adopt_existing"):
                return existing
            raise _already_exists(name, account, str(existing.id))
        try:
            return self.client.create_domain(account, name)
        except AlreadyExistsError as error:
            raise _already_exists(name, account, error.existing_id) from None

    @staticmethod
    def _outputs(domain: ApiDomain, props: dict[str, Any]) -> dict[str, Any]:
        zone = props.get("zone") or domain.domain
        if not is_within(domain.domain, zone):
            zone = domain.domain  # renamed out of band, out of its zone: shape for the live name
        return {
            **{key: props.get(key) for key in INPUTS},
            "domain": domain.domain,
            "account_id": domain.account_id or props.get("account_id"),
            "zone": zone,
            "subdomain": domain.subdomain,
            "verified": domain.verified,
            "created_at": domain.created_at,
            "updated_at": domain.updated_at,
            **record_outputs(shape_records(domain, zone)),
        }


def _already_exists(name: str, account: int | None, existing_id: str | None) -> MailDomainsError:
    return MailDomainsError(
        f"FullHelp domain {name} already exists in account {account}"
        f"{f' (id {existing_id})' if existing_id else ''}. To manage it with Pulumi, set "
        "adopt_existing=True on this resource; to start afresh, delete it first."
    )


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
        props: dict[str, Any] = {
            "domain": domain,
            "account_id": account_id,
            "zone": zone,
            "adopt_existing": adopt_existing,
            "subdomain": None,
            "verified": None,
            "dns_records": None,
            "records": None,
            "zone_file": None,
            "created_at": None,
            "updated_at": None,
        }
        super().__init__(DomainProvider(), resource_name, props, opts)
        # The SDK drops None-valued keys of outputs on their way to the program; put them back
        # so every DnsRecord field (priority, weight, port, txt_chunks, error) can be read.
        self.dns_records = self.dns_records.apply(complete_dns_records)
        self.records = self.records.apply(complete_records)
        # Numbers cross the engine as floats: give the program the integer it documents.
        self.account_id = self.account_id.apply(as_int)
