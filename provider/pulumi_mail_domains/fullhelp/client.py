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

from pulumi_mail_domains._http import (
    DEFAULT_TIMEOUT,
    HttpTransport,
    PooledClient,
    RetryPolicy,
    TokenAuth,
    create_once,
    same_domain_name,
)
from pulumi_mail_domains.errors import (
    FULLHELP,
    AlreadyExistsError,
    InvalidArgumentsError,
    map_fullhelp_error,
)
from pulumi_mail_domains.fullhelp.models import Domain, DomainPage

__all__ = ["FullHelpClient"]

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
    ) -> None:
        self.default_account_id = default_account_id
        self._http = HttpTransport(
            base_url=_api_root(base_url),
            auth=TokenAuth("Authorization", token, scheme="Bearer"),
            vendor=FULLHELP,
            error_mapper=map_fullhelp_error,
            retry=retry or RetryPolicy(),
            timeout=timeout,
            limits=limits,
        )

    def __repr__(self) -> str:
        return (
            f"FullHelpClient(base_url={self._http.base_url!r}, "
            f"default_account_id={self.default_account_id!r})"
        )

    # --- endpoints -----------------------------------------------------------------------

    def list_domains(
        self, account_id: int | None, *, page: int = 1, per_page: int | None = None
    ) -> DomainPage:
        """One page of the account's domains (``page`` starts at 1)."""
        params: dict[str, str | int | list[str]] = {"page": page}
        if per_page is not None:
            params["per_page"] = per_page
        data = self._http.request_json("GET", self._domains_path(account_id), params=params)
        return self._http.parse(DomainPage.model_validate, data or {}, "domain list")

    def list_all(
        self, account_id: int | None, *, per_page: int = _LIST_ALL_PER_PAGE
    ) -> Iterator[Domain]:
        """Every domain of the account, page after page, each yielded once.

        Follows the server's pagination when it sends any; for a bare ``{"data": [...]}`` it
        asks for further pages until one is short or brings nothing new.
        """
        seen: set[int] = set()
        page = 1
        while True:
            result = self.list_domains(account_id, page=page, per_page=per_page)
            fresh = [d for d in result.data if d.id not in seen]
            for domain in fresh:
                seen.add(domain.id)
                yield domain
            more = result.has_next if result.is_paginated else len(result.data) >= per_page
            # "Nothing new" also ends a server that ignores ``page`` and repeats page 1.
            if not more or not fresh:
                return
            page += 1

    def get_domain(self, account_id: int | None, domain_id: int) -> Domain:
        """The domain with this id; :class:`NotFoundError` if the account has no such domain."""
        data = self._http.request_json("GET", self._domain_path(account_id, domain_id))
        return self._domain(data)

    def create_domain(self, account_id: int | None, domain: str) -> Domain:
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
        )

    def update_domain(self, account_id: int | None, domain_id: int, domain: str) -> Domain:
        """Rename the domain in place (same id; the API issues new DNS records, unverified)."""
        data = self._http.request_json(
            "PUT", self._domain_path(account_id, domain_id), json_body={"domain": domain}
        )
        return self._domain(data)

    def delete_domain(self, account_id: int | None, domain_id: int) -> None:
        """Delete the domain (204).

        A 404 on a retried DELETE is success (an earlier try that lost its response did the
        job); a first-try 404 raises :class:`NotFoundError`.
        """
        self._http.delete(self._domain_path(account_id, domain_id))

    def verify_dns(self, account_id: int | None, domain_id: int) -> Domain:
        """Have the API check the domain's DNS records now; returns the refreshed domain.

        A re-check is harmless to repeat, so it is retried like a GET.
        """
        path = f"{self._domain_path(account_id, domain_id)}/verify-dns"
        data = self._http.request_json("POST", path, json_body={}, idempotent=True)
        return self._domain(data)

    def find_domain_by_name(self, account_id: int | None, name: str) -> Domain | None:
        """The account's domain called ``name`` (case, trailing dot and IDN spelling ignored)."""
        for domain in self.list_all(account_id):
            if same_domain_name(domain.domain, name):
                return domain
        return None

    # --- internals -----------------------------------------------------------------------

    def _create_domain_once(self, account_id: int, domain: str) -> Domain:
        try:
            data = self._http.request_json(
                "POST", self._domains_path(account_id), json_body={"domain": domain}
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

    def _account(self, account_id: int | None) -> int:
        account = account_id if account_id is not None else self.default_account_id
        if account is None:
            raise ValueError(
                "no FullHelp account id: pass account_id or set fullhelp:accountId "
                "(FULLHELP_ACCOUNT_ID)"
            )
        return account

    def _domains_path(self, account_id: int | None) -> str:
        return f"/accounts/{self._account(account_id)}/domains"

    def _domain_path(self, account_id: int | None, domain_id: int) -> str:
        return f"{self._domains_path(account_id)}/{int(domain_id)}"


def _api_root(base_url: str) -> str:
    """``https://help.example.com`` → ``https://help.example.com/api/v1`` (unless already so)."""
    root = base_url.rstrip("/")
    return root if root.endswith(_API_PREFIX) else root + _API_PREFIX
