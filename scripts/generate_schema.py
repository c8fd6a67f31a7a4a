"""Write ``schema.json``, the Pulumi Package Schema of the ``mail-domains`` plugin.

    python scripts/generate_schema.py           write schema.json at the repository root
    python scripts/generate_schema.py --check   exit 1 if schema.json is not what the code says

The schema is what the plugin's ``GetSchema`` returns:
:func:`pulumi_mail_domains.native.schema.render_schema`, built from the resource specs. This
script only writes it out (or compares it), so the file and the plugin cannot disagree.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCHEMA_PATH = REPO / "schema.json"
sys.path.insert(0, str(REPO / "provider"))  # the working tree, installed or not

from pulumi_mail_domains.native.schema import render_schema  # noqa: E402


def check(path: Path, text: str, command: str = "make schema") -> int:
    """0 if ``path`` holds ``text``; else print a diff, say to run ``command``, return 1."""
    current = path.read_text() if path.exists() else ""
    if current == text:
        print(f"{path} is up to date")
        return 0
    diff = difflib.unified_diff(
        current.splitlines(keepends=True), text.splitlines(keepends=True), str(path), "generated"
    )
    sys.stderr.writelines(diff)
    print(f"{path} is stale: run `{command}`", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Write or check the schema file; the exit status of the command."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    parser.add_argument("--output", type=Path, default=SCHEMA_PATH, help="where schema.json is")
    args = parser.parse_args(argv)
    text = render_schema()
    if args.check:
        return check(args.output, text)
    args.output.write_text(text)
    resources = len(json.loads(text)["resources"])
    print(f"wrote {args.output} ({len(text)} bytes, {resources} resources)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
