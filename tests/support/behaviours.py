"""Behaviours configured the way the dynamic front end configures them, for direct calls."""

from __future__ import annotations

from typing import Any, TypeVar

import pytest
from pulumi.dynamic import Config, ConfigureRequest

from pulumi_mail_domains.core.behaviour import Behaviour
from support.emulator import Emulator

B = TypeVar("B", bound=Behaviour)


def configured(behaviour: B) -> B:
    """``behaviour`` configured from the environment (no stack config), as a program's would be."""
    behaviour.configure(ConfigureRequest(Config(raw_config={}, project_name="test")))
    return behaviour


def checked(behaviour: Behaviour, news: dict[str, Any]) -> dict[str, Any]:
    """``news`` through the behaviour's check (defaults filled in), as the engine passes them on."""
    result = behaviour.check({}, news)
    assert not result.failures, result.failures
    return result.inputs


def use_emulator(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """Point the behaviours' settings (read from the environment) at ``emulator``."""
    for name, value in emulator.provider_env().items():
        monkeypatch.setenv(name, value)
    return emulator
