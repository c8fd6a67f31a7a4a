"""Write the dynamic classes of Python programs (``provider/pulumi_mail_domains/dynamic/``)
from the resource specs, as ``schema.json`` is written from them.

    python scripts/generate_dynamic.py           write dynamic/scaleway.py, fullhelp.py, dns.py
    python scripts/generate_dynamic.py --check   exit 1 if any of them is not what the specs say

Each class gets a typed keyword argument and a documented ``pulumi.Output`` per property of
its spec, and a ``<Name>Args`` TypedDict of its inputs; what the classes do beyond that (record
views, integers) is :class:`pulumi_mail_domains.dynamic.base.SpecResource`, also read from the
spec. Adding an input or an output is one ``Property``, then ``make dynamic``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "provider"))  # the working tree, installed or not
sys.path.insert(0, str(REPO / "scripts"))

from generate_schema import check  # noqa: E402

from pulumi_mail_domains.core.behaviour import Behaviour  # noqa: E402
from pulumi_mail_domains.core.spec import (  # noqa: E402
    ArrayOf,
    MapOf,
    ObjectType,
    Property,
    PropertyType,
)
from pulumi_mail_domains.native.resources import BEHAVIOURS  # noqa: E402

DYNAMIC_DIR = REPO / "provider" / "pulumi_mail_domains" / "dynamic"
WIDTH = 100


def python_type(kind: PropertyType, *, as_input: bool = False) -> str:
    """The annotation of a value of ``kind``; inputs accept Outputs inside lists too."""
    if isinstance(kind, ArrayOf):
        items = python_type(kind.items, as_input=as_input)
        return f"Sequence[pulumi.Input[{items}]]" if as_input else f"list[{items}]"
    if isinstance(kind, MapOf):
        return f"dict[str, {python_type(kind.values)}]"
    if isinstance(kind, ObjectType):
        return "dict[str, Any]"
    return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}.get(
        kind, "Any"
    )


def rst(markdown: str) -> str:
    """Markdown code spans as reStructuredText literals (``x``)."""
    return re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", markdown)


def docstring(text: str, indent: str) -> list[str]:
    """A docstring's lines: paragraphs wrapped at ``WIDTH``."""
    paragraphs = rst(text).split("\n\n")
    lines: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        if number:
            lines.append("")
        lines += textwrap.wrap(paragraph, WIDTH - len(indent) - 6, break_on_hyphens=False)
    if len(lines) == 1:
        return [f'{indent}"""{lines[0]}"""']
    body = [f"{indent}{line}" if line else "" for line in lines]
    return [f'{indent}"""{lines[0]}', *body[1:], f'{indent}"""']


def param(prop: Property) -> list[str]:
    text = textwrap.wrap(
        f":param {prop.name}: {rst(prop.doc)}",
        WIDTH - 12,
        subsequent_indent="    ",
        break_on_hyphens=False,
    )
    return [f"        {line}" for line in text]


def input_type(prop: Property) -> str:
    """``pulumi.Input[...]`` of the property's type, or of each type it accepts."""
    kinds = (prop.type, *prop.alternatives)
    return " | ".join(f"pulumi.Input[{python_type(k, as_input=True)}]" for k in kinds)


def _field(prop: Property) -> str:
    return f"    {prop.name}: {input_type(prop)}"


def argument(prop: Property) -> str:
    default = "," if prop.required else " | None = None,"
    return f"        {prop.name}: {input_type(prop)}{default}"


def _always_set(prop: Property) -> bool:
    """Whether an output is set once the resource exists. An input is echoed as it was checked:
    defaults filled in (also from the provider's settings), so always set, but for a list that
    was not given."""
    if not prop.input:
        return prop.required
    return prop.required or not isinstance(prop.type, ArrayOf)


