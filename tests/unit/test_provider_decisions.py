"""Provider decisions that the emulator cannot stage on demand, and one race it can.

The emulator never reports ``validation_failed`` and never keeps deleted mailboxes around, so
those paths run against a scripted client that answers as the live API does; the race of a
domain vanishing between the provider's GET and its DELETE runs against the real emulator.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from pulumi.dynamic import Config, ConfigureRequest

from pulumi_mail_domains.core.errors import (
    MailDomainsError,
    PreconditionFailedError,
    ServerError,
    WaitTimeoutError,
)
from pulumi_mail_domains.core.polling import Clock
from pulumi_mail_domains.core.records import present_records
from pulumi_mail_domains.fullhelp.domain_verification import DomainVerificationBehaviour
from pulumi_mail_domains.scaleway import mailbox_domain
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from pulumi_mail_domains.scaleway.errors import SCALEWAY
from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomainBehaviour
from pulumi_mail_domains.scaleway.mailbox_domain_validation import (
    MailboxDomainValidationBehaviour,
    ValidationFailedError,
)
from pulumi_mail_domains.scaleway.models import Domain, DomainRecords, Mailbox
from support.emulator import FH_ACCOUNT, SCW_PROJECT, SCW_TOKEN, Emulator

DOMAIN_ID = "0b5a8f1e-8c1c-4a4b-9d55-2f2d3a3c1e10"
NAME = "decide.example.test"


def domain(status: str, mailboxes: int = 0) -> Domain:
    return Domain.model_validate(
        {
            "id": DOMAIN_ID,
            "organization_id": SCW_PROJECT,
            "project_id": SCW_PROJECT,
            "name": NAME,
            "status": status,
            "mailbox_total_count": mailboxes,
        }
    )


def records(status: str) -> DomainRecords:
    return DomainRecords.model_validate(
        {
            "spf": {
                "dns_name": NAME,
                "dns_type": "txt_dns_type",
                "dns_value": "v=spf1 include:_spf.scw.cloud -all",
                "level": "required",
                "status": status,
                "error": "no SPF record" if status != "valid" else "",
            }
        }
    )


class SimulatedTime:
    """A clock whose sleeps pass at once: the waits run their whole course in no real time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def clock(self) -> Clock:
        return Clock(monotonic=lambda: self.now, sleep=self.sleep)


class ScriptedScaleway:
    """Answers as the live API does for the calls a provider makes; counts the writes."""

    def __init__(self, statuses: list[str], *, mailboxes: int = 0, refusals: int = 0) -> None:
        self.time = SimulatedTime()
        self.clock = self.time.clock()
        self.statuses = statuses
        self.mailboxes = mailboxes
        self.refusals = refusals
        self.validations = 0
        self.domain_deletes = 0
        self.existing: Domain | None = None

    def _status(self) -> str:
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]

    def get_domain(self, _id: str) -> Domain:
        return domain(self._status(), self.mailboxes)

    def wait_for_domain(self, _id: str, **_kw: Any) -> Domain:
        return self.get_domain(_id)

    def get_domain_records(self, _id: str) -> DomainRecords:
        return records("invalid")

    def validate_domain_records(self, _id: str) -> None:
        self.validations += 1

    def find_domain_by_name(self, _name: str, _project: str) -> Domain | None:
        return self.existing

    def create_domain(self, _name: str, _project: str) -> Domain:
        # What the lost-response-safe create returns when its lookup finds the name.
        assert self.existing is not None
        return self.existing

    def list_all_mailboxes(self, _id: str) -> Iterator[Mailbox]:
        for n in range(self.mailboxes):
            yield Mailbox.model_validate(
                {"id": f"{n}0000000-0000-4000-8000-000000000000", "status": "ready"}
            )

    def delete_mailbox(self, _id: str) -> None:
        self.mailboxes = 0

    def delete_domain(self, _id: str) -> None:
        self.domain_deletes += 1
        if self.domain_deletes <= self.refusals:
            raise PreconditionFailedError(
                "domain still has mailboxes",
                precondition="resource_still_in_use",
                vendor=SCALEWAY,
                status_code=412,
            )

    def wait_until_deleted(self, _id: str, **_kw: Any) -> None:
        return None


