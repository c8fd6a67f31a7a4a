"""The GitOps inventory merges SPF by itself: a Scaleway and a FullHelp entry on one name.

Through the pipeline as CI runs it (real CLI, S3-compatible backend, BIND9, the emulator in DNS
mode): a bad merge stops the preview before any API call; a good one publishes exactly one SPF
record at the shared name, both vendors verify it, and removing the entries removes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gitops.harness import S3Backend, copy_project, pipeline_env, run_pipeline, write_inventory
from support.bind import BindServer
from support.emulator import Emulator
from support.mail import fullhelp_domains, scaleway_domains, unique_label
from support.senders import spf_records

pytestmark = [pytest.mark.engine, pytest.mark.dns]
ZONE = "example.test"  # one of the BIND_ZONES the session's BIND9 serves


def test_entries_sharing_a_name_publish_one_spf_record(
    pulumi_engine: Path,
    gitops_emu: Emulator,
    bind_server: BindServer,
    s3_backend: S3Backend,
    bucket: str,
    tmp_path: Path,
) -> None:
    name = f"shared-{unique_label('s')}.{ZONE}"
    common: dict[str, Any] = {
        "name": name,
        "zone": ZONE,
        "records": "primary",
        "verify": True,
        "verify_timeout_seconds": 60,
    }
    entries = [
        {"vendor": "scaleway", **common},
        {"vendor": "fullhelp", **common, "spf": ["ip4:198.51.100.0/24"]},
    ]
    servers = {"primary": {"server": bind_server.address, "tsig_key_name": bind_server.tsig_name}}
    inventory = tmp_path / "domains.yaml"
    env = pipeline_env(
        gitops_emu,
        s3_backend.backend_url(bucket),
        copy_project(tmp_path / "project"),
        write_inventory(inventory, entries, dns_servers=servers),
        extra={"DNS_TSIG_SECRET": bind_server.tsig_secret},
    )

    clash = [entries[0], {**entries[1], "dmarc": "v=DMARC1; p=reject"}]
    write_inventory(inventory, clash, dns_servers=servers)
    preview = run_pipeline("preview", env)
    assert preview.returncode != 0, preview.stdout
    assert f"two different DMARC policies for _dmarc.{name}" in preview.stdout
    assert f"entry scaleway-{name} asks for 'v=DMARC1; p=none'" in preview.stdout
    assert gitops_emu.api_requests() == [], "no API call at all"

    write_inventory(inventory, entries, dns_servers=servers)
    up = run_pipeline("up", env)
    assert up.returncode == 0, up.stdout
    assert spf_records(bind_server, name) == [
        "v=spf1 include:spf.mailbox.scw.eu include:spf.fullhelp.com ip4:198.51.100.0/24 -all"
    ]
    assert [d.status for d in scaleway_domains(gitops_emu)] == ["ready"]
    assert [d.verified for d in fullhelp_domains(gitops_emu)] == [True]
    drift = run_pipeline("drift", env)
    assert drift.returncode == 0, drift.stdout

    write_inventory(inventory, [], dns_servers=servers)
    assert run_pipeline("up", env).returncode == 0
    assert spf_records(bind_server, name) == []
    assert scaleway_domains(gitops_emu) == [] and fullhelp_domains(gitops_emu) == []