def resource_class(behaviour: type[Behaviour]) -> list[str]:
    spec = behaviour.spec
    inputs = spec.inputs
    required = [p for p in inputs if p.required]
    lines = [
        f"class _{spec.name}RequiredArgs(TypedDict):",
        *(_field(p) for p in required),
        "",
        "",
        f"class {spec.name}Args(_{spec.name}RequiredArgs, total=False):",
        f'    """The inputs ``{spec.name}(name, **args)`` takes."""',
        "",
        *(_field(p) for p in inputs if not p.required),
        "",
        "",
        f'class {spec.name}(SpecResource, module="{spec.module}", name="{spec.name}"):',
        *docstring(spec.description, "    "),
        "",
    ]
    for prop in spec.outputs:
        optional = "" if _always_set(prop) else " | None"
        lines += [f"    {prop.name}: pulumi.Output[{python_type(prop.type)}{optional}]"]
        lines += docstring(prop.description, "    ")
    lines += [
        "",
        "    def __init__(",
        "        self,",
        "        resource_name: str,",
        "        *,",
        *(argument(p) for p in inputs),
        "        opts: pulumi.ResourceOptions | None = None,",
        "    ) -> None:",
        f'        """Declare a {spec.name}.',
        "",
        "        :param resource_name: The Pulumi name of the resource.",
        *(line for p in inputs for line in param(p)),
        "        :param opts: Pulumi resource options.",
        '        """',
        "        inputs = {" + ", ".join(f'"{p.name}": {p.name}' for p in inputs) + "}",
        f"        behaviour = {behaviour.__name__}()",
        "        # pulumi.dynamic.Resource straight from here: no frame of SpecResource in the",
        "        # stackTrace the state keeps for each resource.",
        "        provider, props = self._register_props(behaviour, inputs)",
        "        Resource.__init__(self, provider, resource_name, props, opts)",
        "        self._present(behaviour.spec)",
    ]
    return lines


def _public_names(behaviours: Iterable[type[Behaviour]]) -> list[str]:
    return [name for b in behaviours for name in (b.spec.name, f"{b.spec.name}Args")]


def module_text(module: str, behaviours: Iterable[type[Behaviour]]) -> str:
    chosen = list(behaviours)
    imports = sorted(
        [f"from {b.__module__} import {b.__name__}" for b in chosen]
        + ["from pulumi_mail_domains.dynamic.base import SpecResource"]
        + ["from pulumi.dynamic import Resource"]
    )
    head = [
        f'"""The {module} resources as Pulumi dynamic resources for Python programs.',
        "",
        "Generated from their specs by ``scripts/generate_dynamic.py`` (``make dynamic``): edit",
        'the specs, not this file."""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Sequence",
        "from typing import Any, TypedDict",
        "",
        "import pulumi",
        "",
        *imports,
        "",
        f"__all__ = [{', '.join(repr(n) for n in _public_names(chosen))}]",
    ]
    body: list[str] = []
    for behaviour in chosen:
        body += ["", "", *resource_class(behaviour)]
    return "\n".join(head + body) + "\n"


def rendered() -> dict[Path, str]:
    """Every generated file and its text."""
    modules: dict[str, list[type[Behaviour]]] = {}
    for behaviour in BEHAVIOURS:
        modules.setdefault(behaviour.spec.module, []).append(behaviour)
    files = {DYNAMIC_DIR / f"{m}.py": module_text(m, b) for m, b in modules.items()}
    return {path: formatted(path, text) for path, text in files.items()}


def formatted(path: Path, text: str) -> str:
    """``text`` as the project's linter and formatter leave it (unused imports dropped)."""
    for command in (["check", "--fix-only", "--exit-zero", "--quiet"], ["format"]):
        text = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--stdin-filename", str(path), "-"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        ).stdout
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a file is stale")
    args = parser.parse_args(argv)
    files = rendered()
    if args.check:
        return max(check(path, text, "make dynamic") for path, text in files.items())
    for path, text in files.items():
        path.write_text(text)
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
