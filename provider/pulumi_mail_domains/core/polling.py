"""Waiting with a bound: the one polling loop (jittered exponential backoff), and timestamps.

Every wait of the resources (a domain's creating phase, a verification, a delete that must wait
for deleted mailboxes to go) is :func:`poll_until` over a :class:`Clock`, so a test can give it
a clock that does not spend real seconds, and a cancelled run stops it at once (the system
clock sleeps through :mod:`~pulumi_mail_domains.core.cancellation`).
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Callable

from pulumi_mail_domains.core import cancellation

__all__ = ["SYSTEM_CLOCK", "Clock", "poll_until", "utc_now"]


@dataclasses.dataclass(frozen=True)
class Clock:
    """Where waits read the time, how they sleep, and how they draw their jitter."""

    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = cancellation.sleep
    jitter: Callable[[float, float], float] = random.uniform


SYSTEM_CLOCK = Clock()


def poll_until(
    step: Callable[[], bool],
    *,
    timeout: float,
    min_delay: float = 0.5,
    max_delay: float = 15.0,
    clock: Clock = SYSTEM_CLOCK,
    progress: Callable[[], None] | None = None,
) -> bool:
    """Call ``step`` until it returns True or ``timeout`` seconds pass; False on timeout.

    Delays grow exponentially with full jitter (between half and all of the current bound),
    so parallel waiters do not poll in lockstep, and the last sleep is cut short so the final
    step happens right at the deadline. ``progress`` (a :class:`~pulumi_mail_domains.core.
    progress.Wait`) is called after each step that did not end the wait.
    """
    deadline = clock.monotonic() + timeout
    delay = min_delay
    while True:
        if step():
            return True
        remaining = deadline - clock.monotonic()
        if remaining <= 0:
            return False
        if progress is not None:
            progress()
        clock.sleep(min(remaining, clock.jitter(delay / 2, delay)))
        delay = min(max_delay, delay * 2)


def utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
