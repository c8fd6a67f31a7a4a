"""schema.json: what the plugin serves, up to date, valid for Pulumi, true to the classes."""

from __future__ import annotations

import importlib
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

import jsonschema
import pytest

from pulumi_mail_domains.core.spec import DNS_RECORD, ResourceSpec
from pulumi_mail_domains.native.config import CONFIG_KEYS
from pulumi_mail_domains.native.resources import SPECS
from pulumi_mail_domains.native.schema import render_schema
from support.engine import engine_env

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "schema.json"
CLI_MODULE = REPO / "tools" / "pulumi-cli"
PULUMI_PKG = "github.com/pulumi/pulumi/pkg/v3"
PLUGIN = Path(sys.executable).parent / "pulumi-resource-mail-domains"
TOKENS = {
    "mail-domains:dns:RecordSet",
    "mail-domains:fullhelp:Domain",
    "mail-domains:fullhelp:DomainVerification",
    "mail-domains:scaleway:MailboxDomain",
    "mail-domains:scaleway:MailboxDomainValidation",
}
DNS_RECORD_TOKEN = "mail-domains:index:DnsRecord"
MERGE_TOKEN = "mail-domains:dns:mergeSenderPolicies"
VIEWS_TOKEN = "mail-domains:index:recordViews"
SENDER_POLICY_TYPES = {
    f"mail-domains:index:{name}"
    for name in ("SenderDomain", "SpfMechanisms", "DmarcPolicy", "SpfRecord", "DmarcRecord")
}
SECRET_SETTINGS = {"scalewaySecretKey", "fullhelpToken", "dnsTsigSecret"}
SETTINGS = SECRET_SETTINGS | {
    "scalewayProjectId",
    "scalewayApiUrl",
    "fullhelpAccountId",
    "fullhelpUrl",
    "dnsTsigKeyName",
    "scalewayRequestsPerSecond",
    "fullhelpRequestsPerSecond",
    "recordViews",
}


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_schema", REPO / "scripts" / "generate_schema.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
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
    assert SCHEMA.read_text() == render_schema(), "schema.json is stale: run `make schema`"


def test_check_mode_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "schema.json"
    stale.write_text("{}\n")
    assert generate_schema.main(["--check", "--output", str(stale)]) == 1
    assert generate_schema.main(["--check", "--output", str(SCHEMA)]) == 0
    written = tmp_path / "written.json"
    assert generate_schema.main(["--output", str(written)]) == 0
    assert written.read_text() == SCHEMA.read_text()


def test_schema_json_is_what_the_plugin_serves(
    schema: dict[str, Any], pulumi_engine: Path, tmp_path: Path
) -> None:
    """The engine starts the installed plugin and asks it for its schema (GetSchema)."""
    assert PLUGIN.is_file(), f"{PLUGIN} is not installed (the console script of the package)"
    served = subprocess.run(
        [str(pulumi_engine / "pulumi"), "package", "get-schema", str(PLUGIN)],
        cwd=tmp_path,
        env=engine_env(tmp_path / "state"),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert served.returncode == 0, served.stderr
    assert json.loads(served.stdout) == schema


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
        "name": "mail-domains",
        "resources": {"not a token": {"properties": {"x": {"type": "text"}}}},
    }
    assert len(list(validator.iter_errors(broken))) >= 2


def test_package_and_tokens(schema: dict[str, Any]) -> None:
    assert schema["name"] == "mail-domains"
    assert set(schema["resources"]) == TOKENS
    assert set(schema["types"]) == {DNS_RECORD_TOKEN, *SENDER_POLICY_TYPES}
    assert set(schema["functions"]) == {MERGE_TOKEN, VIEWS_TOKEN}
    merge = schema["functions"][MERGE_TOKEN]
    assert merge["inputs"]["required"] == ["domains"]
    assert set(merge["outputs"]["properties"]) == {"spf", "dmarc"}
    views = schema["functions"][VIEWS_TOKEN]
    assert views["inputs"]["required"] == ["domain", "records", "zone"]
    assert views["outputs"]["required"] == ["dnsRecords", "records", "zoneFile"]
    for token, function in ((MERGE_TOKEN, merge), (VIEWS_TOKEN, views)):
        for group in ("inputs", "outputs"):
            for name, prop in function[group]["properties"].items():
                assert prop["description"].strip(), f"{token} {group} {name}"
    for token, resource in schema["resources"].items():
        assert resource["description"].strip(), token
        assert f"pulumi import {token} NAME ID" in resource["description"]
        for group in ("inputProperties", "properties"):
            for name, prop in resource[group].items():
                assert prop["description"].strip(), f"{token} {group} {name}"


