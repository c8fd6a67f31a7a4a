"""Fault knobs, rate limiting and the request log of the admin API."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from support.emulator import (
    SCW_OTHER_TOKEN,
    SCW_PROJECT,
    Emulator,
    running_emulator,
    scaleway_client,
)
from support.interrupts import wait_until

CREATE = {"project_id": SCW_PROJECT, "name": "fault.example.com"}


def domain_count(emulator: Emulator) -> int:
    """Clear the faults, then count the Scaleway domains."""
    emulator.faults()
    with scaleway_client(emulator) as client:
        return int(client.get("/domains").json()["total_count"])


def test_latency_delays_vendor_calls_but_not_admin(emulator: Emulator, scw: httpx.Client) -> None:
    emulator.faults(latency_ms=300)
    started = time.monotonic()
    assert scw.get("/domains").status_code == 200
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    emulator.requests()
    assert time.monotonic() - started < 0.3


@pytest.mark.parametrize(
    ("status", "scaleway_body", "fullhelp_body"),
    [
        (
            500,
            {"message": "internal server error", "type": "internal_server_error"},
            {"message": "Internal Server Error"},
        ),
        (502, {"message": "bad gateway", "type": "bad_gateway"}, {"message": "Bad Gateway"}),
        (
            503,
            {"message": "service unavailable", "type": "service_unavailable"},
            {"message": "Service Unavailable"},
        ),
    ],
)
def test_injected_errors_use_vendor_bodies_and_do_no_work(
    emulator: Emulator,
    scw: httpx.Client,
    fh: httpx.Client,
    status: int,
    scaleway_body: dict[str, str],
    fullhelp_body: dict[str, str],
) -> None:
    emulator.faults(error_rate=1.0, error_statuses=[status])
    response = scw.post("/domains", json=CREATE)
    assert response.status_code == status
    assert response.json() == scaleway_body
    assert "x-ratelimit-limit" in response.headers
    response = fh.post("/domains", data={"domain": "fault.example.org"})
    assert response.status_code == status
    assert response.json() == fullhelp_body
    assert domain_count(emulator) == 0
    assert fh.get("/domains").json()["meta"]["total"] == 0
    logged = emulator.api_requests()
    assert [(r["status"], r["fault"]) for r in logged[:2]] == [(status, "error"), (status, "error")]


def test_error_statuses_can_include_429(emulator: Emulator, scw: httpx.Client) -> None:
    emulator.faults(error_rate=1.0, error_statuses=[429])
    response = scw.get("/domains")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"
    assert response.json()["type"] == "too_many_requests"


def test_error_statuses_are_drawn_from_the_list(emulator: Emulator, scw: httpx.Client) -> None:
    emulator.faults(error_rate=1.0, error_statuses=[500, 502, 503])
    seen = {scw.get("/domains").status_code for _ in range(40)}
    assert seen == {500, 502, 503}


def test_reset_drops_the_connection_before_the_work(emulator: Emulator, scw: httpx.Client) -> None:
    emulator.faults(reset_rate=1.0)
    with pytest.raises(httpx.TransportError):
        scw.post("/domains", json=CREATE)
    with pytest.raises(httpx.TransportError):
        scw.get("/domains")
    assert domain_count(emulator) == 0
    faults = [(r["method"], r["status"], r["fault"]) for r in emulator.api_requests()[:2]]
    assert faults == [("POST", 0, "reset"), ("GET", 0, "reset")]


def test_lost_response_commits_the_work_then_drops(emulator: Emulator, fh: httpx.Client) -> None:
    emulator.faults(lost_response_rate=1.0)
    with scaleway_client(emulator) as client, pytest.raises(httpx.TransportError):
        client.post("/domains", json=CREATE)
    with pytest.raises(httpx.TransportError):
        fh.post("/domains", data={"domain": "lost.example.org"})
    assert domain_count(emulator) == 1
    assert [d["domain"] for d in fh.get("/domains").json()["data"]] == ["lost.example.org"]
    faults = [(r["status"], r["fault"]) for r in emulator.api_requests()[:2]]
    assert faults == [(200, "lost_response"), (201, "lost_response")]


def test_faults_never_touch_the_admin_api(emulator: Emulator) -> None:
    emulator.faults(reset_rate=1.0, error_rate=1.0, latency_ms=500, rate_limit_per_second=1)
    started = time.monotonic()
    for _ in range(5):
        emulator.requests()
    assert time.monotonic() - started < 1.0


def test_rate_limit_is_a_token_bucket_per_token(emulator: Emulator, scw: httpx.Client) -> None:
    emulator.faults(rate_limit_per_second=3)
    responses = [scw.get("/domains") for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert [r.headers["x-ratelimit-remaining"] for r in responses] == ["2", "1", "0", "0"]
    assert all(r.headers["x-ratelimit-limit"] == "3, 3;w=1" for r in responses)
    limited = responses[-1]
    assert limited.headers["retry-after"] == "1"
    body = limited.json()
    assert body["type"] == "too_many_requests"
    assert body["message"] == "too many requests"
    assert body["limit"] == {"quota": 3, "window_seconds": 1}
    assert body["reset_seconds"] == 1
    assert "help_message" in body and "reset_at" in body
    # Another token has its own bucket.
    with scaleway_client(emulator, SCW_OTHER_TOKEN) as other:
        assert other.get("/domains").status_code == 200
    # The bucket refills: a request goes through again within its window.
    wait_until(lambda: scw.get("/domains").status_code == 200, 5, "the bucket refills")
    assert emulator.api_requests()[3]["fault"] == "rate_limited"


def test_fullhelp_rate_limit(emulator: Emulator, fh: httpx.Client) -> None:
    emulator.faults(rate_limit_per_second=1)
    first, second = fh.get("/domains"), fh.get("/domains")
    assert first.status_code == 200
    assert first.headers["x-ratelimit-limit"] == "1"
    assert second.status_code == 429
    assert second.json() == {"message": "Too Many Attempts."}
    assert second.headers["retry-after"] == "1"
    assert second.headers["x-ratelimit-remaining"] == "0"


def test_setting_knobs_replaces_all_of_them(emulator: Emulator, scw: httpx.Client) -> None:
    emulator.faults(latency_ms=200, error_rate=1.0)
    emulator.faults(latency_ms=200)
    assert scw.get("/domains").status_code == 200
    with emulator.admin() as admin:
        knobs = admin.get("/_emulator/faults").json()
    assert knobs["latency_ms"] == 200
    assert knobs["error_rate"] == 0
    emulator.faults()
    started = time.monotonic()
    scw.get("/domains")
    assert time.monotonic() - started < 0.2


def test_methods_and_apis_narrow_the_faults(
    emulator: Emulator, scw: httpx.Client, fh: httpx.Client
) -> None:
    emulator.faults(error_rate=1.0, error_statuses=[503], methods=["post"])
    assert scw.get("/domains").status_code == 200
    assert scw.post("/domains", json=CREATE).status_code == 503
    emulator.faults(error_rate=1.0, error_statuses=[503], apis=["fullhelp"])
    assert scw.get("/domains").status_code == 200
    assert fh.get("/domains").status_code == 503


def pattern(emulator: Emulator, **knobs: object) -> list[int]:
    emulator.faults(error_rate=0.5, error_statuses=[500, 503], **knobs)
    with scaleway_client(emulator) as client:
        return [client.get("/domains").status_code for _ in range(30)]


def test_faults_are_reproducible(emulator: Emulator) -> None:
    first = pattern(emulator)
    assert set(first) == {200, 500, 503}
    assert pattern(emulator) == first
    seeded = pattern(emulator, seed=7)
    assert pattern(emulator, seed=7) == seeded
    assert pattern(emulator, seed=8) != seeded


def test_the_same_seed_gives_the_same_faults_in_another_process(emulator: Emulator) -> None:
    first = pattern(emulator)
    with running_emulator(seed=1234, extra_args=["--dkim-pool-size", "0"]) as other:
        assert pattern(other) == first


def test_request_log_counts_calls(emulator: Emulator, scw: httpx.Client, fh: httpx.Client) -> None:
    scw.get("/domains", params={"page": 2})
    scw.post("/domains", json=CREATE)
    fh.post("/domains", data={"domain": "log.example.org"})
    fh.get("/domains/12345")
    calls = emulator.api_requests()
    assert [(r["method"], r["path"], r["status"], r["api"]) for r in calls] == [
        ("GET", "/mailbox/v1alpha1/domains", 200, "scaleway"),
        ("POST", "/mailbox/v1alpha1/domains", 200, "scaleway"),
        ("POST", "/api/v1/accounts/1/domains", 201, "fullhelp"),
        ("GET", "/api/v1/accounts/1/domains/12345", 404, "fullhelp"),
    ]
    assert calls[0]["query"] == "page=2"
    assert all(isinstance(r["timestamp"], float) and r["time"] for r in calls)
    assert len(emulator.write_requests()) == 2
    emulator.reset()
    assert emulator.api_requests() == []


def test_reset_forgets_domains_and_faults(
    emulator: Emulator, scw: httpx.Client, fh: httpx.Client
) -> None:
    scw.post("/domains", json=CREATE).raise_for_status()
    first = fh.post("/domains", data={"domain": "reset.example.org"}).json()["data"]["id"]
    emulator.faults(error_rate=1.0, rate_limit_per_second=1)
    emulator.reset()
    assert scw.get("/domains").json()["total_count"] == 0
    assert fh.get("/domains").json()["data"] == []
    again = fh.post("/domains", data={"domain": "reset.example.org"}).json()["data"]["id"]
    assert again == first  # ids start over


def _outside_address() -> str | None:
    """A non-loopback IPv4 address of this machine, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_admin_api_answers_loopback_only() -> None:
    address = _outside_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    with running_emulator(extra_args=["--host", "0.0.0.0", "--dkim-pool-size", "0"]) as emulator:
        port = emulator.url.rsplit(":", 1)[1]
        with httpx.Client(base_url=f"http://{address}:{port}", verify=False) as outside:
            response = outside.get("/_emulator/requests")
            assert response.status_code == 403
            assert "loopback" in response.json()["detail"]
            assert outside.post("/_emulator/reset").status_code == 403
            # The vendor APIs answer anyone.
            assert outside.get("/mailbox/v1alpha1/domains").status_code == 401
        assert len(emulator.requests()) >= 3
