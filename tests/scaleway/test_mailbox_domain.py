"""MailboxDomain's behaviour against the emulator: create, read, update, delete, and the
decisions around deletion (mailboxes, races, its deadline)."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_mail_domains.core.errors import MailDomainsError, PreconditionFailedError
from pulumi_mail_domains.core.records import present_records
from pulumi_mail_domains.scaleway import mailbox_domain
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomainBehaviour
from pulumi_mail_domains.scaleway.models import Domain
from pulumi_mail_domains.scaleway.records import KNOWN_RECORDS, shape_records
from support.behaviours import checked, configured, use_emulator
from support.emulator import FAST_TIMINGS, SCW_PROJECT, SCW_TOKEN, Emulator, EmulatorPool
from support.mail import scaleway_api, scaleway_domains, unique_label

ZONE = "example.test"
# Deleted mailboxes stay ``deletion_scheduled`` for ten minutes, as live.
MAILBOXES_KEPT = (*FAST_TIMINGS, "--mailbox-deletion-delay-seconds=600")


@pytest.fixture
def emu(emulators: EmulatorPool, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    return use_emulator(emulators.get(*MAILBOXES_KEPT), monkeypatch)


@pytest.fixture
def behaviour(emu: Emulator) -> MailboxDomainBehaviour:
    return configured(MailboxDomainBehaviour())


def new_domain(behaviour: MailboxDomainBehaviour, **inputs: Any) -> tuple[str, dict[str, Any]]:
    news = {"name": f"{unique_label('mbx')}.{ZONE}", "zone": ZONE, **inputs}
    created = behaviour.create(checked(behaviour, news))
    return created.id, created.outs


def domain_deletes(emu: Emulator, domain_id: str) -> list[int]:
    return [
        r["status"]
        for r in emu.api_requests()
        if r["method"] == "DELETE" and r["path"].endswith(f"/domains/{domain_id}")
    ]


def test_create_read_update_delete(emu: Emulator, behaviour: MailboxDomainBehaviour) -> None:
    domain_id, outs = new_domain(behaviour)
    assert outs["project_id"] == SCW_PROJECT and outs["zone"] == ZONE
    assert {"dkim", "spf", "mx", "dmarc", "domain_validation"} <= set(outs["records"])

    read = behaviour.read(domain_id, outs)
    assert read.id == domain_id and read.outs["records"] == outs["records"]

    updated = behaviour.update(domain_id, outs, {**outs, "force_destroy": True})
    assert updated.outs["force_destroy"] is True and updated.outs["name"] == outs["name"]
    writes = len(emu.write_requests())

    behaviour.delete(domain_id, updated.outs)
    assert len(emu.write_requests()) == writes + 1  # update wrote nothing; delete once
    assert domain_id not in {d.id for d in scaleway_domains(emu)}
    assert behaviour.read(domain_id, outs).id == ""  # gone: the engine drops it


def test_the_records_scaleway_documents_alike_are_stored_by_reference(
    emu: Emulator, behaviour: MailboxDomainBehaviour
) -> None:
    """Only the DKIM key and the validation token are stored in full; presented, every record
    is what the API lists for the domain."""
    domain_id, outs = new_domain(behaviour)
    full = {k for k, line in outs["records"].items() if not line.startswith("=scw.")}
    assert full == {"dkim", "domain_validation"}
    presented = present_records(outs["records"], ZONE, outs["name"], KNOWN_RECORDS)["records"]
    listed = shape_records(scaleway_api(emu).get_domain_records(domain_id), ZONE)
    assert presented == {r["key"]: r for r in listed}
    behaviour.delete(domain_id, outs)


def test_a_domain_with_mailboxes_is_kept_without_force_destroy(
    emu: Emulator, behaviour: MailboxDomainBehaviour
) -> None:
    domain_id, outs = new_domain(behaviour)
    emu.set_mailboxes(domain_id, 2)
    with pytest.raises(MailDomainsError, match="still has 2 mailbox"):
        behaviour.delete(domain_id, outs)
    assert domain_deletes(emu, domain_id) == []


def test_force_destroy_gives_up_at_its_deadline(
    emu: Emulator, behaviour: MailboxDomainBehaviour, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleted mailboxes keep the domain in use for ten minutes: the delete stops at its
    budget with the vendor's reason instead of waiting them out."""
    monkeypatch.setattr(mailbox_domain, "DELETE_TIMEOUT_SECONDS", 1.5)
    domain_id, outs = new_domain(behaviour, force_destroy=True)
    emu.set_mailboxes(domain_id, 1)
    with pytest.raises(PreconditionFailedError):
        behaviour.delete(domain_id, outs)
    refusals = domain_deletes(emu, domain_id)
    assert len(refusals) >= 2 and set(refusals) == {412}  # retried within the budget


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


def test_a_delete_whose_first_delete_finds_the_domain_gone_succeeds(
    emu: Emulator, behaviour: MailboxDomainBehaviour
) -> None:
    racing = RacingClient(emu)
    created = racing.create_domain(f"{unique_label('race')}.{ZONE}")
    racing.wait_for_domain(created.id, timeout=30, min_delay=0.1, max_delay=0.5)
    behaviour._client = racing
    racing.armed = True
    behaviour.delete(created.id, {"force_destroy": False})
    assert domain_deletes(emu, created.id) == [200, 404]  # theirs, then ours: the vendor's 404
