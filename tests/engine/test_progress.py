"""While a verification of the Python classes waits, the CLI says what it waits for.

Dynamic providers have no engine connection: their reports go to standard error, which the
engine shows as the stack's messages. Real engine (Automation API), emulator verifying through a
real BIND9, nothing published at first: the report must reach the engine's events and the CLI
output, naming the domain and its missing records; publishing them ends the wait.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_mail_domains import fullhelp
from pulumi_mail_domains.core.records import present_records
from support.bind import BindServer
from support.emulator import FAST_LIFECYCLE, Emulator, EmulatorPool
from support.engine import StackFactory
from support.mail import unique_label

pytestmark = pytest.mark.dns

ZONE = "example.test"
FIRST_REPORT_SECONDS = 10.0
"""How soon after the verification's step starts the CLI must say what it waits for."""
VERIFICATION_TIMEOUT = 90
RUN_TIMEOUT = 240.0
Matcher = Callable[[auto.EngineEvent], bool]


@pytest.fixture
def dns_env(emulators: EmulatorPool, bind_server: BindServer) -> dict[str, str]:
    emulator: Emulator = emulators.get(*FAST_LIFECYCLE, dns_server=bind_server.address)
    return emulator.provider_env()


class Events:
    """The engine events of a run in a background thread, waited for with a bound."""

    def __init__(self) -> None:
        self.received: queue.Queue[auto.EngineEvent | None] = queue.Queue()
        self.seen: list[auto.EngineEvent] = []

    def next_matching(self, what: str, timeout: float, matches: Matcher) -> auto.EngineEvent:
        deadline = time.monotonic() + timeout
        for event in self.seen:
            if matches(event):
                return event
        while True:
            try:
                received = self.received.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"{timeout:g} s passed without {what}") from None
            if received is None:
                raise AssertionError(f"the run ended without {what}")
            self.seen.append(received)
            if matches(received):
                return received


def test_a_waiting_verification_reaches_the_cli_output(
    make_stack: StackFactory, dns_env: dict[str, str], bind_server: BindServer
) -> None:
    name = f"help.{unique_label('pd')}.{ZONE}"

    def program() -> None:
        domain = fullhelp.Domain("helpdesk", domain=name, zone=ZONE)
        verification = fullhelp.DomainVerification(
            "helpdesk-verification", domain_id=domain.id, timeout_seconds=VERIFICATION_TIMEOUT
        )
        pulumi.export("verified", verification.verified)

    run = make_stack(program, env=dns_env)
    events = Events()
    outcome: list[auto.UpResult | BaseException] = []

    def up() -> None:
        try:
            outcome.append(run.up(on_event=events.received.put))
        except BaseException as error:  # the test thread reports it
            outcome.append(error)
        finally:
            events.received.put(None)

    running = threading.Thread(target=up, daemon=True)
    running.start()
    try:
        outputs = events.next_matching("the domain's outputs", RUN_TIMEOUT, _outputs_of("Domain"))
        events.next_matching("the verification's step", RUN_TIMEOUT, _step_of("DomainVerification"))
        started = time.monotonic()
        report = events.next_matching(
            "the verification's progress",
            FIRST_REPORT_SECONDS,
            _message_with(f"mail-domains: {name}: waiting for DNS: dkim, return_path, spf missing"),
        )
        first_report = time.monotonic() - started
        assert outputs.res_outputs_event is not None
        new = outputs.res_outputs_event.metadata.new.outputs  # type: ignore[union-attr]
        records = present_records(new["records"], ZONE, new["domain"])["records"]  # type: ignore[index]
        for key in ("dkim", "spf", "return_path"):
            record = records[key]
            bind_server.add(record["zone"], record["name"], record["type"], record["content"])
    finally:
        running.join(RUN_TIMEOUT)
    assert not running.is_alive(), "pulumi up did not end"
    (result,) = outcome
    assert isinstance(result, auto.UpResult), result
    assert result.outputs["verified"].value is True
    message = report.diagnostic_event.message.strip()  # type: ignore[union-attr]
    assert message in run.output_text()
    print(f"first progress line after the step started: {first_report:.2f} s")


def _outputs_of(type_suffix: str) -> Matcher:
    def matches(event: auto.EngineEvent) -> bool:
        done = event.res_outputs_event
        return done is not None and done.metadata.type.endswith(type_suffix)

    return matches


def _step_of(type_suffix: str) -> Matcher:
    def matches(event: auto.EngineEvent) -> bool:
        step = event.resource_pre_event
        return step is not None and step.metadata.type.endswith(type_suffix)

    return matches


def _message_with(text: str) -> Matcher:
    def matches(event: auto.EngineEvent) -> bool:
        found = event.diagnostic_event
        return found is not None and text in found.message

    return matches
