"""The per-credential token bucket on simulated time: pacing, learning, slowing down, recovery."""

from __future__ import annotations

import itertools

import pytest

from pulumi_mail_domains.core.cancellation import CancelledError
from pulumi_mail_domains.core.polling import Clock
from pulumi_mail_domains.core.rate_limit import RateLimiter, credential_id, limiter_for
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient
from support.clock import SimulatedTime


def take(limiter: RateLimiter) -> int:
    """A request's ticket: with no deadline, ``acquire`` waits for a token and always gives one."""
    ticket = limiter.acquire()
    assert ticket is not None
    return ticket


def send(limiter: RateLimiter, count: int, headers: dict[str, str] | None = None) -> list[float]:
    """``count`` requests one after another, each answered 200; the times they were sent."""
    sent = []
    for _ in range(count):
        ticket = take(limiter)
        sent.append(limiter_time(limiter))
        limiter.record(ticket, 200, headers or {})
    return sent


def limiter_time(limiter: RateLimiter) -> float:
    return limiter._clock.monotonic()


def test_requests_are_paced_at_the_configured_rate() -> None:
    time = SimulatedTime(1000.0)
    limiter = RateLimiter(10, clock=time.clock, slow_start=False)
    sent = send(limiter, 101)
    # One token to start with, then one every 1/10 s: 100 more take 10 s, never fewer.
    assert sent[-1] - sent[0] == pytest.approx(10.0)
    assert all(b - a >= 0.1 - 1e-9 for a, b in itertools.pairwise(sent))


def test_an_idle_bucket_grants_a_burst_no_larger_than_one_second() -> None:
    time = SimulatedTime(1000.0)
    limiter = RateLimiter(10, clock=time.clock, slow_start=False)
    send(limiter, 1)
    time.now += 60  # idle for a minute
    sent = send(limiter, 20)
    assert sent[9] == sent[0]  # ten at once: the bucket holds one second's worth
    assert sent[19] - sent[0] == pytest.approx(1.0)


def test_the_servers_lower_limit_is_learned_from_its_headers() -> None:
    time = SimulatedTime(1000.0)
    limiter = RateLimiter(50, clock=time.clock, slow_start=False)
    send(limiter, 1, {"x-ratelimit-limit": "5, 5;w=1"})
    assert limiter.rate == 5
    window = {"x-ratelimit-limit": "20, 20;w=10"}  # 20 per 10 s: 2 per second
    send(limiter, 1, window)
    assert limiter.rate == 2
    sent = send(limiter, 11, window)
    assert sent[-1] - sent[0] >= 4.5


def test_a_higher_server_limit_never_raises_the_configured_rate() -> None:
    time = SimulatedTime(1000.0)
    limiter = RateLimiter(10, clock=time.clock, slow_start=False)
    send(limiter, 3, {"x-ratelimit-limit": "50, 50;w=1"})
    assert limiter.rate == 10


def test_remaining_caps_the_tokens_at_what_the_server_still_grants() -> None:
    time = SimulatedTime(1000.0)
    limiter = RateLimiter(10, clock=time.clock, slow_start=False)
    time.now += 5  # the local bucket is full (10 tokens)
    ticket = take(limiter)
    start = time.now
    limiter.record(ticket, 200, {"x-ratelimit-remaining": "0"})
    # Another process spent the server's tokens: the next request waits a refill period.
    limiter.acquire()
    assert time.now - start == pytest.approx(0.1)


def test_requests_in_flight_count_against_the_remaining_tokens() -> None:
    time = SimulatedTime(1000.0)
    limiter = RateLimiter(10, clock=time.clock, slow_start=False)
    time.now += 5
    first = take(limiter)
    later = [take(limiter) for _ in range(3)]  # sent, not answered yet
    start = time.now
    limiter.record(first, 200, {"x-ratelimit-remaining": "3"})
    # The three sent after it may have used those three: the next one waits for a refill.
    limiter.acquire()
    assert time.now - start == pytest.approx(0.1)
    for ticket in later:
        limiter.release(ticket)


def test_a_429_holds_everyone_until_retry_after_then_slows_down_and_recovers() -> None:
    time = SimulatedTime(1000.0)
    limiter = RateLimiter(20, clock=time.clock, slow_start=False)
    ticket = take(limiter)
    refused_at = time.now
    limiter.record(ticket, 429, {"retry-after": "2"})
    assert limiter.throttled == 1 and limiter.rate == 10
    limiter.acquire()
    assert time.now - refused_at >= 2.0  # nobody goes before the server's window reopens
    time.now += 2
    send(limiter, 1)
    assert 10 < limiter.rate < 20  # winning back a tenth of the ceiling per clean second
    time.now += 10
    send(limiter, 1)
    assert limiter.rate == 20


