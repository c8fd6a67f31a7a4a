"""The SDK's mailbox list/get/delete/wait calls (what ``force_destroy`` needs) on the emulator.

Mailboxes are made through the emulator's admin API (the SDK's batch create is not emulated);
the contract emulator's timings: ready 0.5 s after creation, purged 2.5 s after a DELETE.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
from scaleway.mailbox.v1alpha1 import (
    DomainStatus,
    ListMailboxesRequestOrderBy,
    ListMailboxesResponse,
    Mailbox,
    MailboxStatus,
    MailboxSubscriptionPeriod,
)
from scaleway_core.api import ScalewayException
from scaleway_core.utils import WaitForOptions

from contract.referee import RefereedMailboxAPI, assert_known
from support.emulator import SCW_PROJECT, Emulator

DELETION_DELAY = datetime.timedelta(seconds=2.5)  # --mailbox-deletion-delay-seconds


def quick() -> WaitForOptions[Any, bool]:
    """Poll every second (the SDK refuses a shorter min_delay) for at most 10 s."""
    return WaitForOptions(timeout=10, min_delay=1, max_delay=1)


def domain_with_mailboxes(
    sdk: RefereedMailboxAPI, emulator: Emulator, name: str, count: int
) -> str:
    domain_id: str = sdk.create_domain(name=name).id
    emulator.set_mailboxes(domain_id, count)
    return domain_id


def assert_mailbox(mailbox: object, status: MailboxStatus) -> Mailbox:
    assert isinstance(mailbox, Mailbox)
    assert_known(mailbox.status, MailboxStatus)
    assert mailbox.status == status
    assert_known(mailbox.subscription_period, MailboxSubscriptionPeriod)
    assert_known(mailbox.next_subscription_period, MailboxSubscriptionPeriod)
    assert mailbox.project_id == "" and mailbox.organization_id == ""  # as live
    for stamp in (mailbox.created_at, mailbox.updated_at):
        assert isinstance(stamp, datetime.datetime) and stamp.utcoffset() == datetime.timedelta(0)
    return mailbox


def test_new_mailboxes_wait_for_payment_then_are_ready(
    sdk: RefereedMailboxAPI, emulator: Emulator
) -> None:
    """list_mailboxes: typed Mailboxes in waiting_payment (no period yet, next monthly, project_id
    ""); wait_for_mailbox returns them ready (monthly, next unknown, period dates a month apart);
    get_mailbox answers the same."""
    domain_id = domain_with_mailboxes(sdk, emulator, "paying.example.com", 2)
    listed = sdk.list_mailboxes(domain_id=domain_id)
    assert isinstance(listed, ListMailboxesResponse)
    assert type(listed.total_count) is int and listed.total_count == 2
    for mailbox in listed.mailboxes:
        assert_mailbox(mailbox, MailboxStatus.WAITING_PAYMENT)
        assert mailbox.domain_id == domain_id
        assert mailbox.subscription_period == MailboxSubscriptionPeriod.UNKNOWN_SUBSCRIPTION_PERIOD
        assert mailbox.next_subscription_period == MailboxSubscriptionPeriod.MONTHLY
        assert mailbox.subscription_period_started_at is None
        assert mailbox.deletion_scheduled_at is None

    ready = assert_mailbox(
        sdk.wait_for_mailbox(mailbox_id=listed.mailboxes[0].id, options=quick()),
        MailboxStatus.READY,
    )
    assert ready.subscription_period == MailboxSubscriptionPeriod.MONTHLY
    assert ready.next_subscription_period == MailboxSubscriptionPeriod.UNKNOWN_SUBSCRIPTION_PERIOD
    started, renews = ready.subscription_period_started_at, ready.next_subscription_period_starts_at
    assert isinstance(started, datetime.datetime) and isinstance(renews, datetime.datetime)
    assert datetime.timedelta(days=28) <= renews - started <= datetime.timedelta(days=31)
    assert sdk.get_mailbox(mailbox_id=ready.id) == ready


def test_list_mailboxes_pages_orders_searches_and_filters(
    sdk: RefereedMailboxAPI, emulator: Emulator
) -> None:
    """list_mailboxes: int total_count over pages, email/created_at orders, search, statuses,
    domain_id and project_id filters; list_mailboxes_all pages through every mailbox."""
    domain_id = domain_with_mailboxes(sdk, emulator, "pages.example.com", 5)
    other_id = domain_with_mailboxes(sdk, emulator, "other.example.com", 2)

    seen: list[str] = []
    for page in (1, 2, 3):
        response = sdk.list_mailboxes(
            domain_id=domain_id,
            page=page,
            page_size=2,
            order_by=ListMailboxesRequestOrderBy.EMAIL_DESC,
        )
        assert type(response.total_count) is int and response.total_count == 5
        seen += [m.email for m in response.mailboxes]
    assert seen == [f"mailbox-{n}@pages.example.com" for n in (5, 4, 3, 2, 1)]
    ascending = sdk.list_mailboxes(
        domain_id=domain_id, order_by=ListMailboxesRequestOrderBy.EMAIL_ASC
    )
    assert [m.email for m in ascending.mailboxes] == seen[::-1]
    oldest = sdk.list_mailboxes(order_by=ListMailboxesRequestOrderBy.CREATED_AT_ASC).mailboxes
    assert [m.domain_id for m in oldest[:5]] == [domain_id] * 5

    found = sdk.list_mailboxes(search="MAILBOX-2@")
    assert sorted(m.email for m in found.mailboxes) == [
        "mailbox-2@other.example.com",
        "mailbox-2@pages.example.com",
    ]
    assert sdk.list_mailboxes(project_id=SCW_PROJECT).total_count == 7
    assert sdk.list_mailboxes(statuses=[MailboxStatus.WAITING_PAYMENT]).total_count == 7
    assert sdk.list_mailboxes(statuses=[MailboxStatus.DELETION_SCHEDULED]).total_count == 0

    every = sdk.list_mailboxes_all(domain_id=other_id, page_size=1)
    assert sorted(m.email for m in every) == [f"mailbox-{n}@other.example.com" for n in (1, 2)]


def test_a_deleted_mailbox_stays_readable_until_purged(
    sdk: RefereedMailboxAPI, emulator: Emulator
) -> None:
    """delete_mailbox returns it deletion_scheduled with deletion_scheduled_at = updated_at +
    the delay; wait_for_mailbox returns it on its first poll (not transient), get/list still
    show it, a second delete answers the same; once purged get_mailbox raises the 404."""
    domain_id = domain_with_mailboxes(sdk, emulator, "deleted.example.com", 2)
    first = sdk.list_mailboxes(domain_id=domain_id).mailboxes[0]

    deleted = assert_mailbox(
        sdk.delete_mailbox(mailbox_id=first.id), MailboxStatus.DELETION_SCHEDULED
    )
    scheduled_at = deleted.deletion_scheduled_at
    assert isinstance(scheduled_at, datetime.datetime) and deleted.updated_at is not None
    assert abs(scheduled_at - deleted.updated_at - DELETION_DELAY) < datetime.timedelta(
        milliseconds=10
    )
    # The live behaviour the SDK's waiter relies on: deletion_scheduled is not transient.
    assert sdk.wait_for_mailbox(mailbox_id=first.id, options=quick()) == deleted
    assert sdk.get_mailbox(mailbox_id=first.id) == deleted
    assert sdk.delete_mailbox(mailbox_id=first.id) == deleted
    listed = sdk.list_mailboxes(domain_id=domain_id, statuses=[MailboxStatus.DELETION_SCHEDULED])
    assert [m.id for m in listed.mailboxes] == [first.id]
    assert sdk.get_domain(domain_id=domain_id).mailbox_total_count == 1

    time.sleep(
        max(0.0, (scheduled_at - datetime.datetime.now(datetime.timezone.utc)).total_seconds())
    )
    with pytest.raises(ScalewayException) as info:
        sdk.get_mailbox(mailbox_id=first.id)
    assert info.value.status_code == 404
    assert info.value.response.json() == {
        "message": "resource is not found",
        "resource": "mailbox",
        "resource_id": first.id,
        "type": "not_found",
    }
    assert sdk.list_mailboxes(domain_id=domain_id).total_count == 1


@pytest.mark.parametrize("policy", ["refuse", "allow"])
def test_force_destroy_sequence_under_both_delete_policies(
    sdk: RefereedMailboxAPI, emulator: Emulator, policy: str
) -> None:
    """What force_destroy does, through the SDK: delete every mailbox (list_mailboxes_all), then
    the domain. Under refuse, delete_domain raises 412 resource_still_in_use until the scheduled
    mailboxes are purged; under allow it succeeds at once. wait_for_domain ends on the 404."""
    emulator.scaleway_settings(domain_delete_with_scheduled_mailboxes=policy)
    domain_id = domain_with_mailboxes(sdk, emulator, f"{policy}.example.com", 2)
    sdk.wait_for_domain(domain_id=domain_id, options=quick())
    with pytest.raises(ScalewayException) as busy:
        sdk.delete_domain(domain_id=domain_id)
    assert busy.value.status_code == 412
    assert busy.value.response.json()["precondition"] == "resource_still_in_use"

    for mailbox in sdk.list_mailboxes_all(domain_id=domain_id):
        assert sdk.delete_mailbox(mailbox_id=mailbox.id).status == MailboxStatus.DELETION_SCHEDULED
    assert sdk.get_domain(domain_id=domain_id).mailbox_total_count == 0

    started = time.monotonic()
    refusals = 0
    while True:
        try:
            deleting = sdk.delete_domain(domain_id=domain_id)
            break
        except ScalewayException as error:
            body = error.response.json()
            assert (error.status_code, body["precondition"]) == (412, "resource_still_in_use")
            assert "2 mailbox(es) scheduled for deletion" in body["help_message"]
            refusals += 1
            assert time.monotonic() - started < 10
            time.sleep(0.2)
    assert deleting.status == DomainStatus.DELETING
    if policy == "refuse":
        assert refusals > 0 and time.monotonic() - started >= 0.5
    else:
        assert refusals == 0
    with pytest.raises(ScalewayException) as gone:
        sdk.wait_for_domain(domain_id=domain_id, options=quick())
    assert gone.value.status_code == 404
