"""Fixtures of the language quickstarts: the plugin installed the Pulumi way, and the emulator
in DNS mode verifying through the session's BIND9."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from support.bind import BindServer
from support.emulator import FAST_TIMINGS, Emulator, EmulatorPool
from support.engine import REPO, pulumi_bin_dir
from support.languages import PLUGIN_VERSION, installed_plugin_env


@pytest.fixture(scope="session")
def plugin_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive ``scripts/build-plugin`` (what ``make plugin`` runs) builds."""
    out = tmp_path_factory.mktemp("plugin")
    built = subprocess.run(
        [str(REPO / "scripts" / "build-plugin"), sys.executable, str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    archive = Path(built.stdout.strip().splitlines()[-1])
    assert archive.name == f"pulumi-resource-mail-domains-v{PLUGIN_VERSION}-linux-amd64.tar.gz"
    return archive


@pytest.fixture(scope="session")
def plugin_home(
    pulumi_engine: Path, plugin_archive: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A fresh ``PULUMI_HOME`` where ``pulumi plugin install ... --file`` put the plugin."""
    home = tmp_path_factory.mktemp("pulumi-home")
    env = installed_plugin_env(tmp_path_factory.mktemp("state"), home)
    installed = subprocess.run(
        [
            str(pulumi_bin_dir() / "pulumi"),
            "plugin",
            "install",
            "resource",
            "mail-domains",
            PLUGIN_VERSION,
            "--file",
            str(plugin_archive),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert installed.returncode == 0, f"{installed.stdout}\n{installed.stderr}"
    return home


@pytest.fixture
def dns_emu(emulators: EmulatorPool, bind_server: BindServer) -> Emulator:
    """A fast-lifecycle emulator that verifies records by querying the session's BIND9."""
    return emulators.get(*FAST_TIMINGS, dns_server=bind_server.address)


@pytest.fixture
def program_env(plugin_home: Path, dns_emu: Emulator, tmp_path: Path) -> dict[str, str]:
    """The environment of a quickstart's driver: installed plugin, emulator credentials."""
    (tmp_path / "state").mkdir()
    return installed_plugin_env(tmp_path / "state", plugin_home, dns_emu.provider_env())
