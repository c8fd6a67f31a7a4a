"""Deleting a Scaleway domain that still has mailboxes.

The provider refuses on its own (naming the count and ``force_destroy``) unless
``force_destroy=True``; with it, the DELETE reaches the API. The emulator, like the documented
Scaleway decision (apis.md PART 3), answers 412 ``precondition_failed`` to any DELETE of a
domain with mailboxes, so ``force_destroy=True`` cannot delete such a domain there: the test
pins that the API's refusal is reported, not hidden.
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

    # -- the provider no longer refuses, but the API does (412): reported, state kept ------
    before = len(emu.api_requests())
    with pytest.raises(auto.CommandError) as api_refused:
        run.destroy()
    text = str(api_refused.value)
    assert [r["status"] for r in deletes(emu, before)] == [412]
    assert "Refusing" not in text
    assert "HTTP 412" in text and "resource_still_in_use" in text and "3 mailbox(es)" in text
    assert [d.id for d in scaleway_domains(emu)] == [domain_id]
    assert len(run.resources("scaleway:MailboxDomain")) == 1

    # -- once the mailboxes are gone, destroy succeeds and nothing is left ----------------
    emu.set_mailboxes(domain_id, 0)
    assert run.destroy().summary.resource_changes == {"delete": 2}
    assert scaleway_domains(emu) == []
