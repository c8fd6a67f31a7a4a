"""Benchmark: calls per second of the pooled client versus a new connection per call.

Starts an emulator (or uses ``--url``), adds a fixed server latency, creates one Scaleway domain
and times ``get_domain`` on it in three ways:

* pooled     - one client object, its keep-alive connection reused for every call;
* new-conn   - one client object with keep-alive disabled: a new TCP connection per call;
* new-client - a new client object per call (new pool, new connection), as code that builds a
  client per operation would do.

    python benchmarks/client_bench.py --latency-ms 20 --calls 200
    python benchmarks/client_bench.py --latency-ms 20 --handshake-ms 30

On loopback plain HTTP a connection costs well under a millisecond, so with 20 ms of server
latency alone the ratio is modest. Against the real API each new connection costs a TCP and a
TLS handshake (two to three network round trips); ``--handshake-ms`` puts a local proxy in front
of the emulator that delays the first bytes of every new connection by that much, to show the
difference a real network makes.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import httpx

from pulumi_mail_domains.core.http import RetryPolicy
from pulumi_mail_domains.scaleway.client import ScalewayMailboxClient

TOKEN = "11111111-2222-4333-8444-555555555555"
PROJECT = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
NO_RETRY = RetryPolicy(max_attempts=1)


@contextmanager
def emulator(url: str | None) -> Iterator[str]:
    """The URL of a running emulator: ``url`` if given, else a fresh child process."""
    if url:
        yield url
        return
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pulumi_mail_domains.emulator",
            "--port",
            "0",
            "--scaleway-token",
            f"{TOKEN}={PROJECT}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline().strip()
    if not first.startswith("listening on "):
        process.kill()
        raise SystemExit(f"emulator did not start: {first!r}")
    # Keep reading so the child never blocks on a full pipe.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    try:
        yield first.removeprefix("listening on ")
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def handshake_proxy(upstream: str, delay_ms: float) -> Iterator[str]:
    """A local TCP proxy to ``upstream`` that charges ``delay_ms`` once per new connection
    (``upstream`` itself when there is nothing to charge)."""
    if delay_ms <= 0:
        yield upstream
        return
    target = httpx.URL(upstream)
    listener = socket.create_server(("127.0.0.1", 0))

    def pump(source: socket.socket, sink: socket.socket) -> None:
        with source, sink, suppress(OSError):  # either side closing ends both directions
            while data := source.recv(65536):
                sink.sendall(data)

    def serve(client: socket.socket) -> None:
        time.sleep(delay_ms / 1000)  # the handshake round trips of a real network
        server = socket.create_connection((target.host, target.port or 80))
        for sock in (client, server):  # no Nagle delays on relayed small writes
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=pump, args=(server, client), daemon=True).start()
        pump(client, server)

    def accept() -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(client,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


def set_latency(url: str, latency_ms: float) -> None:
    with httpx.Client(base_url=url, timeout=10) as admin:
        admin.post("/_emulator/faults", json={"latency_ms": latency_ms}).raise_for_status()


def rate(calls: int, call: Callable[[], object]) -> float:
    """Calls per second of ``call`` run ``calls`` times in a row (after one warm-up call)."""
    call()
    started = time.perf_counter()
    for _ in range(calls):
        call()
    return calls / (time.perf_counter() - started)


def run(url: str, calls: int) -> dict[str, float]:
    def client(limits: httpx.Limits | None = None) -> ScalewayMailboxClient:
        return ScalewayMailboxClient(
            TOKEN, api_url=url, default_project_id=PROJECT, retry=NO_RETRY, limits=limits
        )

    with client() as pooled:
        domain_id = pooled.create_domain(f"bench-{time.time_ns()}.example").id
        results = {"pooled": rate(calls, lambda: pooled.get_domain(domain_id))}

    no_keepalive = httpx.Limits(max_connections=1, max_keepalive_connections=0)
    with client(limits=no_keepalive) as fresh:
        results["new-conn"] = rate(calls, lambda: fresh.get_domain(domain_id))

    def new_client_call() -> None:
        with client() as one_off:
            one_off.get_domain(domain_id)

    results["new-client"] = rate(calls, new_client_call)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an emulator already running (default: start one)")
    parser.add_argument("--calls", type=int, default=200, help="timed calls per mode (200)")
    parser.add_argument(
        "--latency-ms",
        type=float,
        action="append",
        help="server latency per request, repeatable (default: 20 and 0)",
    )
    parser.add_argument(
        "--handshake-ms",
        type=float,
        default=0.0,
        help="extra cost of each new connection, through a local proxy (default 0: none)",
    )
    args = parser.parse_args()
    latencies = args.latency_ms or [20.0, 0.0]
    with emulator(args.url) as admin_url:
        print(
            f"emulator {admin_url}, {args.calls} sequential get_domain calls per mode, "
            f"connection setup +{args.handshake_ms:g} ms"
        )
        print(f"{'latency':>8} {'mode':>11} {'calls/s':>9} {'pooled / mode':>14}")
        for latency in latencies:
            set_latency(admin_url, latency)
            with handshake_proxy(admin_url, args.handshake_ms) as url:
                results = run(url, args.calls)
            for mode, per_second in results.items():
                ratio = results["pooled"] / per_second
                print(f"{latency:>6.0f}ms {mode:>11} {per_second:>9.1f} {ratio:>13.2f}x")
        set_latency(admin_url, 0)


if __name__ == "__main__":
    main()
