"""Generate ``schema.json``, the Pulumi Package Schema of pulumi-mail-domains, from the code.

    python scripts/generate_schema.py           write schema.json at the repository root
    python scripts/generate_schema.py --check   exit 1 if schema.json is not what the code says

Everything comes from the resource classes, found by importing the package's subpackages:

- resources: every ``pulumi.dynamic.Resource`` subclass a subpackage exports, with the token
  ``pulumi-mail-domains:<module>:<Name>`` from the ``module=``/``name=`` class keywords (the
  engine records them as ``pulumi-python:dynamic/<module>:<Name>``); the class docstring;
- inputs: the keyword-only parameters of ``__init__`` (required when they have no default), their
  types from the annotations, their descriptions from the ``:param name:`` lines of its docstring,
  ``replaceOnChanges`` from the ``replace=`` keys of the provider's ``diff``;
- outputs: the class-level ``pulumi.Output[...]`` annotations (required unless Optional) and the
  docstrings under them (read with ``ast``), else the input's description of the same name;
- the ``DnsRecord`` TypedDict of ``records.py`` as ``pulumi-mail-domains:index:DnsRecord``.

The few descriptions the code does not carry yet are in ``FALLBACK_DESCRIPTIONS`` below; a
property with no description anywhere is an error, so new outputs need a docstring.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import importlib
import inspect
import itertools
import json
import pkgutil
import re
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, ForwardRef

REPO = Path(__file__).resolve().parents[1]
SCHEMA_PATH = REPO / "schema.json"
sys.path.insert(0, str(REPO / "provider"))  # the working tree, installed or not

import pulumi.dynamic  # noqa: E402

import pulumi_mail_domains  # noqa: E402
from pulumi_mail_domains import records  # noqa: E402

PACKAGE = "pulumi-mail-domains"
DNS_RECORD_TOKEN = f"{PACKAGE}:index:DnsRecord"
DNS_RECORD_REF = {"$ref": f"#/types/{DNS_RECORD_TOKEN}"}
SKIPPED_SUBPACKAGES = frozenset({"emulator"})  # the local API emulator is no Pulumi resource

Spec = dict[str, Any]

# Outputs declared as plain dicts that hold DnsRecords: (how the annotation nests them, schema).
RECORD_OUTPUTS: dict[str, tuple[str, Spec]] = {
    "dns_records": ("array", {"type": "array", "items": DNS_RECORD_REF}),
    "records": ("object", {"type": "object", "additionalProperties": DNS_RECORD_REF}),
}

DNS_RECORD_FIELDS: dict[str, str] = {
    "key": (
        "Stable id known before the domain exists. Scaleway: the API's record key (`dkim`, `spf`,"
        " `mx`, `dmarc`, `domain_validation`, `autoconfig`, `autodiscover`, `imap`, `pop3`,"
        " `submission`, `caldav`, `carddav`). FullHelp: the label lower-cased with"
        " non-alphanumerics as `_` (`dkim`, `spf`, `return_path`), `_2`, `_3`... when repeated."
    ),
    "label": "The API's own name for the record.",
    "level": "`required`, `recommended` or `optional` (FullHelp: `required`).",
    "type": "`TXT`, `CNAME`, `MX` or `SRV` (upper case).",
    "fqdn": "Absolute name, without the trailing dot.",
    "name": "Name relative to `zone`, `@` for the zone apex.",
    "zone": "The zone `name` is relative to.",
    "value": "TXT: the text, unquoted and unsplit; CNAME/MX/SRV: the target host, no trailing dot.",
    "priority": "MX and SRV priority; null for other types.",
    "weight": "SRV weight; null for other types.",
    "port": "SRV port; null for other types.",
    "ttl": "TTL in seconds (3600 unless configured).",
    "content": (
        "The RDATA as a zone file writes it: TXT quoted and split into strings of at most 255"
        " bytes, MX `10 host.`, SRV `0 1 993 host.`, CNAME `host.`."
    ),
    "txt_chunks": "TXT only: the pieces of at most 255 bytes, unquoted; null for other types.",
    "verified": "Whether the vendor found the record, as last reported by its API.",
    "status": "The API's per-record status, as text.",
    "error": "The API's error text for the record, or null.",
}

# Descriptions the code does not carry (yet): by resource token and property, then by property.
FALLBACK_DESCRIPTIONS: dict[str, str] = {
    "mailbox_total_count": "How many mailboxes the domain has.",
    "webmail_url": "The webmail address of the domain's mailboxes.",
    "imap_url": "The IMAP server of the domain's mailboxes.",
    "pop3_url": "The POP3 server of the domain's mailboxes.",
    "smtp_url": "The SMTP submission server of the domain's mailboxes.",
    "created_at": "When the vendor created the domain (RFC 3339, as the API reports it).",
    "updated_at": "When the vendor last changed the domain (RFC 3339, as the API reports it).",
    "subdomain": "The sending subdomain FullHelp reports for the domain, if any.",
}

PYTHON_TYPES: dict[str, Spec] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
    "Any": {"$ref": "pulumi.json#/Any"},
    "object": {"$ref": "pulumi.json#/Any"},
}
ARRAYS = frozenset({"list", "List", "Sequence", "tuple"})
MAPS = frozenset({"dict", "Dict", "Mapping"})
WRAPPERS = frozenset({"Input", "Output"})


class SchemaError(Exception):
    """The code cannot be described by a schema (an unknown type, a missing description)."""


# --- types ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PropertyType:
    """A property's schema type and whether ``None`` is allowed."""

    spec: Spec
    optional: bool


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr  # pulumi.Input -> Input, typing.Any -> Any
    raise SchemaError(f"unsupported annotation {ast.unparse(node)!r}")


