"""``mail-domains heal`` decides each pending create from what the vendor answers.

The states are what a killed run leaves: a resource that was created becomes a pending
``creating`` operation (its recorded inputs, no id), through ``pulumi stack import``.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest

from support.emulator import SCW_PROJECT, Emulator, fullhelp_client, scaleway_client
from support.interrupts import as_pending_create, heal, write_killed_state
from support.mail import fullhelp_domains, scaleway_domains
from support.native import CliStack, new_cli_stack

SCW_TYPE = "mail-domains:scaleway:MailboxDomain"
FH_TYPE = "mail-domains:fullhelp:Domain"
PROGRAM: dict[str, Any] = {
    "name": "heal-cases",
    "resources": {
        "mailbox": {"type": SCW_TYPE, "properties": {"name": "cases.heal.test"}},
        "helpdesk": {"type": FH_TYPE, "properties": {"domain": "send.cases.heal.test"}},
    },
}
pytestmark = pytest.mark.engine


@pytest.fixture
def stack(slow_emu: Emulator, pulumi_engine: Path, tmp_path: Path) -> CliStack:
    created = new_cli_stack(PROGRAM, tmp_path, env=slow_emu.provider_env())
    created.up()
    return created


def _make_pending(stack: CliStack, *names: str) -> dict[str, str]:
    """Turn the named resources into pending creates, as a kill mid-create leaves them; their
    former vendor ids by name."""
    ids: dict[str, str] = {}

    def edit(deployment: dict[str, Any]) -> None:
        kept = []
        for resource in deployment["resources"]:
            name = resource["urn"].rsplit("::", 1)[1]
            if name in names:
                ids[name] = resource["id"]
                deployment.setdefault("pending_operations", []).append(as_pending_create(resource))
            else:
                kept.append(resource)
        deployment["resources"] = kept

    write_killed_state(stack, edit)
    return ids


def _pending_urns(stack: CliStack) -> list[str]:
    operations = stack.export()["deployment"].get("pending_operations") or []
    return [op["resource"]["urn"] for op in operations]


def _ids(stack: CliStack) -> dict[str, str]:
    return {r["urn"].rsplit("::", 1)[1]: r["id"] for r in stack.resources()}


def test_found_domains_are_added_with_their_vendor_ids_and_refreshed(
    stack: CliStack, slow_emu: Emulator
) -> None:
    ids = _make_pending(stack, "mailbox", "helpdesk")
    writes = len(slow_emu.write_requests())

    healed = heal(stack)

    assert healed.returncode == 0, healed.stderr
    assert healed.stderr.count("added to the state") == 2, healed.stderr
    assert _pending_urns(stack) == []
    assert _ids(stack) == ids
    mailbox = next(r for r in stack.resources() if r["type"] == SCW_TYPE)
    assert mailbox["outputs"]["records"], "the refresh did not read the records"
    assert len(slow_emu.write_requests()) == writes, "heal changed something at the vendor"
    stack.preview(expect_no_changes=True)


def test_a_create_the_vendor_never_received_is_cleared_and_the_next_up_creates_it(
    stack: CliStack, slow_emu: Emulator
) -> None:
    ids = _make_pending(stack, "helpdesk")
    with fullhelp_client(slow_emu) as fh:
        fh.delete(f"/domains/{ids['helpdesk']}").raise_for_status()

    healed = heal(stack)

    assert healed.returncode == 0, healed.stderr
    assert "pending create cleared" in healed.stderr
    assert _pending_urns(stack) == []
    stack.up()
    assert [d.domain for d in fullhelp_domains(slow_emu)] == ["send.cases.heal.test"]


@pytest.mark.parametrize("failure", ["wrong URL", "5xx until the deadline"])
def test_an_unreadable_vendor_changes_nothing_and_names_the_resource(
    stack: CliStack, slow_emu: Emulator, failure: str
) -> None:
    _make_pending(stack, "mailbox")
    before = stack.export()["deployment"]
    env = {"MAIL_DOMAINS_RETRY_DEADLINE_SECONDS": "2"}
    if failure == "wrong URL":
        env["SCW_API_URL"] = "http://127.0.0.1:9/"
    else:
        slow_emu.faults(error_rate=1.0, error_statuses=[503])

    healed = heal(stack, env)
    slow_emu.faults()

    assert healed.returncode == 1, healed.stderr
    assert "::mailbox: LEFT AS IS: the vendor could not be read" in healed.stderr
    assert "run `mail-domains heal` again" in healed.stderr
    after = stack.export()["deployment"]
    assert after["pending_operations"] == before["pending_operations"]
    assert after["resources"] == before["resources"]


def test_a_match_already_managed_by_another_resource_is_left_as_is(
    stack: CliStack, slow_emu: Emulator
) -> None:
    mailbox = next(r for r in stack.resources() if r["type"] == SCW_TYPE)
    twin = as_pending_create({**mailbox, "urn": mailbox["urn"].replace("::mailbox", "::twin")})
    write_killed_state(stack, lambda d: d.__setitem__("pending_operations", [twin]))

    healed = heal(stack)

    assert healed.returncode == 1, healed.stderr
    assert f"is already in the state as {mailbox['urn']}" in healed.stderr
    assert "pulumi import mail-domains:scaleway:MailboxDomain twin" in healed.stderr
    assert _pending_urns(stack) == [twin["resource"]["urn"]]


def test_a_match_older_than_the_last_completed_update_is_left_as_is(
    stack: CliStack, slow_emu: Emulator
) -> None:
    """A same-named domain made out of band before the last `up` is not the killed run's."""
    with scaleway_client(slow_emu) as scw:
        made = scw.post("/domains", json={"project_id": SCW_PROJECT, "name": "older.heal.test"})
        made.raise_for_status()
    program = {**PROGRAM, "resources": {**PROGRAM["resources"]}}
    program["resources"]["later"] = {"type": FH_TYPE, "properties": {"domain": "later.heal.test"}}
    stack.write_program(program)
    stack.up()  # a completed update after the out-of-band domain
    program["resources"]["older"] = {"type": SCW_TYPE, "properties": {"name": "other.heal.test"}}
    stack.write_program(program)
    stack.up()  # the update that will look killed
    older = next(r for r in stack.resources() if r["urn"].endswith("::older"))
    renamed = {**older, "inputs": {**older["inputs"], "name": "older.heal.test"}}

    def edit(deployment: dict[str, Any]) -> None:
        deployment["resources"] = [r for r in deployment["resources"] if r["urn"] != older["urn"]]
        deployment["pending_operations"] = [as_pending_create(renamed)]

    write_killed_state(stack, edit)
    # `other.heal.test` stays at the vendor, no longer in the state: remove it by hand.
    with scaleway_client(slow_emu) as scw:
        scw.delete(f"/domains/{older['id']}").raise_for_status()

    healed = heal(stack)

    assert healed.returncode == 1, healed.stderr
    assert "before the stack's last completed update" in healed.stderr
    assert _pending_urns(stack) == [older["urn"]]
    assert any(d.name == "older.heal.test" for d in scaleway_domains(slow_emu))


