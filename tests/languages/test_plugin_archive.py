"""The plugin installed the Pulumi way: the archive `make plugin` builds, `pulumi plugin install
resource mail-domains VERSION --file ARCHIVE`, then the engine finds it with nothing on PATH."""

from __future__ import annotations

import json
import re
import subprocess
import tarfile
from pathlib import Path

import yaml

from support.engine import REPO, pulumi_bin_dir
from support.languages import PLUGIN_VERSION, installed_plugin_env, path_without_plugin


def _pulumi(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(pulumi_bin_dir() / "pulumi"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, f"pulumi {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def test_archive_holds_the_plugin_and_its_descriptor(plugin_archive: Path) -> None:
    with tarfile.open(plugin_archive) as archive:
        members = {m.name.removeprefix("./"): m for m in archive.getmembers()}
        descriptor = archive.extractfile(members["PulumiPlugin.yaml"])
        assert descriptor is not None
        assert yaml.safe_load(descriptor) == {"name": "mail-domains", "runtime": "python"}
    launcher = members["pulumi-resource-mail-domains"]
    assert launcher.isfile() and launcher.mode & 0o111 == 0o111
    assert "__main__.py" in members
    assert "vendor/pulumi_mail_domains/native/server.py" in members
    assert "vendor/pulumi/provider/experimental/server.py" in members


def test_the_installed_plugin_serves_the_schema(plugin_home: Path, tmp_path: Path) -> None:
    """`pulumi plugin ls` lists it in the isolated PULUMI_HOME, and its launcher, with only
    what the archive vendors, answers the engine's GetSchema with schema.json. (The quickstarts
    show the engine finding it there by itself when a program asks for this version.)"""
    assert "pulumi-resource-mail-domains" not in path_without_plugin()
    env = installed_plugin_env(tmp_path, plugin_home)
    listed = json.loads(_pulumi(env, "plugin", "ls", "--json", cwd=tmp_path).stdout)
    assert [(p["name"], p["kind"], p["version"]) for p in listed] == [
        ("mail-domains", "resource", PLUGIN_VERSION)
    ]
    launcher = (
        plugin_home
        / "plugins"
        / f"resource-mail-domains-v{PLUGIN_VERSION}"
        / "pulumi-resource-mail-domains"
    )
    served = _pulumi(env, "package", "get-schema", str(launcher), cwd=tmp_path)
    assert json.loads(served.stdout) == json.loads((REPO / "schema.json").read_text())
    assert "warning" not in served.stderr.lower(), served.stderr


def test_the_cli_is_the_pinned_version(pulumi_engine: Path) -> None:
    pinned = re.search(
        r"github\.com/pulumi/pulumi/pkg/v3 (v\S+)",
        (REPO / "tools" / "pulumi-cli" / "go.mod").read_text(),
    )
    assert pinned is not None
    reported = subprocess.run(
        [str(pulumi_engine / "pulumi"), "version"], capture_output=True, text=True, check=True
    )
    assert reported.stdout.strip() == pinned.group(1) == "v3.276.0"
