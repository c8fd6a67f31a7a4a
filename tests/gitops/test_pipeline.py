"""The GitOps pipeline for real: pipeline.py stages, the Pulumi engine, an S3 backend on loopback,
the emulator verifying records that RecordSets published to a real BIND9."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from gitops.harness import (
    AWS_ENV,
    S3Backend,
    copy_project,
    export_stack,
    pipeline_env,
    run_pipeline,
    start_pipeline,
    write_inventory,
)
from support.bind import BindServer
from support.emulator import Emulator, fullhelp_client
from support.engine import PASSPHRASE
from support.mail import (
    TOKENS,
    assert_no_token,
    fullhelp_domains,
    scaleway_api,
    scaleway_domains,
    unique_label,
)

pytestmark = [pytest.mark.engine, pytest.mark.dns]
ZONE = "example.test"  # one of the BIND_ZONES the session's BIND9 serves


def three_domains(tag: str) -> list[dict[str, Any]]:
    """Two Scaleway domains and a FullHelp one, records published and verification awaited."""
    common = {"zone": ZONE, "records": "primary", "verify": True, "verify_timeout_seconds": 60}
    return [
        {"vendor": "scaleway", "name": f"mail-{tag}.{ZONE}", **common},
        {"vendor": "scaleway", "name": f"team-{tag}.{ZONE}", **common},
        {"vendor": "fullhelp", "name": f"help-{tag}.{ZONE}", **common},
    ]


def servers(bind: BindServer) -> dict[str, Any]:
    return {"primary": {"server": bind.address, "tsig_key_name": bind.tsig_name}}


@pytest.fixture
def setup(
    pulumi_engine: Path,
    gitops_emu: Emulator,
    bind_server: BindServer,
    s3_backend: S3Backend,
    bucket: str,
    tmp_path: Path,
) -> tuple[dict[str, str], list[dict[str, Any]], Path]:
    """A CI job's environment, the inventory's domains and the inventory file."""
    domains = three_domains(unique_label("g"))
    inventory = write_inventory(
        tmp_path / "domains.yaml", domains, dns_servers=servers(bind_server)
    )
    env = pipeline_env(
        gitops_emu,
        s3_backend.backend_url(bucket),
        copy_project(tmp_path / "project"),
        inventory,
        extra={"DNS_TSIG_SECRET": bind_server.tsig_secret},
    )
    return env, domains, inventory


def passed(result: Any) -> str:
    assert result.returncode == 0, result.stdout
    return str(result.stdout)


def live(emu: Emulator) -> list[str]:
    """Every domain the vendors have (a duplicate would show twice)."""
    return sorted(
        [d.name for d in scaleway_domains(emu)] + [d.domain for d in fullhelp_domains(emu)]
    )


def test_up_drift_repair_and_removal(
    setup: tuple[dict[str, str], list[dict[str, Any]], Path],
    gitops_emu: Emulator,
    bind_server: BindServer,
    s3_backend: S3Backend,
    bucket: str,
) -> None:
    env, domains, inventory = setup
    names = sorted(d["name"] for d in domains)
    outputs = [passed(run_pipeline("up", env))]
    assert live(gitops_emu) == names
    mail, team, helpdesk = (d["name"] for d in domains)
    # The records went through DNS UPDATE to BIND9, and the vendors verified them there.
    assert bind_server.query(mail, "MX") and bind_server.query(helpdesk, "TXT")
    assert all(d.status == "ready" for d in scaleway_domains(gitops_emu))
    assert s3_backend.keys(bucket, ".pulumi/stacks/"), "the state lives in the bucket"

    outputs.append(passed(run_pipeline("drift", env)))

    # -- a domain deleted at the vendor, behind Pulumi's back --------------------------------
    (gone,) = [d for d in scaleway_domains(gitops_emu) if d.name == team]
    with scaleway_api(gitops_emu) as api:
        api.delete_domain(gone.id)
        api.wait_until_deleted(gone.id, timeout=10, min_delay=0.1)
    drift = run_pipeline("drift", env)
    outputs.append(drift.stdout)
    assert drift.returncode != 0, drift.stdout
    assert f"scaleway-{team}" in drift.stdout
    assert f"scaleway-{mail}" not in changed(drift.stdout)

    outputs.append(passed(run_pipeline("up", env)))
    assert live(gitops_emu) == names
    (back,) = [d for d in scaleway_domains(gitops_emu) if d.name == team]
    assert back.id != gone.id and back.status == "ready"
    outputs.append(passed(run_pipeline("drift", env)))

    # -- a domain renamed at the vendor: drift names it, up renames it back in place ---------
    (fh,) = fullhelp_domains(gitops_emu)
    with fullhelp_client(gitops_emu) as client:
        renamed = f"renamed-{helpdesk}"
        client.put(f"/domains/{fh.id}", json={"domain": renamed}).raise_for_status()
    drift = run_pipeline("drift", env)
    outputs.append(drift.stdout)
    assert drift.returncode != 0, drift.stdout
    assert f"fullhelp-{helpdesk}" in drift.stdout
    outputs.append(passed(run_pipeline("up", env)))
    assert [(d.id, d.domain) for d in fullhelp_domains(gitops_emu)] == [(fh.id, helpdesk)]

    # -- an entry removed from the file: its domain and records are destroyed ---------------
    write_inventory(inventory, domains[:2], dns_servers=servers(bind_server))
    outputs.append(passed(run_pipeline("up", env)))
    assert live(gitops_emu) == sorted([mail, team])
    assert bind_server.query(helpdesk, "TXT") == []

    # Credentials are neither printed by the pipeline nor stored in the bucket.
    state = b"\n".join(s3_backend.read(bucket, key) for key in s3_backend.keys(bucket))
    secrets = (*TOKENS, bind_server.tsig_secret, PASSPHRASE, AWS_ENV["AWS_SECRET_ACCESS_KEY"])
    assert_no_token("\n".join(outputs), "the pipeline's output", secrets)
    assert_no_token(state.decode(errors="replace"), "the state bucket", secrets)


_CHANGE = re.compile(
    r"^\s*[-+~]+ \S+: \((?P<op>[^)]+)\)\n\s*\[urn=[^\]]*::(?P<name>[^\]:]+)\]", re.M
)


_SHARD_PREFIX = re.compile(r"^\[[^\]]+\] ", re.M)


def changed(output: str) -> dict[str, str]:
    """Resource name -> operation, for each change a ``--diff`` preview announces (the pipeline
    prefixes each line with its shard's stack)."""
    unprefixed = _SHARD_PREFIX.sub("", output)
    return {m["name"]: m["op"] for m in _CHANGE.finditer(unprefixed) if m["op"] != "same"}


def test_the_pull_request_preview_shows_new_domains_without_calling_apis(
    setup: tuple[dict[str, str], list[dict[str, Any]], Path], gitops_emu: Emulator
) -> None:
    env, domains, _ = setup
    preview = run_pipeline("preview", env)
    assert gitops_emu.write_requests() == [], "a preview changes nothing at the vendors"
    assert preview.returncode == 0, preview.stdout
    changes = changed(preview.stdout)
    for domain in domains:
        assert changes[f"{domain['vendor']}-{domain['name']}"] == "create"
    assert "32 to create" in preview.stdout  # 3 domains, 25 record sets, 3 verifications, stack


def test_concurrent_ups_keep_one_state_and_one_domain_each(
    setup: tuple[dict[str, str], list[dict[str, Any]], Path],
    gitops_emu: Emulator,
    s3_backend: S3Backend,
    bucket: str,
) -> None:
    env, domains, _ = setup
    first = start_pipeline("up", env)
    first_lines = _collect(first)
    try:
        _wait_for_update_lock(s3_backend, bucket, first, first_lines)
        second = run_pipeline("up", env)
    finally:
        first.wait(timeout=300)
    first_output = "".join(first_lines)
    assert first.returncode == 0, first_output
    assert second.returncode != 0, second.stdout
    assert "the stack is currently locked" in second.stdout

    assert s3_backend.keys(bucket, ".pulumi/locks/") == [], "no lock left behind"
    assert live(gitops_emu) == sorted(d["name"] for d in domains), "no domain duplicated"
    resources = export_stack(env)["deployment"]["resources"]
    urns = [r["urn"] for r in resources]
    assert len(urns) == len(set(urns))
    domain_types = ("scaleway:MailboxDomain", "fullhelp:Domain")
    assert len([r for r in resources if r["type"].endswith(domain_types)]) == 3
    passed(run_pipeline("drift", env))  # the state left behind matches the vendors


def _collect(process: subprocess.Popen[str]) -> list[str]:
    """The lines ``process`` prints, appended as they come (read in a background thread)."""
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        lines.extend(iter(process.stdout.readline, ""))

    threading.Thread(target=read, daemon=True).start()
    return lines


def _wait_for_update_lock(
    backend: S3Backend, bucket: str, holder: subprocess.Popen[str], lines: list[str]
) -> None:
    """Until the running pipeline's ``pulumi up`` holds the stack's lock object in the bucket.

    Creating and healing the stack take the lock briefly too: only a lock seen
    after the ``up`` command started is the update's.
    """
    deadline = time.monotonic() + 120
    while not (
        any("pipeline: up " in line for line in list(lines))
        and backend.keys(bucket, ".pulumi/locks/")
    ):
        assert holder.poll() is None, "the first up ended before it was seen holding the lock"
        assert time.monotonic() < deadline, "the first up never took the lock"
        time.sleep(0.05)


def test_a_bad_entry_fails_before_any_api_call(
    setup: tuple[dict[str, str], list[dict[str, Any]], Path],
    gitops_emu: Emulator,
    bind_server: BindServer,
    s3_backend: S3Backend,
    bucket: str,
) -> None:
    env, domains, inventory = setup
    bad = [domains[0], {**domains[1], "project_id": "not-a-project"}, domains[2]]
    write_inventory(inventory, bad, dns_servers=servers(bind_server))
    for stage in ("preview", "up"):
        result = run_pipeline(stage, env)
        assert result.returncode != 0, result.stdout
        assert f"entry 1 (name '{domains[1]['name']}'): field 'project_id'" in result.stdout
        assert "Traceback" not in result.stdout
    assert gitops_emu.api_requests() == [], "no API call at all"
    assert s3_backend.keys(bucket, ".pulumi/stacks/") == [], "not even a stack was created"


def test_a_killed_runs_stale_lock_is_cancelled_only_when_configured(
    setup: tuple[dict[str, str], list[dict[str, Any]], Path],
    gitops_emu: Emulator,
    s3_backend: S3Backend,
    bucket: str,
) -> None:
    """A lock left by a runner killed two hours ago (what SIGKILL leaves in the bucket) fails
    the next job, unless MAIL_DOMAINS_STALE_LOCK_MINUTES says no job runs that long."""
    env, domains, _ = setup
    passed(run_pipeline("up", env))
    (stack_key,) = [k for k in s3_backend.keys(bucket, ".pulumi/stacks/") if k.endswith(".json")]
    lock_dir = stack_key.removeprefix(".pulumi/stacks/").removesuffix(".json")
    taken = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)
    lock = {"pid": 4242, "username": "runner", "hostname": "ci-1", "timestamp": taken.isoformat()}
    s3_backend.client().put_object(
        Bucket=bucket,
        Key=f".pulumi/locks/organization/{lock_dir}/killed-run.json",
        Body=json.dumps(lock),
    )

    locked = run_pipeline("up", env)
    assert locked.returncode != 0 and "the stack is currently locked" in locked.stdout

    healed = run_pipeline("up", {**env, "MAIL_DOMAINS_STALE_LOCK_MINUTES": "60"})
    assert healed.returncode == 0, healed.stdout
    assert "longer than 60 min" in healed.stdout and "pulumi cancel --yes" in healed.stdout
    assert not s3_backend.keys(bucket, ".pulumi/locks/"), "the stale lock is still there"
    assert live(gitops_emu) == sorted(d["name"] for d in domains)
