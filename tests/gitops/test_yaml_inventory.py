"""The GitOps inventory as a Pulumi YAML program (examples/gitops-yaml), end to end.

``render.py`` turns ``domains.yaml`` into ``Pulumi.yaml``: the checked-in program must be what
the checked-in inventory renders to (what CI's ``render.py --check`` enforces), a stale program
or a sharded inventory fails the check, and a rendered inventory goes up through the real CLI,
YAML host and native plugin against the emulator verifying through BIND9, previews no change,
loses exactly the domain whose entry is removed, and is destroyed without leftovers.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from support.bind import BindServer
from support.emulator import Emulator
from support.mail import fullhelp_domains, scaleway_domains, unique_label
from support.native import new_cli_stack

pytestmark = pytest.mark.dns

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "gitops-yaml"
RENDER = EXAMPLE / "render.py"
ZONE = "example.test"  # one of the BIND_ZONES the session's BIND9 serves


def _load_render() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gitops_yaml_render", RENDER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


render = _load_render()


def run_render(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(RENDER), *args], capture_output=True, text=True, check=False
    )


def test_the_checked_in_program_is_what_the_inventory_renders_to() -> None:
    checked = run_render("--check")
    assert checked.returncode == 0, checked.stderr
    program = yaml.safe_load((EXAMPLE / "Pulumi.yaml").read_text())
    names = {block["name"] for block in program["resources"].values()}
    # The Python GitOps program's names: <vendor>-<name>, its record sets, its verification.
    assert {
        "scaleway-example.com",
        "scaleway-example.com-domain-validation-spf",
        "scaleway-example.com-validation",
        "fullhelp-support.example.com-return-path",
        "fullhelp-support.example.com-verification",
        "fullhelp-help.example.org",
    } <= names
    assert not any(name.startswith("fullhelp-help.example.org-") for name in names)


def test_a_stale_program_fails_the_check(tmp_path: Path) -> None:
    stale = tmp_path / "Pulumi.yaml"
    text = (EXAMPLE / "Pulumi.yaml").read_text()
    stale.write_text(text.replace("timeoutSeconds: 600", "timeoutSeconds: 60", 1))
    checked = run_render("--check", "--out", str(stale))
    assert checked.returncode == 1
    assert "is not what" in checked.stderr and "run `python render.py`" in checked.stderr
    assert run_render("--out", str(stale)).returncode == 0
    assert stale.read_text() == text


def test_a_sharded_or_wrong_inventory_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    out = tmp_path / "Pulumi.yaml"
    sharded = tmp_path / "sharded.yaml"
    sharded.write_text("shards: 2\ndomains:\n  - {vendor: scaleway, name: a.example.com}\n")
    refused = run_render("--inventory", str(sharded), "--out", str(out))
    assert refused.returncode == 1 and "shards" in refused.stderr
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("domains:\n  - {vendor: scaleway, name: a.example.com, project_id: eu}\n")
    refused = run_render("--inventory", str(wrong), "--out", str(out))
    assert refused.returncode == 1
    assert "entry 0 (name 'a.example.com'): field 'project_id'" in refused.stderr
    assert not out.exists()


def inventory(tag: str, bind: BindServer, *, with_quiet: bool = True) -> dict[str, Any]:
    """A Scaleway and a FullHelp domain published and verified, and one left unpublished."""
    common = {"zone": ZONE, "records": "primary", "verify": True, "verify_timeout_seconds": 60}
    domains: list[dict[str, Any]] = [
        {"vendor": "scaleway", "name": f"mail-{tag}.{ZONE}", **common},
        {"vendor": "fullhelp", "name": f"help-{tag}.{ZONE}", **common},
    ]
    if with_quiet:
        domains.append({"vendor": "fullhelp", "name": f"quiet-{tag}.{ZONE}", "zone": ZONE})
    return {
        "dns_servers": {"primary": {"server": bind.address, "tsig_key_name": bind.tsig_name}},
        "domains": domains,
    }


def rendered(data: dict[str, Any], path: Path) -> str:
    path.write_text(yaml.safe_dump(data))
    text: str = render.render(render.load(path))
    return text


def test_inventory_up_preview_remove_an_entry_destroy(
    pulumi_engine: Path, gitops_emu: Emulator, bind_server: BindServer, tmp_path: Path
) -> None:
    tag = unique_label("y")
    mail, help_, quiet = (f"{prefix}-{tag}.{ZONE}" for prefix in ("mail", "help", "quiet"))
    source = tmp_path / "domains.yaml"
    stack = new_cli_stack(
        rendered(inventory(tag, bind_server), source),
        tmp_path / "stack",
        env={**gitops_emu.provider_env(), "DNS_TSIG_SECRET": bind_server.tsig_secret},
    )
    try:
        stack.up()
        domains = stack.outputs()["domains"]
        assert domains[f"scaleway-{mail}"]["ready"] is True
        assert domains[f"fullhelp-{help_}"]["ready"] is True
        assert domains[f"fullhelp-{quiet}"]["ready"] is False  # not published, not verified
        assert [(d.name, d.status) for d in scaleway_domains(gitops_emu)] == [(mail, "ready")]
        assert sorted(d.domain for d in fullhelp_domains(gitops_emu)) == [help_, quiet]
        assert bind_server.query(mail, "MX")
        assert len(stack.resources("mail-domains:dns:RecordSet")) == 11 + 3
        # recordViews: stored (the program's config): each domain's state entry stays lean.
        domain_types = ("mail-domains:scaleway:MailboxDomain", "mail-domains:fullhelp:Domain")
        for entry in stack.resources():
            if entry["type"] in domain_types:
                size = len(json.dumps(entry, separators=(",", ":")))
                print(f"\n{entry['type']}: {size} bytes in the state")
                assert size <= 4096, entry["urn"]
                assert "storedRecords" in entry["outputs"] and "zoneFile" not in entry["outputs"]
        stack.preview(expect_no_changes=True)

        # Removing an entry (and rendering again) deletes exactly that domain.
        stack.write_program(rendered(inventory(tag, bind_server, with_quiet=False), source))
        stack.up()
        assert [d.domain for d in fullhelp_domains(gitops_emu)] == [help_]
        assert [d.name for d in scaleway_domains(gitops_emu)] == [mail]
        stack.preview(expect_no_changes=True)
    finally:
        stack.destroy()
    assert scaleway_domains(gitops_emu) == [] and fullhelp_domains(gitops_emu) == []
    assert bind_server.query(mail, "MX") == []
    assert stack.resources("mail-domains:") == []
