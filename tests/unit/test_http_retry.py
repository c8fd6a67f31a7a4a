"""Deadline-bounded retries: the policy, the operation deadline and the settings."""

from __future__ import annotations

import time

import pytest

from pulumi_mail_domains.core.errors import NetworkError
from pulumi_mail_domains.core.http import RetryPolicy, create_once, operation_deadline
from pulumi_mail_domains.core.polling import Clock
from pulumi_mail_domains.core.settings import RETRY_DEADLINE_ENV, retry_deadline_seconds
from pulumi_mail_domains.fullhelp.settings import FullHelpSettings
from pulumi_mail_domains.scaleway.settings import ScalewaySettings


def test_default_policy_is_timed_not_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RETRY_DEADLINE_ENV, raising=False)
    policy = RetryPolicy()
    assert policy.max_attempts is None
    assert policy.deadline_seconds == 120.0
    assert all(policy.may_try_again(n) for n in (1, 5, 50, 10_000))
    assert RetryPolicy(max_attempts=3).may_try_again(2)
    assert not RetryPolicy(max_attempts=3).may_try_again(3)


def test_backoff_survives_any_number_of_attempts() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=20.0)
    assert policy.backoff(100_000, rand=lambda: 1.0) == 20.0


def test_deadline_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RETRY_DEADLINE_ENV, "42.5")
    assert retry_deadline_seconds() == 42.5
    assert RetryPolicy().deadline_seconds == 42.5
    assert ScalewaySettings.load(None).retry_deadline_seconds == 42.5
    assert FullHelpSettings.load(None).retry_deadline_seconds == 42.5


@pytest.mark.parametrize("bad", ["soon", "0", "-1", "nan", "inf"])
def test_nonsense_deadline_setting_is_an_error(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv(RETRY_DEADLINE_ENV, bad)
    with pytest.raises(ValueError, match=RETRY_DEADLINE_ENV):
        retry_deadline_seconds()


def test_operation_deadline_only_shortens() -> None:
    policy = RetryPolicy(deadline_seconds=100)
    start = time.monotonic()
    assert policy.deadline() >= start + 100
    with operation_deadline(5):
        assert start + 4 < policy.deadline() <= time.monotonic() + 5
        with operation_deadline(50):  # an inner, longer budget cannot extend the outer one
            assert policy.deadline() <= time.monotonic() + 5
        with operation_deadline(1):
            assert policy.deadline() <= time.monotonic() + 1
        with operation_deadline(None):
            assert policy.deadline() <= time.monotonic() + 5
    assert policy.deadline() >= time.monotonic() + 99
    short = RetryPolicy(deadline_seconds=2)
    with operation_deadline(60):
        assert short.deadline() <= time.monotonic() + 2


def test_operation_deadline_rejects_negative() -> None:
    with pytest.raises(ValueError), operation_deadline(-1):
        pass


def test_create_once_keeps_trying_past_five_attempts_until_the_deadline() -> None:
    tries = [0]

    def create() -> str:
        tries[0] += 1
        if tries[0] < 12:
            raise NetworkError("reset")
        return "made"

    policy = RetryPolicy(base_delay=0.0, max_delay=0.0, deadline_seconds=10)
    assert (
        create_once(create, lambda: None, retry=policy, what="t", clock=Clock(sleep=lambda _: None))
        == "made"
    )
    assert tries[0] == 12


def test_create_once_stops_at_the_operation_deadline() -> None:
    tries = [0]

    def create() -> str:
        tries[0] += 1
        raise NetworkError(f"reset {tries[0]}")

    policy = RetryPolicy(base_delay=0.01, max_delay=0.02, deadline_seconds=600)
    started = time.monotonic()
    with operation_deadline(0.3), pytest.raises(NetworkError) as info:
        create_once(create, lambda: None, retry=policy, what="t", clock=Clock(sleep=time.sleep))
    assert time.monotonic() - started < 1.0
    assert tries[0] > 5
    assert info.value.attempts == tries[0]
