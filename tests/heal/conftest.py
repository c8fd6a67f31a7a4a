"""Fixtures for recovery tests: an emulator whose Scaleway creates stay in flight a while."""

from __future__ import annotations

import pytest

from support.emulator import SLOW_CREATE, Emulator, EmulatorPool


@pytest.fixture
def slow_emu(emulators: EmulatorPool) -> Emulator:
    """Scaleway domains spend 1 s in ``creating``, so a run killed early has creates in flight."""
    return emulators.get(*SLOW_CREATE)
