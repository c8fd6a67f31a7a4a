"""One exception hierarchy for both vendor APIs.

Every error raised by the API clients is a :class:`MailDomainsError`. Subclasses say *what* went
wrong in terms a caller can act on (not found, already exists, rate limited, ...), whichever
vendor reported it. Each carries the vendor, the HTTP status (when there was a response), the
request method and URL, and a message meant for a person reading ``pulumi up`` output.

Errors never hold request headers, the token, or the httpx request/response objects, so printing,
logging or pickling them cannot leak a credential.

:func:`map_scaleway_error` and :func:`map_fullhelp_error` turn a vendor's error response (described
by an :class:`ErrorContext`) into the right subclass; they are pure functions so they can be tested
on sample bodies without any HTTP.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

__all__ = [
    "FULLHELP",
    "SCALEWAY",
    "AlreadyExistsError",
    "AuthenticationError",
    "ConflictError",
    "EndpointNotFoundError",
    "ErrorContext",
    "InvalidArgumentsError",
    "InvalidIdError",
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
    "map_fullhelp_error",
    "map_scaleway_error",
]

SCALEWAY = "Scaleway Mailbox API"
FULLHELP = "FullHelp API"


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


# --- Scaleway ------------------------------------------------------------------------------

# The API's own "this resource does not exist (any more)" answers (apis.md 1.7, 1.9).
_SCW_NOT_FOUND_TYPES = ("not_found", "expired")
_SCW_AUTH_HINT = "Check the secret key (stack config scaleway:secretKey or SCW_SECRET_KEY)"
_SCW_PERMISSION_HINT = (
    "The secret key is valid but its IAM policy does not allow this on the project "
    "(check scaleway:projectId / SCW_DEFAULT_PROJECT_ID)"
)


def map_scaleway_error(ctx: ErrorContext) -> MailDomainsError:
    """Build the error for a Scaleway error response (``{"type", "message", ...}`` bodies).

    The body's ``type`` decides when present; otherwise the HTTP status does, so non-JSON bodies
    from a gateway still map to the right class.
    """
    body: Mapping[str, Any] = ctx.body if isinstance(ctx.body, Mapping) else {}
    kind = _text(body.get("type"))
    message = _text(body.get("message")) or ctx.fallback_message()
    kw = ctx.common(SCALEWAY, kind)
    status = ctx.status_code

    if kind in ("invalid_arguments", "invalid_request_error") or (
        message == "Validation Error" and "fields" in body
    ):
        fields = _scaleway_fields(body)
        return InvalidArgumentsError(_with_fields(message, fields), fields=fields, **kw)
    if kind == "already_exists":
        return AlreadyExistsError(
            _with_help(message, body), existing_id=_text(body.get("resource_id")), **kw
        )
    if kind in _SCW_NOT_FOUND_TYPES:
        return _scaleway_not_found(message, body, kw)
    if status in (404, 410):
        # No Scaleway error type: a gateway, proxy or web server answered, not the Mailbox API.
        return endpoint_not_found(ctx, SCALEWAY, "without the API's not_found error body")
    if kind == "denied_authentication" or (not kind and status == 401):
        return AuthenticationError(message, hint=_SCW_AUTH_HINT, **kw)
    if kind == "quotas_exceeded":
        details = [d for d in body.get("details") or [] if isinstance(d, dict)]
        return QuotaExceededError(_with_quotas(message, details), details=details, **kw)
    if kind == "permissions_denied" or (not kind and status == 403):
        return PermissionDeniedError(message, hint=_SCW_PERMISSION_HINT, **kw)
    if kind == "precondition_failed" or (not kind and status == 412):
        precondition = _text(body.get("precondition"))
        detail = _with_help(message, body)
        if precondition and precondition not in detail:
            detail += f" ({precondition})"
        return PreconditionFailedError(detail, precondition=precondition, **kw)
    if kind == "too_many_requests" or status == 429:
        return RateLimitedError(_with_help(message, body), retry_after=ctx.retry_after, **kw)
    if kind in ("conflict", "transient_state", "locked") or status in (409, 423):
        return ConflictError(_with_state(message, body), **kw)
    if status >= 500:
        return ServerError(message, **kw)
    return MailDomainsError(message, **kw)


def _scaleway_not_found(message: str, body: Mapping[str, Any], kw: dict[str, Any]) -> NotFoundError:
    resource = _text(body.get("resource"))
    resource_id = _text(body.get("resource_id"))
    if resource and resource_id:
        message = f"{resource} {resource_id} not found"
    return NotFoundError(message, resource=resource, resource_id=resource_id, **kw)


def _scaleway_fields(body: Mapping[str, Any]) -> dict[str, list[str]]:
    """Per-argument messages from ``details[]`` (standard) or ``fields{}`` (legacy shape)."""
    fields: dict[str, list[str]] = {}
    for detail in body.get("details") or []:
        if not isinstance(detail, dict):
            continue
        name = _text(detail.get("argument_name")) or "request"
        reason = _text(detail.get("reason"))
        text = _text(detail.get("help_message")) or reason or "invalid"
        if reason and reason not in text:
            text = f"{text} ({reason})"
        fields.setdefault(name, []).append(text)
    legacy = body.get("fields")
    if isinstance(legacy, dict):
        for name, messages in legacy.items():
            fields.setdefault(str(name), []).extend(_messages(messages))
    return fields


def _with_help(message: str, body: Mapping[str, Any]) -> str:
    help_message = _text(body.get("help_message"))
    return f"{message}: {help_message}" if help_message and help_message != message else message


def _with_state(message: str, body: Mapping[str, Any]) -> str:
    state = _text(body.get("current_state"))
    return f"{message} (current state: {state})" if state else _with_help(message, body)


def _with_quotas(message: str, details: list[dict[str, Any]]) -> str:
    parts = [
        f"{d.get('resource')} {d.get('current')}/{d.get('quota')}" for d in details if "quota" in d
    ]
    return f"{message}: {', '.join(parts)}" if parts else message


# --- FullHelp ------------------------------------------------------------------------------

_FH_AUTH_HINT = "Check the API token (stack config fullhelp:token or FULLHELP_TOKEN)"
_FH_PERMISSION_HINT = (
    "The token is valid but may not access this account "
    "(check fullhelp:accountId / FULLHELP_ACCOUNT_ID)"
)


def map_fullhelp_error(ctx: ErrorContext) -> MailDomainsError:
    """Build the error for a FullHelp (Laravel-style) error response.

    FullHelp bodies carry no error type, so the HTTP status decides: 401, 403, 404, 409, 412,
    422 (``{"message", "errors": {field: [msgs]}}``), 429, 5xx. ``{"error": {"message"}}`` and
    ``{"errors": [msgs]}`` shapes are read too.
    """
    body: Mapping[str, Any] = ctx.body if isinstance(ctx.body, Mapping) else {}
    message = _fullhelp_message(body) or ctx.fallback_message()
    kw = ctx.common(FULLHELP)
    status = ctx.status_code
    errors = body.get("errors")

    if status in (400, 422) and isinstance(errors, dict):
        fields = {str(name): _messages(msgs) for name, msgs in errors.items()}
        return InvalidArgumentsError(_with_fields(message, fields), fields=fields, **kw)
    if status == 401:
        return AuthenticationError(message, hint=_FH_AUTH_HINT, **kw)
    if status == 403:
        return PermissionDeniedError(message, hint=_FH_PERMISSION_HINT, **kw)
    if status in (404, 410):
        # Laravel answers {"message": ...} both for a missing model and for an unknown route, so
        # this is only a candidate not-found: the client confirms it (see FullHelpClient).
        if isinstance(body.get("message"), str):
            return NotFoundError(message, **kw)
        return endpoint_not_found(ctx, FULLHELP, 'without the API\'s {"message"} error body')
    if status in (409, 423):
        return ConflictError(message, **kw)
    if status == 412:
        return PreconditionFailedError(message, **kw)
    if status == 429:
        return RateLimitedError(message, retry_after=ctx.retry_after, **kw)
    if status in (400, 422):
        return InvalidArgumentsError(message, **kw)
    if status >= 500:
        return ServerError(message, **kw)
    return MailDomainsError(message, **kw)


def _fullhelp_message(body: Mapping[str, Any]) -> str | None:
    message = _text(body.get("message"))
    if message:
        return message
    error = body.get("error")
    if isinstance(error, dict):
        return _text(error.get("message")) or _text(error.get("code"))
    if isinstance(error, str):
        return error
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return "; ".join(str(e) for e in errors)
    return None


# --- shared helpers ------------------------------------------------------------------------

_URL_SETTINGS = {
    SCALEWAY: "stack config scaleway:apiUrl or SCW_API_URL",
    FULLHELP: "stack config fullhelp:url or FULLHELP_URL",
}


def url_hint(vendor: str | None) -> str:
    """What to check when an endpoint does not answer as the vendor's API would."""
    setting = _URL_SETTINGS.get(vendor or "")
    where = f" ({setting})" if setting else ""
    return f"Check the configured API URL{where}; nothing was treated as deleted"


def endpoint_not_found(ctx: ErrorContext, vendor: str, why: str) -> EndpointNotFoundError:
    """The error for a 404 whose body is not the vendor's not-found answer."""
    return EndpointNotFoundError(
        f"{ctx.url} answered HTTP {ctx.status_code} {why}, so it is not a known {vendor} endpoint",
        hint=url_hint(vendor),
        **ctx.common(vendor),
    )


def _text(value: Any) -> str | None:
    """A non-empty string field, or None (vendors send "" for unset ids)."""
    return value if isinstance(value, str) and value else None


def _messages(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _with_fields(message: str, fields: Mapping[str, list[str]]) -> str:
    """Append every field's messages so the reader sees what to fix, not just "invalid"."""
    if not fields:
        return message
    parts = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
    return f"{message}: {parts}"
