"""MailboxDomain decisions the emulator cannot stage, against a client scripted as the live API.

The emulator cannot make its create wait time out after finding a domain that existed before
(the lost-response-safe create's lookup), nor refuse a delete with 412 while the domain has
no deleted mailboxes; everything it can stage is in ``test_mailbox_domain.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_mail_domains.core.errors import (
    MailDomainsError,
    PreconditionFailedError,
    WaitTimeoutError,
)
from pulumi_mail_domains.scaleway.errors import SCALEWAY
from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomainBehaviour
from pulumi_mail_domains.scaleway.models import Domain
from support.behaviours import configured
from support.clock import SimulatedTime
from support.emulator import SCW_PROJECT, SCW_TOKEN

DOMAIN_ID = "0b5a8f1e-8c1c-4a4b-9d55-2f2d3a3c1e10"
NAME = "decide.example.test"


def domain(status: str) -> Domain:
    return Domain.model_validate(
        {
            "id": DOMAIN_ID,
            "organization_id": SCW_PROJECT,
            "project_id": SCW_PROJECT,
            "name": NAME,
            "status": status,
            "mailbox_total_count": 0,
        }
    )


class ScriptedScaleway:
    """Answers as the live API does for the calls these decisions make; counts the deletes."""

    def __init__(self, *, existing: Domain | None = None, refusals: int = 0) -> None:
        self.clock = SimulatedTime().clock
        self.existing = existing
        self.refusals = refusals
        self.domain_deletes = 0

    def get_domain(self, _id: str) -> Domain:
        return domain("ready")

    def find_domain_by_name(self, _name: str, _project: str) -> Domain | None:
        return self.existing

    def create_domain(self, _name: str, _project: str) -> Domain:
        # What the lost-response-safe create returns when its lookup finds the name.
        assert self.existing is not None
        return self.existing

    def wait_for_domain(self, _id: str, **_kw: Any) -> Domain:
        raise WaitTimeoutError("still creating", vendor=SCALEWAY)

    def delete_domain(self, _id: str) -> None:
        self.domain_deletes += 1
        if self.domain_deletes <= self.refusals:
            raise PreconditionFailedError(
                "domain still has mailboxes",
                precondition="resource_still_in_use",
                vendor=SCALEWAY,
                status_code=412,
            )


@pytest.fixture
def behaviour(monkeypatch: pytest.MonkeyPatch) -> MailboxDomainBehaviour:
    monkeypatch.setenv("SCW_SECRET_KEY", SCW_TOKEN)
    monkeypatch.setenv("SCW_DEFAULT_PROJECT_ID", SCW_PROJECT)
    return configured(MailboxDomainBehaviour())


def test_a_failed_create_never_deletes_a_domain_it_did_not_create(
    behaviour: MailboxDomainBehaviour,
) -> None:
    """The lost-response-safe create can "find" a domain that existed before this run."""
    client = ScriptedScaleway(existing=domain("waiting_validation"))
    behaviour._client = client  # type: ignore[assignment]
    props = {"name": NAME, "project_id": SCW_PROJECT, "zone": NAME, "adopt_existing": False}
    with pytest.raises(MailDomainsError, match="already exists"):
        behaviour.create(props)
    with pytest.raises(WaitTimeoutError):
        behaviour.create({**props, "adopt_existing": True})
    assert client.domain_deletes == 0


def test_a_412_without_deleted_mailboxes_is_not_waited_out(
    behaviour: MailboxDomainBehaviour,
) -> None:
    client = ScriptedScaleway(refusals=1)
    behaviour._client = client  # type: ignore[assignment]
    with pytest.raises(PreconditionFailedError):
        behaviour.delete(DOMAIN_ID, {"force_destroy": True})
    assert client.domain_deletes == 1
