"""Record verification through a real BIND9 server (``--dns-server``)."""

from __future__ import annotations

import secrets
from typing import Any

import httpx
import pytest

from support.bind import BindServer
from support.emulator import (
    FAST_TIMINGS,
    SCW_PROJECT,
    Emulator,
    EmulatorPool,
    fullhelp_client,
    scaleway_client,
    wait_for_scaleway_status,
)

pytestmark = pytest.mark.dns

ZONE = "example.test"
REQUIRED = ("domain_validation", "spf", "dkim", "dmarc", "mx")


@pytest.fixture
def dns_emulator(emulators: EmulatorPool, bind_server: BindServer) -> Emulator:
    return emulators.get(*FAST_TIMINGS, dns_server=bind_server.address)


def txt_rdata(value: str) -> str:
    """A TXT value as zone-file RDATA, split into 255-byte strings."""
    chunks = [value[i : i + 255] for i in range(0, len(value), 255)]
    return " ".join(f'"{chunk}"' for chunk in chunks)


def relative(fqdn: str) -> str:
    return fqdn.rstrip(".").removesuffix(f".{ZONE}")


def publish(bind: BindServer, record: dict[str, Any], value: str | None = None) -> None:
    rtype = record["dns_type"].removesuffix("_dns_type").upper()
    data = record["dns_value"] if value is None else value
    bind.add(ZONE, relative(record["dns_name"]), rtype, txt_rdata(data) if rtype == "TXT" else data)


def new_scaleway_domain(client: httpx.Client) -> tuple[str, dict[str, Any]]:
    name = f"s{secrets.token_hex(4)}.{ZONE}"
    domain = client.post("/domains", json={"project_id": SCW_PROJECT, "name": name}).json()
    wait_for_scaleway_status(client, domain["id"], ["waiting_validation"])
    return domain["id"], client.get(f"/domains/{domain['id']}/records").json()


def validate(client: httpx.Client, domain_id: str) -> tuple[str, dict[str, Any]]:
    assert client.post(f"/domains/{domain_id}/validate-records", json={}).status_code == 204
    assert client.get(f"/domains/{domain_id}").json()["status"] == "validating"
    domain = wait_for_scaleway_status(client, domain_id, ["waiting_validation", "ready"])
    return domain["status"], client.get(f"/domains/{domain_id}/records").json()


def test_scaleway_validation_follows_the_published_records(
    dns_emulator: Emulator, bind_server: BindServer
) -> None:
    with scaleway_client(dns_emulator) as client:
        domain_id, records = new_scaleway_domain(client)

        status, checked = validate(client, domain_id)
        assert status == "waiting_validation"
        for key, record in checked.items():
            assert record["status"] == "not_found", key
            rtype = record["dns_type"].removesuffix("_dns_type").upper()
            assert record["error"] == f"no {rtype} record found at {record['dns_name']}"

        # Every required record but a wrong DMARC; a DKIM key longer than one TXT string.
        for key in REQUIRED:
            if key != "dmarc":
                publish(bind_server, records[key])
        publish(bind_server, records["dmarc"], "v=DMARC1; p=reject")
        status, checked = validate(client, domain_id)
        assert status == "waiting_validation"
        assert {k: checked[k]["status"] for k in REQUIRED} == {
            "domain_validation": "valid",
            "spf": "valid",
            "dkim": "valid",
            "dmarc": "invalid",
            "mx": "valid",
        }
        assert "error" not in checked["dkim"]
        assert "'v=DMARC1; p=reject'" in checked["dmarc"]["error"]
        assert "expected 'v=DMARC1; p=none'" in checked["dmarc"]["error"]

        bind_server.delete(ZONE, relative(records["dmarc"]["dns_name"]), "TXT")
        publish(bind_server, records["dmarc"])
        status, checked = validate(client, domain_id)
        # Missing recommended and optional records do not block readiness.
        assert status == "ready"
        assert all(checked[k]["status"] == "valid" for k in REQUIRED)
        assert checked["autoconfig"]["status"] == "not_found"
        assert checked["caldav"]["status"] == "not_found"


def test_scaleway_every_record_type_verifies(
    dns_emulator: Emulator, bind_server: BindServer
) -> None:
    with scaleway_client(dns_emulator) as client:
        domain_id, records = new_scaleway_domain(client)
        for record in records.values():
            publish(bind_server, record)
        status, checked = validate(client, domain_id)
        assert status == "ready"
        assert {record["status"] for record in checked.values()} == {"valid"}


def test_scaleway_mx_and_srv_compare_case_insensitively(
    dns_emulator: Emulator, bind_server: BindServer
) -> None:
    with scaleway_client(dns_emulator) as client:
        domain_id, records = new_scaleway_domain(client)
        publish(bind_server, records["mx"], "10 SMTP.Mailbox.SCW.eu.")
        publish(bind_server, records["imap"], "0 1 993 IMAP.mailbox.scw.eu.")
        publish(bind_server, records["pop3"], "0 1 996 pop3.mailbox.scw.eu.")
        _, checked = validate(client, domain_id)
        assert checked["mx"]["status"] == "valid"
        assert checked["imap"]["status"] == "valid"
        assert checked["pop3"]["status"] == "invalid"
        assert "0 1 996 pop3.mailbox.scw.eu." in checked["pop3"]["error"]


def test_a_refusing_server_is_reported_per_record(dns_emulator: Emulator) -> None:
    with scaleway_client(dns_emulator) as client:
        created = client.post(
            "/domains", json={"project_id": SCW_PROJECT, "name": "outside.invalid"}
        )
        domain_id = created.json()["id"]
        wait_for_scaleway_status(client, domain_id, ["waiting_validation"])
        status, checked = validate(client, domain_id)
        assert status == "waiting_validation"
        assert checked["spf"]["status"] == "invalid"
        assert "REFUSED" in checked["spf"]["error"]


def test_fullhelp_verify_dns_checks_each_record(
    dns_emulator: Emulator, bind_server: BindServer
) -> None:
    name = f"f{secrets.token_hex(4)}.{ZONE}"
    with fullhelp_client(dns_emulator) as client:
        domain = client.post("/domains", data={"domain": name}).json()["data"]
        verified = client.post(f"/domains/{domain['id']}/verify-dns").json()["data"]
        assert verified["verified"] is False
        assert [r["verified"] for r in verified["dns_records"]] == [False, False, False]

        dkim, spf, return_path = domain["dns_records"]
        sub = relative(name)
        bind_server.add(ZONE, sub, "TXT", txt_rdata(spf["value"]))
        verified = client.post(f"/domains/{domain['id']}/verify-dns").json()["data"]
        # One verified record is enough for the domain (FullHelp's own wording).
        assert verified["verified"] is True
        assert [r["verified"] for r in verified["dns_records"]] == [False, True, False]

        bind_server.add(ZONE, f"{dkim['hostname']}.{sub}", "TXT", txt_rdata(dkim["value"]))
        bind_server.add(
            ZONE, f"{return_path['hostname']}.{sub}", "CNAME", return_path["value"] + "."
        )
        verified = client.post(f"/domains/{domain['id']}/verify-dns").json()["data"]
        assert [r["verified"] for r in verified["dns_records"]] == [True, True, True]
        assert client.get(f"/domains/{domain['id']}").json()["data"] == verified
