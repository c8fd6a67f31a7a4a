"""``fullhelp.DomainVerification``: wait, with a bound, until a domain's DNS records verify."""

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
from pulumi_mail_domains.fullhelp.behaviour_base import (
    POLL_MAX_DELAY,
    POLL_MIN_DELAY,
    FullHelpBehaviour,
    account_of,
)
from pulumi_mail_domains.fullhelp.models import Domain
from pulumi_mail_domains.fullhelp.records import shape_records
from pulumi_mail_domains.fullhelp.spec import DOMAIN_VERIFICATION


class VerificationFailedError(MailDomainsError):
    """The records did not verify in time; the message lists every failing record."""


class DomainVerificationBehaviour(FullHelpBehaviour):
    """Triggers verify-dns and polls until the records are verified."""

    spec = DOMAIN_VERIFICATION

    def import_seed(self, import_id: str) -> tuple[str, dict[str, Any]]:
        """Imported by the domain it verifies: ``[ACCOUNT_ID/]DOMAIN_ID`` or ``[ACCOUNT_ID/]NAME``
        (the domain's name)."""
        account, domain = self.import_ids(import_id)
        return str(domain), {"account_id": account, "domain_id": domain}

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        checker = Checker(self.spec, news)
        checker.integer("domain_id", hint="pass the id of a fullhelp.Domain")
        checker.integer("account_id", self.settings.account_id, hint=self.account_hint())
        checker.positive_number("timeout_seconds")
        checker.boolean("require_all_records")
        checker.string_list("triggers")
        return CheckResult(checker.inputs, checker.failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        if olds.get("verified") is False:
            # A refresh found the records no longer verified: verify again.
            return DiffResult(changes=True, replaces=["verified"], delete_before_replace=False)
        return self.spec.diff(olds, news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        # The timeout bounds the API calls' retries too, not only the polling between them.
        with operation_deadline(float(props["timeout_seconds"])):
            domain = self._verify(props)
        outputs = {**props, **_status_outputs(domain, props), "verified_at": utc_now()}
        return CreateResult(str(int(props["domain_id"])), outputs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        # Only the vendor's own not-found answer means "gone"; other errors fail the refresh.
        try:
            domain = self.client.get_domain(account_of(props), int(props["domain_id"]))
        except NotFoundError:
            return ReadResult("", {})
        return ReadResult(id_, {**props, **_status_outputs(domain, props)})

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        # Only timeout_seconds changed: it matters for the next verification, not this one.
        return UpdateResult({**olds, **news})

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Nothing to undo: verification is a fact about DNS, not an API object."""

    def _verify(self, props: dict[str, Any]) -> Domain:
        account, domain_id = account_of(props), int(props["domain_id"])
        timeout = float(props["timeout_seconds"])
        latest = self.client.get_domain(account, domain_id)
        wait = Wait("DNS", latest.domain, timeout, clock=self.client.clock)

        def verified() -> bool:
            nonlocal latest
            latest = self.client.verify_dns(account, domain_id)
            failing = _failing(latest, props)
            wait.detail = missing(r["key"] for r in failing)
            return not failing

        if not poll_until(
            verified,
            timeout=timeout,
            min_delay=POLL_MIN_DELAY,
            max_delay=POLL_MAX_DELAY,
            clock=self.client.clock,
            progress=wait,
        ):
            lines = [describe_failing(r) for r in _failing(latest, props)]
            raise VerificationFailedError(
                f"FullHelp domain {latest.domain} ({latest.id}) not verified after "
                f"{timeout:g} s. Records not verified yet:\n" + "\n".join(lines)
            )
        return latest


def _failing(domain: Domain, props: dict[str, Any]) -> list[DnsRecord]:
    """The unverified records that keep the verification from succeeding."""
    records = shape_records(domain, domain.domain)
    unverified = [r for r in records if not r["verified"]]
    if props.get("require_all_records", True):
        return unverified
    return [] if len(unverified) < len(records) else unverified


def _status_outputs(domain: Domain, props: dict[str, Any]) -> dict[str, Any]:
    records = shape_records(domain, domain.domain)
    return {
        "verified": not _failing(domain, props),
        "unverified": [r["key"] for r in records if not r["verified"]],
    }


DomainVerificationProvider = DomainVerificationBehaviour
"""The name this class had before behaviours were called so: the pickled providers in the
state of existing stacks name it, so it stays importable."""
