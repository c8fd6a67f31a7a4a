"""The one paginator both API clients use: page after page until the listing is over.

Each vendor says "there is more" its own way (Scaleway a ``total_count``, FullHelp Laravel's
``links``/``meta``, a bare list nothing at all); each client turns one page of its answer into a
:class:`Page` and :func:`paginate` applies the same stop rules to all of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Generic, TypeVar

__all__ = ["Page", "paginate"]

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing, as the paginator needs it.

    Attributes:
        items: what the page holds.
        more: the server's own word on a further page (True/False), or None when it says
            nothing (then a short page ends the listing).
        total: how many items the whole listing holds, when the server says (0: not said).
    """

    items: Sequence[T]
    more: bool | None = None
    total: int = 0


def paginate(
    fetch: Callable[[int], Page[T]], *, page_size: int, key: Callable[[T], Hashable]
) -> Iterator[T]:
    """Every item of the listing, each yielded once (by ``key``), fetching page 1, 2, ... lazily.

    Stops when the server says there is no further page, when it says nothing and a page is
    short, when the announced total is reached, or when a page brings nothing new (a server
    ignoring ``page`` and repeating page 1 would otherwise loop forever).
    """
    seen: set[Hashable] = set()
    number = 1
    while True:
        page = fetch(number)
        fresh = [item for item in page.items if key(item) not in seen]
        for item in fresh:
            seen.add(key(item))
            yield item
        if not fresh or page.more is False or 0 < page.total <= len(seen):
            return
        if page.more is None and len(page.items) < page_size:
            return
        number += 1
