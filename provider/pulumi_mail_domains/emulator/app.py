"""The emulator application: the FastAPI routes behind an ASGI gateway.

The gateway (:class:`Gateway`) wraps the whole FastAPI app so it sees uvicorn's own ``send``
and can drop a connection without any response. For every request it logs method, path,
status and time; for the vendor APIs it also bounds the body size, injects the configured
faults, applies the rate limit and adds the rate-limit headers.
"""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import json
import socket
import struct
import time
import uuid
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import Message, Receive, Scope, Send

from pulumi_mail_domains import __version__
from pulumi_mail_domains.emulator import admin, errors, fullhelp, mailboxes, scaleway
from pulumi_mail_domains.emulator.faults import Api, RateState
from pulumi_mail_domains.emulator.state import EmulatorState

ApiKind = Literal["scaleway", "fullhelp", "admin", "other"]

# Rate-limit headers reported while no limit is configured (docs/vendor-apis.md §1.9: 50 per
# second).
_NOMINAL_LIMIT = 50


def api_of(path: str) -> ApiKind:
    if path.startswith(scaleway.PREFIX + "/") or path == scaleway.PREFIX:
        return "scaleway"
    if path.startswith("/api/"):
        return "fullhelp"
    if path.startswith("/_emulator"):
        return "admin"
    return "other"


def create_app(state: EmulatorState) -> Gateway:
    """The ASGI application to serve (``.api`` is the inner FastAPI app)."""
    api = FastAPI(
        title="pulumi-mail-domains emulator",
        version=__version__,
        description=(
            "Local emulator of the Scaleway Mailbox v1alpha1 domain and mailbox API "
            "(/mailbox/v1alpha1) "
            "and the FullHelp domain API (/api/v1), plus an admin API (/_emulator)."
        ),
        redirect_slashes=False,
    )
    api.state.emulator = state
    api.include_router(scaleway.router)
    api.include_router(mailboxes.router)
    api.include_router(fullhelp.router)
    api.include_router(admin.router)
    api.add_exception_handler(errors.VendorError, _vendor_error)
    api.add_exception_handler(RequestValidationError, _validation_error)
    api.add_exception_handler(StarletteHTTPException, _http_error)
    return Gateway(api, state)


async def _vendor_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, errors.VendorError)
    return error_response(exc)