def configured(provider: Any, client: object) -> Any:
    provider.configure(ConfigureRequest(Config(raw_config={}, project_name="test")))
    provider._client = client
    return provider


@pytest.fixture(autouse=True)
def scaleway_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCW_SECRET_KEY", SCW_TOKEN)
    monkeypatch.setenv("SCW_DEFAULT_PROJECT_ID", SCW_PROJECT)


# --- MailboxDomainValidation ----------------------------------------------------------------


def test_validation_failed_is_retriggered_until_the_records_pass() -> None:
    client = ScriptedScaleway(["validation_failed", "validation_failed", "validating", "ready"])
    provider = configured(MailboxDomainValidationBehaviour(), client)
    result = provider.create({"domain_id": DOMAIN_ID, "timeout_seconds": 30})
    assert result.outs["validated"] is True and result.outs["status"] == "ready"
    assert client.validations >= 2  # once at the start, again after the failed check


def test_validation_failed_fails_at_the_timeout_with_the_diagnosis() -> None:
    client = ScriptedScaleway(["validation_failed"])
    provider = configured(MailboxDomainValidationBehaviour(), client)
    with pytest.raises(ValidationFailedError) as caught:
        provider.create({"domain_id": DOMAIN_ID, "timeout_seconds": 1.5})
    message = str(caught.value)
    assert "not ready after 1.5 s" in message
    assert f"spf: {NAME} TXT" in message and "status: invalid" in message
    assert client.validations >= 2


@pytest.mark.parametrize("status", ["validating", "provisioning"])
def test_a_refresh_mid_check_does_not_force_a_new_validation(status: str) -> None:
    provider = configured(MailboxDomainValidationBehaviour(), ScriptedScaleway([status]))
    stored = {"domain_id": DOMAIN_ID, "timeout_seconds": 600, "validated": True}
    refreshed = provider.read(DOMAIN_ID, stored).outs
    assert refreshed["status"] == status and refreshed["validated"] is True
    # Even an outcome recorded as "not validated" while a check runs waits for that check.
    olds = {**refreshed, "validated": False}
    diff = provider.diff(DOMAIN_ID, olds, {"domain_id": DOMAIN_ID, "timeout_seconds": 600})
    assert diff.replaces == [] and not diff.changes


def test_a_refresh_that_finds_the_domain_unvalidated_still_revalidates() -> None:
    provider = configured(
        MailboxDomainValidationBehaviour(), ScriptedScaleway(["validation_failed"])
    )
    stored = {"domain_id": DOMAIN_ID, "timeout_seconds": 600, "validated": True}
    refreshed = provider.read(DOMAIN_ID, stored).outs
    assert refreshed["validated"] is False
    diff = provider.diff(DOMAIN_ID, refreshed, {"domain_id": DOMAIN_ID, "timeout_seconds": 600})
    assert diff.replaces == ["validated"]


# --- MailboxDomain create and delete --------------------------------------------------------


def test_a_failed_create_never_deletes_a_domain_it_did_not_create() -> None:
    """The lost-response-safe create can "find" a domain that existed before this run."""
    client = ScriptedScaleway(["waiting_validation"])
    client.existing = domain("waiting_validation")

    def timeout(_id: str, **_kw: Any) -> Domain:
        raise WaitTimeoutError("still creating", vendor=SCALEWAY)

    client.wait_for_domain = timeout  # type: ignore[method-assign]
    provider = configured(MailboxDomainBehaviour(), client)
    props = {"name": NAME, "project_id": SCW_PROJECT, "zone": NAME, "adopt_existing": False}
    with pytest.raises(MailDomainsError, match="already exists"):
        provider.create(props)
    with pytest.raises(WaitTimeoutError):
        provider.create({**props, "adopt_existing": True})
    assert client.domain_deletes == 0


def test_force_destroy_waits_while_deleted_mailboxes_are_still_in_use() -> None:
    client = ScriptedScaleway(["ready"], mailboxes=2, refusals=2)
    provider = configured(MailboxDomainBehaviour(), client)
    provider.delete(DOMAIN_ID, {"force_destroy": True})
    assert client.domain_deletes == 3


