"""The HTTP layer both API clients share: pooling, timeouts, retries, logging, error mapping.

One :class:`HttpTransport` wraps one :class:`httpx.Client` (a connection pool reused across calls,
safe to use from several threads at once). Each request:

* waits for a token of the credential's :class:`~.rate_limit.RateLimiter` (when the transport
  has one) and tells it the answer, so every resource of the process stays under the vendor's
  rate together;
* carries the token through :class:`TokenAuth`, which adds it per request and whose ``repr`` hides
  it (httpx masks ``Authorization`` in reprs but not ``X-Auth-Token``; keeping the token out of the
  client's default headers means no ``repr`` of the client or its headers ever shows it);
* is retried with capped, jittered exponential backoff until a deadline (not a number of tries)
  when that is safe: 429 always (the server refused it before doing anything; ``Retry-After`` then
  ``X-Ratelimit-Reset`` are honoured), connection failures always (nothing was sent), and 5xx or a
  cut-off response only for idempotent requests. The deadline is the policy's
  (``deadline_seconds``), shortened by any :func:`operation_deadline` the caller is inside;
* turns an error response into a :class:`~.errors.MailDomainsError` through the
  vendor's mapper, with method and URL but never headers. A vendor not-found answer only stays a
  :class:`~.errors.NotFoundError` when the caller's check confirms it is about
  what was asked for; anything else becomes an
  :class:`~.errors.EndpointNotFoundError`, so a wrong URL never reads as "gone".

A create (not idempotent) whose outcome is unknown is handled by :func:`create_once`, which looks
the resource up by name before trying again, so a lost response never makes a duplicate.
"""

from __future__ import annotations

import dataclasses
import email.utils
import functools
import json
import logging
import random
import ssl
import sys
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Any, TypeVar

import httpx
import idna
from pydantic import SecretStr, ValidationError

from pulumi_mail_domains import __version__
from pulumi_mail_domains.core.errors import (
    AlreadyExistsError,
    EndpointNotFoundError,
    ErrorContext,
    MailDomainsError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnexpectedResponseError,
    url_hint,
)
from pulumi_mail_domains.core.polling import SYSTEM_CLOCK, Clock
from pulumi_mail_domains.core.rate_limit import RateLimiter
from pulumi_mail_domains.core.settings import retry_deadline_seconds

__all__ = [
    "DEFAULT_TIMEOUT",
    "USER_AGENT",
    "HttpTransport",
    "NotFoundCheck",
    "RetryPolicy",
    "TokenAuth",
    "canonical_name",
    "create_once",
    "operation_deadline",
    "same_domain_name",
]

logger = logging.getLogger("pulumi_mail_domains.http")

T = TypeVar("T")
ErrorMapper = Callable[[ErrorContext], MailDomainsError]
Params = Mapping[str, str | int | list[str]]
NotFoundCheck = Callable[[NotFoundError], MailDomainsError]
"""Given the vendor's not-found answer to a request, return it if it is about what the request
asked for, or the error to raise instead (typically an :class:`EndpointNotFoundError`)."""

