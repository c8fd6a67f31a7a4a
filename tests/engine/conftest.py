"""Fixtures driving the real Pulumi engine against a running emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from support.emulator import FAST_LIFECYCLE, Emulator, EmulatorPool
from support.engine import StackFactory, StackRun, new_stack


@pytest.fixture(scope="session")
def engine_emulator_process(emulators: EmulatorPool) -> Emulator:
    """Short lifecycle steps keep each engine test to a few seconds."""
    return emulators.get(*FAST_LIFECYCLE)


@pytest.fixture
def emu(engine_emulator_process: Emulator) -> Emulator:
    """A fast-lifecycle emulator, empty at the start of each test."""
    engine_emulator_process.reset()
    return engine_emulator_process


@pytest.fixture
def make_stack(pulumi_engine: Path, emu: Emulator, tmp_path: Path) -> Iterator[StackFactory]:
    """Create stacks bound to ``emu``; whatever they hold is destroyed even if a test fails."""
    created: list[StackRun] = []

    def make(
        program: Callable[[], None], *, env: dict[str, str] | None = None, **kw: Any
    ) -> StackRun:
        run = new_stack(
            program,
            tmp_path / f"backend-{len(created)}",
            env={**emu.provider_env(), **(env or {})},
            **kw,
        )
        created.append(run)
        return run

    yield make
    for run in created:
        run.destroy()