def test_force_destroy_gives_up_at_its_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mailbox_domain, "DELETE_TIMEOUT_SECONDS", 1.0)
    client = ScriptedScaleway(["ready"], mailboxes=1, refusals=1000)
    provider = configured(MailboxDomainBehaviour(), client)
    with pytest.raises(PreconditionFailedError, match="still has mailboxes"):
        provider.delete(DOMAIN_ID, {"force_destroy": True})
    assert 1 < client.domain_deletes < 20


def test_a_412_without_deleted_mailboxes_is_not_waited_out() -> None:
    client = ScriptedScaleway(["ready"], refusals=1)
    provider = configured(MailboxDomainBehaviour(), client)
    with pytest.raises(PreconditionFailedError):
        provider.delete(DOMAIN_ID, {"force_destroy": True})
    assert client.domain_deletes == 1


class RacingClient(ScalewayMailboxClient):
    """A real client whose domain, once ``armed``, is deleted by someone else after a GET."""

    def __init__(self, emulator: Emulator) -> None:
        super().__init__(SCW_TOKEN, api_url=emulator.url, default_project_id=SCW_PROJECT)
        self.other = ScalewayMailboxClient(SCW_TOKEN, api_url=emulator.url)
        self.armed = False

    def get_domain(self, domain_id: str) -> Domain:
        found = super().get_domain(domain_id)
        if self.armed:
            self.armed = False
            self.other.delete_domain(domain_id)
            self.other.wait_until_deleted(domain_id, timeout=30, min_delay=0.1, max_delay=0.5)
        return found


def test_a_delete_whose_first_delete_finds_the_domain_gone_succeeds(emulator: Emulator) -> None:
    racing = RacingClient(emulator)
    created = racing.create_domain("race.example.test")
    racing.wait_for_domain(created.id, timeout=30, min_delay=0.1, max_delay=0.5)
    provider = configured(MailboxDomainBehaviour(), racing)
    racing.armed = True
    provider.delete(created.id, {"force_destroy": False})
    deletes = [
        r for r in emulator.api_requests() if r["method"] == "DELETE" and created.id in r["path"]
    ]
    assert [r["status"] for r in deletes] == [200, 404]  # theirs, then ours: the vendor's 404


# --- integer outputs ------------------------------------------------------------------------


def test_record_numbers_reach_the_program_as_integers() -> None:
    wire = {"key": "mx", "type": "MX", "value": "mx.example.net", "priority": 10.0, "ttl": 3600.0}
    (completed,) = present_records({"mx": wire}, "example.test")["dns_records"]
    assert completed["priority"] == 10 and type(completed["priority"]) is int
    assert type(completed["ttl"]) is int and completed["weight"] is None
    assert completed["content"] == "10 mx.example.net."
    srv = {
        "type": "SRV",
        "value": "imap.example.net",
        "priority": 0.0,
        "weight": 1.0,
        "port": 993.0,
    }
    by_key = present_records({"srv": {"key": "srv", **srv}}, "example.test")["records"]
    assert [type(by_key["srv"][k]) for k in ("priority", "weight", "port")] == [int, int, int]


# --- time budgets ---------------------------------------------------------------------------


@pytest.mark.parametrize("vendor", ["scaleway", "fullhelp"])
def test_the_verification_timeout_bounds_the_api_retries(
    vendor: str, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An API that keeps failing ends the wait at its timeout, not at the retry deadline."""
    for name, value in emulator.provider_env().items():
        monkeypatch.setenv(name, value)
    provider: Any = (
        MailboxDomainValidationBehaviour()
        if vendor == "scaleway"
        else DomainVerificationBehaviour()
    )
    provider.configure(ConfigureRequest(Config(raw_config={}, project_name="test")))
    emulator.faults(error_rate=1.0)
    props = (
        {"domain_id": DOMAIN_ID, "timeout_seconds": 2}
        if vendor == "scaleway"
        else {"domain_id": 7, "account_id": FH_ACCOUNT, "timeout_seconds": 2}
    )
    started = time.monotonic()
    with pytest.raises(ServerError):
        provider.create(props)
    assert time.monotonic() - started < 10  # the default retry deadline is 120 s
    assert len(emulator.api_requests()) >= 2  # it did retry within the budget
