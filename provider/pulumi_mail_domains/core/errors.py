"""One exception hierarchy for both vendor APIs, and what their error mappers share.

Every error raised by the API clients is a :class:`MailDomainsError`. Subclasses say *what* went
wrong in terms a caller can act on (not found, already exists, rate limited, ...), whichever
vendor reported it. Each carries the vendor, the HTTP status (when there was a response), the
request method and URL, and a message meant for a person reading ``pulumi up`` output.

Errors never hold request headers, the token, or the httpx request/response objects, so printing,
logging or pickling them cannot leak a credential.

Each vendor's error mapper (``scaleway.errors.map_scaleway_error``,
``fullhelp.errors.map_fullhelp_error``) turns its error response, described by an
:class:`ErrorContext`, into the right subclass; they are pure functions so they can be tested on
sample bodies without any HTTP.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

__all__ = [
    "AlreadyExistsError",
    "AuthenticationError",
    "ConfigurationError",
    "ConflictError",
    "EndpointNotFoundError",
    "ErrorContext",
    "InvalidArgumentsError",
    "InvalidIdError",
    "InvalidValueError",
    "MailDomainsError",
    "NetworkError",
    "NotFoundError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "QuotaExceededError",
    "RateLimitedError",
    "ServerError",
    "UnexpectedResponseError",
    "WaitTimeoutError",
    "endpoint_not_found",
    "messages",
    "text_field",
    "url_hint",
    "with_fields",
    "with_help",
]


class MailDomainsError(Exception):
    """Base class of every error raised by the Scaleway and FullHelp clients.

    Attributes:
        message: what went wrong, in the vendor's words where they are useful.
        vendor: ``"Scaleway Mailbox API"`` or ``"FullHelp API"`` (None for local errors).
        status_code: HTTP status of the response, None when no response was received.
        code: the vendor's machine-readable error type (Scaleway ``type``), when given.
        method, url: the request that failed (never its headers).
        request_id: the vendor's request id (``X-Request-Id``), useful in support tickets.
        hint: what the reader can do about it.
        attempts: how many times the request was sent (set by the HTTP layer).
    """

    def __init__(
        self,
        message: str,
        *,
        vendor: str | None = None,
        status_code: int | None = None,
        code: str | None = None,
        method: str | None = None,
        url: str | None = None,
        request_id: str | None = None,
        hint: str | None = None,
    ) -> None:
        # args holds only the message so the exception pickles (BaseException.__reduce__ calls
        # cls(*args) and restores the other attributes from __dict__).
        super().__init__(message)
        self.message = message
        self.vendor = vendor
        self.status_code = status_code
        self.code = code
        self.method = method
        self.url = url
        self.request_id = request_id
        self.hint = hint
        self.attempts = 1

    def location(self) -> dict[str, Any]:
        """Where the error happened, as keyword arguments for another error about the same call."""
        return {
            "vendor": self.vendor,
            "status_code": self.status_code,
            "code": self.code,
            "method": self.method,
            "url": self.url,
            "request_id": self.request_id,
        }

    def __str__(self) -> str:
        text = f"{self.vendor}: {self.message}" if self.vendor else self.message
        if self.hint:
            text += f". {self.hint}"
        where = [f"HTTP {self.status_code}"] if self.status_code is not None else []
        if self.method and self.url:
            where.append(f"{self.method} {self.url}")
        if self.request_id:
            where.append(f"request id {self.request_id}")
        if self.attempts > 1:
            where.append(f"after {self.attempts} attempts")
        return f"{text} ({', '.join(where)})" if where else text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class NotFoundError(MailDomainsError):
    """The resource does not exist (or is not visible to these credentials)."""

    def __init__(
        self,
        message: str,
        *,
        resource: str | None = None,
        resource_id: str | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(message, **kw)
        self.resource = resource
        self.resource_id = resource_id


class EndpointNotFoundError(MailDomainsError):
    """A 404 that is not the vendor's own "no such resource" answer.

    An HTML or empty 404, a JSON body of another shape, or a not-found about something else than
    what was asked for: most likely the configured API URL is wrong (a typo, a proxy, another
    service). It says nothing about whether the resource exists, so it is deliberately NOT a
    :class:`NotFoundError`: callers that treat "not found" as "gone" must fail instead.
    """


class InvalidIdError(MailDomainsError, ValueError):
    """An id that cannot be a valid id of the vendor (raised before any request is sent)."""


class InvalidValueError(MailDomainsError, ValueError):
    """A value that cannot be used: a record outside its zone, an answer of the wrong shape."""


class ConfigurationError(MailDomainsError, ValueError):
    """A setting of the provider is missing or wrong."""


class ConflictError(MailDomainsError):
    """The request conflicts with the resource's current state (HTTP 409/423)."""


