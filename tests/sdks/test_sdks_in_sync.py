"""The SDKs under sdk/ are what tools/sdk-gen writes from schema.json (run `make sdks`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import NoReturn

import pytest

from pulumi_mail_domains import __version__
from pulumi_mail_domains.native.schema import GO_IMPORT_BASE

REPO = Path(__file__).resolve().parents[2]
SDK = REPO / "sdk"
LANGUAGES = ("nodejs", "go", "python")
GO_MODULE = GO_IMPORT_BASE.rsplit("/", 1)[0]
# go.mod is tidied by `make sdks` (go mod tidy adds the indirect requirements) and go.sum is
# written by it: both are checked for what matters instead of byte for byte.
TIDIED = {"go/go.mod", "go/go.sum"}
PKG_REQUIRE = re.compile(r"^\s*github\.com/pulumi/pulumi/pkg/v3 (v\S+)", re.MULTILINE)
SDK_REQUIRE = re.compile(r"github\.com/pulumi/pulumi/sdk/v3 (v\S+)")


def _missing(reason: str) -> NoReturn:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` git would track (ignored build output left out)."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z", "--", "."],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    names = [name for name in listed.split("\0") if name and (root / name).is_file()]
    return {name: (root / name).read_bytes() for name in names}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three SDKs regenerated from schema.json into a scratch directory."""
    go = shutil.which("go")
    if go is None:
        _missing("Go is not installed: cannot run tools/sdk-gen")
    out = tmp_path_factory.mktemp("sdk")
    ran = subprocess.run(
        [go, "run", ".", str(REPO / "schema.json"), str(out)],
        cwd=REPO / "tools" / "sdk-gen",
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert ran.returncode == 0, f"tools/sdk-gen failed:\n{ran.stderr[-3000:]}"
    return out


def _generated_files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_sdk_is_what_the_generator_writes(generated: Path, language: str) -> None:
    fresh = _generated_files(generated / language)
    checked_in = _files(SDK / language)
    tidied = {name.removeprefix(f"{language}/") for name in TIDIED if name.startswith(language)}
    fresh = {k: v for k, v in fresh.items() if k not in tidied}
    kept = {k: v for k, v in checked_in.items() if k not in tidied}
    stale = sorted(k for k in fresh.keys() & kept.keys() if fresh[k] != kept[k])
    assert (sorted(fresh.keys() - kept.keys()), sorted(kept.keys() - fresh.keys()), stale) == (
        [],
        [],
        [],
    ), f"sdk/{language} is not what schema.json generates: run `make sdks`"


def test_go_module_is_the_one_the_code_imports(generated: Path) -> None:
    go_mod = (SDK / "go" / "go.mod").read_text()
    assert go_mod.startswith(f"module {GO_MODULE}\n")
    assert (generated / "go" / "go.mod").read_text().startswith(f"module {GO_MODULE}\n")
    assert (SDK / "go" / "go.sum").read_text().strip()
    cli_pkg = PKG_REQUIRE.findall((REPO / "tools" / "pulumi-cli" / "go.mod").read_text())
    # The generators, the Go SDK's Pulumi dependency and the CLI are one Pulumi version.
    assert PKG_REQUIRE.findall((REPO / "tools" / "sdk-gen" / "go.mod").read_text()) == cli_pkg
    assert SDK_REQUIRE.findall(go_mod) == cli_pkg
    imports = {
        line.split('"')[1]
        for path in (SDK / "go").rglob("*.go")
        for line in path.read_text().splitlines()
        if "pulumi-mail-domains" in line and line.strip().startswith(('"', "maildomains "))
    }
    assert imports and all(i.startswith(GO_IMPORT_BASE) for i in imports), imports


def test_each_sdk_asks_for_the_plugin_version() -> None:
    package = json.loads((SDK / "nodejs" / "package.json").read_text())
    assert package["name"] == "@pulumi-mail-domains/mail-domains"
    assert package["version"] == __version__
    assert package["pulumi"] == {"resource": True, "name": "mail-domains", "version": __version__}
    assert package["scripts"]["build"] == "tsc"
    for plugin_json in (
        SDK / "go" / "maildomains" / "pulumi-plugin.json",
        SDK / "python" / "pulumi_mail_domains_sdk" / "pulumi-plugin.json",
    ):
        assert json.loads(plugin_json.read_text())["version"] == __version__, plugin_json
    assert f'version = "{__version__}"' in (SDK / "python" / "pyproject.toml").read_text()
    placeholders = [
        f"{language}/{name}"
        for language in LANGUAGES
        for name, data in _files(SDK / language).items()
        if b"${VERSION}" in data
    ]
    assert placeholders == []
