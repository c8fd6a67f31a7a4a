"""The pure parts of ``mail-domains heal``: reading pending operations, the time bound, the
repaired deployment, and recognising a stale lock in the CLI's message."""

from __future__ import annotations

import datetime
from typing import Any

from pulumi_mail_domains.heal.pending import (
    last_completed,
    parse_time,
    pending_creates,
    resolved,
)
from pulumi_mail_domains.heal.resolve import behaviour_for, core_inputs
from pulumi_mail_domains.heal.stack import stale_lock
from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomainBehaviour
from pulumi_mail_domains.scaleway.spec import MAILBOX_DOMAIN

STACK_URN = "urn:pulumi:prod::p::pulumi:pulumi:Stack::p-prod"
PROVIDER = "urn:pulumi:prod::p::pulumi:providers:mail-domains::default::abc"


def _pending(name: str, kind: str = "creating") -> dict[str, Any]:
    return {
        "type": kind,
        "resource": {
            "urn": f"urn:pulumi:prod::p::mail-domains:scaleway:MailboxDomain::{name}",
            "type": "mail-domains:scaleway:MailboxDomain",
            "inputs": {"name": f"{name}.example.com", "projectId": "p-1"},
            "parent": STACK_URN,
            "provider": PROVIDER,
        },
    }


DEPLOYMENT: dict[str, Any] = {
    "resources": [
        {"urn": STACK_URN, "type": "pulumi:pulumi:Stack", "created": "2026-11-30T10:00:00Z"}
    ],
    "pending_operations": [_pending("a"), _pending("b"), _pending("c", "deleting")],
}


def test_only_creates_are_pending_creates() -> None:
    found = pending_creates(DEPLOYMENT)
    assert [p.name for p in found] == ["a", "b"]
    assert found[0].provider == PROVIDER
    assert found[0].inputs["name"] == "a.example.com"


def test_resolved_moves_found_creates_last_with_provisional_outputs_and_drops_the_rest() -> None:
    urn_a = DEPLOYMENT["pending_operations"][0]["resource"]["urn"]
    result = resolved(DEPLOYMENT, {urn_a: "uuid-a"})
    assert result["pending_operations"] == []
    moved = result["resources"][-1]
    assert (moved["urn"], moved["id"], moved["custom"]) == (urn_a, "uuid-a", True)
    assert moved["outputs"] == moved["inputs"] and moved["outputs"] is not moved["inputs"]
    assert (moved["parent"], moved["provider"]) == (STACK_URN, PROVIDER)
    assert len(result["resources"]) == 2
    assert len(DEPLOYMENT["pending_operations"]) == 3, "the input was changed"


def test_the_bound_is_the_last_completed_update_else_the_stack_creation() -> None:
    history = [{"endTime": 1796000000}, {"endTime": 1796000500}]
    assert last_completed(DEPLOYMENT, history) == datetime.datetime.fromtimestamp(
        1796000500, datetime.timezone.utc
    )
    assert last_completed(DEPLOYMENT, []) == parse_time("2026-11-30T10:00:00Z")
    assert last_completed({"resources": []}, []) is None


def test_times_parse_with_z_offsets_and_fractions() -> None:
    assert parse_time("2026-12-01T23:17:58.488951Z") == datetime.datetime(
        2026, 12, 1, 23, 17, 58, 488951, tzinfo=datetime.timezone.utc
    )
    assert parse_time("2026-12-01T23:17:58+01:00") == datetime.datetime(
        2026, 12, 1, 22, 17, 58, tzinfo=datetime.timezone.utc
    )
    assert parse_time("yesterday") is None and parse_time(None) is None


def test_native_and_dynamic_types_map_to_the_same_behaviour() -> None:
    assert behaviour_for("mail-domains:scaleway:MailboxDomain") is MailboxDomainBehaviour
    assert behaviour_for("pulumi-python:dynamic/scaleway:MailboxDomain") is MailboxDomainBehaviour
    assert behaviour_for("aws:s3/bucket:Bucket") is None


def test_recorded_inputs_are_read_as_the_core_spells_them() -> None:
    native = core_inputs(MAILBOX_DOMAIN, {"name": "x.test", "projectId": "p"}, native=True)
    assert native == {"name": "x.test", "project_id": "p"}
    dynamic = core_inputs(
        MAILBOX_DOMAIN, {"name": "x.test", "project_id": "p", "__provider": "..."}, native=False
    )
    assert dynamic == {"name": "x.test", "project_id": "p"}


LOCK_MESSAGE = (
    "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) "
    "to end or delete the lock file with `pulumi cancel`.\n"
    "  file:///s/.pulumi/locks/organization/p/prod/1b2.json: created by runner@ci (pid 4242) "
    "at {stamp}\n"
)


def test_a_lock_older_than_the_limit_is_stale() -> None:
    now = datetime.datetime.now(datetime.timezone.utc)
    old = (now - datetime.timedelta(minutes=90)).isoformat(timespec="seconds")
    fresh = (now - datetime.timedelta(minutes=5)).isoformat(timespec="seconds")
    notice = stale_lock(LOCK_MESSAGE.format(stamp=old), 60)
    assert notice is not None and "pulumi cancel --yes" in notice and old in notice
    assert stale_lock(LOCK_MESSAGE.format(stamp=fresh), 60) is None
    assert stale_lock(LOCK_MESSAGE.format(stamp=old), None) is None, "off by default"
    assert stale_lock("error: something else", 0) is None
    assert stale_lock(LOCK_MESSAGE.format(stamp="garbled"), 0) is None, "unreadable: not stale"