def _union_members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union_members(node.left) + _union_members(node.right)
    if isinstance(node, ast.Subscript) and _dotted(node.value) == "Optional":
        return [node.slice, ast.Constant(None)]
    if isinstance(node, ast.Subscript) and _dotted(node.value) == "Union":
        elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return [m for e in elements for m in _union_members(e)]
    return [node]


def annotation_text(annotation: object) -> str:
    """An annotation as written (they are strings under ``from __future__ import annotations``)."""
    if isinstance(annotation, str):
        return annotation
    if isinstance(annotation, ForwardRef):  # TypedDict fields
        return annotation.__forward_arg__
    if isinstance(annotation, type):
        return annotation.__name__
    raise SchemaError(f"cannot read the annotation {annotation!r}")


def property_type(annotation: object) -> PropertyType:
    """The schema type of a Python annotation such as ``pulumi.Input[list[str]] | None``."""
    return _type(ast.parse(annotation_text(annotation), mode="eval").body)


def _type(node: ast.expr) -> PropertyType:
    members = _union_members(node)
    optional = any(isinstance(m, ast.Constant) and m.value is None for m in members)
    specs: list[Spec] = []
    for member in members:
        if isinstance(member, ast.Constant) and member.value is None:
            continue
        inner = _type_spec(member)
        optional = optional or inner.optional
        if inner.spec not in specs:
            specs.append(inner.spec)
    if not specs:
        raise SchemaError(f"annotation {ast.unparse(node)!r} has no type but None")
    return PropertyType(specs[0] if len(specs) == 1 else {"oneOf": specs}, optional)


def _type_spec(node: ast.expr) -> PropertyType:
    if isinstance(node, ast.Subscript):
        outer = _dotted(node.value)
        if outer in WRAPPERS:
            return _type(node.slice)
        arguments = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if outer in ARRAYS:
            return PropertyType({"type": "array", "items": _type(arguments[0]).spec}, False)
        if outer in MAPS:
            return PropertyType(
                {"type": "object", "additionalProperties": _type(arguments[-1]).spec}, False
            )
        if outer in ("Optional", "Union"):
            return _type(node)
        raise SchemaError(f"unsupported annotation {ast.unparse(node)!r}")
    if isinstance(node, ast.BinOp):
        return _type(node)
    name = _dotted(node)
    if name == "DnsRecord":
        return PropertyType(DNS_RECORD_REF, False)
    if name not in PYTHON_TYPES:
        raise SchemaError(f"no schema type for the Python type {name!r}")
    return PropertyType(PYTHON_TYPES[name], False)


# --- reading the code -----------------------------------------------------------------------


def param_descriptions(docstring: str | None) -> dict[str, str]:
    """``:param name: text`` entries of a docstring (continuation lines joined)."""
    descriptions: dict[str, str] = {}
    current: str | None = None
    for line in inspect.cleandoc(docstring or "").splitlines():
        match = re.match(r"\s*:param\s+(\w+):\s*(.*)", line)
        if match:
            current = match.group(1)
            descriptions[current] = match.group(2).strip()
        elif current and line.startswith((" ", "\t")) and line.strip():
            descriptions[current] += " " + line.strip()
        else:
            current = None
    return descriptions


def _class_node(cls: type) -> ast.ClassDef:
    source = textwrap.dedent(inspect.getsource(cls))
    node = ast.parse(source).body[0]
    if not isinstance(node, ast.ClassDef):
        raise SchemaError(f"cannot read the source of {cls.__qualname__}")
    return node


