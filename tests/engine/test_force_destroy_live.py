"""``force_destroy`` against the live mailbox behaviour (docs/vendor-apis.md §1.12), in both DELETE
answers.

Live, a deleted mailbox is not gone: it stays ``deletion_scheduled`` (readable, listed) until
``deletion_scheduled_at``. Whether the domain can be deleted meanwhile was never recorded, so
the emulator offers both answers and the provider must survive each:

- ``refuse``: DeleteDomain answers 412 ``resource_still_in_use`` until the scheduled mailboxes
  are purged; the provider waits and retries until its deadline.
- ``allow``: DeleteDomain succeeds at once.

This module runs its own emulator: mailboxes wait for payment 0.5 s (live ~75 s) and stay
scheduled 3 s after their DELETE (live 10 minutes).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pulumi
import pytest

from pulumi_mail_domains import scaleway
from support.emulator import Emulator, EmulatorPool, scaleway_client
from support.engine import StackFactory
from support.mail import scaleway_domains

NAME = "live-boxes.example.test"
DELETION_DELAY = 3.0
LIVE_LIKE = (
    "--creating-seconds=0.3",
    "--validating-seconds=0.3",
    "--provisioning-seconds=0.3",
    "--deleting-seconds=0.3",
    "--mailbox-creating-seconds=0.5",
    f"--mailbox-deletion-delay-seconds={DELETION_DELAY}",
)


@pytest.fixture(scope="module")
def engine_emulator_process(emulators: EmulatorPool) -> Emulator:
    """Overrides the engine suite's emulator for this module (timings in the docstring)."""
    return emulators.get(*LIVE_LIKE)


def program() -> Callable[[], None]:
    def run() -> None:
        domain = scaleway.MailboxDomain("scw", name=NAME, force_destroy=True)
        pulumi.export("id", domain.id)

    return run


@pytest.mark.parametrize("policy", ["allow", "refuse"])
def test_force_destroy_deletes_a_domain_holding_two_mailboxes(
    make_stack: StackFactory, emu: Emulator, policy: str
) -> None:
    emu.scaleway_settings(domain_delete_with_scheduled_mailboxes=policy)
    run = make_stack(program())
    run.up()
    domain_id = run.outputs()["id"]
    emu.set_mailboxes(domain_id, 2)
    with scaleway_client(emu) as scw:
        listed = scw.get("/mailboxes", params={"domain_id": domain_id}).json()
    mailbox_ids = {m["id"] for m in listed["mailboxes"]}
    assert len(mailbox_ids) == 2
    assert {m["status"] for m in listed["mailboxes"]} == {"waiting_payment"}

    before = len(emu.api_requests())
    started = time.monotonic()
    assert run.destroy().summary.resource_changes == {"delete": 2}
    took = time.monotonic() - started

    deletes = [r for r in emu.api_requests()[before:] if r["method"] == "DELETE"]
    mailbox_deletes = [r for r in deletes if "/mailboxes/" in str(r["path"])]
    domain_deletes = [r for r in deletes if "/domains/" in str(r["path"])]
    assert {str(r["path"]).rsplit("/", 1)[-1] for r in mailbox_deletes} == mailbox_ids
    assert all(r["status"] == 200 for r in mailbox_deletes)
    statuses = [r["status"] for r in domain_deletes]
    if policy == "allow":
        assert statuses == [200]
    else:
        # Refused while the two mailboxes are scheduled, then accepted once they are purged.
        assert statuses[-1] == 200 and len(statuses) >= 2
        assert set(statuses[:-1]) == {412}
        assert took >= DELETION_DELAY - 1
    assert scaleway_domains(emu) == []
    assert len(run.resources("scaleway:MailboxDomain")) == 0
