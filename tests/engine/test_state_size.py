"""Lean state through the dynamic classes: a Python project run with ``pulumi up`` (the way users
run it, not an inline Automation program) keeps at most 4 KB per domain for either vendor (the
engine's record of the program's call stack included), and the program still reads every view
of the records."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.emulator import Emulator
from support.engine import engine_env

STATE_BYTES_PER_DOMAIN = 4096
# Since Pulumi 3.195 the engine keeps each resource's call stack in its entry (`stackTrace`):
# 13 frames for this flat program, named relative to the project, so their bytes follow where
# this checkout and its Python live (1,246 B with the checkout at /work/main). The rest of the
# entry is this package's, and leaves that much room within the 4 KB.
CALL_STACK_ALLOWANCE = 1200
PROGRAM = """\
import pulumi
from pulumi_mail_domains import fullhelp, scaleway

scw = scaleway.MailboxDomain("scw", name="size.example.test")
fh = fullhelp.Domain("fh", domain="size.example.test")
pulumi.export("scwDkim", scw.records.apply(lambda r: r["dkim"]["content"]))
pulumi.export("scwDnsRecords", scw.dns_records)
pulumi.export("scwZoneFile", scw.zone_file)
pulumi.export("scwStored", scw.stored_records)
pulumi.export("fhZoneFile", fh.zone_file)
"""


class Project:
    """A Python project directory and the CLI run in it against a local backend."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.dir = root / "project"
        self.dir.mkdir(parents=True)
        (root / "state").mkdir()
        self.env = engine_env(root / "state", env)
        project = f"""\
            name: lean-state
            runtime:
              name: python
              options:
                virtualenv: {sys.prefix}
            """
        (self.dir / "Pulumi.yaml").write_text(textwrap.dedent(project))
        (self.dir / "__main__.py").write_text(PROGRAM)

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["pulumi", *args],
            cwd=self.dir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"pulumi {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def resources(self) -> dict[str, dict[str, Any]]:
        deployment = json.loads(self.run("stack", "export"))["deployment"]
        return {r["urn"].rsplit("::", 1)[1]: r for r in deployment.get("resources") or []}


def compact_size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":")))


@pytest.fixture
def project(pulumi_engine: Path, emu: Emulator, tmp_path: Path) -> Iterator[Project]:
    created = Project(tmp_path, emu.provider_env())
    created.run("stack", "init", "dev")
    yield created
    created.run("destroy", "--yes", "--skip-preview")


def test_dynamic_domains_stay_under_4_kb_in_a_project_run(project: Project) -> None:
    project.run("up", "--yes", "--skip-preview")

    resources = project.resources()
    for name in ("scw", "fh"):
        size = compact_size(resources[name])
        call_stack = compact_size(resources[name].get("stackTrace", []))
        print(f"\ndynamic {name}: {size} bytes in the state, {call_stack} of them the call stack")
        assert size - call_stack <= STATE_BYTES_PER_DOMAIN - CALL_STACK_ALLOWANCE, name
        assert not {"dns_records", "zone_file"} & set(resources[name]["outputs"]), name
    outputs = json.loads(project.run("stack", "output", "--json"))
    dkim = next(r for r in outputs["scwDnsRecords"] if r["key"] == "dkim")
    assert len(outputs["scwDnsRecords"]) == 12 and dkim["content"] == outputs["scwDkim"]
    assert f"{dkim['fqdn']}.\t3600\tIN\tTXT\t{dkim['content']}\n" in outputs["scwZoneFile"]
    assert outputs["scwStored"] == resources["scw"]["outputs"]["records"]
    assert outputs["fhZoneFile"].count("\n") == 3
    project.run("preview", "--expect-no-changes")
