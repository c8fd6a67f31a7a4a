"""The Scaleway domain status lifecycle, derived from stored timestamps when read.

``creating`` → ``waiting_validation`` after ``creating`` seconds. A validate-records call
on a domain waiting for validation checks the records at once and stores the outcome; the
domain shows ``validating`` for ``validating`` seconds, then either ``provisioning`` (for
``provisioning`` seconds) and ``ready``, or ``waiting_validation`` again when a required
record failed (as in the recorded traffic; the run-time setting ``failed_validation_status``
makes it ``validation_failed``, a status the API documents, and a validate-records call checks
again from there). DELETE shows ``deleting`` for ``deleting`` seconds, then the domain is gone.

A mailbox (docs/vendor-apis.md §1.12, recorded live) starts ``waiting_payment`` (no subscription
yet, the next one ``monthly``) and is ``ready`` ``mailbox_creating`` seconds later
(``monthly``, next ``unknown_subscription_period``). A DELETE schedules its deletion: it stays
readable and listed as ``deletion_scheduled``, subscription fields frozen, until
``deletion_scheduled_at`` (``mailbox_deletion_delay`` seconds later), then it is gone.

The defaults are close to the recorded live timings (creating 2.1 s and 4.4 s, deleting
about 5 s, a mailbox ready about 75 s after creation, deletion 10 minutes after a DELETE);
tests pass shorter ones on the command line.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime

from pulumi_mail_domains.emulator.store import ScwDomain, ScwMailbox, ScwRecord


@dataclasses.dataclass(frozen=True)
class Timings:
    """Seconds each transient status lasts."""

    creating: float = 3.0
    validating: float = 1.0
    provisioning: float = 1.0
    deleting: float = 5.0
    mailbox_creating: float = 75.0
    mailbox_deletion_delay: float = 600.0


@dataclasses.dataclass(frozen=True)
class Phase:
    """A domain's current status and when it entered it (its ``updated_at``)."""

    status: str
    since: float


def domain_phase(
    domain: ScwDomain, now: float, timings: Timings, failed: str = "waiting_validation"
) -> Phase | None:
    """The status of ``domain`` at ``now``; None once a deletion has completed.

    ``failed`` is the status shown after a validation that found a required record wrong.
    """
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
            return Phase(failed, checked)
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


@dataclasses.dataclass(frozen=True)
class MailboxPhase:
    """What a mailbox shows at some moment (times in epoch seconds)."""

    status: str
    subscription_period: str
    next_subscription_period: str
    period_started_at: float | None
    updated_at: float
    deletion_scheduled_at: float | None = None


def mailbox_phase(mailbox: ScwMailbox, now: float, timings: Timings) -> MailboxPhase | None:
    """The mailbox at ``now``; None once its scheduled deletion has happened."""
    deleted = mailbox.deleted_at
    if deleted is None:
        return _subscription(mailbox, now, timings)
    purge_at = deleted + timings.mailbox_deletion_delay
    if now >= purge_at:
        return None
    # Live, the subscription fields keep the values they had when the DELETE came in.
    before = _subscription(mailbox, deleted, timings)
    return dataclasses.replace(
        before, status="deletion_scheduled", updated_at=deleted, deletion_scheduled_at=purge_at
    )


def _subscription(mailbox: ScwMailbox, at: float, timings: Timings) -> MailboxPhase:
    paid = mailbox.created_at + timings.mailbox_creating
    if at < paid:
        return MailboxPhase(
            "waiting_payment", "unknown_subscription_period", "monthly", None, mailbox.created_at
        )
    # Live, a ready mailbox no longer announces its next period (it renews monthly).
    return MailboxPhase("ready", "monthly", "unknown_subscription_period", float(int(paid)), paid)


def one_month_later(timestamp: float) -> float:
    """The same day and time next month (the last day when that month is shorter)."""
    moment = datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc)
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day).timestamp()
