"""Shared fixtures: a real emulator process, and (in tests/engine) the real Pulumi engine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.emulator import Emulator, start_emulator


@pytest.fixture(scope="session")
def emulator_process() -> Iterator[Emulator]:
    emulator = start_emulator(seed=1234)
    yield emulator
    emulator.stop()


@pytest.fixture
def emulator(emulator_process: Emulator) -> Emulator:
    """The session's emulator, reset to empty (no domains, no faults, empty log)."""
    emulator_process.reset()
    return emulator_process
