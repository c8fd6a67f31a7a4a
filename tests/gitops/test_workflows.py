"""The CI files users copy run exactly the pipeline's commands, with secrets only from the store."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pipeline import main

from gitops.harness import PROJECT_DIR, REPO

WORKFLOWS = PROJECT_DIR / ".github" / "workflows"
GITLAB = PROJECT_DIR / ".gitlab-ci.yml"
SECRETS = {
    "PULUMI_CONFIG_PASSPHRASE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "SCW_SECRET_KEY",
    "FULLHELP_TOKEN",
    "DNS_TSIG_SECRET",
    "GITHUB_TOKEN",
}


def workflow(name: str) -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text())
    return loaded


def jobs(name: str) -> dict[str, dict[str, Any]]:
    return dict(workflow(name)["jobs"])


def runs(job: dict[str, Any]) -> list[str]:
    return [str(step["run"]).strip() for step in job["steps"] if "run" in step]


def pinned_cli() -> str:
    go_mod = (REPO / "tools" / "pulumi-cli" / "go.mod").read_text()
    match = re.search(r"github.com/pulumi/pulumi/pkg/v3 v(\S+)", go_mod)
    assert match
    return match.group(1)


MATRIX_JOBS = {
    "preview.yml": ("shards", "preview"),
    "up.yml": ("move", "up"),
    "drift.yml": ("shards", "drift"),
}


@pytest.mark.parametrize("name", sorted(MATRIX_JOBS))
def test_each_workflow_runs_one_job_per_shard_and_one_summary(name: str) -> None:
    planner, stage = MATRIX_JOBS[name]
    every = jobs(name)
    # A first job prints the shard stacks as JSON into its outputs...
    assert every[planner]["outputs"]["shards"] == "${{ steps.shards.outputs.shards }}"
    (printed,) = [s for s in every[planner]["steps"] if s.get("id") == "shards"]
    assert printed["run"] == 'echo "shards=$(python pipeline.py shards)" >> "$GITHUB_OUTPUT"'
    # ...the matrix runs the stage on each of them...
    matrix_job = every[stage]
    assert matrix_job["needs"] == planner
    assert matrix_job["strategy"]["fail-fast"] is False
    assert matrix_job["strategy"]["matrix"]["shard"] == (
        f"${{{{ fromJSON(needs.{planner}.outputs.shards) }}}}"
    )
    (step,) = [s for s in matrix_job["steps"] if "pipeline.py" in str(s.get("run", ""))]
    assert (
        step["run"] == f'python pipeline.py {stage} --shard "$SHARD" --report "report-$SHARD.json"'
    )
    assert step["env"]["SHARD"] == "${{ matrix.shard }}" and step["shell"] == "bash"
    # ...and one summary sums up the reports, even when shards failed.
    summary = every["summary"]
    assert summary["if"] == "always()" and stage in summary["needs"]
    assert any(
        r.startswith(f"python pipeline.py summary --of {stage} reports/") for r in runs(summary)
    )
    installs = [
        s for j in every.values() for s in j["steps"] if s.get("uses") == "pulumi/actions@v6"
    ]
    assert installs and all(str(s["with"]["pulumi-version"]) == pinned_cli() for s in installs)
    triggers = workflow(name)[True]  # YAML 1.1 reads the key `on` as true
    assert ("schedule" in triggers) is (stage == "drift")


def test_domains_move_before_any_shard_applies() -> None:
    every = jobs("up.yml")
    assert "python pipeline.py move" in runs(every["move"])
    assert every["up"]["needs"] == "move"


def test_every_healing_job_knows_its_stale_lock_age() -> None:
    for name, job in (("preview.yml", "preview"), ("up.yml", "move"), ("up.yml", "up")):
        minutes = workflow(name)["env"]["MAIL_DOMAINS_STALE_LOCK_MINUTES"]
        assert minutes == str(jobs(name)[job]["timeout-minutes"])


def test_the_pull_request_gets_the_summary_as_a_comment() -> None:
    (comment,) = [r for r in runs(jobs("preview.yml")["summary"]) if "gh pr comment" in r]
    assert 'gh pr comment "$PR" --body-file comment.md' in comment
    assert workflow("preview.yml")["permissions"]["pull-requests"] == "write"


def test_gitlab_runs_a_parallel_matrix_over_the_shipped_shards() -> None:
    pipeline = yaml.safe_load(GITLAB.read_text())
    shards = yaml.safe_load((PROJECT_DIR / "domains.yaml").read_text())["shards"]
    assert pipeline[".shards"]["parallel"]["matrix"] == [
        {"SHARD": [str(k) for k in range(shards)]}
    ], "the matrix lists every shard of domains.yaml"
    for stage in ("preview", "up", "drift"):
        job = pipeline[stage]
        assert ".shards" in job["extends"]
        script = "\n".join(job["script"])
        assert f'python pipeline.py {stage} --shard "$PULUMI_STACK-shard-$SHARD"' in script
        summary = pipeline[f"{stage}-summary"]
        assert summary["needs"] == [stage] and ".summary" in summary["extends"]
        assert summary["script"] == [f"python pipeline.py summary --of {stage} report-*.json"]
    assert pipeline[".summary"]["when"] == "always"
    assert pipeline["move"]["script"] == ["python pipeline.py move"]
    assert pipeline["up"]["needs"] == ["move"]
    assert f"--version {pinned_cli()}" in "\n".join(pipeline["default"]["before_script"])


@pytest.mark.parametrize(
    "path", [*sorted(WORKFLOWS.glob("*.yml")), GITLAB], ids=lambda p: Path(p).name
)
def test_secrets_come_from_the_store_and_are_never_printed(path: Path) -> None:
    text = path.read_text()
    assert set(re.findall(r"secrets\.(\w+)", text)) <= SECRETS
    for line in text.splitlines():
        if re.search(r"\b(echo|printf|cat)\b", line):
            assert not re.search(r"secrets\.|\$\{?(" + "|".join(SECRETS) + ")", line), line
    if path.suffix == ".yml" and path.parent == WORKFLOWS:
        # Secrets are handed to the steps that need them, not to the whole workflow.
        assert not SECRETS & set(workflow(path.name).get("env", {}))


def test_usage_and_missing_settings_fail_before_pulumi_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["deploy"])
    assert usage.value.code == 2
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    monkeypatch.setenv("PULUMI_STACK", "prod")
    monkeypatch.setenv("PATH", "")  # pulumi cannot even be found: it must not be needed
    assert main(["up"]) == 2
    assert "set PULUMI_BACKEND_URL first" in capsys.readouterr().err


def test_the_shard_list_needs_neither_pulumi_nor_the_backend(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PULUMI_BACKEND_URL", "s3://unreachable")
    monkeypatch.setenv("PULUMI_STACK", "production")
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("MAIL_DOMAINS_INVENTORY", str(PROJECT_DIR / "domains.yaml"))
    assert main(["shards"]) == 0
    assert json.loads(capsys.readouterr().out) == ["production-shard-0", "production-shard-1"]
