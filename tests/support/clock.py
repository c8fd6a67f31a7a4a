"""Simulated time for tests of the waits and the pacing: sleeps advance the clock at once."""

from __future__ import annotations

from pulumi_mail_domains.core.polling import Clock


class SimulatedTime:
    """A clock whose sleeps pass at once: a wait runs its whole course in no real time.

    ``clock`` reads this time and draws no jitter (each delay at its upper bound), so the
    waits' schedules are exact.
    """

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self.slept: list[float] = []
        self.clock = Clock(monotonic=lambda: self.now, sleep=self.sleep, jitter=lambda _lo, hi: hi)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(0.0, seconds)
