"""How settings are read: configuration first, then the environment (see the README table).

Each vendor's settings (``scaleway.settings``, ``fullhelp.settings``) are built from a
:class:`ConfigSource`: the dynamic provider's stack config, or the native provider's
configuration, which answers the same keys.

Settings are read inside the provider process when it runs (``configure()``), so credentials
never become resource inputs, outputs or part of the pickled provider in the state.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Protocol

from pulumi_mail_domains.core.errors import ConfigurationError, InvalidValueError

DEFAULT_RETRY_DEADLINE_SECONDS = 120.0
RETRY_DEADLINE_ENV = "MAIL_DOMAINS_RETRY_DEADLINE_SECONDS"


def retry_deadline_seconds() -> float:
    """How long one API call keeps retrying, in seconds (``MAIL_DOMAINS_RETRY_DEADLINE_SECONDS``).

    Read at each use so a provider process started with the variable set picks it up; a value
    that is not a positive number is an error rather than silently ignored.
    """
    raw = os.environ.get(RETRY_DEADLINE_ENV, "").strip()
    if not raw:
        return DEFAULT_RETRY_DEADLINE_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise InvalidValueError(
            f"{RETRY_DEADLINE_ENV} must be a positive number of seconds, got {raw!r}"
        )
    return seconds


class ConfigSource(Protocol):
    """What :class:`pulumi.dynamic.Config` offers: ``get("namespace:key")``."""

    def get(self, key: str) -> object: ...


def config_key_name(config: ConfigSource | None, key: str) -> str:
    """How users spell ``key`` where ``config`` comes from: the native provider's configuration
    names it ``mail-domains:...``; stack config for dynamic providers uses ``key`` itself."""
    public_name = getattr(config, "public_name", None)
    return str(public_name(key)) if callable(public_name) else key


def setting(config: ConfigSource | None, key: str, env: str) -> str | None:
    """The setting ``key`` from ``config``, else the environment variable ``env``, else None."""
    value = config.get(key) if config is not None else None
    if value is None or value == "":
        value = os.environ.get(env) or None
    return None if value is None else str(value)


@dataclass(frozen=True)
class Setting:
    """One provider setting, with every spelling it has: the key Python programs set in stack
    config (``scaleway:projectId``, also how the core asks for it), the environment variable,
    the native provider's configuration name (snake_case here, ``scalewayProjectId`` on the
    wire) and what it is. Each vendor's ``settings.py`` has the table of its settings; the
    native configuration, the dynamic config reading and every hint are derived from them."""

    key: str
    env: str
    native_name: str
    description: str
    secret: bool = False
    integer: bool = False
    number: bool = False

    def read(self, config: ConfigSource | None) -> str | None:
        """The value from ``config``, else the environment, else None."""
        return setting(config, self.key, self.env)

    def read_positive(self, config: ConfigSource | None, default: float) -> float:
        """A positive number from ``config`` or the environment, else ``default``; anything
        else is an :class:`InvalidValueError` naming the setting as the user spells it."""
        raw = self.read(config)
        if raw is None or not raw.strip():
            return default
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not 0 < value < float("inf"):
            raise InvalidValueError(
                f"{config_key_name(config, self.key)} ({self.env}) must be a positive number, "
                f"got {raw!r}"
            )
        return value

    def where(self, config: ConfigSource | None) -> str:
        """Where a user of ``config``'s front end sets it: ``config KEY or ENV``."""
        return f"config {config_key_name(config, self.key)} or {self.env}"

    def missing(self, what: str, config: ConfigSource | None) -> MissingSettingError:
        return MissingSettingError(what, config_key_name(config, self.key), self.env)


class MissingSettingError(ConfigurationError):
    """A required setting is in neither the stack configuration nor the environment."""

    def __init__(self, what: str, key: str, env: str) -> None:
        super().__init__(
            f"{what} is not configured: set it with `pulumi config set --secret {key} ...` "
            f"or the {env} environment variable"
        )
        self.what, self.key, self.env = what, key, env

    def __reduce__(self) -> tuple[type[MissingSettingError], tuple[str, str, str]]:
        return type(self), (self.what, self.key, self.env)
