"""Typed client of the Scaleway Mailbox API v1alpha1 (domains, and the mailbox calls that
deleting a domain together with its mailboxes needs).

>>> with ScalewayMailboxClient(secret_key, default_project_id=project) as scw:  # doctest: +SKIP
...     domain = scw.create_domain("example.com")
...     domain = scw.wait_for_domain(domain.id)
...     records = scw.get_domain_records(domain.id)

One client object holds one connection pool and may be shared by several threads.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Collection, Iterator

import httpx

from pulumi_mail_domains.core.errors import (
    AlreadyExistsError,
    ConfigurationError,
    EndpointNotFoundError,
    InvalidArgumentsError,
    InvalidIdError,
    MailDomainsError,
    NotFoundError,
    WaitTimeoutError,
    url_hint,
)
from pulumi_mail_domains.core.http import (
    DEFAULT_TIMEOUT,
    HttpTransport,
    NotFoundCheck,
    PooledClient,
    RetryPolicy,
    TokenAuth,
    create_once,
    same_domain_name,
)
from pulumi_mail_domains.core.pagination import Page, paginate
from pulumi_mail_domains.core.poller import shared_listing
from pulumi_mail_domains.core.polling import SYSTEM_CLOCK, Clock, poll_until
from pulumi_mail_domains.core.rate_limit import credential_id, limiter_for
from pulumi_mail_domains.scaleway.errors import SCALEWAY, URL_SETTING, map_scaleway_error
from pulumi_mail_domains.scaleway.models import (
    TRANSIENT_DOMAIN_STATUSES,
    Domain,
    DomainRecords,
    DomainStatus,
    ListDomainsOrderBy,
    ListDomainsResponse,
    ListMailboxesOrderBy,
    ListMailboxesResponse,
    Mailbox,
)

__all__ = [
    "DEFAULT_API_URL",
    "WAITING_STATUSES",
    "ScalewayMailboxClient",
    "canonical_uuid",
]

DEFAULT_API_URL = "https://api.scaleway.com"
_PREFIX = "/mailbox/v1alpha1"
_LIST_ALL_PAGE_SIZE = 100
_WAITING_PAGE_SIZE = 1000  # the API's maximum (docs/vendor-apis.md §1.4)
WAITING_STATUSES: tuple[DomainStatus, ...] = (
    DomainStatus.CREATING,
    DomainStatus.WAITING_VALIDATION,
    DomainStatus.VALIDATING,
    DomainStatus.VALIDATION_FAILED,
    DomainStatus.PROVISIONING,
)
"""The statuses the shared listing of waiting domains asks for: every status a wait goes
through or stops at, except ``ready`` (a project's ready domains would fill the listing; a
domain that became ready is looked up on its own, once)."""
# The hyphenated 8-4-4-4-12 form the API uses (docs/vendor-apis.md §1.4); braces, "urn:uuid:" and
# bare hex, which uuid.UUID also accepts, are refused so what is checked is what the API would be
# sent.
_UUID_TEXT = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def canonical_uuid(value: object, what: str) -> str:
    """``value`` as a lower-case UUID string, or :class:`InvalidIdError` (no request is sent).

    Ids end up in URL paths; anything but a UUID (``..``, ``?x=1``, ``#``) would reach another
    route or another resource instead of failing.
    """
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str) and _UUID_TEXT.fullmatch(value):
        return str(uuid.UUID(value))
    raise InvalidIdError(f"invalid Scaleway {what} {value!r}: expected a UUID", vendor=SCALEWAY)


class ScalewayMailboxClient(PooledClient):
    """Client of the Scaleway Mailbox domain endpoints (and list/get/delete of mailboxes).

    Args:
        secret_key: the API secret key, sent as ``X-Auth-Token`` (never shown in reprs/errors).
        api_url: API root; point it at the emulator in tests.
        default_project_id: project used by :meth:`create_domain` and :meth:`find_domain_by_name`
            when none is given.
        retry: retry/backoff policy of every request.
        timeout: per-request timeouts (seconds or an :class:`httpx.Timeout`).
        limits: connection pool limits (default: up to 20 connections, 10 kept alive).
        requests_per_second: pace the requests at most this many per second, with the one
            :class:`~pulumi_mail_domains.core.rate_limit.RateLimiter` every client of the process
            with the same key and API root shares (the providers pass Scaleway's documented 50,
            or ``SCW_REQUESTS_PER_SECOND``); it also learns the server's own limit. None (the
            default of a bare client): no pacing, a 429 is only retried.
    """

    def __init__(
        self,
        secret_key: str,
        *,
        api_url: str = DEFAULT_API_URL,
        default_project_id: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        limits: httpx.Limits | None = None,
        clock: Clock = SYSTEM_CLOCK,
        requests_per_second: float | None = None,
    ) -> None:
        self.default_project_id = default_project_id
        self.clock = clock
        self._credential = credential_id(SCALEWAY, api_url.rstrip("/"), secret_key)
        self._http = HttpTransport(
            base_url=api_url,
            auth=TokenAuth("X-Auth-Token", secret_key),
            vendor=SCALEWAY,
            url_setting=URL_SETTING,
            error_mapper=map_scaleway_error,
            retry=retry or RetryPolicy(),
            timeout=timeout,
            limits=limits,
            clock=clock,
            rate_limiter=None
            if requests_per_second is None
            else limiter_for(self._credential, requests_per_second, clock=clock, name=SCALEWAY),
        )

    @property
    def api_url(self) -> str:
        """The API root this client talks to."""
        return self._http.base_url

    def __repr__(self) -> str:
        return (
            f"ScalewayMailboxClient(api_url={self.api_url!r}, "
            f"default_project_id={self.default_project_id!r})"
        )

    # --- endpoints -----------------------------------------------------------------------

    def list_domains(
        self,
        *,
        page: int = 1,
        page_size: int | None = None,
        order_by: ListDomainsOrderBy | str | None = None,
        project_id: str | None = None,
        search: str | None = None,
        statuses: Collection[DomainStatus | str] | None = None,
    ) -> ListDomainsResponse:
        """One page of domains (``page`` starts at 1), optionally filtered.

        ``search`` matches part of the name; ``statuses`` keeps only domains in those statuses.
        """
        params: dict[str, str | int | list[str]] = {"page": page}
        if page_size is not None:
            params["page_size"] = page_size
        if order_by is not None:
            params["order_by"] = str(order_by)
        if project_id is not None:
            params["project_id"] = project_id
        if search is not None:
            params["search"] = search
        if statuses:
            params["statuses"] = [str(s) for s in statuses]  # sent as repeated keys
        data = self._http.request_json("GET", f"{_PREFIX}/domains", params=params)
        return self._http.parse(ListDomainsResponse.model_validate, data, "domain list")

    def list_all(
        self,
        *,
        page_size: int = _LIST_ALL_PAGE_SIZE,
        order_by: ListDomainsOrderBy | str = ListDomainsOrderBy.CREATED_AT_ASC,
        project_id: str | None = None,
        search: str | None = None,
        statuses: Collection[DomainStatus | str] | None = None,
    ) -> Iterator[Domain]:
        """Every matching domain, page after page, each yielded once.

        Oldest first by default: new domains then land on the last page, so pages fetched
        earlier do not shift while iterating.
        """

        def fetch(page: int) -> Page[Domain]:
            response = self.list_domains(
                page=page,
                page_size=page_size,
                order_by=order_by,
                project_id=project_id,
                search=search,
                statuses=statuses,
            )
            return Page(response.domains, total=response.total_count)

        return paginate(fetch, page_size=page_size, key=lambda domain: domain.id)

    def get_domain(self, domain_id: str) -> Domain:
        """The domain with this id; :class:`NotFoundError` if it does not exist (any more).

        Only the API's own not-found about a domain is a :class:`NotFoundError`; any other 404
        (a wrong API URL) is an :class:`EndpointNotFoundError`, and an id that is not a UUID an
        :class:`InvalidIdError`, raised before any request.
        """
        data = self._http.request_json(
            "GET", self._domain_path(domain_id), not_found=_expect("domain")
        )
        return self._http.parse(Domain.model_validate, data, "domain")

    def create_domain(self, name: str, project_id: str | None = None) -> Domain:
        """Register ``name`` in the project (status ``creating``).

        Never creates a duplicate: when a try's outcome is unknown (5xx, timeout, dropped
        connection) the domain is looked up by name before trying again. Raises
        :class:`AlreadyExistsError` (with ``existing_id``) if the name is already registered.
        """
        project = self._project(project_id)
        return create_once(
            lambda: self._create_domain_once(name, project),
            lambda: self.find_domain_by_name(name, project),
            retry=self._http.retry,
            what=f"create Scaleway domain {name!r}",
            clock=self._http.clock,
        )

    def delete_domain(self, domain_id: str) -> Domain | None:
        """Start deleting the domain; returns it (status ``deleting``).

        Returns None when a retried DELETE finds the domain already gone (an earlier try that
        lost its response did the job). A first-try 404 raises :class:`NotFoundError`. A domain
        that still has mailboxes raises :class:`PreconditionFailedError`.
        """
        data = self._http.delete(self._domain_path(domain_id), not_found=_expect("domain"))
        return None if data is None else self._http.parse(Domain.model_validate, data, "domain")

    def get_domain_records(self, domain_id: str) -> DomainRecords:
        """The DNS records the domain needs, with their validation status."""
        data = self._http.request_json(
            "GET", f"{self._domain_path(domain_id)}/records", not_found=_expect("domain")
        )
        return self._http.parse(DomainRecords.model_validate, data or {}, "domain records")

    def validate_domain_records(self, domain_id: str) -> None:
        """Ask the API to check the domain's DNS records now (it answers 204 at once).

        Repeating the request is harmless, so it is retried like a GET.
        """
        self._http.request(
            "POST",
            f"{self._domain_path(domain_id)}/validate-records",
            json_body={},
            idempotent=True,
            not_found=_expect("domain"),
        )

    def find_domain_by_name(self, name: str, project_id: str | None = None) -> Domain | None:
        """The project's domain called ``name`` (case, trailing dot and IDN spelling ignored).

        Domains being deleted are skipped: they are on their way out and cannot be adopted.
        """
        return next(iter(self.domains_named(name, project_id)), None)

    def domains_named(self, name: str, project_id: str | None = None) -> list[Domain]:
        """Every domain of the project called ``name`` that is not being deleted: one, or none
        (the list answered without it), unless the API holds duplicates."""
        project = self._project(project_id)
        # Narrow the listing server-side only for ASCII names: whether the API stores an
        # internationalised name as Unicode or punycode is unknown, and either must match.
        search = name.rstrip(".") if name.isascii() else None
        return [
            domain
            for domain in self.list_all(project_id=project, search=search)
            if same_domain_name(domain.name, name) and domain.status != DomainStatus.DELETING
        ]

    def list_mailboxes(
        self,
        *,
        domain_id: str | None = None,
        page: int = 1,
        page_size: int | None = None,
        order_by: ListMailboxesOrderBy | str | None = None,
    ) -> ListMailboxesResponse:
        """One page of mailboxes (``page`` starts at 1), of one domain when ``domain_id`` is set.

        Without ``domain_id`` the API lists the mailboxes of every project the key may read.
        """
        params: dict[str, str | int | list[str]] = {"page": page}
        if page_size is not None:
            params["page_size"] = page_size
        if order_by is not None:
            params["order_by"] = str(order_by)
        # Filtering on a domain the API does not know answers its not-found about that domain.
        expected: NotFoundCheck | None = None
        if domain_id is not None:
            params["domain_id"] = canonical_uuid(domain_id, "domain id")
            expected = _expect("domain")
        data = self._http.request_json(
            "GET", f"{_PREFIX}/mailboxes", params=params, not_found=expected
        )
        return self._http.parse(ListMailboxesResponse.model_validate, data, "mailbox list")

    def list_all_mailboxes(
        self, domain_id: str, *, page_size: int = _LIST_ALL_PAGE_SIZE
    ) -> Iterator[Mailbox]:
        """Every mailbox of the domain, each yielded once, oldest first.

        All pages are fetched before the first mailbox is yielded, so deleting mailboxes
        while iterating cannot shift the later pages and make the listing skip some.
        Mailboxes whose deletion is already scheduled are yielded too (check ``status``).
        """

        def fetch(page: int) -> Page[Mailbox]:
            response = self.list_mailboxes(
                domain_id=domain_id,
                page=page,
                page_size=page_size,
                order_by=ListMailboxesOrderBy.CREATED_AT_ASC,
            )
            return Page(response.mailboxes, total=response.total_count)

        yield from list(paginate(fetch, page_size=page_size, key=lambda mailbox: mailbox.id))

    def get_mailbox(self, mailbox_id: str) -> Mailbox:
        """The mailbox with this id; :class:`NotFoundError` if it does not exist (any more)."""
        data = self._http.request_json(
            "GET", self._mailbox_path(mailbox_id), not_found=_expect("mailbox")
        )
        return self._http.parse(Mailbox.model_validate, data, "mailbox")

    def delete_mailbox(self, mailbox_id: str) -> Mailbox | None:
        """Delete the mailbox (its mail is lost); returns it (status ``deletion_scheduled``).

        Returns None when a retried DELETE finds the mailbox already gone (an earlier try that
        lost its response did the job). A first-try 404 raises :class:`NotFoundError`.
        """
        data = self._http.delete(self._mailbox_path(mailbox_id), not_found=_expect("mailbox"))
        return None if data is None else self._http.parse(Mailbox.model_validate, data, "mailbox")

    # --- waiters -------------------------------------------------------------------------

    def wait_for_domain(
        self,
        domain_id: str,
        *,
        timeout: float = 300.0,
        min_delay: float = 1.0,
        max_delay: float = 30.0,
        transient_statuses: Collection[str] = TRANSIENT_DOMAIN_STATUSES,
        on_poll: Callable[[Domain], None] | None = None,
        known: Domain | None = None,
    ) -> Domain:
        """Poll until the domain leaves the transient statuses; return it.

        Delays grow exponentially from ``min_delay`` to ``max_delay`` with jitter. Raises
        :class:`WaitTimeoutError` naming the last status after ``timeout`` seconds, and
        :class:`NotFoundError` if the domain disappears. ``on_poll`` sees every polled state.
        ``known`` is the domain as a call just answered it (the create): the first check uses it
        instead of a request. Each later check is :meth:`observe_domain`, so every wait of the
        process with this key shares one listing of the project's waiting domains per tick.
        """
        latest = known
        started = self.clock.monotonic()

        def pending_status() -> str | None:
            nonlocal latest, known
            if known is not None:
                current, known = known, None
            else:
                current = self.observe_domain(
                    domain_id,
                    latest.project_id if latest is not None else None,
                    since=max(started, self.clock.monotonic() - min_delay),
                )
            latest = current
            if on_poll is not None:
                on_poll(current)
            return current.status if current.status in transient_statuses else None

        self._poll(pending_status, domain_id, timeout, min_delay, max_delay)
        assert latest is not None  # _poll polls at least once
        return latest

    def observe_domain(self, domain_id: str, project_id: str | None, *, since: float) -> Domain:
        """The domain as seen no earlier than ``since`` (this client's clock): from the listing
        of the project's domains in :data:`WAITING_STATUSES` that every wait of this process
        with this key shares (one ListDomains per tick, whatever the number of waits), else,
        when the listing lacks it (just created and not listed yet, ready, being deleted) or the
        project is not known, by its own GET, which raises :class:`NotFoundError` if it is gone.
        """
        key = canonical_uuid(domain_id, "domain id")
        if project_id is not None:
            scope = (self._credential, project_id, self.clock)
            listing = shared_listing(scope).fetch(
                since=since, list_items=lambda: self._waiting_domains(project_id), clock=self.clock
            )
            found = listing.items.get(key)
            if isinstance(found, Domain):
                return found
        return self.get_domain(key)

    def wait_until_deleted(
        self,
        domain_id: str,
        *,
        timeout: float = 300.0,
        min_delay: float = 1.0,
        max_delay: float = 30.0,
    ) -> None:
        """Poll until the domain is gone (GET answers 404); a 404 is success, not an error.

        Raises :class:`WaitTimeoutError` naming the last status after ``timeout`` seconds.
        """

        def pending_status() -> str | None:
            try:
                return self.get_domain(domain_id).status
            except NotFoundError:
                return None

        self._poll(pending_status, domain_id, timeout, min_delay, max_delay)

    # --- internals -----------------------------------------------------------------------

    def _poll(
        self,
        pending_status: Callable[[], str | None],
        domain_id: str,
        timeout: float,
        min_delay: float,
        max_delay: float,
    ) -> None:
        """Poll ``pending_status`` until it returns None (done); :class:`WaitTimeoutError`
        naming the last status after ``timeout`` seconds."""
        started = self.clock.monotonic()
        status: str | None = None

        def done() -> bool:
            nonlocal status
            status = pending_status()
            return status is None

        if poll_until(
            done, timeout=timeout, min_delay=min_delay, max_delay=max_delay, clock=self.clock
        ):
            return
        waited = self.clock.monotonic() - started
        raise WaitTimeoutError(
            f"domain {domain_id} still {status!r} after waiting {waited:.0f} s "
            f"(timeout {timeout:g} s)",
            last_status=status,
            waited=waited,
            vendor=SCALEWAY,
        )

    def _waiting_domains(self, project_id: str) -> dict[str, Domain]:
        """The project's domains in :data:`WAITING_STATUSES`, by id (one request per 1000)."""
        domains = self.list_all(
            project_id=project_id, statuses=WAITING_STATUSES, page_size=_WAITING_PAGE_SIZE
        )
        return {domain.id: domain for domain in domains}

    def _create_domain_once(self, name: str, project_id: str) -> Domain:
        body = {"project_id": project_id, "name": name}
        try:
            data = self._http.request_json("POST", f"{_PREFIX}/domains", json_body=body)
        except InvalidArgumentsError as exc:
            # Some APIs report a taken name as 400 rather than 409; make it an AlreadyExistsError.
            existing = self.find_domain_by_name(name, project_id) if "name" in exc.fields else None
            if existing is None:
                raise
            raise AlreadyExistsError(
                f"domain {name!r} already exists (id {existing.id}): {exc.message}",
                existing_id=existing.id,
                **exc.location(),
            ) from None
        return self._http.parse(Domain.model_validate, data, "domain")

    def _project(self, project_id: str | None) -> str:
        project = project_id or self.default_project_id
        if not project:
            raise ConfigurationError(
                "no Scaleway project id: pass project_id or give the client a default_project_id"
                " (SCW_DEFAULT_PROJECT_ID)"
            )
        return project

    @staticmethod
    def _domain_path(domain_id: str) -> str:
        return f"{_PREFIX}/domains/{canonical_uuid(domain_id, 'domain id')}"

    @staticmethod
    def _mailbox_path(mailbox_id: str) -> str:
        return f"{_PREFIX}/mailboxes/{canonical_uuid(mailbox_id, 'mailbox id')}"


def _expect(resource: str) -> NotFoundCheck:
    """Accept a not-found answer only when it names ``resource``.

    Scaleway's not_found body always carries ``resource`` (docs/vendor-apis.md §1.7, §1.9), so a
    body without
    it, or about another resource, is not the Mailbox API answering about what was asked: a
    wrong API URL reaching another service or a gateway's route-level "not_found".
    """

    def check(error: NotFoundError) -> MailDomainsError:
        if error.resource == resource:
            return error
        got = (
            f"a not-found about {error.resource!r}"
            if error.resource
            else "a not-found without a resource"
        )
        return EndpointNotFoundError(
            f"{error.url} answered {got} ({error.message}) where a {resource} was asked for, "
            f"so it is not the {SCALEWAY} answering",
            hint=url_hint(URL_SETTING),
            **error.location(),
        )

    return check
