"""Scaleway mailbox endpoints of the emulator and the admin mailbox count, over real HTTP.

The shapes and lifecycle follow recorded live traffic (docs/vendor-apis.md §1.12): ``project_id:
""``,
``waiting_payment`` then ``ready``, and a deleted mailbox readable as ``deletion_scheduled``
until ``deletion_scheduled_at`` (one second with the test emulator's timings).
"""

from __future__ import annotations

import calendar
import datetime
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.emulator import (
    SCW_OTHER_PROJECT,
    SCW_PROJECT,
    Emulator,
    running_emulator,
    scaleway_client,
)
from support.interrupts import wait_until

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
WHOLE_SECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
DELETION_DELAY = 1.0  # the test emulator's --mailbox-deletion-delay-seconds
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
# The Scaleway run-time settings as the command line sets them.
DEFAULT_SETTINGS = {
    "domain_delete_with_scheduled_mailboxes": "refuse",
    "failed_validation_status": "waiting_validation",
}


def create(client: httpx.Client, name: str, project: str = SCW_PROJECT) -> dict[str, Any]:
    response = client.post("/domains", json={"project_id": project, "name": name})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def mailboxes_of(client: httpx.Client, domain_id: str, **params: Any) -> dict[str, Any]:
    response = client.get("/mailboxes", params={"domain_id": domain_id, **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def mailbox_count(client: httpx.Client, domain_id: str) -> int:
    return int(client.get(f"/domains/{domain_id}").json()["mailbox_total_count"])


def test_admin_count_creates_listable_mailboxes(emulator: Emulator, scw: httpx.Client) -> None:
    domain = create(scw, "boxes.example.com")
    with emulator.admin() as admin:
        response = admin.post(
            f"/_emulator/scaleway/domains/{domain['id']}/mailboxes", json={"count": 3}
        )
    assert response.status_code == 200
    assert response.json() == {"id": domain["id"], "mailbox_total_count": 3}
    assert mailbox_count(scw, domain["id"]) == 3

    listed = mailboxes_of(scw, domain["id"], order_by="email_asc")
    assert listed["total_count"] == 3
    boxes = listed["mailboxes"]
    assert [m["email"] for m in boxes] == [f"mailbox-{n}@boxes.example.com" for n in (1, 2, 3)]
    for box in boxes:
        assert UUID.match(box["id"])
        assert box["domain_id"] == domain["id"]
        assert box["project_id"] == "" and box["organization_id"] == ""  # as live
        assert box["status"] == "ready"
        assert box["subscription_period"] == "monthly"
        assert box["next_subscription_period"] == "unknown_subscription_period"
        started = box["subscription_period_started_at"]
        assert WHOLE_SECONDS.match(started)
        assert box["next_subscription_period_starts_at"] == one_month_after(started)
        assert box["deletion_scheduled_at"] is None
        assert RFC3339.match(box["created_at"]) and RFC3339.match(box["updated_at"])
        assert scw.get(f"/mailboxes/{box['id']}").json() == box
    # Without a filter: every mailbox of the token's projects.
    assert scw.get("/mailboxes").json()["total_count"] == 3


def one_month_after(stamp: str) -> str:
    moment = datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(stamp: str) -> float:
    return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def test_new_mailboxes_wait_for_payment_then_are_ready() -> None:
    """The recorded live lifecycle, with a 0.6 s payment wait instead of live's ~75 s."""
    with (
        running_emulator(extra_args=["--mailbox-creating-seconds=0.6"]) as emu,
        scaleway_client(emu) as scw,
    ):
        domain = create(scw, "paying.example.com")
        emu.set_mailboxes(domain["id"], 1)
        (box,) = mailboxes_of(scw, domain["id"])["mailboxes"]
        assert box["status"] == "waiting_payment"
        assert box["subscription_period"] == "unknown_subscription_period"
        assert box["next_subscription_period"] == "monthly"
        assert box["subscription_period_started_at"] is None
        assert box["next_subscription_period_starts_at"] is None
        assert box["updated_at"] == box["created_at"]
        assert mailboxes_of(scw, domain["id"], statuses="ready")["total_count"] == 0
        assert mailbox_count(scw, domain["id"]) == 1  # it counts while waiting for payment

        wait_until(
            lambda: scw.get(f"/mailboxes/{box['id']}").json()["status"] == "ready", 10, "ready"
        )
        ready = scw.get(f"/mailboxes/{box['id']}").json()
        assert ready["subscription_period"] == "monthly"
        assert ready["next_subscription_period"] == "unknown_subscription_period"
        assert ready["updated_at"] > ready["created_at"]
        assert 0.5 <= parse(ready["updated_at"]) - parse(ready["created_at"]) <= 0.7
        assert mailboxes_of(scw, domain["id"], statuses="ready")["total_count"] == 1


def test_admin_count_removes_the_newest_and_never_reuses_a_name(
    emulator: Emulator, scw: httpx.Client
) -> None:
    domain = create(scw, "shrink.example.com")
    emulator.set_mailboxes(domain["id"], 3)
    emulator.set_mailboxes(domain["id"], 1)
    assert mailbox_count(scw, domain["id"]) == 1
    assert [m["email"] for m in mailboxes_of(scw, domain["id"])["mailboxes"]] == [
        "mailbox-1@shrink.example.com"
    ]
    emulator.set_mailboxes(domain["id"], 2)
    emails = {m["email"] for m in mailboxes_of(scw, domain["id"])["mailboxes"]}
    assert emails == {"mailbox-1@shrink.example.com", "mailbox-4@shrink.example.com"}
    emulator.set_mailboxes(domain["id"], 2)  # already 2: nothing changes
    assert mailbox_count(scw, domain["id"]) == 2


def test_admin_count_keeps_its_contract_for_bad_requests(emulator: Emulator) -> None:
    with emulator.admin() as admin:
        unknown = admin.post(
            f"/_emulator/scaleway/domains/{UNKNOWN_ID}/mailboxes", json={"count": 1}
        )
        assert unknown.status_code == 404
        negative = admin.post(
            f"/_emulator/scaleway/domains/{UNKNOWN_ID}/mailboxes", json={"count": -1}
        )
        assert negative.status_code == 422


def test_list_pages_sorts_and_searches(emulator: Emulator, scw: httpx.Client) -> None:
    domain = create(scw, "pages.example.com")
    other = create(scw, "other.example.com")
    emulator.set_mailboxes(domain["id"], 5)
    emulator.set_mailboxes(other["id"], 2)

    first = scw.get(
        "/mailboxes",
        params={"domain_id": domain["id"], "page_size": 2, "order_by": "email_desc"},
    )
    assert "x-total-count" not in first.headers  # as live (docs/vendor-apis.md §1.12)
    seen = [m["email"] for m in first.json()["mailboxes"]]
    for page in (2, 3):
        body = mailboxes_of(scw, domain["id"], page_size=2, page=page, order_by="email_desc")
        assert body["total_count"] == 5
        seen += [m["email"] for m in body["mailboxes"]]
    assert seen == [f"mailbox-{n}@pages.example.com" for n in (5, 4, 3, 2, 1)]
    assert mailboxes_of(scw, domain["id"], page=4, page_size=2)["mailboxes"] == []

    found = scw.get("/mailboxes", params={"search": "MAILBOX-2@"}).json()
    assert sorted(m["email"] for m in found["mailboxes"]) == [
        "mailbox-2@other.example.com",
        "mailbox-2@pages.example.com",
    ]
    assert scw.get("/mailboxes", params={"project_id": SCW_PROJECT}).json()["total_count"] == 7
    assert mailboxes_of(scw, domain["id"], statuses="ready")["total_count"] == 5
    assert mailboxes_of(scw, domain["id"], statuses="deleting")["total_count"] == 0


def test_delete_schedules_the_deletion_and_the_mailbox_stays_readable(
    emulator: Emulator, scw: httpx.Client
) -> None:
    domain = create(scw, "delete.example.com")
    emulator.set_mailboxes(domain["id"], 2)
    box = mailboxes_of(scw, domain["id"], order_by="email_asc")["mailboxes"][0]

    response = scw.delete(f"/mailboxes/{box['id']}")
    assert response.status_code == 200
    deleted = response.json()
    assert deleted["id"] == box["id"] and deleted["email"] == box["email"]
    assert deleted["status"] == "deletion_scheduled"
    assert RFC3339.match(deleted["deletion_scheduled_at"])
    delay = parse(deleted["deletion_scheduled_at"]) - parse(deleted["updated_at"])
    assert abs(delay - DELETION_DELAY) < 0.01
    # The subscription fields keep the values they had (live: next period left as it was).
    for key in ("subscription_period", "next_subscription_period"):
        assert deleted[key] == box[key]

    # Still readable and listed until deletion_scheduled_at; a second DELETE answers the same.
    assert scw.get(f"/mailboxes/{box['id']}").json() == deleted
    again = scw.delete(f"/mailboxes/{box['id']}")
    assert again.status_code == 200 and again.json() == deleted
    listed = mailboxes_of(scw, domain["id"])
    assert listed["total_count"] == 2
    assert deleted in listed["mailboxes"]
    scheduled = mailboxes_of(scw, domain["id"], statuses="deletion_scheduled")
    assert [m["id"] for m in scheduled["mailboxes"]] == [box["id"]]
    # A scheduled mailbox no longer counts in the domain's mailbox_total_count.
    assert mailbox_count(scw, domain["id"]) == 1

    # Then it is gone for good.
    wait_until_gone(scw, box["id"])
    not_found = {
        "message": "resource is not found",
        "resource": "mailbox",
        "resource_id": box["id"],
        "type": "not_found",
    }
    assert scw.delete(f"/mailboxes/{box['id']}").json() == not_found
    assert mailboxes_of(scw, domain["id"])["total_count"] == 1


def wait_until_gone(scw: httpx.Client, mailbox_id: str) -> float:
    """Poll GetMailbox until it answers 404; returns the seconds waited."""
    started = time.monotonic()
    while (response := scw.get(f"/mailboxes/{mailbox_id}")).status_code == 200:
        assert response.json()["status"] == "deletion_scheduled"
        assert time.monotonic() - started < 10
        time.sleep(0.02)
    assert response.status_code == 404
    return time.monotonic() - started


def test_domain_delete_is_refused_until_its_mailboxes_are_purged(
    emulator: Emulator, scw: httpx.Client
) -> None:
    """The default (``refuse``): live mailboxes, then scheduled ones, block the DELETE."""
    assert emulator.scaleway_settings() == DEFAULT_SETTINGS
    domain = create(scw, "busy.example.com")
    emulator.set_mailboxes(domain["id"], 3)
    boxes = mailboxes_of(scw, domain["id"])["mailboxes"]
    for index, box in enumerate(boxes):
        refused = scw.delete(f"/domains/{domain['id']}")
        assert refused.status_code == 412
        body = refused.json()
        assert body["type"] == "precondition_failed"
        assert body["precondition"] == "resource_still_in_use"
        assert f"{len(boxes) - index} mailbox(es); delete them first" in body["help_message"]
        assert scw.delete(f"/mailboxes/{box['id']}").status_code == 200
    assert mailbox_count(scw, domain["id"]) == 0

    refused = scw.delete(f"/domains/{domain['id']}")
    assert refused.status_code == 412
    body = refused.json()
    assert body["precondition"] == "resource_still_in_use"
    assert "3 mailbox(es) scheduled for deletion" in body["help_message"]
    last = max(scw.get(f"/mailboxes/{b['id']}").json()["deletion_scheduled_at"] for b in boxes)
    assert f"(at {last})" in body["help_message"]

    started = time.monotonic()
    while (deleting := scw.delete(f"/domains/{domain['id']}")).status_code == 412:
        assert time.monotonic() - started < 10
        time.sleep(0.05)
    assert deleting.status_code == 200
    assert deleting.json()["status"] == "deleting"
    assert all(scw.get(f"/mailboxes/{b['id']}").status_code == 404 for b in boxes)


def test_allow_deletes_a_domain_with_scheduled_mailboxes(
    emulator: Emulator, scw: httpx.Client
) -> None:
    """``allow``: only mailboxes not deleted block; scheduled ones go with the domain."""
    settings = emulator.scaleway_settings(domain_delete_with_scheduled_mailboxes="allow")
    # Settings left out of the body keep their value.
    assert settings == {**DEFAULT_SETTINGS, "domain_delete_with_scheduled_mailboxes": "allow"}
    domain = create(scw, "gone.example.com")
    emulator.set_mailboxes(domain["id"], 2)
    first, second = mailboxes_of(scw, domain["id"])["mailboxes"]
    assert scw.delete(f"/mailboxes/{first['id']}").status_code == 200
    assert scw.delete(f"/domains/{domain['id']}").status_code == 412  # one not deleted yet
    assert scw.delete(f"/mailboxes/{second['id']}").status_code == 200

    deleting = scw.delete(f"/domains/{domain['id']}")
    assert deleting.status_code == 200 and deleting.json()["status"] == "deleting"
    # While deleting, the domain can still be listed, with its scheduled mailboxes.
    listed = mailboxes_of(scw, domain["id"])
    assert {m["status"] for m in listed["mailboxes"]} == {"deletion_scheduled"}
    # Once deleted (0.2 s with the test timings), the domain_id filter names an unknown domain.
    deadline = time.monotonic() + 10
    while (
        response := scw.get("/mailboxes", params={"domain_id": domain["id"]})
    ).status_code != 404:
        assert response.status_code == 200 and time.monotonic() < deadline
        time.sleep(0.02)
    assert response.json()["resource"] == "domain"
    assert scw.get(f"/mailboxes/{first['id']}").status_code == 404

    # A reset restores the command line's setting.
    emulator.reset()
    assert emulator.scaleway_settings() == DEFAULT_SETTINGS


def test_settings_reject_unknown_values(emulator: Emulator) -> None:
    with emulator.admin() as admin:
        for body in ({"domain_delete_with_scheduled_mailboxes": "maybe"}, {"bogus": "allow"}):
            assert admin.post("/_emulator/scaleway/settings", json=body).status_code == 422
    assert emulator.scaleway_settings() == DEFAULT_SETTINGS


def test_mailboxes_are_scoped_to_the_tokens_projects(
    emulator: Emulator, scw: httpx.Client, scw_other: httpx.Client
) -> None:
    mine = create(scw, "scoped.example.com")
    theirs = create(scw_other, "scoped.example.com", project=SCW_OTHER_PROJECT)
    emulator.set_mailboxes(mine["id"], 2)
    emulator.set_mailboxes(theirs["id"], 1)
    my_box = mailboxes_of(scw, mine["id"])["mailboxes"][0]

    # Someone else's mailbox does not exist, whatever the method.
    for response in (
        scw_other.get(f"/mailboxes/{my_box['id']}"),
        scw_other.delete(f"/mailboxes/{my_box['id']}"),
    ):
        assert response.status_code == 404
        assert response.json()["resource"] == "mailbox"
    # Nor does someone else's domain as a filter.
    response = scw_other.get("/mailboxes", params={"domain_id": mine["id"]})
    assert response.status_code == 404
    assert response.json() == {
        "message": "resource is not found",
        "resource": "domain",
        "resource_id": mine["id"],
        "type": "not_found",
    }
    # Someone else's project is a permission problem.
    response = scw_other.get("/mailboxes", params={"project_id": SCW_PROJECT})
    assert response.status_code == 403
    assert response.json()["details"] == [{"action": "read", "resource": "mailbox"}]
    # A domain of one project does not match a project_id filter naming another one.
    assert mailboxes_of(scw, mine["id"], project_id=SCW_PROJECT)["total_count"] == 2

    their_list = scw_other.get("/mailboxes").json()
    assert [m["domain_id"] for m in their_list["mailboxes"]] == [theirs["id"]]
    assert scw.get("/mailboxes").json()["total_count"] == 2
    assert mailbox_count(scw, mine["id"]) == 2  # the refused DELETE changed nothing


@pytest.mark.parametrize(
    ("headers", "reason"),
    [({}, "invalid_argument"), ({"X-Auth-Token": UNKNOWN_ID}, "not_found")],
)
def test_bad_tokens_are_denied_authentication(
    emulator: Emulator, headers: dict[str, str], reason: str
) -> None:
    with httpx.Client(base_url=f"{emulator.url}/mailbox/v1alpha1", headers=headers) as client:
        for response in (
            client.get("/mailboxes"),
            client.get(f"/mailboxes/{UNKNOWN_ID}"),
            client.delete(f"/mailboxes/{UNKNOWN_ID}"),
        ):
            assert response.status_code == 401
            assert response.json()["type"] == "denied_authentication"
            assert response.json()["reason"] == reason


@pytest.mark.parametrize(
    ("method", "path", "params", "argument"),
    [
        ("GET", "/mailboxes", {"domain_id": "nope"}, "domain_id"),
        ("GET", "/mailboxes", {"page_size": 1001}, "page_size"),
        ("GET", "/mailboxes", {"page": 0}, "page"),
        ("GET", "/mailboxes", {"order_by": "name_asc"}, "order_by"),
        ("GET", "/mailboxes/not-a-uuid", {}, "mailbox_id"),
        ("DELETE", "/mailboxes/not-a-uuid", {}, "mailbox_id"),
    ],
)
def test_bad_parameters_are_invalid_arguments(
    scw: httpx.Client, method: str, path: str, params: dict[str, Any], argument: str
) -> None:
    response = scw.request(method, path, params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "invalid_arguments"
    assert [d["argument_name"] for d in body["details"]] == [argument]


def test_unknown_mailbox_is_not_found_and_ids_ignore_case(
    emulator: Emulator, scw: httpx.Client
) -> None:
    assert scw.get(f"/mailboxes/{UNKNOWN_ID}").status_code == 404
    assert scw.delete(f"/mailboxes/{UNKNOWN_ID}").status_code == 404
    domain = create(scw, "case.example.com")
    emulator.set_mailboxes(domain["id"], 1)
    box = mailboxes_of(scw, domain["id"].upper())["mailboxes"][0]
    assert scw.get(f"/mailboxes/{box['id'].upper()}").json()["id"] == box["id"]
    assert scw.delete(f"/mailboxes/{box['id'].upper()}").status_code == 200


def test_mailbox_routes_get_faults_and_rate_limit_headers(
    emulator: Emulator, scw: httpx.Client
) -> None:
    domain = create(scw, "faulty.example.com")
    emulator.set_mailboxes(domain["id"], 1)
    box = mailboxes_of(scw, domain["id"])["mailboxes"][0]
    listed = scw.get("/mailboxes")
    assert listed.headers["x-ratelimit-limit"] == "50, 50;w=1"
    assert UUID.match(listed.headers["x-request-id"])

    emulator.faults(error_rate=1.0, error_statuses=[503], methods=["DELETE"])
    failed = scw.delete(f"/mailboxes/{box['id']}")
    assert failed.status_code == 503
    assert failed.json()["type"] == "service_unavailable"
    assert mailbox_count(scw, domain["id"]) == 1  # an injected error does no work

    emulator.faults(rate_limit_per_second=1)
    statuses = [scw.get("/mailboxes").status_code for _ in range(3)]
    assert 429 in statuses
    log = [r for r in emulator.api_requests() if r["path"].startswith("/mailbox/v1alpha1/mail")]
    assert {r["fault"] for r in log} >= {"error", "rate_limited"}


def test_mailboxes_survive_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "emulator.sqlite")
    args = ["--dkim-pool-size", "0", "--mailbox-deletion-delay-seconds=600"]
    with running_emulator(db=db, extra_args=args) as first, scaleway_client(first) as scw:
        domain = create(scw, "keep.example.com")
        first.set_mailboxes(domain["id"], 3)
        before = mailboxes_of(scw, domain["id"], order_by="email_asc")["mailboxes"]
        deleted = scw.delete(f"/mailboxes/{before[0]['id']}").json()
    with running_emulator(db=db, extra_args=args) as second, scaleway_client(second) as scw:
        after = mailboxes_of(scw, domain["id"], order_by="email_asc")["mailboxes"]
        assert after == [deleted, *before[1:]]  # the scheduled deletion survives too
        assert mailbox_count(scw, domain["id"]) == 2
        assert scw.get(f"/mailboxes/{before[0]['id']}").json() == deleted


def test_a_database_from_before_mailbox_rows_keeps_its_counts(tmp_path: Path) -> None:
    """An older database stored only ``scw_domains.mailbox_count``; its counts become rows."""
    db = tmp_path / "old.sqlite"
    domain_id = "12345678-1234-4234-8234-123456789012"
    with sqlite3.connect(db) as old:
        old.execute(
            "CREATE TABLE scw_domains (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, "
            "name TEXT NOT NULL, created_at REAL NOT NULL, "
            "mailbox_count INTEGER NOT NULL DEFAULT 0, validation_started_at REAL, "
            "validation_ok INTEGER, deleted_at REAL)"
        )
        old.execute(
            "INSERT INTO scw_domains VALUES (?, ?, 'old.example.com', 1700000000, 2, "
            "NULL, NULL, NULL)",
            (domain_id, SCW_PROJECT),
        )
    for _ in range(2):  # the second start must not add them again
        with (
            running_emulator(db=str(db), extra_args=["--dkim-pool-size", "0"]) as emu,
            scaleway_client(emu) as scw,
        ):
            assert mailbox_count(scw, domain_id) == 2
            emails = [m["email"] for m in mailboxes_of(scw, domain_id)["mailboxes"]]
            assert sorted(emails) == ["mailbox-1@old.example.com", "mailbox-2@old.example.com"]