USER_AGENT = (
    f"pulumi-mail-domains/{__version__} (python-httpx/{httpx.__version__}; "
    f"python/{sys.version_info.major}.{sys.version_info.minor})"
)

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""Per request: 10 s to connect; 30 s each to write, to read, and to get a pooled connection."""

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Failures that happen before a single byte of the request left: safe to repeat even a create.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_MAX_BODY_IN_ERRORS = 2000


# Past this many doublings every delay is at its cap; bounding the exponent keeps 2**n finite
# when a call retries for a long deadline with no attempt cap.
_MAX_DOUBLINGS = 1000


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """When and how long to retry.

    Attributes:
        deadline_seconds: retries go on until this many seconds after the first try (default
            ``MAIL_DOMAINS_RETRY_DEADLINE_SECONDS``, else 120 s); no retry starts, and no delay
            is slept, past it: the last error is raised instead. An enclosing
            :func:`operation_deadline` can only shorten it.
        base_delay: the first backoff delay in seconds; each retry doubles it ...
        max_delay: ... up to this cap. Every delay is jittered to [delay/2, delay] so concurrent
            clients that failed together do not retry together.
        max_attempts: an optional cap on the tries of one request (1 = never retry); None, the
            default, means only the deadline counts (tests use a cap to stay short).
        retry_statuses: statuses retried for idempotent requests (429 is always retried).
    """

    deadline_seconds: float = dataclasses.field(default_factory=retry_deadline_seconds)
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_attempts: int | None = None
    retry_statuses: frozenset[int] = frozenset({500, 502, 503, 504})

    def __post_init__(self) -> None:
        if self.max_attempts is not None and self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1 (or None: no cap)")
        if self.base_delay < 0 or self.max_delay < 0 or self.deadline_seconds < 0:
            raise ValueError("delays and deadline must not be negative")

    def backoff(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        """The delay before retry number ``attempt`` (1 = after the first failure), jittered."""
        doublings = min(max(attempt - 1, 0), _MAX_DOUBLINGS)
        capped = min(self.max_delay, self.base_delay * 2.0**doublings)
        return capped / 2 + capped / 2 * rand()

    def may_try_again(self, attempt: int) -> bool:
        """Whether the attempt cap (if any) allows another try after ``attempt`` tries."""
        return self.max_attempts is None or attempt < self.max_attempts

    def deadline(self) -> float:
        """The ``time.monotonic()`` after which a call starting now stops retrying."""
        own = time.monotonic() + self.deadline_seconds
        outer = _OPERATION_DEADLINE.get()
        return own if outer is None else min(own, outer)


_OPERATION_DEADLINE: ContextVar[float | None] = ContextVar(
    "pulumi_mail_domains_operation_deadline", default=None
)


@contextmanager
def operation_deadline(seconds: float | None) -> Iterator[None]:
    """Bound every retry of every API call made inside the block to ``seconds`` from now.

    For a resource operation with a time budget (a Pulumi ``customTimeouts`` value): calls inside
    stop retrying when the budget is spent, whatever their own policy allows. Nested blocks can
    only shorten the outer budget; ``None`` leaves it as it is. The budget follows the current
    thread (and asyncio task); work handed to another thread must copy the context
    (``contextvars.copy_context().run``) to keep it.
    """
    if seconds is None:
        yield
        return
    if seconds < 0:
        raise ValueError("an operation deadline must not be negative")
    deadline = time.monotonic() + seconds
    outer = _OPERATION_DEADLINE.get()
    token = _OPERATION_DEADLINE.set(deadline if outer is None else min(deadline, outer))
    try:
        yield
    finally:
        _OPERATION_DEADLINE.reset(token)


@dataclasses.dataclass(frozen=True)
class _Body:
    """What one request sends besides its method and path (the same on every try)."""

    params: Params | None
    json: Any
    form: Mapping[str, str] | None


class TokenAuth(httpx.Auth):
    """Adds the secret header to each request; ``repr`` and ``str`` never show the secret."""

    def __init__(self, header: str, token: str, *, scheme: str | None = None) -> None:
        if not token:
            raise ValueError(f"an API token is required for the {header} header")
        self._header = header
        self._token = SecretStr(f"{scheme} {token}" if scheme else token)
        self._raw = SecretStr(token)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Set the header on the outgoing request (httpx calls this for every request)."""
        request.headers[self._header] = self._token.get_secret_value()
        yield request

    def redact(self, text: str) -> str:
        """``text`` with any occurrence of the token masked (defence in depth for echoed bodies)."""
        return text.replace(self._raw.get_secret_value(), "**********")

    def __repr__(self) -> str:
        return f"TokenAuth(header={self._header!r}, token='**********')"


