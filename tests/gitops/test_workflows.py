"""The CI files users copy run exactly the pipeline's commands, with secrets only from the store."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]
from pipeline import CREATES_STACK, STAGES, main, stage_commands

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


def steps(name: str) -> list[dict[str, Any]]:
    (job,) = workflow(name)["jobs"].values()
    return list(job["steps"])


def pinned_cli() -> str:
    go_mod = (REPO / "tools" / "pulumi-cli" / "go.mod").read_text()
    match = re.search(r"github.com/pulumi/pulumi/pkg/v3 v(\S+)", go_mod)
    assert match
    return match.group(1)


def test_stage_commands() -> None:
    heal = [
        str(Path(sys.executable).parent / "mail-domains"),
        "heal",
        "--stack",
        "prod",
        "--cwd",
        str(PROJECT_DIR),
    ]
    assert stage_commands("preview", "prod") == [
        ["pulumi", "stack", "select", "--stack", "prod", "--cwd", str(PROJECT_DIR),
         "--non-interactive", "--create"],
        heal,
        ["pulumi", "preview", "--diff", "--stack", "prod", "--cwd", str(PROJECT_DIR),
         "--non-interactive"],
    ]  # fmt: skip
    up = ["pulumi", "up", "--yes", "--skip-preview", "--refresh"]
    assert stage_commands("up", "prod")[1] == heal
    assert stage_commands("up", "prod")[2][:5] == up
    drift = stage_commands("drift", "prod")
    assert "--create" not in drift[0], "drift on a stack that does not exist is an error"
    assert len(drift) == 2, "drift only reports: it heals nothing"
    assert drift[1][:5] == ["pulumi", "preview", "--refresh", "--expect-no-changes", "--diff"]


def test_the_pull_request_preview_heals_first_and_every_job_knows_its_stale_lock_age() -> None:
    runs = [str(s.get("run", "")) for s in steps("preview.yml")]
    assert 'mail-domains heal --stack "$PULUMI_STACK" --cwd .' in runs
    for name in ("preview.yml", "up.yml"):
        document = workflow(name)
        (job,) = document["jobs"].values()
        assert document["env"]["MAIL_DOMAINS_STALE_LOCK_MINUTES"] == str(job["timeout-minutes"])


def test_the_pull_request_preview_is_the_pipelines_preview() -> None:
    (action,) = [
        s
        for s in steps("preview.yml")
        if str(s.get("uses", "")).startswith("pulumi/") and "command" in s.get("with", {})
    ]
    assert action["uses"] == "pulumi/actions@v6"
    inputs = action["with"]
    # pulumi/actions runs `pulumi preview` (+ --diff with diff: true) on stack-name in work-dir,
    # creating the stack with upsert: the invocation of `pipeline.py preview`.
    assert STAGES["preview"] == ("preview", "--diff")
    assert (inputs["command"], inputs["diff"]) == ("preview", True)
    assert inputs["upsert"] is CREATES_STACK["preview"] is True
    assert inputs["stack-name"] == "${{ env.PULUMI_STACK }}"
    assert inputs["cloud-url"] == "${{ env.PULUMI_BACKEND_URL }}"
    assert (inputs["work-dir"], inputs["comment-on-pr"]) == (".", True)
    assert str(inputs["pulumi-version"]) == pinned_cli()
    assert workflow("preview.yml")["permissions"]["pull-requests"] == "write"


@pytest.mark.parametrize(("name", "stage"), [("up.yml", "up"), ("drift.yml", "drift")])
def test_main_and_schedule_run_the_pipeline(name: str, stage: str) -> None:
    runs = [s["run"] for s in steps(name) if "run" in s]
    assert f"python pipeline.py {stage}" in runs
    (install,) = [s for s in steps(name) if s.get("uses") == "pulumi/actions@v6"]
    assert "command" not in install["with"], "the action only installs the CLI here"
    assert str(install["with"]["pulumi-version"]) == pinned_cli()
    triggers = workflow(name)[True]  # YAML 1.1 reads the key `on` as true
    assert ("schedule" in triggers) is (stage == "drift")


def test_gitlab_has_the_same_three_stages() -> None:
    pipeline = yaml.safe_load(GITLAB.read_text())
    assert pipeline["stages"] == ["preview", "up", "drift"]
    for stage in ("preview", "up", "drift"):
        script = "\n".join(pipeline[stage]["script"])
        assert f"python pipeline.py {stage}" in script
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
    assert main(["deploy"]) == 2
    monkeypatch.delenv("PULUMI_BACKEND_URL", raising=False)
    monkeypatch.setenv("PULUMI_STACK", "prod")
    monkeypatch.setenv("PATH", "")  # pulumi cannot even be found: it must not be needed
    assert main(["up"]) == 2
    assert "set PULUMI_BACKEND_URL first" in capsys.readouterr().err
