"""``fullhelp.Domain``: a FullHelp help-desk sending domain and the DNS records it needs."""

from __future__ import annotations

from typing import Any

from pulumi_mail_domains.core.checks import Checker
from pulumi_mail_domains.core.domain_names import is_within
from pulumi_mail_domains.core.errors import AlreadyExistsError, MailDomainsError, NotFoundError
from pulumi_mail_domains.core.lookup import Located
from pulumi_mail_domains.core.records import (
    stored_records,
)
from pulumi_mail_domains.core.results import (
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)
from pulumi_mail_domains.fullhelp.behaviour_base import FullHelpBehaviour, account_of
from pulumi_mail_domains.fullhelp.models import Domain as ApiDomain
from pulumi_mail_domains.fullhelp.records import shape_records
from pulumi_mail_domains.fullhelp.spec import DOMAIN

INPUTS = ("domain", "account_id", "zone", "adopt_existing")


class DomainBehaviour(FullHelpBehaviour):
    """CRUD of a FullHelp domain. Pickled by reference; settings come from ``configure()``."""

    spec = DOMAIN

    def import_seed(self, import_id: str) -> tuple[str, dict[str, Any]]:
        """``DOMAIN_ID`` or ``NAME`` (in the configured account), ``ACCOUNT_ID/DOMAIN_ID`` or
        ``ACCOUNT_ID/NAME``."""
        account, domain = self.import_ids(import_id)
        return str(domain), {"account_id": account}

    def locate(self, props: dict[str, Any]) -> Located | None:
        """The domain these checked inputs denote: the exact domain in that account."""
        return self.locate_domain(account_of(props), props["domain"])

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        checker = Checker(self.spec, news)
        domain = checker.domain("domain")
        checker.integer("account_id", self.settings.account_id, hint=self.account_hint())
        checker.zone(domain, domain_prop="domain")
        checker.boolean("adopt_existing")
        return CheckResult(checker.inputs, checker.failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return self.spec.diff(olds, news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        domain = self._register(props)
        return CreateResult(str(domain.id), domain_outputs(domain, props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            domain = self.client.get_domain(account_of(props), int(id_))
        except NotFoundError:
            return ReadResult("", {})
        outputs = domain_outputs(domain, props)
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
        return UpdateResult(domain_outputs(domain, news))

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


def domain_outputs(domain: ApiDomain, props: dict[str, Any]) -> dict[str, Any]:
    """The resource's outputs for ``domain`` as the API returned it."""
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
        "records": stored_records(shape_records(domain, zone), domain.domain),
    }


def _already_exists(name: str, account: int | None, existing_id: str | None) -> MailDomainsError:
    return MailDomainsError(
        f"FullHelp domain {name} already exists in account {account}"
        f"{f' (id {existing_id})' if existing_id else ''}. To manage it with Pulumi, set "
        "adopt_existing=True on this resource; to start afresh, delete it first."
    )


DomainProvider = DomainBehaviour
"""The name this class had before behaviours were called so: the pickled providers in the
state of existing stacks name it, so it stays importable."""
