"""Requests per second of the emulator for GET domain and POST create, on both APIs.

Starts an emulator process (unless ``--url`` points at a running one), then drives it with
one pooled httpx client shared by ``--concurrency`` threads and prints a table::

    python benchmarks/emulator_bench.py [--requests 2000] [--creates 300] [--concurrency 4]

Creating a domain generates a real 2048-bit RSA DKIM key; the emulator keeps a pool of keys
made ahead of time (``--dkim-pool-size``), so a burst shorter than the pool is faster than a
sustained run, which is bounded by key generation.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import itertools
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx

SCW_TOKEN = "11111111-2222-4333-8444-555555555555"
SCW_PROJECT = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
FH_TOKEN = "bench-token"
FH_ACCOUNT = 1


@contextmanager
def emulator(url: str | None, pool_size: int) -> Iterator[str]:
    """The URL of the emulator to measure (started here unless ``url`` is given)."""
    if url:
        yield url
        return
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pulumi_mail_domains.emulator",
            "--scaleway-token",
            f"{SCW_TOKEN}={SCW_PROJECT}",
            "--fullhelp-token",
            f"{FH_TOKEN}={FH_ACCOUNT}",
            "--dkim-pool-size",
            str(pool_size),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    first = process.stdout.readline().strip()
    try:
        if not first.startswith("listening on "):
            raise SystemExit(f"emulator did not start: {first}")
        yield first.removeprefix("listening on ")
    finally:
        process.terminate()
        process.wait(timeout=10)


def measure(count: int, concurrency: int, call: Callable[[int], int]) -> tuple[float, float]:
    """(requests per second, median latency in ms) of ``count`` calls; all must succeed."""
    latencies: list[float] = []

    def timed(i: int) -> None:
        started = time.perf_counter()
        status = call(i)
        latencies.append(time.perf_counter() - started)
        if status >= 400:
            raise RuntimeError(f"request {i} answered {status}")

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(timed, range(count)))
    elapsed = time.perf_counter() - started
    return count / elapsed, statistics.median(latencies) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="measure a running emulator (started with the tokens above)")
    parser.add_argument("--requests", type=int, default=2000, help="GET requests per API")
    parser.add_argument("--creates", type=int, default=300, help="POST creates per API")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--dkim-pool-size", type=int, default=16)
    args = parser.parse_args()

    limits = httpx.Limits(
        max_connections=args.concurrency, max_keepalive_connections=args.concurrency
    )
    with (
        emulator(args.url, args.dkim_pool_size) as url,
        httpx.Client(base_url=url, limits=limits, timeout=30, verify=False) as client,
    ):
        scw = {"X-Auth-Token": SCW_TOKEN}
        fh = {"Authorization": f"Bearer {FH_TOKEN}"}
        fh_base = f"/api/v1/accounts/{FH_ACCOUNT}/domains"
        run_id = f"{int(time.time())}"
        scw_names = (f"b{run_id}-{i}.bench.example" for i in itertools.count())
        fh_names = (f"b{run_id}-{i}.bench.example" for i in itertools.count())

        def scw_create(_: int) -> int:
            body = {"project_id": SCW_PROJECT, "name": next(scw_names)}
            return client.post("/mailbox/v1alpha1/domains", json=body, headers=scw).status_code

        def fh_create(_: int) -> int:
            return client.post(fh_base, data={"domain": next(fh_names)}, headers=fh).status_code

        scw_id = client.post(
            "/mailbox/v1alpha1/domains",
            json={"project_id": SCW_PROJECT, "name": f"get-{run_id}.bench.example"},
            headers=scw,
        ).json()["id"]
        fh_id = client.post(
            fh_base, data={"domain": f"get-{run_id}.bench.example"}, headers=fh
        ).json()["data"]["id"]

        def scw_get(_: int) -> int:
            return client.get(f"/mailbox/v1alpha1/domains/{scw_id}", headers=scw).status_code

        def fh_get(_: int) -> int:
            return client.get(f"{fh_base}/{fh_id}", headers=fh).status_code

        measure(100, args.concurrency, scw_get)  # warm up connections and code paths
        rows = [
            (
                "Scaleway GET domain",
                args.requests,
                *measure(args.requests, args.concurrency, scw_get),
            ),
            (
                "FullHelp GET domain",
                args.requests,
                *measure(args.requests, args.concurrency, fh_get),
            ),
            (
                "Scaleway POST create",
                args.creates,
                *measure(args.creates, args.concurrency, scw_create),
            ),
            (
                "FullHelp POST create",
                args.creates,
                *measure(args.creates, args.concurrency, fh_create),
            ),
        ]

    print(f"emulator benchmark: concurrency {args.concurrency}, DKIM pool {args.dkim_pool_size}")
    print(f"{'operation':<22} {'requests':>8} {'req/s':>9} {'median ms':>10}")
    for name, count, rate, median in rows:
        print(f"{name:<22} {count:>8} {rate:>9.1f} {median:>10.2f}")


if __name__ == "__main__":
    main()
