"""ScalewayMailboxClient mailbox calls against the running emulator, over real HTTP.

What ``force_destroy=True`` relies on: list a domain's mailboxes, delete each (a retried DELETE
that meets 404 is success), then delete the domain.

The emulator follows the recorded live lifecycle (docs/vendor-apis.md §1.12): a deleted mailbox
stays
readable and listed as ``deletion_scheduled`` until its deletion happens (1 s in the test
emulator, 10 minutes live), and its body carries ``project_id: ""``.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from pulumi_mail_domains.core.errors import NotFoundError, PreconditionFailedError
from pulumi_mail_domains.core.http import RetryPolicy
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from pulumi_mail_domains.scaleway.models import (
    DomainStatus,
    ListMailboxesOrderBy,
    Mailbox,
    MailboxStatus,
)
from support.emulator import SCW_OTHER_PROJECT, SCW_OTHER_TOKEN, SCW_PROJECT, SCW_TOKEN, Emulator

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
# Enough attempts that the fault mix below practically never exhausts them; short delays.
PATIENT = RetryPolicy(max_attempts=15, base_delay=0.005, max_delay=0.1, deadline_seconds=60)


def eventually(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for ``condition`` (e.g. a scheduled mailbox deletion to happen)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


def purged(scw: ScalewayMailboxClient, domain_id: str) -> Callable[[], bool]:
    return lambda: scw.list_mailboxes(domain_id=domain_id).total_count == 0


def test_list_get_and_delete_mailboxes(scw: ScalewayMailboxClient, emulator: Emulator) -> None:
    domain = scw.create_domain("boxes.example")
    emulator.set_mailboxes(domain.id, 3)
    assert scw.get_domain(domain.id).mailbox_total_count == 3

    page = scw.list_mailboxes(domain_id=domain.id, order_by=ListMailboxesOrderBy.EMAIL_ASC)
    assert page.total_count == 3
    assert [m.email for m in page.mailboxes] == [f"mailbox-{n}@boxes.example" for n in (1, 2, 3)]
    first = page.mailboxes[0]
    assert isinstance(first, Mailbox)
    assert first.domain_id == domain.id
    assert first.project_id == ""  # live bodies leave it empty (docs/vendor-apis.md §1.12)
    assert first.status == MailboxStatus.READY
    assert first.created_at is not None and first.updated_at is not None
    assert (first.model_extra or {})["subscription_period"] == "monthly"  # extra fields kept
    assert scw.get_mailbox(first.id) == first
    assert scw.list_mailboxes(page_size=1, page=2).mailboxes[0].id in {m.id for m in page.mailboxes}

    deleted = scw.delete_mailbox(first.id)
    assert deleted is not None
    assert deleted.id == first.id
    assert deleted.status == MailboxStatus.DELETION_SCHEDULED
    assert deleted.deletion_scheduled_at is not None
    assert scw.get_domain(domain.id).mailbox_total_count == 2
    # Until the deletion happens the mailbox stays readable, and a second DELETE answers 200.
    assert scw.get_mailbox(first.id).status == MailboxStatus.DELETION_SCHEDULED
    again = scw.delete_mailbox(first.id)
    assert again is not None and again.status == MailboxStatus.DELETION_SCHEDULED

    def gone() -> bool:
        try:
            scw.get_mailbox(first.id)
        except NotFoundError as error:
            return error.resource == "mailbox"
        return False

    eventually(gone)
    with pytest.raises(NotFoundError) as info:
        scw.delete_mailbox(first.id)  # a first-try 404 is an error, as for domains
    assert info.value.resource == "mailbox"
    assert info.value.resource_id == first.id
    assert info.value.attempts == 1


def test_list_all_mailboxes_pages_and_survives_deleting_while_iterating(
    scw: ScalewayMailboxClient, emulator: Emulator
) -> None:
    domain = scw.create_domain("many.example")
    other = scw.create_domain("other.example")
    emulator.set_mailboxes(domain.id, 10)
    emulator.set_mailboxes(other.id, 2)

    listed = list(scw.list_all_mailboxes(domain.id, page_size=3))
    assert len({m.id for m in listed}) == 10
    assert {m.domain_id for m in listed} == {domain.id}
    created = [m.created_at or "" for m in listed]
    assert created == sorted(created)  # oldest first

    # Deleting as the iterator goes must not skip the mailboxes of later pages.
    for mailbox in scw.list_all_mailboxes(domain.id, page_size=3):
        scw.delete_mailbox(mailbox.id)
    left = list(scw.list_all_mailboxes(domain.id))
    assert {m.id for m in left} == {m.id for m in listed}
    assert {m.status for m in left} == {MailboxStatus.DELETION_SCHEDULED}
    assert scw.get_domain(domain.id).mailbox_total_count == 0
    eventually(purged(scw, domain.id))
    assert scw.get_domain(other.id).mailbox_total_count == 2


def test_domain_delete_needs_its_mailboxes_deleted_first(
    scw: ScalewayMailboxClient, emulator: Emulator
) -> None:
    domain = scw.create_domain("busy.example")
    emulator.set_mailboxes(domain.id, 2)
    with pytest.raises(PreconditionFailedError) as info:
        scw.delete_domain(domain.id)
    assert info.value.precondition == "resource_still_in_use"
    for mailbox in scw.list_all_mailboxes(domain.id):
        assert scw.delete_mailbox(mailbox.id) is not None
    eventually(purged(scw, domain.id))
    deleting = scw.delete_domain(domain.id)
    assert deleting is not None and deleting.status == DomainStatus.DELETING


def test_mailboxes_of_another_project_are_not_visible(
    scw: ScalewayMailboxClient, emulator: Emulator
) -> None:
    domain = scw.create_domain("mine.example")
    emulator.set_mailboxes(domain.id, 1)
    (mailbox,) = scw.list_all_mailboxes(domain.id)
    with ScalewayMailboxClient(
        SCW_OTHER_TOKEN, api_url=emulator.url, default_project_id=SCW_OTHER_PROJECT
    ) as other:
        assert other.list_mailboxes().total_count == 0
        with pytest.raises(NotFoundError) as info:
            other.list_mailboxes(domain_id=domain.id)
        assert info.value.resource == "domain"
        with pytest.raises(NotFoundError):
            other.delete_mailbox(mailbox.id)
        with pytest.raises(NotFoundError):
            other.get_mailbox(mailbox.id)
    with pytest.raises(NotFoundError):
        scw.get_mailbox(UNKNOWN_ID)
    assert scw.get_mailbox(mailbox.id).status == MailboxStatus.READY


def test_lost_delete_response_is_retried_and_the_404_is_success(
    scw: ScalewayMailboxClient, emulator: Emulator, lost_then_kept_seed: int
) -> None:
    domain = scw.create_domain("lost.example")
    emulator.set_mailboxes(domain.id, 1)
    (mailbox,) = scw.list_all_mailboxes(domain.id)
    emulator.faults(lost_response_rate=0.5, methods=["DELETE"], seed=lost_then_kept_seed)
    # Retry only after the 1 s scheduled deletion has happened (jittered delay 1.2-2.4 s), so
    # the retry meets the API's 404 about this mailbox.
    slow = RetryPolicy(max_attempts=3, base_delay=2.4, max_delay=2.4, deadline_seconds=10)
    with ScalewayMailboxClient(SCW_TOKEN, api_url=emulator.url, retry=slow) as client:
        assert client.delete_mailbox(mailbox.id) is None
    deletes = [r for r in emulator.write_requests() if r["method"] == "DELETE"]
    assert [(r["fault"], r["status"]) for r in deletes] == [("lost_response", 200), (None, 404)]
    assert scw.get_domain(domain.id).mailbox_total_count == 0


def test_invalid_ids_are_refused_before_any_request(
    scw: ScalewayMailboxClient, emulator: Emulator
) -> None:
    for bad in ("", "a/b"):
        with pytest.raises(ValueError, match="invalid Scaleway mailbox id"):
            scw.delete_mailbox(bad)
        with pytest.raises(ValueError, match="invalid Scaleway mailbox id"):
            scw.get_mailbox(bad)
    assert emulator.api_requests() == []


def test_list_and_delete_under_faults_leaves_no_mailbox(emulator: Emulator) -> None:
    with ScalewayMailboxClient(
        SCW_TOKEN, api_url=emulator.url, default_project_id=SCW_PROJECT, retry=PATIENT
    ) as setup:
        domain = setup.create_domain("faults.example")
    emulator.set_mailboxes(domain.id, 10)
    emulator.faults(
        error_rate=0.3,
        error_statuses=[500, 502, 503, 504],
        reset_rate=0.1,
        lost_response_rate=0.2,
        rate_limit_per_second=20,
    )
    with ScalewayMailboxClient(
        SCW_TOKEN, api_url=emulator.url, default_project_id=SCW_PROJECT, retry=PATIENT
    ) as client:
        mailboxes = list(client.list_all_mailboxes(domain.id, page_size=3))
        assert len({m.id for m in mailboxes}) == 10
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda m: client.delete_mailbox(m.id), mailboxes))
        assert all(r is None or r.status == MailboxStatus.DELETION_SCHEDULED for r in results)

    faults = Counter(r["fault"] for r in emulator.api_requests())
    assert faults["error"] > 0 and faults["lost_response"] > 0, faults
    emulator.faults()
    with ScalewayMailboxClient(SCW_TOKEN, api_url=emulator.url) as clean:
        assert clean.get_domain(domain.id).mailbox_total_count == 0
        eventually(purged(clean, domain.id))
        deleting = clean.delete_domain(domain.id)
        assert deleting is not None and deleting.status == DomainStatus.DELETING
