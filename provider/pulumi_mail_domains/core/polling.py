"""Waiting with a bound: polling with jittered exponential backoff, and timestamps."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from pulumi_mail_domains.core import cancellation

__all__ = ["poll_until", "utc_now"]


def poll_until(
    step: Callable[[], bool],
    *,
    timeout: float,
    min_delay: float = 0.5,
    max_delay: float = 15.0,
) -> bool:
    """Call ``step`` until it returns True or ``timeout`` seconds pass; False on timeout.

    Delays grow exponentially with full jitter (between half and all of the current bound),
    and the last sleep is cut short so the deadline is kept.
    """
    deadline = time.monotonic() + timeout
    delay = min_delay
    while True:
        if step():
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        cancellation.sleep(min(remaining, random.uniform(delay / 2, delay)))
        delay = min(max_delay, delay * 2)


def utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
