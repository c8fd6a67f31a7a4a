"""Typed client of the FullHelp API v1 (sending domains of a help desk account).

>>> with FullHelpClient(token, base_url="https://help.example.com", default_account_id=1) as fh:
...     domain = fh.create_domain(None, "example.org")  # doctest: +SKIP
...     domain = fh.verify_dns(None, domain.id)  # doctest: +SKIP

Every method takes the account id first; None means the client's ``default_account_id``.
One client object holds one connection pool and may be shared by several threads.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from pulumi_mail_domains.core.errors import (
    AlreadyExistsError,
    ConfigurationError,
    EndpointNotFoundError,
    InvalidArgumentsError,
    InvalidIdError,
    MailDomainsError,
    NotFoundError,
    url_hint,
)
from pulumi_mail_domains.core.http import (
    DEFAULT_TIMEOUT,
    HttpTransport,
    NotFoundCheck,
    PooledClient,
    RetryPolicy,
    TokenAuth,
    canonical_name,
    create_once,
)
from pulumi_mail_domains.core.pagination import Page, paginate
from pulumi_mail_domains.core.poller import shared_listing
from pulumi_mail_domains.core.polling import SYSTEM_CLOCK, Clock
from pulumi_mail_domains.core.rate_limit import credential_id, limiter_for
from pulumi_mail_domains.fullhelp.errors import FULLHELP, URL_SETTING, map_fullhelp_error
from pulumi_mail_domains.fullhelp.models import Domain, DomainPage

__all__ = ["FullHelpClient", "positive_id"]

_API_PREFIX = "/api/v1"
_LIST_ALL_PER_PAGE = 100  # the API's documented-by-decision maximum


class FullHelpClient(PooledClient):
    """Client of the FullHelp domain endpoints.

    Args:
        token: the API access token, sent as ``Authorization: Bearer`` (never shown).
        base_url: the help desk instance, e.g. ``https://help.example.com``; ``/api/v1`` is added.
        default_account_id: the account used when a method is given ``account_id=None``.
        retry: retry/backoff policy of every request.
        timeout: per-request timeouts (seconds or an :class:`httpx.Timeout`).
        limits: connection pool limits (default: up to 20 connections, 10 kept alive).
        requests_per_second: pace the requests at most this many per second, with the one
            :class:`~pulumi_mail_domains.core.rate_limit.RateLimiter` every client of the process
            with the same token and instance shares (the providers pass 10, or
            ``FULLHELP_REQUESTS_PER_SECOND``: FullHelp documents no rate, docs/vendor-apis.md);
            it also learns from the server's headers and 429s. None (the default of a bare
            client): no pacing, a 429 is only retried.
    """

    def __init__(
        self,
        token: str,
        *,
        base_url: str,
        default_account_id: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        limits: httpx.Limits | None = None,
        clock: Clock = SYSTEM_CLOCK,
        requests_per_second: float | None = None,
    ) -> None:
        self.default_account_id = default_account_id
        self.clock = clock
        root = _api_root(base_url)
        self._credential = credential_id(FULLHELP, root, token)
        limiter = None
        if requests_per_second is not None:
            limiter = limiter_for(self._credential, requests_per_second, clock=clock, name=FULLHELP)
        self._http = HttpTransport(
            base_url=root,
            auth=TokenAuth("Authorization", token, scheme="Bearer"),
            vendor=FULLHELP,
            url_setting=URL_SETTING,
            error_mapper=map_fullhelp_error,
            retry=retry or RetryPolicy(),
            timeout=timeout,
            limits=limits,
            clock=clock,
            rate_limiter=limiter,
        )

    def __repr__(self) -> str:
        return (
            f"FullHelpClient(base_url={self._http.base_url!r}, "
            f"default_account_id={self.default_account_id!r})"
        )

    # --- endpoints -----------------------------------------------------------------------

    def list_domains(
        self, account_id: int | str | None, *, page: int = 1, per_page: int | None = None
    ) -> DomainPage:
        """One page of the account's domains (``page`` starts at 1).

        The list always exists, so a 404 here is an :class:`EndpointNotFoundError`.
        """
        params: dict[str, str | int | list[str]] = {"page": page}
        if per_page is not None:
            params["per_page"] = per_page
        data = self._http.request_json("GET", self._domains_path(account_id), params=params)
        return self._http.parse(DomainPage.model_validate, data or {}, "domain list")

    def list_all(
        self, account_id: int | str | None, *, per_page: int = _LIST_ALL_PER_PAGE
    ) -> Iterator[Domain]:
        """Every domain of the account, page after page, each yielded once.

        Follows the server's pagination when it sends any; for a bare ``{"data": [...]}`` it
        asks for further pages until one is short or brings nothing new.
        """

        def fetch(page: int) -> Page[Domain]:
            result = self.list_domains(account_id, page=page, per_page=per_page)
            more = result.has_next if result.is_paginated else None
            return Page(result.data, more=more, total=result.meta.total or 0)

        return paginate(fetch, page_size=per_page, key=lambda domain: domain.id)

    def get_domain(self, account_id: int | str | None, domain_id: int | str) -> Domain:
        """The domain with this id; :class:`NotFoundError` if the account has no such domain.

        A 404 counts as not found only when the account's domain list answers as the API does
        (see :meth:`_confirm`); otherwise it is an :class:`EndpointNotFoundError`. Ids that are
        not positive integers raise :class:`InvalidIdError` before any request.
        """
        path = self._domain_path(account_id, domain_id)
        data = self._http.request_json("GET", path, not_found=self._confirm(account_id))
        return self._domain(data)

    def create_domain(self, account_id: int | str | None, domain: str) -> Domain:
        """Add a sending domain to the account.

        Never creates a duplicate: when a try's outcome is unknown (5xx, timeout, dropped
        connection) the domain is looked up by name before trying again. A name the account
        already has raises :class:`AlreadyExistsError` with ``existing_id``.
        """
        account = self._account(account_id)
        return create_once(
            lambda: self._create_domain_once(account, domain),
            lambda: self.find_domain_by_name(account, domain),
            retry=self._http.retry,
            what=f"create FullHelp domain {domain!r}",
            clock=self._http.clock,
        )

    def update_domain(
        self, account_id: int | str | None, domain_id: int | str, domain: str
    ) -> Domain:
        """Rename the domain in place (same id; the API issues new DNS records, unverified).

        Sent form-urlencoded, as the vendor's own sample (``-d domain=...``).
        """
        data = self._http.request_json(
            "PUT",
            self._domain_path(account_id, domain_id),
            form={"domain": domain},
            not_found=self._confirm(account_id),
        )
        return self._domain(data)

    def delete_domain(self, account_id: int | str | None, domain_id: int | str) -> None:
        """Delete the domain (204).

        A confirmed not-found on a retried DELETE is success (an earlier try that lost its
        response did the job); on the first try it raises :class:`NotFoundError`.
        """
        path = self._domain_path(account_id, domain_id)
        self._http.delete(path, not_found=self._confirm(account_id))

    def verify_dns(self, account_id: int | str | None, domain_id: int | str) -> Domain:
        """Have the API check the domain's DNS records now; returns the refreshed domain.

        A re-check is harmless to repeat, so it is retried like a GET.
        """
        path = f"{self._domain_path(account_id, domain_id)}/verify-dns"
        data = self._http.request_json(
            "POST", path, json_body={}, idempotent=True, not_found=self._confirm(account_id)
        )
        return self._domain(data)

    def find_domain_by_name(self, account_id: int | str | None, name: str) -> Domain | None:
        """The account's domain called ``name`` (case, trailing dot and IDN spelling ignored)."""
        return next(iter(self.domains_named(account_id, name)), None)

    def domains_named(self, account_id: int | str | None, name: str) -> list[Domain]:
        """Every domain of the account called ``name``: one, or none (the list answered without
        it), unless the API holds duplicates.

        FullHelp documents no name filter, so a lookup reads the account's whole list. Lookups
        made at the same time share it: each is answered from a listing started after it was
        asked (never an older one), the one listing every lookup of this process with this
        token and account shares (:func:`~pulumi_mail_domains.core.poller.shared_listing`). A
        thousand creates then page through the account a few times, not a thousand times.
        """
        account = self._account(account_id)
        listing = shared_listing((self._credential, account, "names", self.clock)).fetch(
            since=self.clock.monotonic(),
            list_items=lambda: self._domains_by_name(account),
            clock=self.clock,
        )
        return list(listing.items.get(canonical_name(name), ()))

    # --- internals -----------------------------------------------------------------------

    def _domains_by_name(self, account_id: int) -> dict[str, list[Domain]]:
        """The account's domains by canonical name (a list: the API may hold duplicates)."""
        by_name: dict[str, list[Domain]] = {}
        for domain in self.list_all(account_id):
            by_name.setdefault(canonical_name(domain.domain), []).append(domain)
        return by_name

    def _create_domain_once(self, account_id: int, domain: str) -> Domain:
        try:
            # Form-urlencoded, as the vendor's own sample (``-d domain=...``).
            data = self._http.request_json(
                "POST", self._domains_path(account_id), form={"domain": domain}
            )
        except InvalidArgumentsError as exc:
            # A taken name comes back as a 422 on "domain" without the id; look it up so the
            # caller can adopt it. Any other 422 (e.g. a malformed name) is re-raised as is.
            existing = (
                self.find_domain_by_name(account_id, domain) if "domain" in exc.fields else None
            )
            if existing is None:
                raise
            raise AlreadyExistsError(
                f"domain {domain!r} already exists (id {existing.id}): {exc.message}",
                existing_id=str(existing.id),
                **exc.location(),
            ) from None
        return self._domain(data)

    def _domain(self, data: object) -> Domain:
        # Single objects come wrapped as {"data": {...}}; accept an unwrapped object too.
        if isinstance(data, dict) and isinstance(data.get("data"), dict):
            data = data["data"]
        return self._http.parse(Domain.model_validate, data, "domain")

    def _confirm(self, account_id: int | str | None) -> NotFoundCheck:
        """Confirm a single domain's not-found by asking for the account's domain list.

        FullHelp (Laravel) answers ``{"message": ...}`` both for a missing domain and for a
        route that does not exist, as behind a wrong URL. Only when the list route of the same
        account answers with a domain list is the 404 about the domain.
        """

        def check(error: NotFoundError) -> MailDomainsError:
            list_url = f"{self._http.base_url}{self._domains_path(account_id)}"
            try:
                data = self._http.request_json(
                    "GET", self._domains_path(account_id), params={"per_page": 1}
                )
            except MailDomainsError as probe:
                why = f"answered {probe.message!r}"
            else:
                if _is_domain_list(data):
                    return error
                why = "answered something that is not a domain list"
            return EndpointNotFoundError(
                f"{error.url} answered HTTP {error.status_code} ({error.message}), and the "
                f"account's domain list at GET {list_url} {why}, so the domain cannot be "
                "known to be gone",
                hint=url_hint(URL_SETTING),
                **error.location(),
            )

        return check

    def _account(self, account_id: int | str | None) -> int:
        account = account_id if account_id is not None else self.default_account_id
        if account is None:
            raise ConfigurationError(
                "no FullHelp account id: pass account_id or give the client a"
                " default_account_id (FULLHELP_ACCOUNT_ID)"
            )
        return positive_id(account, "account id")

    def _domains_path(self, account_id: int | str | None) -> str:
        return f"/accounts/{self._account(account_id)}/domains"

    def _domain_path(self, account_id: int | str | None, domain_id: int | str) -> str:
        return f"{self._domains_path(account_id)}/{positive_id(domain_id, 'domain id')}"


def positive_id(value: object, what: str) -> int:
    """``value`` as a FullHelp id (a positive integer), or :class:`InvalidIdError`.

    Accepts an int or a string of ASCII digits; refuses bools, zero, negatives, floats and any
    other text (``"1?x"``, ``"../"``), which in a URL path would reach another route.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        number = 0
    if number < 1:
        raise InvalidIdError(
            f"invalid FullHelp {what} {value!r}: expected a positive integer", vendor=FULLHELP
        )
    return number


def _is_domain_list(data: object) -> bool:
    """Whether a body has the domain list's shape (``{"data": [...]}``, paginated or not)."""
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        return False
    try:
        DomainPage.model_validate(data)
    except ValueError:
        return False
    return True


def _api_root(base_url: str) -> str:
    """``https://help.example.com`` → ``https://help.example.com/api/v1`` (unless already so)."""
    root = base_url.rstrip("/")
    return root if root.endswith(_API_PREFIX) else root + _API_PREFIX
