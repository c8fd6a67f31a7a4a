"""The harsh-network scenario (drops, 5xx, lost responses), shared by its engine test and its
benchmark.

30 domains (10 Scaleway + 20 FullHelp) go through ``up``, a refresh-preview and ``destroy``
while the emulator answers 20% of requests with a 5xx, resets 5% of connections, drops 10% of
responses after doing the work and allows 15 requests per second. Each step must converge:
exactly 30 domains after ``up``, no change seen by the refresh-preview, none left after
``destroy``.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from pulumi_mail_domains import fullhelp, scaleway
from support.emulator import Emulator
from support.engine import StackRun
from support.mail import fullhelp_domains, scaleway_domains

HARSH_FAULTS: dict[str, float] = {
    "error_rate": 0.2,
    "reset_rate": 0.05,
    "lost_response_rate": 0.1,
    "rate_limit_per_second": 15,
}
SCALEWAY_COUNT = 10
FULLHELP_COUNT = 20


def program(label: str) -> Callable[[], None]:
    """30 domains under ``<label>.test``."""

    def run() -> None:
        for n in range(SCALEWAY_COUNT):
            scaleway.MailboxDomain(f"scw-{n}", name=f"scw{n}.{label}.test")
        for n in range(FULLHELP_COUNT):
            fullhelp.Domain(f"fh-{n}", domain=f"fh{n}.{label}.test")

    return run


@dataclasses.dataclass
class Outcome:
    """What one run reached, and how long each step took (seconds)."""

    domains_after_up: int = -1
    refresh_changes: dict[str, int] = dataclasses.field(default_factory=dict)
    domains_after_destroy: int = -1
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)
    error: str | None = None

    @property
    def converged(self) -> bool:
        expected = SCALEWAY_COUNT + FULLHELP_COUNT
        refresh_clean = set(self.refresh_changes) == {"same"}
        return (
            self.error is None
            and self.domains_after_up == expected
            and refresh_clean
            and self.domains_after_destroy == 0
        )


def count_domains(emu: Emulator) -> int:
    """Domains at the emulator, counted with the faults off (the count itself must be exact)."""
    emu.faults()
    try:
        return len(scaleway_domains(emu)) + len(fullhelp_domains(emu))
    finally:
        emu.faults(**HARSH_FAULTS)


def run_harsh(run: StackRun, emu: Emulator) -> Outcome:
    """up, refresh-preview and destroy of ``run`` through the harsh faults; never raises."""
    outcome = Outcome()

    def timed(step: str, action: Callable[[], object]) -> object:
        started = time.monotonic()
        try:
            return action()
        finally:
            outcome.seconds[step] = round(time.monotonic() - started, 1)

    emu.faults(**HARSH_FAULTS)
    try:
        timed("up", run.up)
        outcome.domains_after_up = count_domains(emu)
        preview = timed("refresh_preview", lambda: run.preview(refresh=True))
        outcome.refresh_changes = dict(getattr(preview, "change_summary", {}) or {})
        timed("destroy", run.destroy)
        outcome.domains_after_destroy = count_domains(emu)
    except Exception as error:  # any failure is part of the outcome, reported by the caller
        outcome.error = f"{type(error).__name__}: {str(error)[-2000:]}"
    finally:
        emu.faults()
    return outcome