def test_a_stack_a_live_run_holds_is_reported_locked_not_judged(
    stack: CliStack, slow_emu: Emulator
) -> None:
    """Pending creates heal would leave as they are may be a live run's, not a killed one's:
    with the stack locked by a run younger than the stale-lock age, heal says the stack is
    locked (exit 2), writes nothing and gives no verdict."""
    mailbox = next(r for r in stack.resources() if r["type"] == SCW_TYPE)
    twin = as_pending_create({**mailbox, "urn": mailbox["urn"].replace("::mailbox", "::twin")})
    write_killed_state(stack, lambda d: d.__setitem__("pending_operations", [twin]))
    locks = stack.project_dir.parent / "state/.pulumi/locks/organization/heal-cases/test"
    locks.mkdir(parents=True, exist_ok=True)
    taken = datetime.datetime.now(datetime.timezone.utc).isoformat()
    lock = {"pid": 1, "username": "ci", "hostname": "runner", "timestamp": taken}
    (locks / "live-run.json").write_text(json.dumps(lock))

    healed = heal(stack, {"MAIL_DOMAINS_STALE_LOCK_MINUTES": "60"})

    assert healed.returncode == 2, healed.stderr
    assert "the stack is currently locked" in healed.stderr
    assert "LEFT AS IS" not in healed.stderr and "already in the state" not in healed.stderr
    assert _pending_urns(stack) == [twin["resource"]["urn"]]
    assert [p.name for p in locks.iterdir()] == ["live-run.json"]
