"""Fixtures for the native plugin's engine tests: the real CLI, YAML programs, the emulator."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from support.bind import BindServer
from support.emulator import FAST_TIMINGS, Emulator, EmulatorPool
from support.native import CliStack, CliStackFactory, new_cli_stack


@pytest.fixture
def emu(emulators: EmulatorPool) -> Emulator:
    """A fast-lifecycle emulator in auto-verify mode (records count as published)."""
    return emulators.get(*FAST_TIMINGS)


@pytest.fixture
def dns_emu(emulators: EmulatorPool, bind_server: BindServer) -> Emulator:
    """A fast-lifecycle emulator that verifies records by querying the session's BIND9."""
    return emulators.get(*FAST_TIMINGS, dns_server=bind_server.address)


def _factory(
    workdir: Path, default_env: dict[str, str], created: list[CliStack]
) -> CliStackFactory:
    def make(program: Mapping[str, Any] | str, **kwargs: Any) -> CliStack:
        env = {**default_env, **kwargs.pop("env", {})}
        stack = new_cli_stack(program, workdir / f"stack-{len(created)}", env=env, **kwargs)
        created.append(stack)
        return stack

    return make


def _destroy_all(created: list[CliStack]) -> None:
    for stack in created:
        stack.destroy()


@pytest.fixture
def cli_stack(pulumi_engine: Path, emu: Emulator, tmp_path: Path) -> Iterator[CliStackFactory]:
    """YAML stacks bound to ``emu``; whatever they hold is destroyed even if a test fails."""
    created: list[CliStack] = []
    yield _factory(tmp_path, emu.provider_env(), created)
    _destroy_all(created)


@pytest.fixture
def dns_cli_stack(
    pulumi_engine: Path, dns_emu: Emulator, tmp_path: Path
) -> Iterator[CliStackFactory]:
    """YAML stacks bound to ``dns_emu`` (verification through BIND9); destroyed at the end."""
    created: list[CliStack] = []
    yield _factory(tmp_path, dns_emu.provider_env(), created)
    _destroy_all(created)
