"""One API client per provider process, built on first use and shared by its threads."""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

__all__ = ["ClientOwner"]

ClientT = TypeVar("ClientT")


class ClientOwner(Generic[ClientT]):
    """A provider's API client: one pooled client per provider process, built on first use.

    The provider object is unpickled and configured once per process and then serves the
    engine's concurrent calls, so the client is built under a lock and shared (it is thread
    safe). Nothing here is pickled into the state: the lock is a class attribute (dill pickles
    the class by reference) and the client only exists inside the provider process.
    """

    _client: ClientT | None = None
    _client_lock = threading.Lock()

    def _new_client(self) -> ClientT:
        raise NotImplementedError

    @property
    def client(self) -> ClientT:
        with self._client_lock:
            if self._client is None:
                self._client = self._new_client()
            return self._client
