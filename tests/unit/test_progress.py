"""The waits' progress reports: when they are sent, what they say, where they go."""

from __future__ import annotations

import threading

import pytest

from pulumi_mail_domains.core.polling import poll_until
from pulumi_mail_domains.core.progress import Sink, Wait, missing, reporting_to
from support.clock import SimulatedTime


def recording(min_gap: float = 2.0, repeat_after: float = 10.0) -> tuple[Sink, list[str]]:
    sent: list[str] = []
    return Sink(
        lambda message, about: sent.append(f"{about}: {message}"), min_gap, repeat_after
    ), sent


def test_a_wait_reports_at_once_then_on_change_and_when_an_unchanged_report_is_due() -> None:
    time = SimulatedTime()
    sink, sent = recording(min_gap=2.0, repeat_after=10.0)
    with reporting_to(sink):
        wait = Wait("DNS", "example.com", 600, clock=time.clock)
    script = [  # (seconds later, what is missing)
        (1.0, ["dkim", "spf"]),
        (0.5, ["dkim", "spf"]),  # unchanged, 0.5 s after the first report: not due
        (0.5, ["spf"]),  # changed, but only 1 s after the last report
        (1.0, ["spf"]),  # the change, now 2 s after the last report
        (5.0, ["spf"]),  # unchanged, 5 s later: not due
        (5.0, ["spf"]),  # unchanged, 10 s later: due again
    ]
    for seconds, keys in script:
        time.now += seconds
        wait.detail = missing(keys)
        wait()
    assert sent == [
        "example.com: waiting for DNS: dkim, spf missing (1 s of 600 s)",
        "example.com: waiting for DNS: spf missing (3 s of 600 s)",
        "example.com: waiting for DNS: spf missing (13 s of 600 s)",
    ]


def test_poll_until_reports_after_each_step_that_did_not_end_the_wait() -> None:
    time = SimulatedTime()
    sink, sent = recording(min_gap=0.0, repeat_after=0.0)
    steps = iter([False, False, True])
    with reporting_to(sink):
        wait = Wait("creation", "example.com", 30, clock=time.clock)
    assert poll_until(lambda: next(steps), timeout=30, min_delay=1, clock=time.clock, progress=wait)
    assert sent == [
        "example.com: waiting for creation (0 s of 30 s)",
        "example.com: waiting for creation (1 s of 30 s)",
    ]


def test_the_sink_is_the_one_in_force_where_the_wait_was_made() -> None:
    sink, sent = recording()
    with reporting_to(sink):
        wait = Wait("DNS", "example.com", 60)
    polled = threading.Thread(target=wait)  # another thread polls: the report still goes there
    polled.start()
    polled.join()
    assert sent == ["example.com: waiting for DNS (0 s of 60 s)"]


def test_without_a_sink_reports_go_to_stderr_naming_the_domain(
    capsys: pytest.CaptureFixture[str],
) -> None:
    wait = Wait("DNS", "example.com", 600)
    wait.detail = missing(["spf", "dkim", "spf"])
    wait()
    assert capsys.readouterr().err == (
        "mail-domains: example.com: waiting for DNS: dkim, spf missing (0 s of 600 s)\n"
    )


def test_a_usually_short_wait_reports_only_once_it_lasted_its_quiet_time() -> None:
    time = SimulatedTime()
    sink, sent = recording(min_gap=0.0, repeat_after=0.0)
    with reporting_to(sink):
        wait = Wait("creation", "example.com", 300, clock=time.clock, quiet_for=10)
    wait.detail = "status creating"
    for _ in range(3):
        time.now += 4
        wait()
    assert sent == ["example.com: waiting for creation: status creating (12 s of 300 s)"]
