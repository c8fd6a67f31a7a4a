"""The package schema of the ``mail-domains`` plugin, derived from the resource specs.

What ``GetSchema`` returns and what ``schema.json`` holds (``make schema`` writes it; a test
checks it is current and binds it with Pulumi's own schema code).
"""

from __future__ import annotations

import json
from typing import Any

from pulumi_mail_domains import __version__
from pulumi_mail_domains.core.function_spec import FunctionSpec
from pulumi_mail_domains.core.spec import (
    ArrayOf,
    MapOf,
    ObjectType,
    Property,
    PropertyType,
    ResourceSpec,
)
from pulumi_mail_domains.native.config import CONFIG_KEYS, PACKAGE
from pulumi_mail_domains.native.resources import FUNCTIONS, SPECS

__all__ = ["build_schema", "render_schema"]

Json = dict[str, Any]

_SCALARS: dict[str, Json] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "any": {"$ref": "pulumi.json#/Any"},
}


def build_schema(version: str = __version__) -> Json:
    """The whole package schema as a JSON-ready dict."""
    object_types = {kind.name: kind for spec in SPECS for kind in spec.walk()}
    object_types.update({kind.name: kind for function in FUNCTIONS for kind in function.walk()})
    config = {key.prop.wire_name: _property(key.prop) for key in CONFIG_KEYS}
    return {
        "name": PACKAGE,
        "displayName": "Mail Domains",
        "version": version,
        "description": (
            "Scaleway Mailbox and FullHelp email domains as code: the DNS records each vendor"
            " asks for as outputs, bounded verification, and RFC 2136 DNS record sets."
        ),
        "keywords": ["pulumi", "email", "dns", "dkim", "scaleway", "fullhelp", "category/network"],
        "license": "Apache-2.0",
        "repository": "https://github.com/pulumi-mail-domains/pulumi-mail-domains",
        "meta": {"moduleFormat": "(.*)"},
        "language": LANGUAGES,
        "config": {"variables": config},
        "provider": {
            "description": (
                "The provider of the `mail-domains` package. Create explicit instances to use"
                " several Scaleway projects or keys, or several FullHelp instances, in one stack."
            ),
            "inputProperties": config,
            "properties": {
                name: spec for name, spec in config.items() if not CONFIG_BY_WIRE[name].secret
            },
        },
        "types": {
            f"{PACKAGE}:index:{name}": _object_type(kind) for name, kind in object_types.items()
        },
        "resources": {spec.token(PACKAGE): _resource(spec) for spec in SPECS},
        "functions": {function.token(PACKAGE): _function(function) for function in FUNCTIONS},
    }


CONFIG_BY_WIRE = {key.prop.wire_name: key.prop for key in CONFIG_KEYS}

GO_IMPORT_BASE = "github.com/pulumi-mail-domains/pulumi-mail-domains/sdk/go/maildomains"
"""The Go SDK's root package: the generator writes it to ``sdk/go/maildomains``, one directory
below the module root ``sdk/go``, so the import path must end in that same directory name."""

LANGUAGES: Json = {
    # The SDKs carry the schema's version (not a ``${VERSION}`` placeholder): it is the plugin
    # version they ask the engine for, the one `pulumi plugin install` puts in place.
    "nodejs": {
        "packageName": "@pulumi-mail-domains/mail-domains",
        "respectSchemaVersion": True,
        "dependencies": {"@pulumi/pulumi": "^3.259.0"},
    },
    "go": {
        "importBasePath": GO_IMPORT_BASE,
        "respectSchemaVersion": True,
        "generateResourceContainerTypes": True,
    },
    "python": {
        "packageName": "pulumi_mail_domains_sdk",
        "respectSchemaVersion": True,
        "pyproject": {"enabled": True},
    },
}


def render_schema(version: str = __version__) -> str:
    """schema.json's text: sorted keys, two-space indent, a trailing newline."""
    return json.dumps(build_schema(version), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _resource(spec: ResourceSpec) -> Json:
    description = f"{spec.description}\n\n## Import\n\nImport with {spec.import_id}:\n\n" + (
        f"```sh\n$ pulumi import {spec.token(PACKAGE)} NAME ID\n```"
    )
    return {
        "description": description,
        "inputProperties": {p.wire_name: _property(p, as_input=True) for p in spec.inputs},
        "requiredInputs": sorted(p.wire_name for p in spec.inputs if p.required),
        "properties": {p.wire_name: _property(p) for p in spec.outputs},
        "required": sorted(p.wire_name for p in spec.outputs if p.required),
    }


def _function(function: FunctionSpec) -> Json:
    return {
        "description": function.description,
        "inputs": {
            "properties": {p.wire_name: _property(p) for p in function.arguments},
            "required": sorted(p.wire_name for p in function.arguments if p.required),
        },
        "outputs": {
            "properties": {p.wire_name: _property(p) for p in function.results},
            "required": sorted(p.wire_name for p in function.results if p.required),
        },
    }


def _property(prop: Property, *, as_input: bool = False) -> Json:
    result = _type(prop.type)
    if as_input and prop.alternatives:
        result = {"oneOf": [_type(prop.type), *(_type(t) for t in prop.alternatives)]}
    result["description"] = prop.doc
    if as_input and prop.replace_on_change:
        result["replaceOnChanges"] = True
    if prop.secret:
        result["secret"] = True
    return result


def _type(kind: PropertyType) -> Json:
    if isinstance(kind, ArrayOf):
        return {"type": "array", "items": _type(kind.items)}
    if isinstance(kind, MapOf):
        return {"type": "object", "additionalProperties": _type(kind.values)}
    if isinstance(kind, ObjectType):
        return {"$ref": f"#/types/{PACKAGE}:index:{kind.name}"}
    return dict(_SCALARS[kind])


def _object_type(kind: ObjectType) -> Json:
    return {
        "type": "object",
        "description": kind.description,
        "properties": {p.wire_name: _property(p) for p in kind.properties},
        "required": sorted(p.wire_name for p in kind.properties if p.required),
    }
