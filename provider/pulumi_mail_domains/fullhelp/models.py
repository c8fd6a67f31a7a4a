"""Pydantic models of the FullHelp API v1 (sending domains).

FullHelp is sparsely documented, so the models are lenient: unknown fields are kept
(``model_extra``), ids given as strings are read as integers, booleans given as 0/1 are read as
booleans, and a list may come Laravel-paginated (``data`` + ``links`` + ``meta``), as a simple
paginator (pagination keys beside ``data``) or as a bare ``{"data": [...]}``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from pulumi_mail_domains.core.models import ApiModel

__all__ = ["DnsRecord", "Domain", "DomainPage", "PageLinks", "PageMeta"]


class DnsRecord(ApiModel):
    """One record to publish: ``hostname`` is relative to the domain (``@`` for the apex)."""

    label: str = ""
    type: str = ""
    hostname: str = ""
    value: str = ""
    verified: bool = False


class Domain(ApiModel):
    """A FullHelp sending domain. Timestamps are the API's ISO 8601 text, unchanged."""

    id: int
    account_id: int | None = None
    domain: str
    subdomain: str | None = None
    verified: bool = False
    dns_records: list[DnsRecord] = Field(default_factory=list)
    created_at: str | None = None
    updated_at: str | None = None


class PageLinks(ApiModel):
    """Laravel's ``links`` object."""

    first: str | None = None
    last: str | None = None
    prev: str | None = None
    next: str | None = None


class PageMeta(ApiModel):
    """Laravel's ``meta`` object (all optional: other paginators send fewer keys)."""

    current_page: int | None = None
    last_page: int | None = None
    per_page: int | None = None
    total: int | None = None
    from_: int | None = Field(default=None, alias="from")
    to: int | None = None
    path: str | None = None


# Keys a Laravel simple/length-aware paginator puts beside "data" instead of in "meta".
_FLAT_META_KEYS = ("current_page", "last_page", "per_page", "total", "from", "to", "path")


class DomainPage(ApiModel):
    """One page of the domain list, whichever pagination shape the server used."""

    data: list[Domain] = Field(default_factory=list)
    links: PageLinks = Field(default_factory=PageLinks)
    meta: PageMeta = Field(default_factory=PageMeta)

    @model_validator(mode="before")
    @classmethod
    def _normalise_shapes(cls, data: Any) -> Any:
        if isinstance(data, list):  # a bare JSON array
            return {"data": data}
        if not isinstance(data, dict) or "meta" in data:
            return data
        flat = {key: data[key] for key in _FLAT_META_KEYS if key in data}
        if not flat:
            return data
        normalised = {k: v for k, v in data.items() if k not in flat}
        normalised["meta"] = flat
        if "next_page_url" in data and not isinstance(data.get("links"), dict):
            normalised["links"] = {"next": data["next_page_url"]}
        return normalised

    @property
    def is_paginated(self) -> bool:
        """Whether the server said anything about further pages."""
        return self.meta.last_page is not None or self.links.next is not None

    @property
    def has_next(self) -> bool:
        """Whether a further page exists, according to the server."""
        if self.meta.current_page is not None and self.meta.last_page is not None:
            return self.meta.current_page < self.meta.last_page
        return self.links.next is not None