def attribute_docstrings(cls: type) -> dict[str, str]:
    """The docstrings under annotated class attributes: ``x: T`` then a string literal."""
    body = _class_node(cls).body
    docs: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs


def replaced_inputs(module: ModuleType) -> set[str]:
    """Inputs whose change replaces the resource, read from its provider's ``diff``.

    Recognizes ``diff_inputs(..., replace=("a", "b"))`` and a ``replaces = [k for k in ("a",
    "b") ...]`` comprehension.
    """
    providers = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and issubclass(obj, pulumi.dynamic.ResourceProvider)
        and obj.__module__ == module.__name__
    ]
    keys: set[str] = set()
    for provider in providers:
        for node in ast.walk(_class_node(provider)):
            if isinstance(node, ast.keyword) and node.arg == "replace":
                keys |= _string_tuple(node.value)
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "replaces" for t in node.targets)
                and isinstance(node.value, ast.ListComp)
            ):
                for generator in node.value.generators:
                    keys |= _string_tuple(generator.iter)
    return keys


def _string_tuple(node: ast.expr) -> set[str]:
    if isinstance(node, ast.Tuple | ast.List):
        return {
            e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
        }
    return set()


def resource_classes() -> Iterator[tuple[str, type[pulumi.dynamic.Resource]]]:
    """Each exported dynamic resource class of the package, with its schema token."""
    found: dict[str, type[pulumi.dynamic.Resource]] = {}
    for info in pkgutil.iter_modules(pulumi_mail_domains.__path__):
        if not info.ispkg or info.name.startswith("_") or info.name in SKIPPED_SUBPACKAGES:
            continue
        subpackage = importlib.import_module(f"{pulumi_mail_domains.__name__}.{info.name}")
        for name in getattr(subpackage, "__all__", ()):
            obj = getattr(subpackage, name)
            if inspect.isclass(obj) and issubclass(obj, pulumi.dynamic.Resource):
                found[schema_token(obj)] = obj
    yield from sorted(found.items())


def dynamic_type(cls: type[pulumi.dynamic.Resource]) -> str:
    """The type the engine records: ``pulumi-python:dynamic/<module>:<Name>``."""
    return f"pulumi-python:{cls._resource_type_name}"


def schema_token(cls: type[pulumi.dynamic.Resource]) -> str:
    """``pulumi-mail-domains:<module>:<Name>`` for ``pulumi-python:dynamic/<module>:<Name>``."""
    match = re.fullmatch(r"dynamic/([^:]+):(\w+)", cls._resource_type_name)
    if not match:
        raise SchemaError(f"{cls.__qualname__} needs module= and name= class keywords")
    return f"{PACKAGE}:{match.group(1)}:{match.group(2)}"


def declared_inputs(cls: type) -> dict[str, inspect.Parameter]:
    """The keyword arguments of the resource's constructor, ``opts`` excepted."""
    parameters = inspect.signature(cls.__init__).parameters.values()  # type: ignore[misc]
    return {
        p.name: p
        for p in parameters
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name != "opts"
    }


def declared_outputs(cls: type) -> dict[str, str]:
    """The class-level ``pulumi.Output[...]`` annotations, as written."""
    annotations: dict[str, Any] = vars(cls).get("__annotations__", {})
    texts = {name: annotation_text(a) for name, a in annotations.items()}
    return {name: text for name, text in texts.items() if re.match(r"(pulumi\.)?Output\[", text)}


# --- building the schema --------------------------------------------------------------------


def markdown(docstring: str) -> str:
    """A docstring as schema Markdown: ``code`` as `code`, paragraphs unwrapped."""
    paragraphs = re.split(r"\n\s*\n", inspect.cleandoc(docstring))
    text = "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)
    return re.sub(r"``([^`]+)``", r"`\1`", text)


def _describe(spec: Spec, description: str | None, where: str) -> Spec:
    if not description:
        raise SchemaError(f"{where} has no description: add a docstring in the code")
    return {**spec, "description": markdown(description)}


def _record_output(name: str, spec: Spec) -> Spec:
    shape, replacement = RECORD_OUTPUTS[name]
    if spec.get("type") != shape:
        raise SchemaError(f"output {name!r} should be declared as {shape} of DnsRecord dicts")
    return replacement


