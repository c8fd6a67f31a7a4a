"""FullHelp credentials and defaults, read when the provider runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from pulumi_mail_domains.core.settings import (
    ConfigSource,
    MissingSettingError,
    config_key_name,
    retry_deadline_seconds,
    setting,
)


@dataclass(frozen=True)
class FullHelpSettings:
    """FullHelp credentials and defaults. The token is hidden from ``repr``."""

    token: str | None = field(repr=False)
    account_id: str | None
    url: str | None
    retry_deadline_seconds: float = field(default_factory=retry_deadline_seconds)
    """How long one API call keeps retrying (``MAIL_DOMAINS_RETRY_DEADLINE_SECONDS``, 120 s)."""
    source: ConfigSource | None = field(default=None, repr=False, compare=False)
    """Where the settings came from, to name the right key when one is missing."""

    @classmethod
    def load(cls, config: ConfigSource | None = None) -> FullHelpSettings:
        return cls(
            source=config,
            token=setting(config, "fullhelp:token", "FULLHELP_TOKEN"),
            account_id=setting(config, "fullhelp:accountId", "FULLHELP_ACCOUNT_ID"),
            url=setting(config, "fullhelp:url", "FULLHELP_URL"),
        )

    def require_token(self) -> str:
        if not self.token:
            raise MissingSettingError(
                "The FullHelp API token",
                config_key_name(self.source, "fullhelp:token"),
                "FULLHELP_TOKEN",
            )
        return self.token

    def require_url(self) -> str:
        if not self.url:
            raise MissingSettingError(
                "The FullHelp URL", config_key_name(self.source, "fullhelp:url"), "FULLHELP_URL"
            )
        return self.url
