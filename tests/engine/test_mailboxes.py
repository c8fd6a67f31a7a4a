"""Deleting a Scaleway domain that still has mailboxes.

The API (like the emulator, docs/vendor-apis.md part 3) answers 412 ``precondition_failed`` to a
DELETE
of a domain with mailboxes. The provider refuses on its own, naming the count and
``force_destroy``; with ``force_destroy=True`` it deletes the mailboxes first, then the domain.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import httpx
import pulumi
import pytest
from pulumi import automation as auto

from pulumi_mail_domains import scaleway
from support.emulator import Emulator
from support.engine import StackFactory, StackRun
from support.mail import scaleway_domains

NAME = "boxes.example.test"


def program(force_destroy: bool | None) -> Callable[[], None]:
    def run() -> None:
        domain = scaleway.MailboxDomain("scw", name=NAME, force_destroy=force_destroy)
        pulumi.export("id", domain.id)

    return run


def deletes(emu: Emulator, before: int) -> list[dict[str, object]]:
    return [r for r in emu.api_requests()[before:] if r["method"] == "DELETE"]


def test_a_domain_with_mailboxes_is_not_deleted_by_accident(
    make_stack: StackFactory, emu: Emulator
) -> None:
    run = make_stack(program(None))
    run.up()
    domain_id = run.outputs()["id"]
    emu.set_mailboxes(domain_id, 3)
    try:
        refuse_then_delete(run, emu, domain_id)
    finally:
        with contextlib.suppress(httpx.HTTPError):  # let the fixture clean up after a failure
            emu.set_mailboxes(domain_id, 0)


def refuse_then_delete(run: StackRun, emu: Emulator, domain_id: str) -> None:
    # -- default: the provider refuses before calling DELETE ------------------------------
    before = len(emu.api_requests())
    with pytest.raises(auto.CommandError) as refused:
        run.destroy()
    text = str(refused.value)
    assert f"Refusing to delete Scaleway domain {NAME} ({domain_id})" in text
    assert "3 mailbox(es)" in text and "force_destroy=True" in text
    assert deletes(emu, before) == []
    assert [d.id for d in scaleway_domains(emu)] == [domain_id]
    assert len(run.resources("scaleway:MailboxDomain")) == 1

    # -- force_destroy: changing the flag is an update without API writes ------------------
    run.set_program(program(True))
    before = len(emu.api_requests())
    assert run.up().summary.resource_changes == {"update": 1, "same": 1}
    assert [r for r in emu.api_requests()[before:] if r["method"] != "GET"] == []

    # -- the mailboxes go first, then the domain; nothing is left ----------------------
    before = len(emu.api_requests())
    assert run.destroy().summary.resource_changes == {"delete": 2}
    mailbox_deletes = [r for r in deletes(emu, before) if "/mailboxes/" in str(r["path"])]
    domain_deletes = [r for r in deletes(emu, before) if "/domains/" in str(r["path"])]
    assert [r["status"] for r in mailbox_deletes] == [200, 200, 200]
    # Deleted mailboxes may linger (deletion_scheduled) and keep the domain in use for a
    # while: the provider retries the domain DELETE through 412s, saying why it waits.
    statuses = [r["status"] for r in domain_deletes]
    assert statuses[-1] == 200 and set(statuses[:-1]) <= {412}
    assert {r["path"] for r in domain_deletes} == {f"/mailbox/v1alpha1/domains/{domain_id}"}
    if len(statuses) > 1:
        assert "deleted mailboxes are still being removed" in run.output_text()
    assert emu.api_requests().index(domain_deletes[0]) > emu.api_requests().index(
        mailbox_deletes[-1]
    )
    assert scaleway_domains(emu) == []
