"""Fixtures of the contract suite: the official Scaleway SDK driving a real emulator process.

The emulator gets short timings that keep every live status visible: mailboxes wait for
payment 0.5 s, and a deleted mailbox stays ``deletion_scheduled`` for 2.5 s (the SDK's waiters
sleep at least one second before their first GET).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from scaleway import Client

from contract.referee import DESELECTED, LEDGER, NOTES, OPERATIONS, Note, RefereedMailboxAPI
from support.emulator import SCW_PROJECT, SCW_TOKEN, Emulator, EmulatorPool

CONTRACT_TIMINGS = (
    "--creating-seconds=0.3",
    "--validating-seconds=0.2",
    "--provisioning-seconds=0.2",
    "--deleting-seconds=0.3",
    "--mailbox-creating-seconds=0.5",
    "--mailbox-deletion-delay-seconds=2.5",
)
# The SDK validates its key pair; the emulator only reads the secret key.
ACCESS_KEY = "SCWCONTRACT000000000"


@pytest.fixture
def emulator(emulators: EmulatorPool) -> Emulator:
    """Overrides the suite-wide emulator: same tokens, timings of the module docstring."""
    return emulators.get(*CONTRACT_TIMINGS)


@pytest.fixture
def sdk(emulator: Emulator) -> RefereedMailboxAPI:
    """The official SDK's Mailbox API on the emulator, as a new user would set it up."""
    client = Client(
        access_key=ACCESS_KEY,
        secret_key=SCW_TOKEN,
        api_url=emulator.url,
        default_project_id=SCW_PROJECT,
    )
    return RefereedMailboxAPI(client, LEDGER)


@pytest.fixture(autouse=True)
def _note(request: pytest.FixtureRequest) -> Iterator[None]:
    before = Counter(LEDGER.operations)
    yield
    doc = (getattr(request.function, "__doc__", None) or "").strip()
    NOTES.append(Note(request.node.name, " ".join(doc.split()), LEDGER.operations - before))


def pytest_deselected(items: list[pytest.Item]) -> None:
    DESELECTED.extend(item.nodeid for item in items if "contract" in item.path.parts)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the SDK calls made and what each contract test asserted."""
    if not NOTES:
        return
    write = terminalreporter.write_line
    terminalreporter.section("contract: the official Scaleway SDK 2.12.0 against the emulator")
    write(
        f"{sum(LEDGER.operations.values())} SDK operation calls "
        f"({sum(LEDGER.requests.values())} HTTP requests) in {len(NOTES)} tests"
    )
    for name in sorted(OPERATIONS):
        write(f"  {name}: {LEDGER.operations[name]}")
    for request, count in sorted(LEDGER.requests.items()):
        write(f"  HTTP {request}: {count}")
    for note in NOTES:
        calls = sum(note.operations.values())
        write(f"- {note.test} ({calls} SDK calls): {note.asserted}")
    missing = sorted(OPERATIONS - set(LEDGER.operations))
    if missing:
        write(f"operations not exercised in this run: {', '.join(missing)}")
