"""A provider process ends soon after the engine that started it is gone.

The engine starts each provider plugin as its child and, on a normal exit, shuts it down. When
the engine itself is killed (a CI runner's SIGKILL, an out-of-memory kill), nobody does: the
plugin would go on polling the vendors, possibly for its whole 600 s verification timeout. So
every provider process watches its engine: when its parent process changes (it was adopted by
init) or the engine's gRPC address stops accepting connections, every wait is cancelled
(:mod:`~pulumi_mail_domains.core.cancellation`), in-flight calls get a short grace period to
finish what they can record nowhere anyway, and the process exits.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from pulumi_mail_domains.core import cancellation

__all__ = ["GRACE_SECONDS", "watch_engine"]

CHECK_INTERVAL_SECONDS = 0.5
GRACE_SECONDS = 3.0
"""How long in-flight calls may run on once the engine is gone, before the process exits."""
_UNREACHABLE_CHECKS = 3
"""Refused connections in a row that count as "the engine is gone" (one may be a hiccup)."""

_started = threading.Lock()
_watching = False


def watch_engine(
    engine_address: str | None = None, *, drain: Callable[[], None] | None = None
) -> None:
    """Start (once per process) the thread that ends this process when its engine is gone.

    ``engine_address`` (``host:port``, as the engine passes it to plugins; by default the one
    the dynamic provider host was started with) is probed as well as the parent process id;
    ``drain`` is called with the grace period to let in-flight calls end.
    """
    global _watching
    with _started:
        if _watching:
            return
        _watching = True
    address = _dynamic_host_engine_address() if engine_address is None else engine_address
    parent = os.getppid()
    thread = threading.Thread(
        target=_watch, args=(parent, address, drain), name="engine-watch", daemon=True
    )
    thread.start()


def _dynamic_host_engine_address() -> str:
    """The engine address the dynamic provider host (``python -m pulumi.dynamic ADDRESS``) got.

    Its parent is a shell wrapper that outlives the engine, so the parent process id alone
    would not tell; the address does. Empty in any other process.
    """
    main = Path(sys.argv[0]).parts[-3:] if sys.argv and sys.argv[0] else ()
    is_host = tuple(main) == ("pulumi", "dynamic", "__main__.py")
    return sys.argv[1] if is_host and len(sys.argv) > 1 else ""


def _watch(parent: int, engine_address: str, drain: Callable[[], None] | None) -> None:
    refused = 0
    while True:
        time.sleep(CHECK_INTERVAL_SECONDS)
        refused = refused + 1 if engine_address and not _accepts(engine_address) else 0
        if os.getppid() != parent or refused >= _UNREACHABLE_CHECKS:
            break
    cancellation.cancel()
    if drain is not None:
        finishing = threading.Thread(target=drain, daemon=True)
        finishing.start()
        finishing.join(GRACE_SECONDS)
    else:
        time.sleep(GRACE_SECONDS)
    os._exit(0)


def _accepts(address: str) -> bool:
    host, _, port = address.rpartition(":")
    if not port.isdigit():
        return True  # not an address we can probe: rely on the parent process id alone
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=1):
            return True
    except OSError:
        return False