def error_response(exc: errors.VendorError) -> JSONResponse:
    return JSONResponse(exc.body, status_code=exc.status, headers=exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    """Parameter errors in the vendor's shape (Scaleway 400, FullHelp 404 path / 422 query)."""
    assert isinstance(exc, RequestValidationError)
    kind = api_of(request.url.path)
    if kind == "scaleway":
        details = [_scw_detail(error) for error in exc.errors()]
        return error_response(errors.scw_invalid_arguments(details))
    if kind == "fullhelp":
        problems = exc.errors()
        for error in problems:
            if error["loc"][0] == "path":
                name = str(error["loc"][-1])
                return error_response(
                    errors.fh_not_found(
                        f"Not found: {name} must be a positive integer, "
                        f"got {errors.show(error.get('input'))}."
                    )
                )
        messages: dict[str, list[str]] = {}
        for error in problems:
            field = str(error["loc"][-1])
            messages.setdefault(field, []).append(_laravel_message(field, error))
        return error_response(errors.fh_validation(messages))
    return await request_validation_exception_handler(request, exc)


def _scw_detail(error: Any) -> dict[str, str]:
    names = [str(part) for part in error["loc"][1:] if isinstance(part, str)]
    name = ".".join(names) or "body"
    kind = str(error["type"])
    if kind == "missing":
        return errors.scw_detail(name, "required", f"{name} is required")
    if kind == "string_pattern_mismatch":
        return errors.scw_detail(
            name, "format", f"{name} must be a UUID, got {errors.show(error.get('input'))}"
        )
    reason = (
        "constraint" if kind.startswith(("greater", "less", "too_", "string_too")) else "format"
    )
    return errors.scw_detail(
        name, reason, f"{name}: {error['msg']} (got {errors.show(error.get('input'))})"
    )


def _laravel_message(field: str, error: Any) -> str:
    label = field.replace("_", " ")
    kind = str(error["type"])
    ctx = error.get("ctx") or {}
    if kind == "greater_than_equal":
        return f"The {label} field must be at least {ctx.get('ge')}."
    if kind == "less_than_equal":
        return f"The {label} field must not be greater than {ctx.get('le')}."
    if kind.startswith("int_"):
        return f"The {label} field must be an integer."
    return f"The {label} field is invalid: {error['msg']}."


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown routes (404) and wrong methods (405) in the vendor's shape."""
    assert isinstance(exc, StarletteHTTPException)
    kind = api_of(request.url.path)
    method, path = request.method, request.url.path
    headers = dict(exc.headers or {})
    allowed = ""
    if exc.status_code == 405:
        # Starlette names only the first route matching the path; list every route's methods.
        headers.pop("allow", None)
        allowed = headers["Allow"] = ", ".join(allowed_methods(request))
    if kind == "scaleway":
        if exc.status_code == 405:
            # Scaleway documents no error type for a wrong method (docs/vendor-apis.md §1.9). The
            # method is an argument of the request the caller got wrong, so the closest documented
            # type is invalid_arguments (400's type: a caller error, never worth retrying), with a
            # "constraint" detail naming the methods allowed.
            body = errors.scw_invalid_arguments(
                [
                    errors.scw_detail(
                        "method",
                        "constraint",
                        f"method {method} is not allowed on {path}; allowed: {allowed}",
                    )
                ]
            ).body
        else:
            body = {"message": f"no such route: {method} {path}", "type": "not_found"}
        return JSONResponse(body, status_code=exc.status_code, headers=headers)
    if kind == "fullhelp":
        if exc.status_code == 405:
            message = (
                f"The {method} method is not supported for route {path.lstrip('/')}. "
                f"Supported methods: {allowed}."
            )
        else:
            message = f"The route {path.lstrip('/')} could not be found."
        return JSONResponse({"message": message}, status_code=exc.status_code, headers=headers)
    return await http_exception_handler(request, exc)


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> list[str]:
    """The methods some route answers on the request's path, sorted.

    Asked method by method: FastAPI nests included routers, so only a full match (path and
    method) is a reliable question to put to each top-level route.
    """
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes
        )
    ]


class Gateway:
    """ASGI middleware in front of the FastAPI app (see the module docstring)."""

    def __init__(self, api: FastAPI, state: EmulatorState) -> None:
        self.api = api
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.api(scope, receive, send)
            return
        started = time.time()
        path = str(scope["path"])
        kind = api_of(path)
        entry: dict[str, Any] = {
            "method": scope["method"],
            "path": path,
            "query": scope.get("query_string", b"").decode("latin-1"),
            "api": kind,
            "status": 0,
            "fault": None,
        }
        try:
            if kind in ("scaleway", "fullhelp"):
                await self._vendor(kind, scope, receive, send, entry)
            elif kind == "admin" and not _is_loopback(scope):
                entry["status"] = 403
                await _send_json(send, 403, {"detail": "the admin API only answers loopback"}, {})
            else:
                await self.api(scope, receive, _recording(send, entry))
        finally:
            entry["time"] = datetime.datetime.fromtimestamp(
                started, tz=datetime.timezone.utc
            ).isoformat()
            entry["timestamp"] = started
            entry["duration_ms"] = round((time.time() - started) * 1000, 3)
            self.state.log.add(entry)

    async def _vendor(
        self, kind: Api, scope: Scope, receive: Receive, send: Send, entry: dict[str, Any]
    ) -> None:
        state = self.state
        decision = state.faults.decide(kind, str(scope["method"]))
        if decision.latency:
            await asyncio.sleep(decision.latency)
        if decision.reset:
            entry["fault"] = "reset"
            await _drop_connection(send)
            return
        body = await _read_body(kind, scope, receive, state.config.max_body_bytes)
        if body is None:  # the client went away
            return
        token = _token(scope, kind)
        rate = state.limiter.take(f"{kind}:{token}")
        extra_headers = _rate_headers(kind, rate)
        if kind == "scaleway":
            extra_headers["X-Request-Id"] = str(uuid.uuid4())
        failure: errors.VendorError | None = None
        if isinstance(body, errors.VendorError):
            failure, entry["fault"] = body, "too_large"
        elif rate is not None and not rate.allowed:
            failure, entry["fault"] = _too_many(kind, rate.limit, rate.retry_after), "rate_limited"
        elif decision.error_status is not None:
            failure, entry["fault"] = _injected_error(kind, decision.error_status, rate), "error"
        if failure is not None:
            entry["status"] = failure.status
            await _send_json(
                send, failure.status, failure.body, {**extra_headers, **failure.headers}
            )
            return
        assert isinstance(body, bytes)
        replay = _replay(body, receive)
        downstream = _recording(send, entry, extra_headers)
        if decision.lost_response:
            entry["fault"] = "lost_response"
            downstream = _swallowing(send, entry)
        await self.api(scope, replay, downstream)


