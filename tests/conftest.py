"""Shared fixtures: a real emulator process, and (in tests/engine) the real Pulumi engine."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.bind import BindServer, bind_available, start_bind
from support.emulator import Emulator, EmulatorPool
from support.engine import EngineUnavailable, pulumi_bin_dir


@pytest.fixture(scope="session")
def emulators() -> Iterator[EmulatorPool]:
    """Every emulator of the session, one per configuration (see ``EmulatorPool``)."""
    pool = EmulatorPool()
    yield pool
    pool.stop()


@pytest.fixture
def emulator(emulators: EmulatorPool) -> Emulator:
    """The emulator with the default test timings, reset to empty (no domains, faults, log)."""
    return emulators.get()


BIND_ZONES = ("example.test", "mail.test", "quickstart.test", "other.test")


@pytest.fixture(scope="session")
def bind_server() -> Iterator[BindServer]:
    """One real BIND9 for the session, authoritative for ``BIND_ZONES`` (dynamic, TSIG).

    Skipped when ``named`` is not installed, except under CI (``CI=true``) where that fails.
    """
    if not bind_available():
        message = "BIND9 'named' not installed (apt-get install bind9 bind9-utils)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = start_bind(BIND_ZONES)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pulumi_engine() -> Path:
    """The Pulumi CLI; its absence fails the run under CI=true and skips it elsewhere."""
    try:
        return pulumi_bin_dir()
    except EngineUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the Pulumi CLI is required under CI=true: {error}")
        pytest.skip(f"Pulumi CLI unavailable: {error}")
