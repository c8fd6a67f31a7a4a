"""The TypeScript quickstart (examples/typescript-quickstart) end to end: the npm SDK compiled
with tsc, Node.js running the program through the Automation API, the installed plugin, the
emulator verifying through BIND9."""

from __future__ import annotations

from pathlib import Path

from support.bind import BindServer
from support.emulator import Emulator
from support.engine import REPO
from support.languages import (
    check_quickstart,
    make,
    new_quickstart,
    quickstart_config,
    require_tool,
)

EXAMPLE = REPO / "examples" / "typescript-quickstart"
PROJECT = "mail-domains-typescript-quickstart"


def test_typescript_quickstart_up_preview_destroy(
    program_env: dict[str, str], dns_emu: Emulator, bind_server: BindServer, tmp_path: Path
) -> None:
    node = require_tool("node")
    require_tool("npm")
    make("typescript-quickstart")  # the SDK tarball, node_modules, tsc
    quickstart = new_quickstart(
        EXAMPLE,
        [node, str(EXAMPLE / "bin" / "deploy.js")],
        tmp_path,
        program_env,
        quickstart_config(PROJECT, bind_server),
    )
    check_quickstart(quickstart, dns_emu, bind_server)
