"""Scaleway credentials and defaults, read when the provider runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from pulumi_mail_domains.core.settings import (
    ConfigSource,
    MissingSettingError,
    config_key_name,
    retry_deadline_seconds,
    setting,
)

DEFAULT_API_URL = "https://api.scaleway.com"


@dataclass(frozen=True)
class ScalewaySettings:
    """Scaleway credentials and defaults. The secret key is hidden from ``repr``."""

    secret_key: str | None = field(repr=False)
    project_id: str | None
    api_url: str
    retry_deadline_seconds: float = field(default_factory=retry_deadline_seconds)
    """How long one API call keeps retrying (``MAIL_DOMAINS_RETRY_DEADLINE_SECONDS``, 120 s)."""
    source: ConfigSource | None = field(default=None, repr=False, compare=False)
    """Where the settings came from, to name the right key when one is missing."""

    @classmethod
    def load(cls, config: ConfigSource | None = None) -> ScalewaySettings:
        return cls(
            source=config,
            secret_key=setting(config, "scaleway:secretKey", "SCW_SECRET_KEY"),
            project_id=setting(config, "scaleway:projectId", "SCW_DEFAULT_PROJECT_ID"),
            api_url=setting(config, "scaleway:apiUrl", "SCW_API_URL") or DEFAULT_API_URL,
        )

    def require_secret_key(self) -> str:
        if not self.secret_key:
            raise MissingSettingError(
                "The Scaleway secret key",
                config_key_name(self.source, "scaleway:secretKey"),
                "SCW_SECRET_KEY",
            )
        return self.secret_key