def test_429s_of_one_window_halve_the_rate_once_and_later_windows_keep_it_down() -> None:
    time = SimulatedTime(1000.0)
    limiter = RateLimiter(8, clock=time.clock, slow_start=False)
    tickets = [take(limiter)]
    for ticket in tickets * 12:  # a dozen requests in flight, all refused at once: one signal
        limiter.record(ticket, 429, {"x-ratelimit-reset": "1"})
    assert limiter.rate == 4 and limiter.throttled == 12
    for _ in range(12):  # refused again in each of the next windows
        ticket = take(limiter)
        limiter.record(ticket, 429, {"retry-after": "1"})
    # Each window halves it, each clean second wins back a tenth of the ceiling (0.8/s).
    assert 0.2 <= limiter.rate < 2 and limiter.throttled == 24


def test_a_queue_estimated_at_a_lowered_rate_is_served_as_the_rate_recovers() -> None:
    """A wait is not refused from the queue's length at the rate of the moment: the rate climbs
    back while callers wait, and they are served before their deadline."""
    time = SimulatedTime(1000.0)
    limiter = RateLimiter(50, clock=time.clock, slow_start=False)
    limiter.record(take(limiter), 200, {})
    for _ in range(6):  # six windows of 429s: the rate falls to a tenth of the configured one
        limiter.record(take(limiter), 429, {"retry-after": "1"})
    assert limiter.rate < 5
    deadline = time.now + 30
    granted = [limiter.acquire(not_after=deadline) for _ in range(200)]
    assert None not in granted and time.now < deadline


def test_a_new_limiter_starts_slow_and_climbs_only_while_the_server_has_room() -> None:
    time = SimulatedTime(1000.0)
    limiter = RateLimiter(40, clock=time.clock)
    assert limiter.rate == 10  # other processes may already be using the token
    full = {"x-ratelimit-limit": "40, 40;w=1", "x-ratelimit-remaining": "0"}
    send(limiter, 50, full)
    assert limiter.rate == 10  # the server's bucket is empty: its limit is already in use
    roomy = {"x-ratelimit-limit": "40, 40;w=1", "x-ratelimit-remaining": "35"}
    send(limiter, 200, roomy)
    assert limiter.rate == 40


def test_a_cancelled_wait_gives_its_place_back() -> None:
    time = SimulatedTime(1000.0)

    def cancelled(_seconds: float) -> None:
        raise CancelledError("cancelled")

    limiter = RateLimiter(1, clock=Clock(monotonic=lambda: time.now, sleep=cancelled))
    limiter.acquire()  # the first token is there
    with pytest.raises(CancelledError):
        limiter.acquire()
    assert not limiter._in_flight - {1}


def test_one_limiter_per_credential_and_the_secret_is_only_a_digest() -> None:
    time = SimulatedTime(1000.0)
    secret = "s3cr3t-token-value"
    key = credential_id("Scaleway", "https://api.example", secret)
    assert secret not in key and len(key) == 16
    assert key != credential_id("Scaleway", "https://api.example", secret + "x")
    first = limiter_for(key, 50, clock=time.clock)
    assert limiter_for(key, 50, clock=time.clock) is first
    assert limiter_for(key, 25, clock=time.clock) is first and first.configured == 25
    assert secret not in repr(first)


def test_clients_with_the_same_key_share_one_limiter() -> None:
    time = SimulatedTime(1000.0)
    url = "http://127.0.0.1:9"
    one = ScalewayMailboxClient("token-a", api_url=url, clock=time.clock, requests_per_second=50)
    two = ScalewayMailboxClient(
        "token-a", api_url=url + "/", clock=time.clock, requests_per_second=50
    )
    other = ScalewayMailboxClient("token-b", api_url=url, clock=time.clock, requests_per_second=50)
    unpaced = ScalewayMailboxClient("token-a", api_url=url, clock=time.clock)
    try:
        assert one._http.rate_limiter is two._http.rate_limiter
        assert other._http.rate_limiter is not one._http.rate_limiter
        assert unpaced._http.rate_limiter is None
        assert "token-a" not in repr(one._http.rate_limiter)
    finally:
        for client in (one, two, other, unpaced):
            client.close()


def test_a_token_past_the_callers_deadline_is_refused_at_once_without_taking_it() -> None:
    time = SimulatedTime(1000.0)
    limiter = RateLimiter(10, clock=time.clock, slow_start=False)
    ticket = limiter.acquire()
    assert ticket is not None
    limiter.record(ticket, 429, {"retry-after": "30"})
    start = time.now
    assert limiter.acquire(not_after=start + 5) is None
    assert time.now == start  # nothing waited
    assert limiter.acquire(not_after=start + 60) is not None
    # The pause, then one token at the halved rate: the refused call did not take a place.
    assert time.now - start == pytest.approx(30.0 + 1 / 5)


def test_a_call_past_its_deadline_still_gets_a_token_that_is_there() -> None:
    time = SimulatedTime(1000.0)
    limiter = RateLimiter(10, clock=time.clock, slow_start=False)
    assert limiter.acquire(not_after=time.now - 1) is not None
