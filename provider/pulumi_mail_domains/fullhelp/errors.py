"""How the FullHelp API reports errors: Laravel-style bodies mapped onto the package's exception
hierarchy."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_mail_domains.core.errors import (
    AuthenticationError,
    ConflictError,
    ErrorContext,
    InvalidArgumentsError,
    MailDomainsError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitedError,
    ServerError,
    endpoint_not_found,
    messages,
    text_field,
    with_fields,
)

__all__ = ["FULLHELP", "URL_SETTING", "map_fullhelp_error"]

FULLHELP = "FullHelp API"
URL_SETTING = "stack config fullhelp:url or FULLHELP_URL; native provider: fullhelpUrl"
"""Where the API URL is configured (named in errors when an endpoint is not the API)."""

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
        fields = {str(name): messages(msgs) for name, msgs in errors.items()}
        return InvalidArgumentsError(with_fields(message, fields), fields=fields, **kw)
    if status == 401:
        return AuthenticationError(message, hint=_FH_AUTH_HINT, **kw)
    if status == 403:
        return PermissionDeniedError(message, hint=_FH_PERMISSION_HINT, **kw)
    if status in (404, 410):
        # Laravel answers {"message": ...} both for a missing model and for an unknown route, so
        # this is only a candidate not-found: the client confirms it (see FullHelpClient).
        if isinstance(body.get("message"), str):
            return NotFoundError(message, **kw)
        return endpoint_not_found(
            ctx, FULLHELP, 'without the API\'s {"message"} error body', URL_SETTING
        )
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
    message = text_field(body.get("message"))
    if message:
        return message
    error = body.get("error")
    if isinstance(error, dict):
        return text_field(error.get("message")) or text_field(error.get("code"))
    if isinstance(error, str):
        return error
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return "; ".join(str(e) for e in errors)
    return None
