"""The Scaleway domain status lifecycle, derived from stored timestamps when read.

``creating`` → ``waiting_validation`` after ``creating`` seconds. A validate-records call
on a domain waiting for validation checks the records at once and stores the outcome; the
domain shows ``validating`` for ``validating`` seconds, then either ``provisioning`` (for
``provisioning`` seconds) and ``ready``, or ``waiting_validation`` again when a required
record failed (the emulator never reports ``validation_failed``, as in the recorded
traffic). DELETE shows ``deleting`` for ``deleting`` seconds, then the domain is gone.
"""

from __future__ import annotations

import dataclasses

from pulumi_mail_domains.emulator.store import ScwDomain, ScwRecord


@dataclasses.dataclass(frozen=True)
class Timings:
    """Seconds each transient status lasts."""

    creating: float = 1.0
    validating: float = 1.0
    provisioning: float = 1.0
    deleting: float = 1.0


@dataclasses.dataclass(frozen=True)
class Phase:
    """A domain's current status and when it entered it (its ``updated_at``)."""

    status: str
    since: float


def domain_phase(domain: ScwDomain, now: float, timings: Timings) -> Phase | None:
    """The status of ``domain`` at ``now``; None once a deletion has completed."""
    if domain.deleted_at is not None:
        if now >= domain.deleted_at + timings.deleting:
            return None
        return Phase("deleting", domain.deleted_at)
    started = domain.validation_started_at
    if started is not None:
        checked = started + timings.validating
        if now < checked:
            return Phase("validating", started)
        if not domain.validation_ok:
            return Phase("waiting_validation", checked)
        provisioned = checked + timings.provisioning
        if now < provisioned:
            return Phase("provisioning", checked)
        return Phase("ready", provisioned)
    waiting = domain.created_at + timings.creating
    if now < waiting:
        return Phase("creating", domain.created_at)
    return Phase("waiting_validation", waiting)


def record_phase(record: ScwRecord, domain: ScwDomain, now: float, timings: Timings) -> Phase:
    """A record's status: ``validating`` while its domain validates, else the last outcome."""
    started = domain.validation_started_at
    if started is not None and now < started + timings.validating:
        return Phase("validating", started)
    if record.checked_at is None:
        return Phase(record.status, record.created_at)
    return Phase(record.status, record.checked_at + timings.validating)
