"""MailboxDomainValidation against the emulator verifying through a real BIND9.

The emulator plays each part the live API can: records missing or wrong, a check still running,
and (with its ``failed_validation_status`` setting) the ``validation_failed`` status the API
documents, so the behaviour's decisions are tested over HTTP instead of against a script.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from pulumi_mail_domains.core.records import present_records
from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomainBehaviour
from pulumi_mail_domains.scaleway.mailbox_domain_validation import (
    MailboxDomainValidationBehaviour,
    ValidationFailedError,
)
from pulumi_mail_domains.scaleway.records import KNOWN_RECORDS
from support.behaviours import checked, configured, use_emulator
from support.bind import BindServer
from support.emulator import FAST_TIMINGS, Emulator, EmulatorPool
from support.interrupts import wait_until
from support.mail import scaleway_api, unique_label

pytestmark = pytest.mark.dns

ZONE = "example.test"
REQUIRED = ("domain_validation", "spf", "dkim", "dmarc", "mx")
# A check lasts long enough for a refresh to meet it, then provisioning long enough too.
SLOW_CHECK = ("--creating-seconds=0", "--validating-seconds=3", "--provisioning-seconds=30")


@pytest.fixture
def emu(
    emulators: EmulatorPool, bind_server: BindServer, monkeypatch: pytest.MonkeyPatch
) -> Emulator:
    emulator = use_emulator(
        emulators.get(*FAST_TIMINGS, dns_server=bind_server.address), monkeypatch
    )
    emulator.scaleway_settings(failed_validation_status="validation_failed")
    return emulator


@pytest.fixture
def validation(emu: Emulator) -> MailboxDomainValidationBehaviour:
    return configured(MailboxDomainValidationBehaviour())


@pytest.fixture
def domain(emu: Emulator) -> Iterator[dict[str, Any]]:
    """A new domain (its outputs); its records are not published yet."""
    behaviour = configured(MailboxDomainBehaviour())
    name = f"{unique_label('val')}.{ZONE}"
    created = behaviour.create(checked(behaviour, {"name": name, "zone": ZONE}))
    yield {"id": created.id, **created.outs}
    behaviour.delete(created.id, {**created.outs, "force_destroy": False})


def views(domain: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return dict(present_records(domain["records"], ZONE, domain["name"], KNOWN_RECORDS)["records"])


def validate_calls(emu: Emulator, domain_id: str) -> int:
    suffix = f"/domains/{domain_id}/validate-records"
    return sum(1 for r in emu.api_requests() if r["path"].endswith(suffix))


def status(emu: Emulator, domain_id: str) -> str:
    return scaleway_api(emu).get_domain(domain_id).status


def test_validation_failed_is_retriggered_until_the_records_pass(
    emu: Emulator,
    bind_server: BindServer,
    validation: MailboxDomainValidationBehaviour,
    domain: dict[str, Any],
) -> None:
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            news = {"domain_id": domain["id"], "timeout_seconds": 60}
            outcome["outs"] = validation.create(checked(validation, news))
        except Exception as error:
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    # The first check fails (nothing is published) and the domain says so.
    wait_until(lambda: status(emu, domain["id"]) == "validation_failed", 30, "a failed check")
    for key in REQUIRED:
        bind_server.publish(views(domain)[key])
    worker.join(timeout=60)
    assert not worker.is_alive() and "error" not in outcome, outcome
    outs = outcome["outs"].outs
    assert outs["validated"] is True and outs["status"] == "ready"
    assert validate_calls(emu, domain["id"]) >= 2  # once at the start, again after the failure


def test_validation_failed_fails_at_the_timeout_with_the_diagnosis(
    emu: Emulator, validation: MailboxDomainValidationBehaviour, domain: dict[str, Any]
) -> None:
    with pytest.raises(ValidationFailedError) as caught:
        validation.create(checked(validation, {"domain_id": domain["id"], "timeout_seconds": 2}))
    message = str(caught.value)
    assert "not ready after 2 s" in message and "status validation_failed" in message
    spf = views(domain)["spf"]
    assert f"spf: {spf['fqdn']} TXT" in message and "status: not_found" in message
    assert validate_calls(emu, domain["id"]) >= 2


def test_a_refresh_that_finds_the_domain_unvalidated_still_revalidates(
    emu: Emulator, validation: MailboxDomainValidationBehaviour, domain: dict[str, Any]
) -> None:
    scaleway_api(emu).validate_domain_records(domain["id"])
    wait_until(lambda: status(emu, domain["id"]) == "validation_failed", 30, "a failed check")
    stored = {"domain_id": domain["id"], "timeout_seconds": 600, "validated": True}
    refreshed = validation.read(domain["id"], stored).outs
    assert refreshed["validated"] is False and refreshed["status"] == "validation_failed"
    news = {"domain_id": domain["id"], "timeout_seconds": 600}
    assert validation.diff(domain["id"], refreshed, news).replaces == ["validated"]


def test_a_refresh_mid_check_does_not_force_a_new_validation(
    emulators: EmulatorPool, bind_server: BindServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = use_emulator(emulators.get(*SLOW_CHECK, dns_server=bind_server.address), monkeypatch)
    behaviour = configured(MailboxDomainBehaviour())
    created = behaviour.create(
        checked(behaviour, {"name": f"{unique_label('mid')}.{ZONE}", "zone": ZONE})
    )
    for key in REQUIRED:
        bind_server.publish(views(created.outs)[key])
    scaleway_api(emulator).validate_domain_records(created.id)
    validation = configured(MailboxDomainValidationBehaviour())
    news = {"domain_id": created.id, "timeout_seconds": 600}
    for phase in ("validating", "provisioning"):

        def reached(phase: str = phase) -> bool:
            return status(emulator, created.id) == phase

        wait_until(reached, 30, phase)
        refreshed = validation.read(created.id, {**news, "validated": True}).outs
        assert refreshed["status"] == phase and refreshed["validated"] is True
        # Even an outcome recorded as "not validated" while a check runs waits for that check.
        diff = validation.diff(created.id, {**refreshed, "validated": False}, news)
        assert diff.replaces == [] and not diff.changes
    assert validate_calls(emulator, created.id) == 1
