"""``scaleway.MailboxDomain``: a Scaleway Mailbox domain and the DNS records it needs."""

from __future__ import annotations

from typing import Any

from pulumi_mail_domains.core import log
from pulumi_mail_domains.core.checks import Checker
from pulumi_mail_domains.core.errors import (
    AlreadyExistsError,
    MailDomainsError,
    NotFoundError,
    PreconditionFailedError,
)
from pulumi_mail_domains.core.http import operation_deadline
from pulumi_mail_domains.core.lookup import Located
from pulumi_mail_domains.core.polling import poll_until
from pulumi_mail_domains.core.progress import Wait
from pulumi_mail_domains.core.records import (
    DnsRecord,
    stored_records,
)
from pulumi_mail_domains.core.results import (
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)
from pulumi_mail_domains.scaleway.behaviour_base import (
    CREATE_TIMEOUT_SECONDS,
    DELETE_TIMEOUT_SECONDS,
    POLL_MAX_DELAY,
    POLL_MIN_DELAY,
    ScalewayBehaviour,
)
from pulumi_mail_domains.scaleway.models import (
    TRANSIENT_DOMAIN_STATUSES,
    Domain,
    DomainRecords,
    DomainStatus,
    MailboxStatus,
)
from pulumi_mail_domains.scaleway.records import shape_records
from pulumi_mail_domains.scaleway.settings import PROJECT_ID
from pulumi_mail_domains.scaleway.spec import MAILBOX_DOMAIN

CREATING_QUIET_SECONDS = 10.0
INPUTS = ("name", "project_id", "zone", "adopt_existing", "force_destroy")
DOMAIN_FIELDS = (
    "status",
    "mailbox_total_count",
    "webmail_url",
    "imap_url",
    "pop3_url",
    "smtp_url",
    "created_at",
    "updated_at",
)