def resource_spec(token: str, cls: type[pulumi.dynamic.Resource]) -> Spec:
    """The resourceSpec of one resource class."""
    module = sys.modules[cls.__module__]
    init_docs = param_descriptions(cls.__init__.__doc__)
    attribute_docs = attribute_docstrings(cls)
    replaced = replaced_inputs(module)

    inputs: dict[str, Spec] = {}
    required_inputs: list[str] = []
    for name, parameter in declared_inputs(cls).items():
        kind = property_type(parameter.annotation)
        spec = _describe(kind.spec, init_docs.get(name), f"{token} input {name!r}")
        if name in replaced:
            spec["replaceOnChanges"] = True
        inputs[name] = spec
        if parameter.default is inspect.Parameter.empty:
            required_inputs.append(name)

    outputs: dict[str, Spec] = {}
    required: list[str] = []
    for name, annotation in declared_outputs(cls).items():
        kind = property_type(annotation)
        spec = _record_output(name, kind.spec) if name in RECORD_OUTPUTS else kind.spec
        description = (
            attribute_docs.get(name) or init_docs.get(name) or FALLBACK_DESCRIPTIONS.get(name)
        )
        outputs[name] = _describe(spec, description, f"{token} output {name!r}")
        if not kind.optional:
            required.append(name)

    description = markdown(cls.__doc__ or "")
    if not description:
        raise SchemaError(f"{token} has no class docstring")
    return {
        "description": (
            f"{description}\n\nA Pulumi dynamic resource (`{cls.__module__}.{cls.__name__}`): "
            f"the engine records it as `{dynamic_type(cls)}`."
        ),
        "inputProperties": inputs,
        "requiredInputs": sorted(required_inputs),
        "properties": outputs,
        "required": sorted(required),
    }


def dns_record_type() -> Spec:
    """The objectTypeSpec of the DnsRecord TypedDict."""
    fields: dict[str, Spec] = {}
    required: list[str] = []
    for name, annotation in records.DnsRecord.__annotations__.items():
        kind = property_type(annotation)
        fields[name] = _describe(kind.spec, DNS_RECORD_FIELDS.get(name), f"DnsRecord.{name}")
        if not kind.optional:
            required.append(name)
    return {
        "type": "object",
        "description": markdown(records.DnsRecord.__doc__ or "")
        + "\n\nA plain object in the `dns_records` and `records` outputs; its fields plug"
        " straight into DNS-zone resources.",
        "properties": fields,
        "required": sorted(required),
    }


def package_version() -> str:
    """The ``[project] version`` of pyproject.toml."""
    text = (REPO / "pyproject.toml").read_text()
    match = re.search(r'^\[project\][^\[]*?^version\s*=\s*"([^"]+)"', text, re.M | re.S)
    if not match:
        raise SchemaError("no [project] version in pyproject.toml")
    return match.group(1)


def build_schema() -> Spec:
    """The whole package schema."""
    resources = {token: resource_spec(token, cls) for token, cls in resource_classes()}
    return {
        "name": PACKAGE,
        "displayName": "Mail Domains",
        "version": package_version(),
        "description": (
            "Scaleway Mailbox and FullHelp email domains as code: the DNS records each vendor"
            " asks for as outputs, bounded verification, and RFC 2136 DNS record sets. The"
            " resources are Pulumi dynamic resources of the `pulumi_mail_domains` Python package;"
            " the token `pulumi-mail-domains:<module>:<Name>` of this schema is recorded by the"
            " engine as `pulumi-python:dynamic/<module>:<Name>`. Credentials come from the"
            " `scaleway:`, `fullhelp:` and `dns:` stack config or the environment, never from"
            " inputs."
        ),
        "keywords": ["pulumi", "email", "dns", "dkim", "scaleway", "fullhelp", "category/network"],
        "license": "Apache-2.0",
        "meta": {"moduleFormat": "(.*)"},
        "language": {"python": {"packageName": PACKAGE}},
        "types": {DNS_RECORD_TOKEN: dns_record_type()},
        "resources": resources,
    }


def render(schema: Spec) -> str:
    """schema.json's text: sorted keys, two-space indent, a trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    parser.add_argument("--output", type=Path, default=SCHEMA_PATH, help="where schema.json is")
    args = parser.parse_args(argv)
    text = render(build_schema())
    if args.check:
        current = args.output.read_text() if args.output.exists() else ""
        if current != text:
            diff = difflib.unified_diff(
                current.splitlines(keepends=True),
                text.splitlines(keepends=True),
                str(args.output),
                "generated",
            )
            sys.stderr.writelines(diff)
            print(f"{args.output} is stale: run `make schema`", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_text(text)
    print(
        f"wrote {args.output} ({len(text)} bytes, {len(json.loads(text)['resources'])} resources)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
