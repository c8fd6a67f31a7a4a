"""Start and drive a real emulator process for tests (black-box, over HTTP).

The emulator runs as a child process (``python -m pulumi_mail_domains.emulator``); tests talk
to it only through HTTP, the same way the provider and users do.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import httpx

# Fixed credentials the test emulator is started with. A second project/account exists so
# tests can check scoping (403 / 404 across tenants).
SCW_TOKEN = "11111111-2222-4333-8444-555555555555"
SCW_PROJECT = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
SCW_OTHER_PROJECT = "ffffffff-0000-4111-8222-333333333333"
SCW_OTHER_TOKEN = "99999999-8888-4777-8666-555555555555"
FH_TOKEN = "fh-test-token-0123456789"
FH_ACCOUNT = 1
FH_OTHER_ACCOUNT = 2
FH_OTHER_TOKEN = "fh-other-token-9876543210"

# The twelve records GetDomainRecords lists for a Scaleway domain, by key (docs/vendor-apis.md).
SCW_RECORD_KEYS = (
    "autoconfig",
    "autodiscover",
    "caldav",
    "carddav",
    "dkim",
    "dmarc",
    "domain_validation",
    "imap",
    "mx",
    "pop3",
    "spf",
    "submission",
)


@dataclasses.dataclass
class Emulator:
    """A running emulator process and helpers for its admin API."""

    url: str
    process: subprocess.Popen[str]

    def admin(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=10, verify=False)

    def requests(self) -> list[dict[str, Any]]:
        """The request log: dicts with at least method, path, status, time."""
        with self.admin() as client:
            response = client.get("/_emulator/requests")
            response.raise_for_status()
            body = response.json()
            return list(body["requests"] if isinstance(body, dict) else body)

    def api_requests(self) -> list[dict[str, Any]]:
        """The request log without the admin API's own entries."""
        return [r for r in self.requests() if not r["path"].startswith("/_emulator")]

    def write_requests(self) -> list[dict[str, Any]]:
        """Logged API calls that could change state (anything but GET/HEAD)."""
        return [r for r in self.api_requests() if r["method"] not in ("GET", "HEAD")]

    def faults(self, **knobs: Any) -> None:
        """Set fault knobs (latency_ms, error_rate, error_statuses, reset_rate,
        lost_response_rate, rate_limit_per_second). Unset knobs return to their defaults."""
        with self.admin() as client:
            client.post("/_emulator/faults", json=knobs).raise_for_status()

    def reset(self) -> None:
        """Forget every domain, the request log and the fault knobs."""
        with self.admin() as client:
            client.post("/_emulator/reset").raise_for_status()

    def set_mailboxes(self, domain_id: str, count: int) -> None:
        with self.admin() as client:
            client.post(
                f"/_emulator/scaleway/domains/{domain_id}/mailboxes", json={"count": count}
            ).raise_for_status()

    def scaleway_settings(self, **settings: str) -> dict[str, str]:
        """Change run-time settings (``domain_delete_with_scheduled_mailboxes``); returns them."""
        with self.admin() as client:
            if settings:
                client.post("/_emulator/scaleway/settings", json=settings).raise_for_status()
            response = client.get("/_emulator/scaleway/settings")
            response.raise_for_status()
            return dict(response.json())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    # Convenience: environment a Pulumi program / client needs to reach this emulator.
    def provider_env(self) -> dict[str, str]:
        return {
            "SCW_API_URL": self.url,
            "SCW_SECRET_KEY": SCW_TOKEN,
            "SCW_DEFAULT_PROJECT_ID": SCW_PROJECT,
            "FULLHELP_URL": self.url,
            "FULLHELP_TOKEN": FH_TOKEN,
            "FULLHELP_ACCOUNT_ID": str(FH_ACCOUNT),
        }


# Timings every test emulator starts with (the defaults are close to live ones, far too slow
# for tests); ``extra_args`` given later win. Mailboxes are ready at once, and a deleted one
# stays ``deletion_scheduled`` for a second, so tests meet that state without waiting long.
TEST_TIMINGS: tuple[str, ...] = (
    "--creating-seconds=1",
    "--validating-seconds=1",
    "--provisioning-seconds=1",
    "--deleting-seconds=1",
    "--mailbox-creating-seconds=0",
    "--mailbox-deletion-delay-seconds=1",
)


