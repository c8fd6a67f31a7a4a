"""Lean state through the dynamic classes: a Python project run with ``pulumi up`` (the way users
run it, not an inline Automation program) keeps at most 4 KB per domain for either vendor, and
the program still reads every view of the records."""

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
        size = len(json.dumps(resources[name], separators=(",", ":")))
        print(f"\ndynamic {name}: {size} bytes in the state")
        assert size <= STATE_BYTES_PER_DOMAIN, f"{name}: {size} bytes"
        assert not {"dns_records", "zone_file"} & set(resources[name]["outputs"]), name
    outputs = json.loads(project.run("stack", "output", "--json"))
    dkim = next(r for r in outputs["scwDnsRecords"] if r["key"] == "dkim")
    assert len(outputs["scwDnsRecords"]) == 12 and dkim["content"] == outputs["scwDkim"]
    assert f"{dkim['fqdn']}.\t3600\tIN\tTXT\t{dkim['content']}\n" in outputs["scwZoneFile"]
    assert outputs["scwStored"] == resources["scw"]["outputs"]["records"]
    assert outputs["fhZoneFile"].count("\n") == 3
    project.run("preview", "--expect-no-changes")