def _property_names(schema: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for resource in [*schema["resources"].values(), schema["provider"]]:
        names |= set(resource.get("inputProperties", {})) | set(resource.get("properties", {}))
    for kind in schema["types"].values():
        names |= set(kind["properties"])
    return names | set(schema["config"]["variables"])


def test_property_names_are_camel_case(schema: dict[str, Any]) -> None:
    names = _property_names(schema)
    assert [n for n in names if not re.fullmatch(r"[a-z][a-zA-Z0-9]*", n)] == []
    expected = {
        "projectId",
        "adoptExisting",
        "forceDestroy",
        "dnsRecords",
        "zoneFile",
        "mailboxTotalCount",
        "timeoutSeconds",
        "domainId",
        "accountId",
        "requireAllRecords",
        "txtChunks",
        "tsigKeyName",
    }
    assert expected <= names


def test_config_variables_and_provider_inputs(schema: dict[str, Any]) -> None:
    variables = schema["config"]["variables"]
    provider = schema["provider"]
    assert set(variables) == set(provider["inputProperties"]) == SETTINGS
    for name in SETTINGS:
        for spec in (variables[name], provider["inputProperties"][name]):
            assert spec.get("secret", False) is (name in SECRET_SETTINGS), name
            assert spec["description"].strip(), name
    assert variables["fullhelpAccountId"]["type"] == "integer"
    # The provider resource's outputs never echo a credential back.
    assert not SECRET_SETTINGS & set(provider.get("properties", {}))


def test_integers_are_integers(schema: dict[str, Any]) -> None:
    record = schema["types"][DNS_RECORD_TOKEN]["properties"]
    assert {record[k]["type"] for k in ("ttl", "priority", "weight", "port")} == {"integer"}
    fullhelp = schema["resources"]["mail-domains:fullhelp:Domain"]["properties"]
    assert fullhelp["accountId"]["type"] == "integer"
    scaleway = schema["resources"]["mail-domains:scaleway:MailboxDomain"]["properties"]
    assert scaleway["mailboxTotalCount"]["type"] == "integer"


def _dynamic_class(spec: ResourceSpec) -> type:
    module = importlib.import_module(f"pulumi_mail_domains.{spec.module}")
    cls: type = getattr(module, spec.name)
    return cls


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.module}.{s.name}")
def test_dynamic_class_is_true_to_its_spec(spec: ResourceSpec) -> None:
    """One description: the dynamic class's typed signature is the spec's, name for name."""
    cls = _dynamic_class(spec)
    init = inspect.signature(cls.__init__).parameters.values()  # type: ignore[misc]
    keywords = {p.name: p for p in init if p.kind is inspect.Parameter.KEYWORD_ONLY}
    inputs = set(keywords) - {"opts"}
    required = {name for name in inputs if keywords[name].default is inspect.Parameter.empty}
    outputs = {
        name
        for name, annotation in vars(cls)["__annotations__"].items()
        if str(annotation).startswith("pulumi.Output[")
    }
    assert inputs == {p.name for p in spec.inputs}
    assert required == {p.name for p in spec.inputs if p.required}
    assert outputs == {p.name for p in spec.outputs}


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.module}.{s.name}")
def test_schema_resource_is_the_spec_in_camel_case(
    schema: dict[str, Any], spec: ResourceSpec
) -> None:
    resource = schema["resources"][f"mail-domains:{spec.module}:{spec.name}"]
    assert set(resource["inputProperties"]) == {p.wire_name for p in spec.inputs}
    assert set(resource["requiredInputs"]) == {p.wire_name for p in spec.inputs if p.required}
    assert set(resource["properties"]) == {p.wire_name for p in spec.outputs}
    replaced = {n for n, p in resource["inputProperties"].items() if p.get("replaceOnChanges")}
    assert replaced == {p.wire_name for p in spec.inputs if p.replace_on_change}


def test_dns_record_type_matches_the_typed_dict(schema: dict[str, Any]) -> None:
    from pulumi_mail_domains.core.records import DnsRecord

    record = schema["types"][DNS_RECORD_TOKEN]
    assert record["type"] == "object"
    assert {p.name for p in DNS_RECORD.properties} == set(DnsRecord.__annotations__)
    assert set(record["properties"]) == {p.wire_name for p in DNS_RECORD.properties}
    assert "txtChunks" in record["properties"]
    nullable = {"priority", "weight", "port", "txtChunks", "error"}
    assert set(record["required"]) == set(record["properties"]) - nullable
    ref = {"$ref": f"#/types/{DNS_RECORD_TOKEN}"}
    for token in ("scaleway:MailboxDomain", "fullhelp:Domain"):
        outputs = schema["resources"][f"mail-domains:{token}"]["properties"]
        assert outputs["dnsRecords"]["items"] == ref
        assert outputs["records"]["additionalProperties"] == ref


def test_config_keys_are_the_interface_names() -> None:
    assert {f"mail-domains:{k.prop.wire_name}" for k in CONFIG_KEYS} == {
        f"mail-domains:{name}" for name in SETTINGS
    }


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