class HttpTransport:
    """A pooled, retrying JSON-over-HTTP client for one vendor API (thread safe)."""

    def __init__(
        self,
        *,
        base_url: str,
        auth: TokenAuth,
        vendor: str,
        url_setting: str,
        error_mapper: ErrorMapper,
        retry: RetryPolicy,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        limits: httpx.Limits | None = None,
        clock: Clock = SYSTEM_CLOCK,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.vendor = vendor
        self.rate_limiter = rate_limiter
        self.url_setting = url_setting
        self.retry = retry
        self._auth = auth
        self._map_error = error_mapper
        self.clock = clock
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            auth=auth,
            timeout=timeout,
            limits=limits or httpx.Limits(max_connections=20, max_keepalive_connections=10),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=False,
            verify=_ssl_context(),
        )

    @property
    def base_url(self) -> str:
        """The API root every request path is relative to."""
        return str(self._client.base_url).rstrip("/")

    def close(self) -> None:
        """Close the pooled connections."""
        self._client.close()

    def __repr__(self) -> str:
        return f"HttpTransport(vendor={self.vendor!r}, base_url={self.base_url!r})"

    def request_json(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json_body: Any = None,
        form: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        not_found: NotFoundCheck | None = None,
    ) -> Any:
        """Send a request and return its parsed JSON body (None for an empty body)."""
        response = self.request(
            method,
            path,
            params=params,
            json_body=json_body,
            form=form,
            idempotent=idempotent,
            not_found=not_found,
        )
        if not response.content.strip():
            return None
        try:
            return response.json()
        except ValueError:
            raise UnexpectedResponseError(
                f"expected a JSON body, got {response.headers.get('content-type', 'no type')!r}",
                **self._where(response),
            ) from None

    def delete(self, path: str, *, not_found: NotFoundCheck) -> Any:
        """DELETE ``path``; return the parsed body, or None for an empty body or a resource gone.

        A not-found answer that ``not_found`` confirms, on a retried DELETE, means an earlier try
        whose response was lost did the job, so it is success (None); on the first try it raises
        :class:`NotFoundError`. Any other 404 is an :class:`EndpointNotFoundError`, never success.
        """
        try:
            return self.request_json("DELETE", path, not_found=not_found)
        except NotFoundError as exc:
            if exc.attempts > 1:
                return None
            raise

    def parse(self, model: Callable[[Any], T], data: Any, what: str) -> T:
        """Validate ``data`` with a pydantic ``model_validate``; a mismatch is an API error."""
        try:
            return model(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
            )
            raise UnexpectedResponseError(
                f"unexpected {what} in the response: {problems}", vendor=self.vendor
            ) from None

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json_body: Any = None,
        form: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
        not_found: NotFoundCheck | None = None,
    ) -> httpx.Response:
        """Send a request, retrying where safe; return a 2xx/3xx response or raise the mapped error.

        ``idempotent`` defaults from the method (GET, PUT, DELETE... yes; POST no). Pass True for a
        POST that is safe to repeat (e.g. "re-check DNS"). ``form`` sends the body
        form-urlencoded instead of ``json_body`` as JSON. ``not_found`` decides whether the
        vendor's not-found answer is about what this request asked for; without it, a not-found
        answer is unexpected on this route and raised as an :class:`EndpointNotFoundError`.
        """
        if idempotent is None:
            idempotent = method in _IDEMPOTENT_METHODS
        body = _Body(params, json_body, form)
        deadline = self.retry.deadline()
        attempt = 0
        while True:
            attempt += 1
            started = self.clock.monotonic()
            outcome, delay = self._attempt(method, path, body, idempotent, attempt, deadline)
            elapsed_ms = (self.clock.monotonic() - started) * 1000
            if isinstance(outcome, httpx.Response):
                logger.debug(
                    "%s %s -> HTTP %s in %.0f ms (attempt %d)",
                    method,
                    outcome.request.url,
                    outcome.status_code,
                    elapsed_ms,
                    attempt,
                )
                return outcome
            error = outcome
            error.attempts = attempt
            if delay is not None and not self.retry.may_try_again(attempt):
                delay = None
            if delay is not None and self.clock.monotonic() + delay > deadline:
                logger.debug("%s %s: retry deadline reached", method, error.url)
                delay = None
            logger.debug(
                "%s %s -> %s in %.0f ms (attempt %d); %s",
                method,
                error.url,
                _short(error),
                elapsed_ms,
                attempt,
                "giving up" if delay is None else f"retrying in {delay:.2f} s",
            )
            if delay is None:
                raise self._checked_not_found(error, not_found)
            self.clock.sleep(delay)

    def _checked_not_found(
        self, error: MailDomainsError, check: NotFoundCheck | None
    ) -> MailDomainsError:
        """A not-found answer as the caller's check judges it (unexpected without a check)."""
        if not isinstance(error, NotFoundError):
            return error
        checked = (
            check(error)
            if check is not None
            else EndpointNotFoundError(
                f"{error.url} answered not found ({error.message}) on a route that always exists",
                hint=url_hint(self.url_setting),
                **error.location(),
            )
        )
        checked.attempts = error.attempts
        return checked

    def _attempt(
        self, method: str, path: str, body: _Body, idempotent: bool, attempt: int, deadline: float
    ) -> tuple[httpx.Response | MailDomainsError, float | None]:
        """One try: the response, or the error and the delay before a retry (None: don't)."""
        try:
            response = self._send(method, path, body, deadline)
        except _HeldBack as held:
            return held.error, None
        except httpx.TransportError as exc:
            error = self._network_error(method, path, exc)
            retry = idempotent or not error.request_sent
            return error, self.retry.backoff(attempt) if retry else None
        if response.status_code < 400:
            return response, None
        mapped = self._map_error(self._error_context(response))
        status = response.status_code
        if status == 429 or (idempotent and status in self.retry.retry_statuses):
            return mapped, self._retry_delay(response, attempt)
        return mapped, None

    def _send(self, method: str, path: str, body: _Body, deadline: float) -> httpx.Response:
        """One request, in line for a token of the rate limiter (if any), which hears the answer.

        Raises :class:`_HeldBack` when the token would only come after ``deadline``.
        """
        limiter = self.rate_limiter
        ticket = limiter.acquire(not_after=deadline) if limiter is not None else 0
        if ticket is None:
            raise _HeldBack(
                RateLimitedError(
                    "the server's rate limit holds this credential's requests back past the "
                    "call's retry deadline; nothing was sent",
                    vendor=self.vendor,
                    method=method,
                    url=f"{self.base_url}{path}",
                )
            )
        try:
            response = self._client.request(
                method,
                path,
                params=body.params,
                json=body.json if method != "GET" and body.form is None else None,
                data=body.form,
            )
        except BaseException:
            if limiter is not None:
                limiter.release(ticket)
            raise
        if limiter is not None:
            limiter.record(ticket, response.status_code, response.headers)
        return response

    def _retry_delay(self, response: httpx.Response, attempt: int) -> float:
        server = _server_delay(response, rate_limited=response.status_code == 429)
        if not server:
            return self.retry.backoff(attempt)
        # Spread clients told the same "retry in 1 s" so they do not all return at once.
        return server * (1 + 0.25 * random.random())

    def _error_context(self, response: httpx.Response) -> ErrorContext:
        text = self._auth.redact(response.text)
        try:
            body = json.loads(text) if text.strip() else None
        except ValueError:
            body = None
        return ErrorContext(
            status_code=response.status_code,
            method=response.request.method,
            url=str(response.request.url),
            body=body,
            text=text[:_MAX_BODY_IN_ERRORS],
            request_id=response.headers.get("x-request-id"),
            retry_after=_server_delay(response, rate_limited=response.status_code == 429),
        )

    def _network_error(self, method: str, path: str, exc: httpx.TransportError) -> NetworkError:
        sent = not isinstance(exc, _NOT_SENT)
        if isinstance(exc, httpx.TimeoutException):
            what = f"timed out ({type(exc).__name__})"
        else:
            what = f"connection failed ({type(exc).__name__}: {self._auth.redact(str(exc))})"
        if sent and method not in _IDEMPOTENT_METHODS:
            what += "; the request may or may not have been applied"
        return NetworkError(
            what,
            request_sent=sent,
            vendor=self.vendor,
            method=method,
            url=f"{self.base_url}{path}",
        )

    def _where(self, response: httpx.Response) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "status_code": response.status_code,
            "method": response.request.method,
            "url": str(response.request.url),
            "request_id": response.headers.get("x-request-id"),
        }


