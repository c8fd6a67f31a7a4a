"""Provider settings: stack configuration first, then the environment (see the README table).

Settings are read inside the provider process when it runs (``configure()``), so credentials
never become resource inputs, outputs or part of the pickled provider in the state.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Protocol

DEFAULT_SCALEWAY_API_URL = "https://api.scaleway.com"

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
        raise ValueError(f"{RETRY_DEADLINE_ENV} must be a positive number of seconds, got {raw!r}")
    return seconds


class ConfigSource(Protocol):
    """What :class:`pulumi.dynamic.Config` offers: ``get("namespace:key")``."""

    def get(self, key: str) -> object: ...


def _setting(config: ConfigSource | None, key: str, env: str) -> str | None:
    value = config.get(key) if config is not None else None
    if value is None or value == "":
        value = os.environ.get(env) or None
    return None if value is None else str(value)


class MissingSettingError(RuntimeError):
    """A required setting is in neither the stack configuration nor the environment."""

    def __init__(self, what: str, key: str, env: str) -> None:
        super().__init__(
            f"{what} is not configured: set it with `pulumi config set --secret {key} ...` "
            f"or the {env} environment variable"
        )


@dataclass(frozen=True)
class ScalewaySettings:
    """Scaleway credentials and defaults. The secret key is hidden from ``repr``."""

    secret_key: str | None = field(repr=False)
    project_id: str | None
    api_url: str
    retry_deadline_seconds: float = field(default_factory=retry_deadline_seconds)
    """How long one API call keeps retrying (``MAIL_DOMAINS_RETRY_DEADLINE_SECONDS``, 120 s)."""

    @classmethod
    def load(cls, config: ConfigSource | None = None) -> ScalewaySettings:
        return cls(
            secret_key=_setting(config, "scaleway:secretKey", "SCW_SECRET_KEY"),
            project_id=_setting(config, "scaleway:projectId", "SCW_DEFAULT_PROJECT_ID"),
            api_url=_setting(config, "scaleway:apiUrl", "SCW_API_URL") or DEFAULT_SCALEWAY_API_URL,
        )

    def require_secret_key(self) -> str:
        if not self.secret_key:
            raise MissingSettingError(
                "The Scaleway secret key", "scaleway:secretKey", "SCW_SECRET_KEY"
            )
        return self.secret_key


@dataclass(frozen=True)
class FullHelpSettings:
    """FullHelp credentials and defaults. The token is hidden from ``repr``."""

    token: str | None = field(repr=False)
    account_id: str | None
    url: str | None
    retry_deadline_seconds: float = field(default_factory=retry_deadline_seconds)
    """How long one API call keeps retrying (``MAIL_DOMAINS_RETRY_DEADLINE_SECONDS``, 120 s)."""

    @classmethod
    def load(cls, config: ConfigSource | None = None) -> FullHelpSettings:
        return cls(
            token=_setting(config, "fullhelp:token", "FULLHELP_TOKEN"),
            account_id=_setting(config, "fullhelp:accountId", "FULLHELP_ACCOUNT_ID"),
            url=_setting(config, "fullhelp:url", "FULLHELP_URL"),
        )

    def require_token(self) -> str:
        if not self.token:
            raise MissingSettingError("The FullHelp API token", "fullhelp:token", "FULLHELP_TOKEN")
        return self.token

    def require_url(self) -> str:
        if not self.url:
            raise MissingSettingError("The FullHelp URL", "fullhelp:url", "FULLHELP_URL")
        return self.url
