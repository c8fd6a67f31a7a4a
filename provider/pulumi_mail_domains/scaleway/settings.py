"""Scaleway credentials and defaults, read when the provider runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from pulumi_mail_domains.core.settings import ConfigSource, Setting, retry_deadline_seconds

DEFAULT_API_URL = "https://api.scaleway.com"
DEFAULT_REQUESTS_PER_SECOND = 50.0
"""Scaleway's rate per API token (docs/vendor-apis.md §1.9: ``X-Ratelimit-Limit: 50, 50;w=1``)."""

SECRET_KEY = Setting(
    "scaleway:secretKey",
    "SCW_SECRET_KEY",
    "scaleway_secret_key",
    "Scaleway API secret key (sent as `X-Auth-Token`).",
    secret=True,
)
PROJECT_ID = Setting(
    "scaleway:projectId",
    "SCW_DEFAULT_PROJECT_ID",
    "scaleway_project_id",
    "Default Scaleway project of `scaleway.MailboxDomain`.",
)
API_URL = Setting(
    "scaleway:apiUrl",
    "SCW_API_URL",
    "scaleway_api_url",
    f"Scaleway API root (default `{DEFAULT_API_URL}`).",
)
REQUESTS_PER_SECOND = Setting(
    "scaleway:requestsPerSecond",
    "SCW_REQUESTS_PER_SECOND",
    "scaleway_requests_per_second",
    "Most Scaleway API requests per second sent with the secret key, shared by every resource "
    f"the provider process serves (default {DEFAULT_REQUESTS_PER_SECOND:g}, Scaleway's "
    "documented rate; lowered by the server's own `X-Ratelimit-Limit`).",
    number=True,
)
SETTINGS = (SECRET_KEY, PROJECT_ID, API_URL, REQUESTS_PER_SECOND)
"""Every Scaleway setting, in the order the schema lists them."""


@dataclass(frozen=True)
class ScalewaySettings:
    """Scaleway credentials and defaults. The secret key is hidden from ``repr``."""

    secret_key: str | None = field(repr=False)
    project_id: str | None
    api_url: str
    requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND
    """The most requests per second sent with the key (``SCW_REQUESTS_PER_SECOND``, 50)."""
    retry_deadline_seconds: float = field(default_factory=retry_deadline_seconds)
    """How long one API call keeps retrying (``MAIL_DOMAINS_RETRY_DEADLINE_SECONDS``, 120 s)."""
    source: ConfigSource | None = field(default=None, repr=False, compare=False)
    """Where the settings came from, to name the right key when one is missing."""

    @classmethod
    def load(cls, config: ConfigSource | None = None) -> ScalewaySettings:
        return cls(
            source=config,
            secret_key=SECRET_KEY.read(config),
            project_id=PROJECT_ID.read(config),
            api_url=API_URL.read(config) or DEFAULT_API_URL,
            requests_per_second=REQUESTS_PER_SECOND.read_positive(
                config, DEFAULT_REQUESTS_PER_SECOND
            ),
        )

    def require_secret_key(self) -> str:
        if not self.secret_key:
            raise SECRET_KEY.missing("The Scaleway secret key", self.source)
        return self.secret_key