class _HeldBack(Exception):
    """The rate limiter would only grant a token after the call's deadline (nothing was sent)."""

    def __init__(self, error: RateLimitedError) -> None:
        super().__init__(error.message)
        self.error = error


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """httpx's default TLS settings, built once per process: building them loads the CA bundle
    (~70 ms), which would otherwise be paid by every client object."""
    return httpx.create_ssl_context()


def _server_delay(response: httpx.Response, *, rate_limited: bool = True) -> float | None:
    """Seconds the server asks us to wait: ``Retry-After`` (seconds or HTTP date), then, for a
    429 only, ``X-Ratelimit-Reset`` (seconds, or an epoch timestamp on some gateways).

    Scaleway sends ``X-Ratelimit-Reset`` on every response; it says when the rate window
    resets, which is no reason to wait before retrying a 503.
    """
    retry_after = response.headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            return _seconds_until(retry_after)
    reset = response.headers.get("x-ratelimit-reset") if rate_limited else None
    if reset:
        try:
            value = float(reset)
        except ValueError:
            return None
        # Large values are absolute epoch seconds rather than a delay.
        return max(0.0, value - time.time()) if value > 1e9 else max(0.0, value)
    return None


def _seconds_until(http_date: str) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(http_date)
    except (ValueError, TypeError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _short(error: MailDomainsError) -> str:
    if error.status_code is not None:
        return f"HTTP {error.status_code}"
    return error.message


def create_once(
    create: Callable[[], T],
    find_existing: Callable[[], T | None],
    *,
    retry: RetryPolicy,
    what: str,
    clock: Clock = SYSTEM_CLOCK,
) -> T:
    """Run a non-idempotent ``create`` so that a lost or failed response never makes a duplicate.

    When a try ends without a clear answer (a 5xx, a timeout, a dropped connection), the create
    may or may not have happened. Instead of repeating it blindly, wait, then look the resource
    up by its unique name: if it is there, that is the result; if not, try again. If a later try
    is refused because the resource already exists, it is the one an earlier try made, so it is
    looked up and returned too.
    """
    deadline = retry.deadline()
    uncertain: MailDomainsError | None = None
    attempt = 0
    while True:
        attempt += 1
        try:
            return create()
        except AlreadyExistsError:
            found = find_existing() if uncertain is not None else None
            if found is None:
                raise
            logger.info("%s: an earlier try created it; using the existing resource", what)
            return found
        except (ServerError, NetworkError) as exc:
            if isinstance(exc, UnexpectedResponseError):
                raise
            uncertain = exc
            uncertain.attempts = attempt
        delay = retry.backoff(attempt)
        if not retry.may_try_again(attempt) or clock.monotonic() + delay > deadline:
            raise uncertain
        logger.info(
            "%s: outcome unknown (%s, attempt %d); checking in %.2f s before retrying",
            what,
            _short(uncertain),
            attempt,
            delay,
        )
        clock.sleep(delay)
        found = find_existing()
        if found is not None:
            logger.info("%s: the create had succeeded; using it", what)
            return found


def same_domain_name(a: str, b: str) -> bool:
    """Whether two domain names are the same, ignoring case, a trailing dot and IDN spelling."""
    return canonical_name(a) == canonical_name(b)


def canonical_name(name: str) -> str:
    """The spelling of a domain name that :func:`same_domain_name` compares: lower case, no
    trailing dot, IDN labels as A-labels (punycode)."""
    name = name.strip().rstrip(".").lower()
    try:
        return idna.encode(name, uts46=True).decode("ascii")
    except idna.IDNAError:
        return name


ClientT = TypeVar("ClientT", bound="PooledClient")


class PooledClient:
    """Base of the API clients: one :class:`HttpTransport` (one connection pool) per object,
    closed by :meth:`close` or by leaving a ``with`` block."""

    _http: HttpTransport

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self: ClientT) -> ClientT:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
