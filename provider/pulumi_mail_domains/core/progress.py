"""What a wait tells the person running ``pulumi up`` while it waits.

A domain's creating phase or a verification can take minutes (600 s by default): the waits say
what they wait for and what is still missing, e.g. ``waiting for DNS: dkim, spf missing (42 s
of 600 s)``. Each wait is a :class:`Wait` that :func:`~pulumi_mail_domains.core.polling.
poll_until` calls after every poll that did not end it; it sends a report to the
:class:`Sink` of the operation it runs in, only when its news changed or an unchanged report
is due again, so the output is not flooded.

The front ends plug in their sink with :func:`reporting_to`: the native plugin sends each
report to the engine as an ephemeral message of the resource being created (the CLI shows it in
the resource's row while it waits); without one, reports go to standard error, which the engine
shows as stack-level messages of a dynamic provider (docs/engine.md §1).
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import sys
from collections.abc import Callable, Iterable, Iterator

from pulumi_mail_domains.core.polling import SYSTEM_CLOCK, Clock

__all__ = ["STDERR", "Sink", "Wait", "missing", "reporting_to"]


@dataclasses.dataclass(frozen=True)
class Sink:
    """Where the reports of an operation's waits go, and how often.

    ``write(message, about)`` sends one report; ``about`` names what the wait is for (a domain),
    for sinks whose reports are not already attached to that resource.
    """

    write: Callable[[str, str], None]
    min_gap: float
    """Seconds at least between two reports of one wait, even when its news changed."""
    repeat_after: float
    """Seconds after which an unchanged report is sent again (its elapsed time moved on)."""


def _to_stderr(message: str, about: str) -> None:
    # A report is news, not a result: a closed stream must not fail the wait.
    with contextlib.suppress(OSError, ValueError):
        print(f"mail-domains: {about}: {message}", file=sys.stderr, flush=True)


STDERR = Sink(_to_stderr, min_gap=5.0, repeat_after=60.0)
"""Stack-level lines: few of them, since they stay in the output after the run."""

_current: contextvars.ContextVar[Sink] = contextvars.ContextVar("progress_sink", default=STDERR)


@contextlib.contextmanager
def reporting_to(sink: Sink) -> Iterator[None]:
    """Send the reports of the waits started in this block (this thread) to ``sink``."""
    token = _current.set(sink)
    try:
        yield
    finally:
        _current.reset(token)


class Wait:
    """One wait's progress: what it waits for (``subject``) and what is still missing.

    The waiting code sets :attr:`detail` as it learns it (``"dkim, spf missing"``) and calls
    the wait after each poll that did not end it; a report is sent when it is due. The sink is
    the one in force where the wait was made, whichever thread polls; the seconds waited are
    counted on ``clock`` from then. A wait that is usually short passes ``quiet_for``: it
    reports only once it has lasted that long.
    """

    def __init__(
        self,
        subject: str,
        about: str,
        timeout: float,
        *,
        clock: Clock = SYSTEM_CLOCK,
        quiet_for: float = 0.0,
    ) -> None:
        self.subject = subject
        self.about = about
        self.timeout = timeout
        self.detail = ""
        self._clock = clock
        self._quiet_for = quiet_for
        self._started = clock.monotonic()
        self._sink = _current.get()
        self._sent: tuple[str, float] | None = None

    def __call__(self) -> None:
        elapsed = self._clock.monotonic() - self._started
        if self._due(elapsed):
            self._sent = (self.detail, elapsed)
            self._sink.write(self.message(elapsed), self.about)

    def message(self, elapsed: float) -> str:
        news = f": {self.detail}" if self.detail else ""
        return f"waiting for {self.subject}{news} ({elapsed:.0f} s of {self.timeout:g} s)"

    def _due(self, elapsed: float) -> bool:
        if self._sent is None:
            return elapsed >= self._quiet_for
        detail, at = self._sent
        since = elapsed - at
        if detail != self.detail:
            return since >= self._sink.min_gap
        return since >= self._sink.repeat_after


def missing(keys: Iterable[str]) -> str:
    """``"dkim, spf missing"``: the records a verification still waits for."""
    return f"{', '.join(sorted(set(keys)))} missing"
