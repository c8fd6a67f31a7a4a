"""Fixtures of the SPF tests: a BIND9 serving the shared zone and the vendors' SPF zones, and an
emulator verifying against it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.bind import BindServer, running_bind
from support.emulator import FAST_LIFECYCLE, Emulator, EmulatorPool
from support.senders import SENDER_ZONES, publish_vendor_networks


@pytest.fixture(scope="session")
def sender_bind(bind_server: BindServer) -> Iterator[BindServer]:
    """BIND9 for the shared zone and the vendors' SPF zones (their includes resolve here).

    Asks for the session's BIND9 first so a missing ``named`` skips or fails as it does there.
    """
    with running_bind(SENDER_ZONES) as server:
        publish_vendor_networks(server)
        yield server


@pytest.fixture
def sender_emulator(emulators: EmulatorPool, sender_bind: BindServer) -> Emulator:
    """A fast-lifecycle emulator verifying records against ``sender_bind``."""
    return emulators.get(*FAST_LIFECYCLE, dns_server=sender_bind.address)