class MailboxDomainBehaviour(ScalewayBehaviour):
    """CRUD of a Mailbox domain. Pickled by reference; settings come from ``configure()``."""

    spec = MAILBOX_DOMAIN

    def import_seed(self, import_id: str) -> tuple[str, dict[str, Any]]:
        """``pulumi import`` names a Mailbox domain by its UUID, its name or PROJECT_ID/NAME."""
        return self.domain_id_for_import(import_id), {}

    def locate(self, props: dict[str, Any]) -> Located | None:
        """The domain these checked inputs denote: the exact name in that project."""
        return self.locate_domain(props["name"], props["project_id"])

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        checker = Checker(self.spec, news)
        name = checker.domain("name")
        checker.uuid(
            "project_id",
            self.settings.project_id,
            f"set it on the resource, in {PROJECT_ID.where(self.settings.source)}",
        )
        checker.zone(name, domain_prop="name")
        checker.boolean("adopt_existing")
        checker.boolean("force_destroy")
        return CheckResult(checker.inputs, checker.failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return self.spec.diff(olds, news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        # The whole create, retries included, stays within its time budget.
        with operation_deadline(CREATE_TIMEOUT_SECONDS):
            return self._create(props)

    def _create(self, props: dict[str, Any]) -> CreateResult:
        domain, created = self._register(props)
        # The creating phase usually lasts seconds (docs/vendor-apis.md §1.12): only a longer
        # one is worth a message per domain.
        wait = Wait(
            "Scaleway to create the domain",
            domain.name,
            CREATE_TIMEOUT_SECONDS,
            clock=self.client.clock,
            quiet_for=CREATING_QUIET_SECONDS,
        )

        def creating(polled: Domain) -> None:
            if polled.status in TRANSIENT_DOMAIN_STATUSES:
                wait.detail = f"status {polled.status}"
                wait()

        try:
            domain = self.client.wait_for_domain(
                domain.id,
                timeout=CREATE_TIMEOUT_SECONDS,
                min_delay=POLL_MIN_DELAY,
                max_delay=POLL_MAX_DELAY,
                on_poll=creating,
                known=domain,
            )
        except MailDomainsError:
            # The engine records nothing for a failed create, so a domain we just registered
            # would be orphaned: remove it before reporting the failure.
            if created:
                self._delete_quietly(domain.id)
            raise
        return CreateResult(domain.id, self._outputs(domain, props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            domain = self.client.get_domain(id_)
        except NotFoundError:
            return ReadResult("", {})
        if domain.status == DomainStatus.DELETING:
            return ReadResult("", {})
        outputs = self._outputs(domain, props)
        return ReadResult(id_, outputs)

    def update(self, id_: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        # Only zone and the behaviour flags can change in place: no API write is needed,
        # the outputs are recomputed from the live domain.
        return UpdateResult(self._outputs(self.client.get_domain(id_), news))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        # The whole delete, retries included, stays within its time budget.
        with operation_deadline(DELETE_TIMEOUT_SECONDS):
            self._delete(id_, props)

    def _delete(self, id_: str, props: dict[str, Any]) -> None:
        # Only the vendor's own not-found answer means "gone": any other error (a wrong API URL,
        # an outage) propagates, so the engine keeps the domain in the state.
        try:
            domain = self.client.get_domain(id_)
        except NotFoundError:
            return
        deadline = self.client.clock.monotonic() + DELETE_TIMEOUT_SECONDS
        emptied = False
        if domain.mailbox_total_count:
            if not props.get("force_destroy"):
                raise MailDomainsError(
                    f"Refusing to delete Scaleway domain {domain.name} ({id_}): it still has "
                    f"{domain.mailbox_total_count} mailbox(es), which would be lost. Delete "
                    "them first, or set force_destroy=True on the resource to delete the "
                    "domain anyway."
                )
            # The API refuses to delete a domain that has mailboxes: delete them first.
            self._delete_mailboxes(id_)
            emptied = True
        already_deleting = domain.status == DomainStatus.DELETING
        if not already_deleting and not self._delete_domain(
            domain, deadline, wait_for_mailboxes=emptied
        ):
            return
        self.client.wait_until_deleted(
            id_,
            timeout=max(0.0, deadline - self.client.clock.monotonic()),
            min_delay=POLL_MIN_DELAY,
            max_delay=POLL_MAX_DELAY,
        )

    # --- helpers -------------------------------------------------------------------------

    def _register(self, props: dict[str, Any]) -> tuple[Domain, bool]:
        """Create the domain, or adopt it; returns it and whether this call created it.

        The name is looked up before the create, so that a domain found later by the
        lost-response-safe create is known to be this run's own: only then may a failed create
        remove it (a domain that existed before must never be deleted by that cleanup).
        """
        name, project = props["name"], props["project_id"]
        existing = self.client.find_domain_by_name(name, project)
        if existing is not None:
            if props.get("adopt_existing"):
                return existing, False
            raise _already_exists(name, project, existing.id)
        try:
            return self.client.create_domain(name, project), True
        except AlreadyExistsError as error:
            existing_id = error.existing_id or _id_of(
                self.client.find_domain_by_name(name, project)
            )
            raise _already_exists(name, project, existing_id) from None

    def _delete_domain(self, domain: Domain, deadline: float, *, wait_for_mailboxes: bool) -> bool:
        """DELETE the domain; False when the API says it is already gone.

        After ``force_destroy`` deleted the mailboxes, the API keeps them a while (status
        ``deletion_scheduled``) and answers 412 ``resource_still_in_use``: wait and try again
        until the deadline.
        """
        outcome: list[bool] = []
        refusal: list[PreconditionFailedError] = []

        def deleted() -> bool:
            try:
                self.client.delete_domain(domain.id)
                outcome.append(True)
            except NotFoundError:
                outcome.append(False)  # deleted between the read and the DELETE
            except PreconditionFailedError as error:
                if not wait_for_mailboxes:
                    raise
                refusal.append(error)
                log.info(
                    f"Scaleway domain {domain.name} ({domain.id}): its deleted mailboxes are "
                    f"still being removed ({error.precondition or error.message}); retrying the "
                    "delete until its budget runs out"
                )
                return False
            return True

        remaining = max(0.0, deadline - self.client.clock.monotonic())
        if not poll_until(
            deleted,
            timeout=remaining,
            min_delay=POLL_MIN_DELAY,
            max_delay=POLL_MAX_DELAY,
            clock=self.client.clock,
        ):
            raise refusal[-1]
        return outcome[-1]

    def _delete_mailboxes(self, domain_id: str) -> None:
        """``force_destroy``: delete every mailbox of the domain (their mail is lost)."""
        for mailbox in self.client.list_all_mailboxes(domain_id):
            if mailbox.status == MailboxStatus.DELETION_SCHEDULED:
                continue
            try:
                self.client.delete_mailbox(mailbox.id)
            except NotFoundError:
                continue  # deleted meanwhile

    def _delete_quietly(self, domain_id: str) -> None:
        try:
            self.client.delete_domain(domain_id)
        except MailDomainsError as error:
            log.warn(f"could not remove domain {domain_id} after a failed create: {error}")

    def _outputs(self, domain: Domain, props: dict[str, Any]) -> dict[str, Any]:
        # A domain still creating has no records yet (GetDomainRecords answers empty).
        creating = domain.status == DomainStatus.CREATING
        records = None if creating else self.client.get_domain_records(domain.id)
        return domain_outputs(domain, records, props)


def domain_outputs(
    domain: Domain, records: DomainRecords | None, props: dict[str, Any]
) -> dict[str, Any]:
    """The resource's outputs for ``domain`` and its ``records`` as the API returned them."""
    zone = props.get("zone") or domain.name
    shaped: list[DnsRecord] = [] if records is None else shape_records(records, zone)
    return {
        **{key: props.get(key) for key in INPUTS},
        "name": domain.name,
        "project_id": domain.project_id,
        "zone": zone,
        **{key: getattr(domain, key) for key in DOMAIN_FIELDS},
        "records": stored_records(shaped, domain.name, MAILBOX_DOMAIN.known_records),
    }


def _already_exists(name: str, project: str, existing_id: str | None) -> MailDomainsError:
    return MailDomainsError(
        f"Scaleway domain {name} already exists in project {project}"
        f"{f' (id {existing_id})' if existing_id else ''}. To manage it with Pulumi, "
        "set adopt_existing=True on this resource; to start afresh, delete it first."
    )


def _id_of(domain: Domain | None) -> str | None:
    return domain.id if domain is not None else None


MailboxDomainProvider = MailboxDomainBehaviour
"""The name this class had before behaviours were called so: the pickled providers in the
state of existing stacks name it, so it stays importable."""
