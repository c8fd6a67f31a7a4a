"""Stopping every wait of the process at once when the run is cancelled.

A provider process serves one engine run. When the engine cancels it (the user pressed Ctrl-C,
CI sent SIGINT or SIGTERM), or the engine is gone, every wait in progress (a domain's creating
phase, a verification waiting up to its timeout, a retry's backoff) must stop within moments:
the engine waits for in-flight calls before it exits and records what finished. So the core
never calls :func:`time.sleep`; it calls :func:`sleep`, which returns early and raises
:class:`CancelledError` once :func:`cancel` was called. The cancellation is sticky: a process
that was cancelled starts no new wait.
"""

from __future__ import annotations

import threading

from pulumi_mail_domains.core.errors import MailDomainsError

__all__ = ["CancelledError", "cancel", "is_cancelled", "sleep"]

_cancelled = threading.Event()


class CancelledError(MailDomainsError):
    """The run was cancelled while this operation waited."""


def cancel() -> None:
    """Stop every current and future wait of this process."""
    _cancelled.set()


def is_cancelled() -> bool:
    return _cancelled.is_set()


def sleep(seconds: float) -> None:
    """Sleep ``seconds``; raise :class:`CancelledError` as soon as the run is cancelled."""
    if _cancelled.wait(max(0.0, seconds)):
        raise CancelledError("the run was cancelled while waiting; nothing more is attempted")