def emulator_command(
    *,
    db: str | None = None,
    dns_server: str | None = None,
    seed: int | None = None,
    extra_args: Sequence[str] = (),
) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "pulumi_mail_domains.emulator",
        "--port",
        "0",
        "--scaleway-token",
        f"{SCW_TOKEN}={SCW_PROJECT}",
        "--scaleway-token",
        f"{SCW_OTHER_TOKEN}={SCW_OTHER_PROJECT}",
        "--fullhelp-token",
        f"{FH_TOKEN}={FH_ACCOUNT}",
        "--fullhelp-token",
        f"{FH_OTHER_TOKEN}={FH_OTHER_ACCOUNT}",
        *TEST_TIMINGS,
    ]
    if db is not None:
        cmd += ["--db", db]
    if dns_server is not None:
        cmd += ["--dns-server", dns_server]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    return cmd + list(extra_args)


def start_emulator(**kwargs: Any) -> Emulator:
    """Start an emulator on a free port and wait for its ``listening on`` line."""
    process = subprocess.Popen(
        emulator_command(**kwargs),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    first = process.stdout.readline().strip()
    if not first.startswith("listening on "):
        process.kill()
        rest = process.stdout.read()
        raise RuntimeError(f"emulator did not start: {first}\n{rest}")
    # Drain the rest of the output in the background so the pipe never fills up.
    _drain(process)
    return Emulator(url=first.removeprefix("listening on "), process=process)


def _drain(process: subprocess.Popen[str]) -> None:
    import threading

    def pump() -> None:
        assert process.stdout is not None
        for _ in process.stdout:
            pass

    threading.Thread(target=pump, daemon=True).start()


@contextmanager
def running_emulator(**kwargs: Any) -> Iterator[Emulator]:
    emulator = start_emulator(**kwargs)
    try:
        yield emulator
    finally:
        emulator.stop()


# Timing profiles the test folders ask the pool for.
# Statuses walked through in a few tenths of a second (the emulator's own black-box tests,
# the native plugin's tests).
FAST_TIMINGS: tuple[str, ...] = (
    "--creating-seconds=0.2",
    "--validating-seconds=0.2",
    "--provisioning-seconds=0.2",
    "--deleting-seconds=0.2",
)
# The engine tests: each transient status lasts long enough for a refresh to meet it.
FAST_LIFECYCLE: tuple[str, ...] = (
    "--creating-seconds=0.3",
    "--validating-seconds=0.3",
    "--provisioning-seconds=0.3",
    "--deleting-seconds=0.3",
)
# Recovery tests: Scaleway creates stay in flight for a second, so an early kill meets them.
SLOW_CREATE: tuple[str, ...] = ("--creating-seconds=1",)


class EmulatorPool:
    """The session's emulators: one process per configuration, started on first use.

    Test folders differ only in the lifecycle timings and the DNS mode they need, so they ask the
    pool for those instead of each starting and stopping near-identical processes of their own.
    """

    def __init__(self) -> None:
        self._running: dict[tuple[str, ...], Emulator] = {}

    def get(self, *extra_args: str, dns_server: str | None = None) -> Emulator:
        """The emulator started with ``extra_args`` (and ``--dns-server``), reset to empty."""
        key = (*extra_args, f"dns={dns_server}")
        emulator = self._running.get(key)
        if emulator is None or emulator.process.poll() is not None:
            emulator = start_emulator(seed=1234, dns_server=dns_server, extra_args=extra_args)
            self._running[key] = emulator
        emulator.reset()
        return emulator

    def stop(self) -> None:
        for emulator in self._running.values():
            emulator.stop()
        self._running.clear()


# -- Helpers for tests that drive the vendor APIs directly ------------------------------------
# Clients here use plain HTTP on loopback; ``verify=False`` only skips loading the CA bundle,
# which costs ~60 ms per client.


def scaleway_client(emulator: Emulator, token: str = SCW_TOKEN) -> httpx.Client:
    """A client for ``/mailbox/v1alpha1`` authenticated with ``token``."""
    return httpx.Client(
        base_url=f"{emulator.url}/mailbox/v1alpha1",
        headers={"X-Auth-Token": token, "Accept": "application/json"},
        timeout=10,
        verify=False,
    )


def fullhelp_client(
    emulator: Emulator, token: str = FH_TOKEN, account: int = FH_ACCOUNT
) -> httpx.Client:
    """A client for ``/api/v1/accounts/{account}`` authenticated with ``token``."""
    return httpx.Client(
        base_url=f"{emulator.url}/api/v1/accounts/{account}",
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        timeout=10,
        verify=False,
    )


def wait_for_scaleway_status(
    client: httpx.Client, domain_id: str, statuses: Sequence[str], timeout: float = 10.0
) -> dict[str, Any]:
    """Poll GetDomain until its status is one of ``statuses``; return the domain."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        response = client.get(f"/domains/{domain_id}")
        response.raise_for_status()
        domain: dict[str, Any] = response.json()
        if domain["status"] in statuses:
            return domain
        if time.monotonic() > deadline:
            raise TimeoutError(f"domain {domain_id} still {domain['status']}, wanted {statuses}")
        time.sleep(0.05)
