"""SQLite persistence across restarts, and concurrent requests."""

from __future__ import annotations

import concurrent.futures
import subprocess
import sys
from pathlib import Path

import httpx

from support.emulator import (
    FAST_TIMINGS,
    SCW_PROJECT,
    Emulator,
    fullhelp_client,
    running_emulator,
    scaleway_client,
    wait_for_scaleway_status,
)


def test_restart_keeps_every_domain_and_record(tmp_path: Path) -> None:
    db = str(tmp_path / "emulator.sqlite")
    args = [*FAST_TIMINGS, "--dkim-pool-size", "0"]
    with running_emulator(db=db, extra_args=args) as first:
        with scaleway_client(first) as scw:
            ready = scw.post(
                "/domains", json={"project_id": SCW_PROJECT, "name": "keep.example.com"}
            )
            ready_id = ready.json()["id"]
            wait_for_scaleway_status(scw, ready_id, ["waiting_validation"])
            assert scw.post(f"/domains/{ready_id}/validate-records", json={}).status_code == 204
            wait_for_scaleway_status(scw, ready_id, ["ready"])
            before_ready = scw.get(f"/domains/{ready_id}").json()
            before_records = scw.get(f"/domains/{ready_id}/records").json()
            fresh = scw.post(
                "/domains", json={"project_id": SCW_PROJECT, "name": "fresh.example.com"}
            )
            fresh_id = fresh.json()["id"]
            before_list = scw.get("/domains", params={"order_by": "name_asc"}).json()
        with fullhelp_client(first) as fh:
            made = fh.post("/domains", data={"domain": "keep.example.org"}).json()["data"]
            verified = fh.post(f"/domains/{made['id']}/verify-dns").json()["data"]
            second_id = fh.post("/domains", data={"domain": "two.example.org"}).json()["data"]["id"]
            fh.delete(f"/domains/{second_id}").raise_for_status()

    with running_emulator(db=db, extra_args=args) as second:
        with scaleway_client(second) as scw:
            assert scw.get(f"/domains/{ready_id}").json() == before_ready
            assert scw.get(f"/domains/{ready_id}/records").json() == before_records
            # The domain created just before the stop finished creating while stopped.
            assert scw.get(f"/domains/{fresh_id}").json()["status"] == "waiting_validation"
            after_list = scw.get("/domains", params={"order_by": "name_asc"}).json()
            assert [d["id"] for d in after_list["domains"]] == [
                d["id"] for d in before_list["domains"]
            ]
            conflict = scw.post(
                "/domains", json={"project_id": SCW_PROJECT, "name": "keep.example.com"}
            )
            assert conflict.status_code == 409
        with fullhelp_client(second) as fh:
            assert fh.get(f"/domains/{made['id']}").json()["data"] == verified
            assert [d["id"] for d in fh.get("/domains").json()["data"]] == [made["id"]]
            # Ids keep counting after a restart; a deleted id is never reused.
            new_id = fh.post("/domains", data={"domain": "three.example.org"}).json()["data"]["id"]
            assert new_id > second_id


def test_demo_credentials_survive_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.sqlite")
    banners = []
    for _ in range(2):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pulumi_mail_domains.emulator",
                "--db",
                db,
                "--dkim-pool-size",
                "0",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert process.stdout is not None
        lines = [process.stdout.readline().strip() for _ in range(3)]
        url = lines[0].removeprefix("listening on ")
        token = lines[1].split()[3]
        with httpx.Client(base_url=url, headers={"X-Auth-Token": token}) as client:
            assert client.get("/mailbox/v1alpha1/domains").status_code == 200
        process.terminate()
        process.wait(timeout=10)
        banners.append(lines[1:])
    assert banners[0] == banners[1]
    assert banners[0][0].startswith("scaleway demo token ")
    assert banners[0][1].startswith("fullhelp demo token ")


def test_concurrent_creates_are_safe(emulator: Emulator) -> None:
    def create_scw(name: str) -> int:
        with scaleway_client(emulator) as client:
            return client.post(
                "/domains", json={"project_id": SCW_PROJECT, "name": name}
            ).status_code

    def create_fh(name: str) -> int:
        with fullhelp_client(emulator) as client:
            return client.post("/domains", data={"domain": name}).status_code

    distinct = [f"c{i}.example.com" for i in range(12)]
    same = ["race.example.com"] * 8
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        scw_distinct = list(pool.map(create_scw, distinct))
        scw_same = list(pool.map(create_scw, same))
        fh_distinct = list(pool.map(create_fh, distinct))
        fh_same = list(pool.map(create_fh, same))
    assert scw_distinct == [200] * 12
    assert sorted(scw_same) == [200] + [409] * 7
    assert fh_distinct == [201] * 12
    assert sorted(fh_same) == [201] + [422] * 7
    with scaleway_client(emulator) as client:
        listed = client.get("/domains", params={"page_size": 100}).json()
        assert listed["total_count"] == 13
        assert len({d["id"] for d in listed["domains"]}) == 13
    with fullhelp_client(emulator) as client:
        ids = [d["id"] for d in client.get("/domains", params={"per_page": 100}).json()["data"]]
        assert len(set(ids)) == 13


def test_concurrent_reads_and_validations(emulator: Emulator) -> None:
    with scaleway_client(emulator) as client:
        ids = [
            client.post(
                "/domains", json={"project_id": SCW_PROJECT, "name": f"v{i}.example.com"}
            ).json()["id"]
            for i in range(4)
        ]
        for domain_id in ids:
            wait_for_scaleway_status(client, domain_id, ["waiting_validation"])

    def hammer(domain_id: str) -> set[int]:
        with scaleway_client(emulator) as client:
            codes = set()
            for _ in range(5):
                codes.add(client.get(f"/domains/{domain_id}").status_code)
                codes.add(client.get(f"/domains/{domain_id}/records").status_code)
                codes.add(
                    client.post(f"/domains/{domain_id}/validate-records", json={}).status_code
                )
            return codes

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(hammer, ids * 2))
    assert set().union(*results) == {200, 204}
