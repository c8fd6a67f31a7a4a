"""``scaleway.MailboxDomainValidation``: wait, with a bound, until a Mailbox domain is ready."""

from __future__ import annotations

from typing import Any

from pulumi_mail_domains.core.checks import Checker
from pulumi_mail_domains.core.errors import MailDomainsError, NotFoundError
from pulumi_mail_domains.core.http import operation_deadline
from pulumi_mail_domains.core.polling import poll_until, utc_now
from pulumi_mail_domains.core.progress import Wait, missing
from pulumi_mail_domains.core.records import DnsRecord, describe_failing
from pulumi_mail_domains.core.results import (
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)
from pulumi_mail_domains.scaleway.behaviour_base import (
    POLL_MAX_DELAY,
    POLL_MIN_DELAY,
    ScalewayBehaviour,
)
from pulumi_mail_domains.scaleway.models import (
    TRANSIENT_DOMAIN_STATUSES,
    Domain,
    DomainRecords,
    DomainStatus,
)
from pulumi_mail_domains.scaleway.records import shape_records
from pulumi_mail_domains.scaleway.spec import MAILBOX_DOMAIN_VALIDATION

# A check is over and did not pass: ask the API to look again, since the user may be fixing
# the records while the timeout runs; only the timeout makes the failure final.
_RETRIGGER_STATUSES = frozenset(
    {DomainStatus.WAITING_VALIDATION.value, DomainStatus.VALIDATION_FAILED.value}
)
# A check is running: its outcome is not known yet, so the last one recorded still stands.
_CHECKING_STATUSES = frozenset({DomainStatus.VALIDATING.value, DomainStatus.PROVISIONING.value})


class ValidationFailedError(MailDomainsError):
    """The domain did not become ready; the message lists every record that is not valid."""


class MailboxDomainValidationBehaviour(ScalewayBehaviour):
    """Triggers validate-records and polls until the domain is ``ready``."""

    spec = MAILBOX_DOMAIN_VALIDATION

    def import_seed(self, import_id: str) -> tuple[str, dict[str, Any]]:
        """A validation is imported by the domain it validates: UUID, NAME or PROJECT_ID/NAME."""
        domain_id = self.domain_id_for_import(import_id)
        return domain_id, {"domain_id": domain_id}

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        checker = Checker(self.spec, news)
        checker.uuid("domain_id", None, "pass the id of a scaleway.MailboxDomain")
        checker.positive_number("timeout_seconds")
        checker.string_list("triggers")
        return CheckResult(checker.inputs, checker.failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        result = self.spec.diff(olds, news)
        if olds.get("validated") is False and olds.get("status") not in _CHECKING_STATUSES:
            # A refresh found the domain no longer validated: validate again.
            return DiffResult(changes=True, replaces=["validated"], delete_before_replace=False)
        return result

    def create(self, props: dict[str, Any]) -> CreateResult:
        domain_id = props["domain_id"]
        timeout = float(props["timeout_seconds"])
        # The timeout bounds the API calls' retries too, not only the polling between them.
        with operation_deadline(timeout):
            domain = self._validate(domain_id, timeout)
        outputs = {**props, **_status_outputs(domain), "validated_at": utc_now()}
        return CreateResult(domain_id, outputs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            domain = self.client.get_domain(props.get("domain_id") or id_)
        except NotFoundError:
            return ReadResult("", {})
        outputs = {**props, **_status_outputs(domain)}
        if domain.status in _CHECKING_STATUSES and props.get("validated") is not None:
            # Caught mid-check: keep the last outcome rather than force a new validation.
            outputs["validated"] = props["validated"]
        return ReadResult(id_, outputs)

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        # Only timeout_seconds changed: it matters for the next validation, not this one.
        return UpdateResult({**olds, **news})

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Nothing to undo: validation is a fact about DNS, not an API object."""

    def _validate(self, domain_id: str, timeout: float) -> Domain:
        client = self.client
        deadline = self.client.clock.monotonic() + timeout
        wait = Wait("DNS", domain_id, timeout, clock=client.clock)

        def creating(domain: Domain) -> None:
            wait.about = domain.name
            if domain.status in TRANSIENT_DOMAIN_STATUSES:
                wait.detail = f"domain still {domain.status}"
                wait()

        # validate-records is refused (409 transient_state) while the domain is being created.
        latest = client.wait_for_domain(
            domain_id,
            timeout=timeout,
            min_delay=POLL_MIN_DELAY,
            max_delay=POLL_MAX_DELAY,
            on_poll=creating,
        )
        if latest.status == DomainStatus.READY:
            return latest
        last_outcome: DomainRecords | None = None
        if latest.status == DomainStatus.VALIDATION_FAILED:
            last_outcome = client.get_domain_records(domain_id)
        client.validate_domain_records(domain_id)
        wait.detail = _waiting_for(latest, last_outcome)
        asked = client.clock.monotonic()
        just_asked = True

        def ready() -> bool:
            nonlocal latest, last_outcome, asked, just_asked
            if just_asked:  # the check asked for a moment ago cannot be over yet
                just_asked = False
                return False
            # Seen through the listing every wait of this key shares, never from before the
            # last validate-records (an older view would show the check not started).
            since = max(asked, client.clock.monotonic() - POLL_MIN_DELAY)
            latest = client.observe_domain(domain_id, latest.project_id, since=since)
            if latest.status in _RETRIGGER_STATUSES:
                # A check is over and did not pass: keep its per-record outcome for the error
                # message, since a new check shows every record as "validating" until it ends.
                last_outcome = client.get_domain_records(domain_id)
                client.validate_domain_records(domain_id)
                wait.detail = _waiting_for(latest, last_outcome)
                asked = client.clock.monotonic()
            return latest.status == DomainStatus.READY

        remaining = max(0.0, deadline - self.client.clock.monotonic())
        if not poll_until(
            ready,
            timeout=remaining,
            min_delay=POLL_MIN_DELAY,
            max_delay=POLL_MAX_DELAY,
            clock=self.client.clock,
            progress=wait,
        ):
            raise self._failure(latest, f"not ready after {timeout:g} s", last_outcome)
        return latest

    def _failure(
        self, domain: Domain, what: str, outcome: DomainRecords | None = None
    ) -> ValidationFailedError:
        if outcome is None:
            outcome = self.client.get_domain_records(domain.id)
        failing = _failing(outcome, domain.name)
        lines = [describe_failing(r) for r in failing] or [
            "(the API reports no failing required record)"
        ]
        return ValidationFailedError(
            f"Scaleway domain {domain.name} ({domain.id}) {what}; status {domain.status}. "
            "Required records not valid yet:\n" + "\n".join(lines)
        )


def _failing(outcome: DomainRecords, zone: str) -> list[DnsRecord]:
    """The required records a check found not valid."""
    records = shape_records(outcome, zone)
    return [r for r in records if r["level"] == "required" and r["status"] != "valid"]


def _waiting_for(domain: Domain, outcome: DomainRecords | None) -> str:
    """What a validation waits for: the records the last check found not valid, if it ended."""
    failing = _failing(outcome, domain.name) if outcome is not None else []
    if failing:
        return missing(r["key"] for r in failing)
    return f"checking the records (status {domain.status})"


def _status_outputs(domain: Domain) -> dict[str, Any]:
    return {"status": domain.status, "validated": domain.status == DomainStatus.READY}


MailboxDomainValidationProvider = MailboxDomainValidationBehaviour
"""The name this class had before behaviours were called so: the pickled providers in the
state of existing stacks name it, so it stays importable."""
