"""Run the TypeScript, Go and native-Python quickstarts through the real engine.

Each quickstart has an Automation API driver (``deploy.ts``, ``deploy/main.go``, ``deploy.py``)
that runs the example's own program inline, so no Node.js, Go or Python language host is
needed: ``DRIVER up|preview|destroy STACK`` in a project directory holding the example's
``Pulumi.yaml`` and the stack's config. The stack itself is created and configured with the
CLI (:class:`support.native.CliStack`), which also reads outputs and state.

The plugin is the one ``pulumi plugin install`` put in an isolated ``PULUMI_HOME`` from the
archive ``scripts/build-plugin`` makes; ``PATH`` keeps no ``pulumi-resource-mail-domains``, so
the engine can only find the installed one.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from pulumi_mail_domains import __version__
from support.bind import BindServer
from support.emulator import FH_ACCOUNT, Emulator
from support.engine import REPO, engine_env, pulumi_bin_dir
from support.mail import assert_no_token, fullhelp_domains, scaleway_domains
from support.native import PLUGIN_NAME, CliStack, PulumiCommandError

DRIVER_TIMEOUT = 300
PLUGIN_VERSION = __version__


def require_tool(name: str) -> str:
    """The path of ``name``; a failure under CI=true, a skip elsewhere, when it is missing."""
    found = shutil.which(name)
    if found is None:
        reason = f"{name} is not installed: the {name} quickstart cannot run"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def path_without_plugin() -> str:
    """``PATH`` with the pulumi bin directory first and no directory holding the plugin."""
    entries = [pulumi_bin_dir(), *map(Path, os.environ.get("PATH", "").split(os.pathsep))]
    kept = [str(d) for d in entries if str(d) and not (d / PLUGIN_NAME).exists()]
    return os.pathsep.join(dict.fromkeys(kept))


def installed_plugin_env(
    state_dir: Path, pulumi_home: Path, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """The engine environment of a program that uses the installed plugin only."""
    env = engine_env(state_dir, extra)
    env["PULUMI_HOME"] = str(pulumi_home)
    env["PATH"] = path_without_plugin()
    return env


@dataclasses.dataclass
class Quickstart:
    """A stack of one language's quickstart: its driver and the CLI on the same project."""

    cli: CliStack
    driver: Sequence[str]
    stack: str = "test"

    def run(self, operation: str) -> dict[str, Any]:
        """``DRIVER OPERATION STACK``; the JSON line it prints (raises unless it succeeds)."""
        result = subprocess.run(
            [*self.driver, operation, self.stack],
            cwd=self.cli.project_dir,
            env=self.cli.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=DRIVER_TIMEOUT,
        )
        self.cli.log += [result.stdout, result.stderr]
        if result.returncode != 0:
            raise PulumiCommandError(
                f"{' '.join(self.driver)} {operation} exited {result.returncode}:\n"
                f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
            )
        loaded: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        return loaded


def new_quickstart(
    example: Path,
    driver: Sequence[str],
    workdir: Path,
    env: dict[str, str],
    config: Sequence[tuple[str, str, bool]],
) -> Quickstart:
    """A fresh stack of ``example`` (its Pulumi.yaml copied under ``workdir``), configured."""
    project_dir = workdir / "project"
    project_dir.mkdir(parents=True)
    shutil.copy(example / "Pulumi.yaml", project_dir / "Pulumi.yaml")
    cli = CliStack(project_dir, env)
    quickstart = Quickstart(cli, driver)
    cli.run("stack", "init", quickstart.stack)
    for key, value, secret in config:
        cli.config_set(key, value, secret=secret)
    return quickstart


def make(target: str) -> None:
    """``make TARGET`` at the repository root (installs what a quickstart needs, if stale)."""
    built = subprocess.run(
        ["make", "--no-print-directory", target],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert built.returncode == 0, f"make {target} failed:\n{built.stdout}\n{built.stderr}"


ZONE = "quickstart.test"
RECORD_SETS = 7  # 4 for Scaleway (apex TXT, DKIM, DMARC, MX), 3 for FullHelp
RESOURCES = RECORD_SETS + 4  # two domains, their validation and verification


def quickstart_config(project: str, bind: BindServer) -> list[tuple[str, str, bool]]:
    """The stack config every quickstart takes: the zone, BIND9's address, its TSIG key."""
    return [
        (f"{project}:zone", ZONE, False),
        (f"{project}:dnsServer", bind.address, False),
        (f"{project}:tsigKeyName", bind.tsig_name, False),
        ("mail-domains:dnsTsigSecret", bind.tsig_secret, True),
    ]


def check_quickstart(quickstart: Quickstart, emu: Emulator, bind: BindServer) -> None:
    """up, then preview expecting no changes, then destroy; what each must have done.

    The records reach BIND9 through the plugin's UPDATEs and the emulator's own DNS queries find
    them: that is what validates the Scaleway domain and verifies the FullHelp one.
    """
    cli = quickstart.cli
    up = quickstart.run("up")
    assert up["summary"] == {"create": RESOURCES + 1}, up  # + the stack itself
    outputs = cli.outputs()
    assert outputs["mailboxDomain"] == ZONE
    assert outputs["helpdeskDomain"] == f"support.{ZONE}"
    assert outputs["mailboxValidated"] is True
    assert outputs["helpdeskVerified"] is True
    assert outputs["helpdeskAccountId"] == FH_ACCOUNT
    (mailbox,) = [r for r in cli.resources() if r["type"] == "mail-domains:scaleway:MailboxDomain"]
    dkim_fqdn = next(r["fqdn"] for r in mailbox["outputs"]["dnsRecords"] if r["key"] == "dkim")
    assert bind.query(dkim_fqdn, "TXT") == [outputs["mailboxDkim"]]
    apex_txt = " ".join(bind.query(ZONE, "TXT"))
    assert "scaleway-mailbox=" in apex_txt and "v=spf1" in apex_txt
    assert bind.query(ZONE, "MX")
    (scw,) = scaleway_domains(emu)
    assert (scw.id, scw.name, scw.status) == (outputs["mailboxId"], ZONE, "ready")
    (fh,) = fullhelp_domains(emu)
    assert (str(fh.id), fh.domain) == (str(outputs["helpdeskId"]), f"support.{ZONE}")
    assert len(cli.resources("mail-domains:dns:RecordSet")) == RECORD_SETS
    # The SDK asked the engine for the plugin version it was generated for, and got it.
    (provider,) = cli.resources("pulumi:providers:mail-domains")
    assert provider["inputs"]["version"] == PLUGIN_VERSION

    preview = quickstart.run("preview")
    assert preview["changes"] == {"same": RESOURCES + 1}, preview

    state = json.dumps(cli.export())
    assert_no_token(state, "exported state", [bind.tsig_secret])
    assert_no_token(cli.log_text(), "engine output", [bind.tsig_secret])
    # Found in PULUMI_HOME, not on PATH: no "using ... from $PATH" or any other warning.
    assert "warning" not in cli.log_text().lower(), cli.log_text()[-3000:]

    destroy = quickstart.run("destroy")
    assert destroy["summary"] == {"delete": RESOURCES + 1}, destroy
    assert scaleway_domains(emu) == []
    assert fullhelp_domains(emu) == []
    assert bind.query(dkim_fqdn, "TXT") == []
    assert bind.query(ZONE, "MX") == []
    assert cli.resources("mail-domains:") == []
