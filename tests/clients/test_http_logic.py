"""Pure logic of the shared HTTP layer: backoff, server delays, token auth, create_once."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pulumi_mail_domains import __version__
from pulumi_mail_domains.core.errors import (
    AlreadyExistsError,
    InvalidArgumentsError,
    NetworkError,
    ServerError,
    UnexpectedResponseError,
)
from pulumi_mail_domains.core.http import (
    USER_AGENT,
    RetryPolicy,
    TokenAuth,
    _server_delay,
    create_once,
    same_domain_name,
)
from pulumi_mail_domains.core.polling import Clock

FAST = RetryPolicy(max_attempts=4, base_delay=0.001, max_delay=0.002, deadline_seconds=5)


def test_backoff_doubles_up_to_the_cap_with_jitter_in_upper_half() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=10.0)
    assert [policy.backoff(n, rand=lambda: 1.0) for n in range(1, 6)] == [1, 2, 4, 8, 10]
    assert [policy.backoff(n, rand=lambda: 0.0) for n in range(1, 6)] == [0.5, 1, 2, 4, 5]


@given(
    attempt=st.integers(min_value=1, max_value=200),
    base=st.floats(min_value=0, max_value=10),
    cap=st.floats(min_value=0, max_value=60),
    r=st.floats(min_value=0, max_value=1),
)
def test_backoff_never_exceeds_the_cap(attempt: int, base: float, cap: float, r: float) -> None:
    delay = RetryPolicy(base_delay=base, max_delay=cap).backoff(attempt, rand=lambda: r)
    assert 0 <= delay <= cap
    assert delay >= min(cap, base * 2.0 ** (attempt - 1)) / 2


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(base_delay=-1)


def response(headers: dict[str, str]) -> httpx.Response:
    return httpx.Response(429, headers=headers)


def test_retry_after_seconds_wins_over_ratelimit_reset() -> None:
    assert _server_delay(response({"Retry-After": "3", "X-Ratelimit-Reset": "9"})) == 3.0


def test_retry_after_http_date() -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    delay = _server_delay(response({"Retry-After": when}))
    assert delay is not None
    assert 25 <= delay <= 31


def test_ratelimit_reset_relative_or_epoch() -> None:
    assert _server_delay(response({"X-Ratelimit-Reset": "1"})) == 1.0
    epoch = _server_delay(response({"X-Ratelimit-Reset": str(int(time.time()) + 5)}))
    assert epoch is not None
    assert 3 <= epoch <= 6


def test_ratelimit_reset_is_ignored_unless_rate_limited() -> None:
    assert _server_delay(response({"X-Ratelimit-Reset": "1"}), rate_limited=False) is None
    assert _server_delay(response({"Retry-After": "2"}), rate_limited=False) == 2.0


def test_garbage_or_missing_delay_headers() -> None:
    assert _server_delay(response({})) is None
    assert _server_delay(response({"Retry-After": "soon"})) is None
    assert _server_delay(response({"X-Ratelimit-Reset": "later"})) is None


def test_token_auth_sets_header_but_never_shows_the_token() -> None:
    auth = TokenAuth("Authorization", "s3cr3t-token", scheme="Bearer")
    request = httpx.Request("GET", "https://x.test/")
    sent = next(auth.auth_flow(request))
    assert sent.headers["Authorization"] == "Bearer s3cr3t-token"
    assert "s3cr3t" not in repr(auth) + str(auth) + repr(vars(auth))
    assert auth.redact("echo s3cr3t-token back") == "echo ********** back"


def test_token_auth_requires_a_token() -> None:
    with pytest.raises(ValueError):
        TokenAuth("X-Auth-Token", "")


def test_user_agent_names_package_and_version() -> None:
    assert USER_AGENT.startswith(f"pulumi-mail-domains/{__version__} ")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Example.COM.", "example.com", True),
        ("bücher.example", "xn--bcher-kva.example", True),
        ("example.com", "example.org", False),
        ("sub.example.com", "example.com", False),
    ],
)
def test_same_domain_name(a: str, b: str, same: bool) -> None:
    assert same_domain_name(a, b) is same


# --- create_once --------------------------------------------------------------------------


def run(create: Callable[[], str], find: Callable[[], str | None]) -> str:
    return create_once(create, find, retry=FAST, what="test", clock=Clock(sleep=lambda _: None))


def scripted(*outcomes: str | Exception) -> tuple[Callable[[], str], list[int]]:
    calls = [0]

    def create() -> str:
        outcome = outcomes[calls[0]]
        calls[0] += 1
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    return create, calls


def test_lost_response_then_found_by_name_does_not_create_again() -> None:
    create, calls = scripted(NetworkError("reset"), "second")
    assert run(create, lambda: "found") == "found"
    assert calls[0] == 1


def test_server_error_then_not_found_retries_create() -> None:
    create, calls = scripted(ServerError("boom", status_code=500), "created")
    assert run(create, lambda: None) == "created"
    assert calls[0] == 2


def test_conflict_after_uncertain_try_returns_what_that_try_made() -> None:
    lookups = iter([None, "mine"])
    create, _ = scripted(NetworkError("timeout"), AlreadyExistsError("exists", existing_id="x"))
    assert run(create, lambda: next(lookups)) == "mine"


def test_conflict_on_first_try_is_raised() -> None:
    create, _ = scripted(AlreadyExistsError("exists", existing_id="x"))
    with pytest.raises(AlreadyExistsError):
        run(create, lambda: "someone else's")


def test_definite_errors_are_not_retried() -> None:
    for error in (InvalidArgumentsError("bad"), UnexpectedResponseError("weird")):
        create, calls = scripted(error)
        with pytest.raises(type(error)):
            run(create, lambda: None)
        assert calls[0] == 1


def test_gives_up_after_max_attempts_with_the_last_error() -> None:
    create, calls = scripted(*[ServerError(f"boom {n}", status_code=503) for n in range(4)])
    with pytest.raises(ServerError, match="boom 3") as info:
        run(create, lambda: None)
    assert calls[0] == FAST.max_attempts
    assert info.value.attempts == FAST.max_attempts