class AlreadyExistsError(ConflictError):
    """A resource with the same unique name already exists; ``existing_id`` names it when known."""

    def __init__(self, message: str, *, existing_id: str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.existing_id = existing_id


class InvalidArgumentsError(MailDomainsError):
    """The API rejected the request's arguments; ``fields`` maps each argument to its messages."""

    def __init__(
        self, message: str, *, fields: Mapping[str, list[str]] | None = None, **kw: Any
    ) -> None:
        super().__init__(message, **kw)
        self.fields: dict[str, list[str]] = dict(fields or {})


class AuthenticationError(MailDomainsError):
    """The credentials are missing, invalid or expired (HTTP 401)."""


class PermissionDeniedError(MailDomainsError):
    """The credentials are valid but may not act on this project/account (HTTP 403)."""


class PreconditionFailedError(MailDomainsError):
    """The operation is refused in the resource's state, e.g. a domain that still has mailboxes."""

    def __init__(self, message: str, *, precondition: str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.precondition = precondition


class RateLimitedError(MailDomainsError):
    """Too many requests (HTTP 429); ``retry_after`` is the server's suggested wait in seconds."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class QuotaExceededError(MailDomainsError):
    """A quota of the project/account is exhausted; ``details`` lists the vendor's quota entries."""

    def __init__(
        self, message: str, *, details: list[dict[str, Any]] | None = None, **kw: Any
    ) -> None:
        super().__init__(message, **kw)
        self.details = list(details or [])


class ServerError(MailDomainsError):
    """The API failed on its side (HTTP 5xx). For a create, the outcome is unknown."""


class UnexpectedResponseError(ServerError):
    """A success response whose body is not what the API documents (not JSON, missing fields)."""


class NetworkError(MailDomainsError):
    """No usable response: connection refused or reset, timeout, or the response was cut off.

    ``request_sent`` is False only when the request certainly never reached the server (the
    connection could not be opened), so even a create may be repeated safely.
    """

    def __init__(self, message: str, *, request_sent: bool = True, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.request_sent = request_sent


class WaitTimeoutError(MailDomainsError):
    """A waiter gave up; ``last_status`` is the last status the API reported."""

    def __init__(
        self, message: str, *, last_status: str | None = None, waited: float = 0.0, **kw: Any
    ) -> None:
        super().__init__(message, **kw)
        self.last_status = last_status
        self.waited = waited


@dataclasses.dataclass(frozen=True)
class ErrorContext:
    """What the HTTP layer knows about a failed response, handed to a vendor's error mapper."""

    status_code: int
    method: str
    url: str
    body: Any = None
    """The parsed JSON body, or None when the body was empty or not JSON."""
    text: str = ""
    """The raw body (truncated), used when the body is not JSON."""
    request_id: str | None = None
    retry_after: float | None = None

    def common(self, vendor: str, code: str | None = None) -> dict[str, Any]:
        """Keyword arguments every error built from this response shares."""
        return {
            "vendor": vendor,
            "status_code": self.status_code,
            "code": code,
            "method": self.method,
            "url": self.url,
            "request_id": self.request_id,
        }

    def fallback_message(self) -> str:
        """A message when the body gives none: the raw text if short, else the status."""
        text = self.text.strip()
        if text and len(text) <= 200 and not text.startswith("<"):
            return text
        return f"HTTP {self.status_code} error"


# --- shared helpers ------------------------------------------------------------------------


def url_hint(url_setting: str) -> str:
    """What to check when an endpoint does not answer as the vendor's API would; ``url_setting``
    names where the vendor's API URL is configured."""
    return f"Check the configured API URL ({url_setting}); nothing was treated as deleted"


def endpoint_not_found(
    ctx: ErrorContext, vendor: str, why: str, url_setting: str
) -> EndpointNotFoundError:
    """The error for a 404 whose body is not the vendor's not-found answer."""
    return EndpointNotFoundError(
        f"{ctx.url} answered HTTP {ctx.status_code} {why}, so it is not a known {vendor} endpoint",
        hint=url_hint(url_setting),
        **ctx.common(vendor),
    )


def text_field(value: Any) -> str | None:
    """A non-empty string field, or None (vendors send "" for unset ids)."""
    return value if isinstance(value, str) and value else None


def messages(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def with_fields(message: str, fields: Mapping[str, list[str]]) -> str:
    """Append every field's messages so the reader sees what to fix, not just "invalid"."""
    if not fields:
        return message
    parts = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
    return f"{message}: {parts}"


def with_help(message: str, body: Mapping[str, Any]) -> str:
    help_message = text_field(body.get("help_message"))
    return f"{message}: {help_message}" if help_message and help_message != message else message
