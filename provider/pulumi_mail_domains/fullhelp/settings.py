"""FullHelp credentials and defaults, read when the provider runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from pulumi_mail_domains.core.settings import ConfigSource, Setting, retry_deadline_seconds

TOKEN = Setting(
    "fullhelp:token",
    "FULLHELP_TOKEN",
    "fullhelp_token",
    "FullHelp API access token (sent as a Bearer token).",
    secret=True,
)
ACCOUNT_ID = Setting(
    "fullhelp:accountId",
    "FULLHELP_ACCOUNT_ID",
    "fullhelp_account_id",
    "Default FullHelp account of `fullhelp.Domain` and `fullhelp.DomainVerification`.",
    integer=True,
)
URL = Setting(
    "fullhelp:url",
    "FULLHELP_URL",
    "fullhelp_url",
    "The FullHelp instance, e.g. `https://help.example.com` (`/api/v1` is added).",
)
DEFAULT_REQUESTS_PER_SECOND = 10.0
"""FullHelp documents no rate limit; this project's choice (docs/vendor-apis.md, PART 3)."""
REQUESTS_PER_SECOND = Setting(
    "fullhelp:requestsPerSecond",
    "FULLHELP_REQUESTS_PER_SECOND",
    "fullhelp_requests_per_second",
    "Most FullHelp API requests per second sent with the token, shared by every resource the "
    f"provider process serves (default {DEFAULT_REQUESTS_PER_SECOND:g}; lowered by the "
    "server's own `X-RateLimit-Limit` and by its 429 answers).",
    number=True,
)
SETTINGS = (TOKEN, ACCOUNT_ID, URL, REQUESTS_PER_SECOND)
"""Every FullHelp setting, in the order the schema lists them."""


@dataclass(frozen=True)
class FullHelpSettings:
    """FullHelp credentials and defaults. The token is hidden from ``repr``."""

    token: str | None = field(repr=False)
    account_id: str | None
    url: str | None
    requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND
    """The most requests per second sent with the token (``FULLHELP_REQUESTS_PER_SECOND``, 10)."""
    retry_deadline_seconds: float = field(default_factory=retry_deadline_seconds)
    """How long one API call keeps retrying (``MAIL_DOMAINS_RETRY_DEADLINE_SECONDS``, 120 s)."""
    source: ConfigSource | None = field(default=None, repr=False, compare=False)
    """Where the settings came from, to name the right key when one is missing."""

    @classmethod
    def load(cls, config: ConfigSource | None = None) -> FullHelpSettings:
        return cls(
            source=config,
            token=TOKEN.read(config),
            account_id=ACCOUNT_ID.read(config),
            url=URL.read(config),
            requests_per_second=REQUESTS_PER_SECOND.read_positive(
                config, DEFAULT_REQUESTS_PER_SECOND
            ),
        )

    def require_token(self) -> str:
        if not self.token:
            raise TOKEN.missing("The FullHelp API token", self.source)
        return self.token

    def require_url(self) -> str:
        if not self.url:
            raise URL.missing("The FullHelp URL", self.source)
        return self.url
