"""Fixtures for the emulator's black-box tests (real HTTP against a real process)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from support.emulator import (
    FAST_TIMINGS,
    FH_OTHER_ACCOUNT,
    FH_OTHER_TOKEN,
    SCW_OTHER_TOKEN,
    Emulator,
    EmulatorPool,
    fullhelp_client,
    scaleway_client,
)


@pytest.fixture(scope="session")
def emulator_process(emulators: EmulatorPool) -> Emulator:
    """The short-timings emulator, not reset between uses (for module-wide fixtures)."""
    return emulators.get(*FAST_TIMINGS)


@pytest.fixture
def emulator(emulators: EmulatorPool) -> Emulator:
    """Overrides the suite-wide emulator for these tests: same tokens, short timings."""
    return emulators.get(*FAST_TIMINGS)


@pytest.fixture
def scw(emulator: Emulator) -> Iterator[httpx.Client]:
    with scaleway_client(emulator) as client:
        yield client


@pytest.fixture
def scw_other(emulator: Emulator) -> Iterator[httpx.Client]:
    """Authenticated as the token owning only the other project."""
    with scaleway_client(emulator, SCW_OTHER_TOKEN) as client:
        yield client


@pytest.fixture
def fh(emulator: Emulator) -> Iterator[httpx.Client]:
    with fullhelp_client(emulator) as client:
        yield client


@pytest.fixture
def fh_other(emulator: Emulator) -> Iterator[httpx.Client]:
    """The other account's token, on the other account's domains."""
    with fullhelp_client(emulator, FH_OTHER_TOKEN, FH_OTHER_ACCOUNT) as client:
        yield client
