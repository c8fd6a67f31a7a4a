"""Fixtures for recovery tests: an emulator whose Scaleway creates stay in flight a while."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.emulator import Emulator, running_emulator


@pytest.fixture(scope="session")
def slow_create_emulator_process() -> Iterator[Emulator]:
    """Scaleway domains spend 1 s in ``creating``, so a run killed early has creates in flight."""
    with running_emulator(extra_args=["--creating-seconds=1"]) as emulator:
        yield emulator


@pytest.fixture
def slow_emu(slow_create_emulator_process: Emulator) -> Emulator:
    slow_create_emulator_process.reset()
    return slow_create_emulator_process
