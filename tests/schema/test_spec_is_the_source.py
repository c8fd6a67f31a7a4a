"""Adding an input is one ``Property``: in a copy of the package with a throwaway input added
to ``scaleway.MailboxDomain``'s spec and no other edit, the schema, the native wire names, the
generated dynamic class and the diff all have it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
THROWAWAY = """
        Property(
            "catch_all_address",
            "string",
            "Where mail to unknown mailboxes goes. Changing it replaces the domain.",
            input=True,
            replace_on_change=True,
        ),
        Property("zone","""

PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi_mail_domains.native.schema import render_schema
from pulumi_mail_domains.native.wire import from_wire, to_wire
from pulumi_mail_domains.scaleway.mailbox_domain import MailboxDomainBehaviour
from pulumi_mail_domains.scaleway.spec import MAILBOX_DOMAIN

schema = json.loads(render_schema())["resources"]["mail-domains:scaleway:MailboxDomain"]
olds = {"name": "a.test", "project_id": "p", "catch_all_address": "x@a.test"}
diff = MailboxDomainBehaviour().diff("id", olds, {**olds, "catch_all_address": "y@a.test"})
print(json.dumps({
    "schema_inputs": sorted(schema["inputProperties"]),
    "wire": sorted(to_wire(MAILBOX_DOMAIN, {"catch_all_address": "x@a.test"})),
    "core": sorted(from_wire(MAILBOX_DOMAIN, {"catchAllAddress": PropertyValue("x")})),
    "replaces": diff.replaces,
}))
"""


def test_a_new_input_reaches_schema_wire_names_dynamic_class_and_diff(tmp_path: Path) -> None:
    copy = tmp_path / "provider"
    shutil.copytree(REPO / "provider", copy, ignore=shutil.ignore_patterns("__pycache__"))
    spec_file = copy / "pulumi_mail_domains" / "scaleway" / "spec.py"
    text = spec_file.read_text()
    assert text.count('        Property("zone",') == 1
    spec_file.write_text(text.replace('        Property("zone",', THROWAWAY, 1))

    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(copy)], capture_output=True, text=True, check=True
    )
    found = json.loads(probe.stdout)
    assert "catchAllAddress" in found["schema_inputs"]
    assert found["wire"] == ["catchAllAddress"] and found["core"] == ["catch_all_address"]
    assert found["replaces"] == ["catch_all_address"]

    generated = _generated_dynamic_class(copy, tmp_path)
    assert "catch_all_address: pulumi.Input[str] | None = None," in generated
    assert "    catch_all_address: pulumi.Output[str]\n" in generated
    assert ":param catch_all_address: Where mail to unknown mailboxes goes." in generated


def _generated_dynamic_class(copy: Path, tmp_path: Path) -> str:
    """What ``make dynamic`` writes for the copy (the generator run against it)."""
    scripts = tmp_path / "scripts"
    shutil.copytree(REPO / "scripts", scripts)
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    subprocess.run([sys.executable, str(scripts / "generate_dynamic.py")], check=True, cwd=tmp_path)
    return (copy / "pulumi_mail_domains" / "dynamic" / "scaleway.py").read_text()


def test_the_dynamic_classes_are_what_the_specs_generate() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "generate_dynamic.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"stale dynamic classes: run `make dynamic`\n{result.stderr}"