def _injected_error(kind: Api, status: int, rate: RateState | None) -> errors.VendorError:
    if status == 429:
        return _too_many(kind, rate.limit if rate else _NOMINAL_LIMIT, 1)
    if kind == "scaleway":
        return errors.scw_server_error(status)
    return errors.fh_server_error(status)


def _too_many(kind: Api, limit: int, retry_after: int) -> errors.VendorError:
    if kind == "scaleway":
        return errors.scw_too_many_requests(limit, retry_after, time.time())
    return errors.fh_too_many_requests(retry_after)


def _rate_headers(kind: Api, rate: RateState | None) -> dict[str, str]:
    if kind == "scaleway":
        limit = rate.limit if rate else _NOMINAL_LIMIT
        return {
            "X-Ratelimit-Limit": f"{limit}, {limit};w=1",
            "X-Ratelimit-Remaining": str(rate.remaining if rate else limit - 1),
            "X-Ratelimit-Reset": str(rate.reset_seconds if rate else 1),
        }
    limit = rate.limit if rate else _NOMINAL_LIMIT
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(rate.remaining if rate else limit - 1),
    }


def _token(scope: Scope, kind: Api) -> str:
    wanted = b"x-auth-token" if kind == "scaleway" else b"authorization"
    for name, value in scope.get("headers", []):
        if name == wanted:
            return bytes(value).decode("latin-1")
    return ""


async def _read_body(
    kind: Api, scope: Scope, receive: Receive, limit: int
) -> bytes | errors.VendorError | None:
    """The whole request body; a VendorError when over ``limit``; None on disconnect."""
    for name, value in scope.get("headers", []):
        if name == b"content-length" and value.isdigit() and int(value) > limit:
            return _too_large(kind, limit)
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = bytes(message.get("body", b""))
        size += len(chunk)
        if size > limit:
            return _too_large(kind, limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _too_large(kind: Api, limit: int) -> errors.VendorError:
    if kind == "scaleway":
        error = errors.scw_invalid_arguments(
            [errors.scw_detail("body", "constraint", f"the request body exceeds {limit} bytes")]
        )
    else:
        error = errors.fh_payload_too_large(limit)
    # The rest of the body is never read, so the connection cannot be reused.
    error.headers["Connection"] = "close"
    return error


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _recording(send: Send, entry: dict[str, Any], headers: dict[str, str] | None = None) -> Send:
    """Pass messages through, noting the status and adding ``headers`` to the response."""
    extra = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]

    async def recording(message: Message) -> None:
        if message["type"] == "http.response.start":
            entry["status"] = message["status"]
            if extra:
                message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return recording


def _swallowing(send: Send, entry: dict[str, Any]) -> Send:
    """Drop the connection instead of sending the (already committed) response."""

    async def swallowing(message: Message) -> None:
        if message["type"] == "http.response.start":
            entry["status"] = message["status"]
            await _drop_connection(send)

    return swallowing


async def _drop_connection(send: Send) -> None:
    """Reset the client's TCP connection without writing any response.

    Relies on uvicorn: its ``send`` is a bound method of an object holding the transport.
    SO_LINGER 0 makes the close a RST, so the client sees a reset, not a clean EOF.
    """
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if not isinstance(transport, asyncio.Transport):
        raise RuntimeError("dropping a connection needs uvicorn's transport")
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    # Let uvicorn notice the lost connection so it does not try to answer with a 500.
    await asyncio.sleep(0)


async def _send_json(
    send: Send, status: int, body: dict[str, Any], headers: dict[str, str]
) -> None:
    payload = json.dumps(body, separators=(",", ":")).encode()
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": payload, "more_body": False})


def _is_loopback(scope: Scope) -> bool:
    client = scope.get("client")
    if not client:
        return True
    try:
        address = ipaddress.ip_address(client[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback
