"""The pipeline's summary: per-shard counts, the total, the failed shards named, the exit code;
and the CI matrix's reports summed up, a missing one counted as a failure. Pure logic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pipeline import ShardResult, first_error, summarize, summary_of_reports


def counts(create: int = 0, same: int = 0) -> dict[str, int]:
    return {"create": create, "update": 0, "replace": 0, "delete": 0, "same": same}


def test_the_summary_counts_each_shard_and_the_total(capsys: pytest.CaptureFixture[str]) -> None:
    results = [ShardResult("p-shard-0", counts(2, 5)), ShardResult("p-shard-1", counts(1, 3))]
    assert summarize("preview", results, None) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].split() == ["total", "3", "0", "0", "0", "8", "ok"]
    assert lines[-3].split() == ["p-shard-0", "2", "0", "0", "0", "5", "ok"]


def test_a_failed_shard_fails_the_run_and_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    results = [ShardResult("p-shard-0", counts(same=4)), ShardResult("p-shard-1", error="boom")]
    assert summarize("up", results, tmp_path / "r.json") == 1
    captured = capsys.readouterr()
    assert "pipeline: up failed in p-shard-1" in captured.err
    assert captured.out.splitlines()[-1].endswith("1 of 2 failed")
    assert [r["stack"] for r in json.loads((tmp_path / "r.json").read_text())] == [
        "p-shard-0",
        "p-shard-1",
    ]


def test_reports_of_a_matrix_are_summed_and_a_missing_one_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    report = tmp_path / "report-p-shard-0.json"
    report.write_text(json.dumps([{"stack": "p-shard-0", "counts": counts(1), "error": None}]))
    unmatched = tmp_path / "report-*.json.missing"  # what an unmatched shell glob passes
    assert summary_of_reports([report], "drift", ["p-shard-0"]) == 0
    assert summary_of_reports([report, unmatched], "drift", ["p-shard-0", "p-shard-1"]) == 1
    out = capsys.readouterr().out
    assert "no report (the job did not finish)" in out


def test_a_shards_error_is_its_cause_not_its_consequences() -> None:
    output = (
        "code: 255\n stdout: Updating (p-shard-0)\n"
        "    error: Exception calling application: DNS server answered NOTAUTH\n"
        " error: update failed\n\n stderr: error: Resource monitor has terminated, shutting down\n"
    )
    assert (
        first_error(output) == "error: Exception calling application: DNS server answered NOTAUTH"
    )
    assert first_error("stderr: error: update failed") == "error: update failed"
    assert first_error("the stack is gone") == "the stack is gone"
