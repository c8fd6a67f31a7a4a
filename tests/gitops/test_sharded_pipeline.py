"""The sharded pipeline for real: two shard stacks in the S3 backend, run in parallel through the
Automation API, a domain moved between shards in the state only (the emulator's request log
shows no delete and no create), per-shard and total summaries, the CI matrix's reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gitops.harness import (
    S3Backend,
    copy_project,
    export_stack,
    pipeline_env,
    run_pipeline,
    write_inventory,
)
from support.bind import BindServer
from support.emulator import Emulator
from support.mail import fullhelp_domains, scaleway_api, scaleway_domains, unique_label

pytestmark = [pytest.mark.engine, pytest.mark.dns]
ZONE = "example.test"  # one of the BIND_ZONES the session's BIND9 serves
SHARDS = ["ci-shard-0", "ci-shard-1"]
DOMAIN_TYPES = ("scaleway:MailboxDomain", "fullhelp:Domain")


def domains(tag: str) -> list[dict[str, Any]]:
    """Three domains over two shards; the first publishes records and awaits validation."""
    published = {"zone": ZONE, "records": "primary", "verify": True, "verify_timeout_seconds": 60}
    return [
        {"vendor": "scaleway", "name": f"mail-{tag}.{ZONE}", "shard": 0, **published},
        {"vendor": "fullhelp", "name": f"help-{tag}.{ZONE}", "shard": 1},
        {"vendor": "scaleway", "name": f"team-{tag}.{ZONE}", "shard": 1},
    ]


@pytest.fixture
def sharded(
    pulumi_engine: Path,
    gitops_emu: Emulator,
    bind_server: BindServer,
    s3_backend: S3Backend,
    bucket: str,
    tmp_path: Path,
) -> tuple[dict[str, str], list[dict[str, Any]], Path]:
    entries = domains(unique_label("s"))
    inventory = write_inventory(tmp_path / "domains.yaml", entries, **_settings(bind_server))
    env = pipeline_env(
        gitops_emu,
        s3_backend.backend_url(bucket),
        copy_project(tmp_path / "project"),
        inventory,
        extra={"DNS_TSIG_SECRET": bind_server.tsig_secret, "MAIL_DOMAINS_SHARD_WORKERS": "2"},
    )
    return env, entries, inventory


def _settings(bind: BindServer) -> dict[str, Any]:
    servers = {"primary": {"server": bind.address, "tsig_key_name": bind.tsig_name}}
    return {"shards": 2, "dns_servers": servers}


def passed(result: Any) -> str:
    assert result.returncode == 0, result.stdout
    return str(result.stdout)


def held(env: dict[str, str], stack: str) -> list[str]:
    """The domain resources' names in ``stack``'s state."""
    resources = export_stack({**env, "PULUMI_STACK": stack})["deployment"]["resources"]
    return sorted(
        r["urn"].rsplit("::", 1)[1] for r in resources if r["type"].endswith(DOMAIN_TYPES)
    )


def report(env: dict[str, str], stage: str, path: Path, *flags: str) -> list[dict[str, Any]]:
    result = run_pipeline(stage, env, args=("--report", str(path), *flags))
    assert result.returncode == 0, result.stdout
    loaded: list[dict[str, Any]] = json.loads(path.read_text())
    return loaded


def changes(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {r["stack"]: sum(n for op, n in r["counts"].items() if op != "same") for r in rows}


def test_a_domain_moves_between_shards_without_delete_or_create(
    sharded: tuple[dict[str, str], list[dict[str, Any]], Path],
    gitops_emu: Emulator,
    bind_server: BindServer,
    tmp_path: Path,
) -> None:
    env, entries, inventory = sharded
    mail, helpdesk, team = (f"{d['vendor']}-{d['name']}" for d in entries)
    # Before sharding: one stack, `ci`, holds every domain.
    unsharded = [{k: v for k, v in d.items() if k != "shard"} for d in entries]
    write_inventory(inventory, unsharded, **{**_settings(bind_server), "shards": None})
    passed(run_pipeline("up", env))
    assert held(env, "ci") == sorted([mail, helpdesk, team])
    (before,) = [d for d in scaleway_domains(gitops_emu) if d.name == entries[0]["name"]]
    created = len(gitops_emu.write_requests())

    # Sharding starts: every domain moves out of `ci` into its shard, in the state only.
    write_inventory(inventory, entries, **_settings(bind_server))
    up = passed(run_pipeline("up", env))
    assert len(gitops_emu.write_requests()) == created, "sharding changed nothing at the vendors"
    assert f"pipeline: moving {mail}: ci -> ci-shard-0 (state only)" in up
    lines = up.splitlines()
    for stack in SHARDS:
        # Each shard is healed, and every heal is done before the first shard's up starts.
        heal = lines.index(next(x for x in lines if x.startswith(f"[{stack}] pipeline: $ ")))
        assert "mail-domains heal --stack " + stack in lines[heal]
        assert heal < min(i for i, x in enumerate(lines) if "] pipeline: up ci-shard-" in x)
    assert held(env, "ci") == []
    assert held(env, "ci-shard-0") == [mail]
    assert held(env, "ci-shard-1") == sorted([helpdesk, team])

    # The first domain is assigned to the other shard.
    moved = [{**entries[0], "shard": 1}, *entries[1:]]
    write_inventory(inventory, moved, **_settings(bind_server))
    logged = len(gitops_emu.requests())

    # A preview before the move shows no change at all: the domain stays declared where it is.
    preview = run_pipeline("preview", env, args=("--report", str(tmp_path / "preview.json")))
    assert f"pipeline: {mail} will move ci-shard-0 -> ci-shard-1 at the next up" in passed(preview)
    rows = json.loads((tmp_path / "preview.json").read_text())
    assert changes(rows) == dict.fromkeys(SHARDS, 0)
    assert held(env, "ci-shard-0") == [mail], "a preview moves nothing"
    # A CI matrix job does not apply a shard before the move job has run.
    refused = run_pipeline("up", env, args=("--shard", "ci-shard-1"))
    assert refused.returncode != 0 and "run `pipeline.py move` first" in refused.stdout

    up = passed(run_pipeline("up", env))
    assert f"pipeline: moving {mail}: ci-shard-0 -> ci-shard-1 (state only)" in up
    during = gitops_emu.api_requests()[logged:]
    assert [r for r in during if r["method"] == "DELETE"] == []
    creates = [r for r in during if r["method"] == "POST" and r["path"].endswith("/domains")]
    assert creates == [], "the moved domain was created again"
    assert [r for r in during if r["method"] not in ("GET", "HEAD")] == [], "nothing changed"
    (after,) = [d for d in scaleway_domains(gitops_emu) if d.name == entries[0]["name"]]
    assert after.id == before.id and after.status == "ready"

    assert held(env, "ci-shard-0") == []
    assert held(env, "ci-shard-1") == sorted([mail, helpdesk, team])
    # Its record sets and validation moved with it: the source stack holds nothing of it.
    source = export_stack({**env, "PULUMI_STACK": "ci-shard-0"})["deployment"]["resources"]
    assert [r["urn"] for r in source if mail in r["urn"]] == []
    assert bind_server.query(entries[0]["name"], "MX"), "its records are still published"

    rows = report(env, "preview", tmp_path / "after.json")
    assert changes(rows) == dict.fromkeys(SHARDS, 0)
    assert changes(report(env, "drift", tmp_path / "drift.json")) == dict.fromkeys(SHARDS, 0)


def test_drift_is_reported_per_shard_and_in_one_summary(
    sharded: tuple[dict[str, str], list[dict[str, Any]], Path],
    gitops_emu: Emulator,
    tmp_path: Path,
) -> None:
    env, entries, _ = sharded
    passed(run_pipeline("up", env))
    matrix = run_pipeline("shards", env)
    assert json.loads(passed(matrix)) == SHARDS

    # A domain of shard 1 deleted at the vendor, behind Pulumi's back.
    (gone,) = [d for d in scaleway_domains(gitops_emu) if d.name == entries[2]["name"]]
    with scaleway_api(gitops_emu) as api:
        api.delete_domain(gone.id)
        api.wait_until_deleted(gone.id, timeout=10, min_delay=0.1)

    drift = run_pipeline("drift", env)
    assert drift.returncode != 0, drift.stdout
    assert "pipeline: drift failed in ci-shard-1" in drift.stdout
    summary = drift.stdout[drift.stdout.index("pipeline: drift summary") :]
    (shard0,) = [line for line in summary.splitlines() if line.strip().startswith("ci-shard-0")]
    (shard1,) = [line for line in summary.splitlines() if line.strip().startswith("ci-shard-1")]
    (total,) = [line for line in summary.splitlines() if line.strip().startswith("total")]
    assert shard0.endswith("ok") and "drift: 1 to create" in shard1
    assert total.endswith("1 of 2 failed")

    # The CI matrix: one job per shard writes its report, a last job sums them up.
    reports = []
    for stack in SHARDS:
        path = tmp_path / f"{stack}.json"
        job = run_pipeline("drift", env, args=("--shard", stack, "--report", str(path)))
        assert (job.returncode != 0) is (stack == "ci-shard-1"), job.stdout
        reports.append(str(path))
    combined = run_pipeline("summary", env, args=("--of", "drift", *reports))
    assert combined.returncode != 0 and "drift failed in ci-shard-1" in combined.stdout
    missing = run_pipeline("summary", env, args=("--of", "drift", reports[0]))
    assert "ci-shard-1" in missing.stdout and "no report" in missing.stdout

    passed(run_pipeline("up", env))
    assert sorted(d.domain for d in fullhelp_domains(gitops_emu)) == [entries[1]["name"]]
    assert len(scaleway_domains(gitops_emu)) == 2
    passed(run_pipeline("drift", env))
