"""schema.json: generated from the code, up to date, valid for Pulumi, true to the classes."""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import jsonschema  # type: ignore[import-untyped]
import pytest

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "schema.json"
CLI_MODULE = REPO / "tools" / "pulumi-cli"
PULUMI_PKG = "github.com/pulumi/pulumi/pkg/v3"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_schema", REPO / "scripts" / "generate_schema.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


generate_schema = _generator()


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA.read_text())
    return loaded


def _missing(reason: str) -> NoReturn:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def metaschema() -> dict[str, Any]:
    """``codegen/schema/pulumi.json`` of the pinned pulumi/pkg module (in the Go module cache)."""
    go = shutil.which("go")
    if go is None:
        _missing("Go is not installed: cannot locate Pulumi's metaschema")
    found = subprocess.run(
        [go, "list", "-m", "-f", "{{.Dir}}", PULUMI_PKG],
        cwd=CLI_MODULE,
        capture_output=True,
        text=True,
        env={**os.environ, "GOPROXY": "off"},  # the module cache only, never the network
        check=False,
    )
    directory = found.stdout.strip()
    path = Path(directory) / "codegen" / "schema" / "pulumi.json"
    if found.returncode != 0 or not directory or not path.is_file():
        _missing(
            f"{PULUMI_PKG} is not in the Go module cache (run scripts/install-pulumi): "
            f"{found.stderr.strip() or path}"
        )
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded


def _python_patterns(node: Any) -> Any:
    """The metaschema with its ECMA-262 named groups ``(?<name>...)`` in Python's syntax."""
    if isinstance(node, dict):
        return {
            key: re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", value)
            if key == "pattern" and isinstance(value, str)
            else _python_patterns(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_python_patterns(item) for item in node]
    return node


def test_schema_is_up_to_date() -> None:
    expected = generate_schema.render(generate_schema.build_schema())
    assert SCHEMA.read_text() == expected, "schema.json is stale: run `make schema`"


def test_check_mode_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "schema.json"
    stale.write_text("{}\n")
    assert generate_schema.main(["--check", "--output", str(stale)]) == 1
    assert generate_schema.main(["--check", "--output", str(SCHEMA)]) == 0


def test_schema_validates_against_pulumis_metaschema(
    schema: dict[str, Any], metaschema: dict[str, Any]
) -> None:
    assert metaschema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator_class = jsonschema.validators.validator_for(metaschema)
    assert validator_class is jsonschema.Draft202012Validator
    compatible = _python_patterns(metaschema)
    validator_class.check_schema(compatible)
    validator = validator_class(compatible, format_checker=validator_class.FORMAT_CHECKER)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(schema)]
    assert errors == []


def test_metaschema_rejects_a_broken_schema(metaschema: dict[str, Any]) -> None:
    """The validation is not vacuous: a bad token and an unknown type are caught."""
    validator = jsonschema.Draft202012Validator(_python_patterns(metaschema))
    broken = {
        "name": "pulumi-mail-domains",
        "resources": {"not a token": {"properties": {"x": {"type": "text"}}}},
    }
    assert len(list(validator.iter_errors(broken))) >= 2


def test_every_resource_is_described(schema: dict[str, Any]) -> None:
    tokens = {token for token, _ in generate_schema.resource_classes()}
    assert (
        set(schema["resources"])
        == tokens
        == {
            "pulumi-mail-domains:dns:RecordSet",
            "pulumi-mail-domains:fullhelp:Domain",
            "pulumi-mail-domains:fullhelp:DomainVerification",
            "pulumi-mail-domains:scaleway:MailboxDomain",
            "pulumi-mail-domains:scaleway:MailboxDomainValidation",
        }
    )
    for token, resource in schema["resources"].items():
        dynamic = token.replace("pulumi-mail-domains:", "pulumi-python:dynamic/", 1)
        assert f"`{dynamic}`" in resource["description"]
        for group in ("inputProperties", "properties"):
            for name, prop in resource[group].items():
                assert prop["description"].strip(), f"{token} {group} {name}"


@pytest.mark.parametrize("token_and_class", list(generate_schema.resource_classes()), ids=str)
def test_declared_inputs_and_outputs_match_the_schema(
    schema: dict[str, Any], token_and_class: tuple[str, type]
) -> None:
    token, cls = token_and_class
    resource = schema["resources"][token]
    init = inspect.signature(cls.__init__).parameters.values()  # type: ignore[misc]
    keywords = {p.name: p for p in init if p.kind is inspect.Parameter.KEYWORD_ONLY}
    inputs = set(keywords) - {"opts"}
    required = {name for name in inputs if keywords[name].default is inspect.Parameter.empty}
    outputs = {
        name
        for name, annotation in vars(cls)["__annotations__"].items()
        if str(annotation).startswith("pulumi.Output[")
    }
    assert set(resource["inputProperties"]) == inputs
    assert set(resource["requiredInputs"]) == required
    assert set(resource["properties"]) == outputs
    assert set(resource["required"]) <= outputs


def test_dns_record_type_matches_the_typed_dict(schema: dict[str, Any]) -> None:
    from pulumi_mail_domains.records import DnsRecord

    record = schema["types"]["pulumi-mail-domains:index:DnsRecord"]
    assert record["type"] == "object"
    assert set(record["properties"]) == set(DnsRecord.__annotations__)
    nullable = {"priority", "weight", "port", "txt_chunks", "error"}
    assert set(record["required"]) == set(DnsRecord.__annotations__) - nullable
    ref = {"$ref": "#/types/pulumi-mail-domains:index:DnsRecord"}
    for token in ("scaleway:MailboxDomain", "fullhelp:Domain"):
        outputs = schema["resources"][f"pulumi-mail-domains:{token}"]["properties"]
        assert outputs["dns_records"]["items"] == ref
        assert outputs["records"]["additionalProperties"] == ref


def test_schema_binds_with_pulumis_codegen() -> None:
    """Pulumi's own binder (tools/schema-check) resolves every type reference and token."""
    go = shutil.which("go")
    if go is None:
        _missing("Go is not installed: cannot run Pulumi's schema binder")
    checked = subprocess.run(
        [go, "run", "-modfile=../pulumi-cli/go.mod", ".", str(SCHEMA)],
        cwd=REPO / "tools" / "schema-check",
        capture_output=True,
        text=True,
        env={**os.environ, "GOPROXY": "off"},
        check=False,
        timeout=300,
    )
    if "schema-check:" not in checked.stdout:
        _missing(f"cannot build tools/schema-check offline: {checked.stderr.strip()[-500:]}")
    assert checked.returncode == 0, checked.stdout
    assert "binds: 5 resources" in checked.stdout
