"""The official Scaleway SDK (``scaleway==2.12.0``) as the emulator's referee, with a ledger.

:class:`RefereedMailboxAPI` is the SDK's own ``MailboxV1Alpha1API``, unchanged except that it
notes every operation a test calls (outermost only: ``wait_for_domain`` polling ``get_domain``
counts once) and every HTTP request the SDK sends. The contract suite prints the totals and
what each test asserted when the session ends.
"""

from __future__ import annotations

import collections
import dataclasses
import enum
import functools
import re
from collections.abc import Callable
from typing import Any

import requests
from scaleway import Client
from scaleway.mailbox.v1alpha1 import MailboxV1Alpha1API

# The Mailbox operations the contract covers: every domain operation the SDK offers, and the
# mailbox calls ``force_destroy`` needs.
DOMAIN_OPERATIONS = (
    "create_domain",
    "get_domain",
    "list_domains",
    "list_domains_all",
    "get_domain_records",
    "validate_domain_records",
    "wait_for_domain",
    "delete_domain",
)
MAILBOX_OPERATIONS = (
    "list_mailboxes",
    "list_mailboxes_all",
    "get_mailbox",
    "wait_for_mailbox",
    "delete_mailbox",
)
OPERATIONS = frozenset(DOMAIN_OPERATIONS + MAILBOX_OPERATIONS)

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclasses.dataclass
class Ledger:
    """SDK operations called and HTTP requests sent, over the whole session."""

    operations: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    requests: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    _depth: int = 0

    def call(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        """``method`` counted as one ``name`` operation unless another one is running."""

        @functools.wraps(method)
        def counted(*args: Any, **kwargs: Any) -> Any:
            if self._depth == 0:
                self.operations[name] += 1
            self._depth += 1
            try:
                return method(*args, **kwargs)
            finally:
                self._depth -= 1

        return counted

    def sent(self, method: str, path: str) -> None:
        self.requests[f"{method.upper()} {_UUID.sub('{id}', path)}"] += 1


@dataclasses.dataclass(frozen=True)
class Note:
    """What one contract test did: its SDK operations and what it asserted (its docstring)."""

    test: str
    asserted: str
    operations: collections.Counter[str]


# Session-wide records, kept here (not in conftest.py) so tests and fixtures share one copy.
LEDGER = Ledger()
NOTES: list[Note] = []
DESELECTED: list[str] = []  # contract tests left out of this run (``-k``, ``-m``)


class RefereedMailboxAPI(MailboxV1Alpha1API):
    """The SDK's Mailbox API, counting into a :class:`Ledger`."""

    def __init__(self, client: Client, ledger: Ledger) -> None:
        super().__init__(client)
        self.ledger = ledger

    def __getattribute__(self, name: str) -> Any:
        attribute = super().__getattribute__(name)
        if name in OPERATIONS:
            ledger: Ledger = super().__getattribute__("ledger")
            return ledger.call(name, attribute)
        return attribute

    def _request(
        self,
        method: str,
        path: str,
        params: Any = None,
        headers: Any = None,
        body: Any = None,
    ) -> requests.Response:
        self.ledger.sent(method, path)
        response: requests.Response = super()._request(
            method, path, params=params or {}, headers=headers or {}, body=body
        )
        return response


def assert_known(value: object, enum: type[enum.Enum]) -> None:
    """``value`` is one of ``enum``'s documented values.

    The SDK's models are typed with enums, but its unmarshalling keeps the JSON string as is
    (known or not); only a membership test tells a documented value from a stray one.
    """
    assert isinstance(value, str), value
    assert value in {member.value for member in enum}, f"{value!r} is not a {enum.__name__}"
