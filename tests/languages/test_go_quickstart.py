"""The Go quickstart (examples/go-quickstart) end to end: the generated Go SDK module, the
program run through the Automation API, the installed plugin, the emulator verifying through
BIND9."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support.bind import BindServer
from support.emulator import Emulator
from support.engine import REPO
from support.languages import check_quickstart, new_quickstart, quickstart_config, require_tool

EXAMPLE = REPO / "examples" / "go-quickstart"
PROJECT = "mail-domains-go-quickstart"


def test_go_quickstart_up_preview_destroy(
    program_env: dict[str, str], dns_emu: Emulator, bind_server: BindServer, tmp_path: Path
) -> None:
    go = require_tool("go")
    driver = tmp_path / "deploy"
    built = subprocess.run(
        [go, "build", "-o", str(driver), "./deploy"],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert built.returncode == 0, built.stderr
    quickstart = new_quickstart(
        EXAMPLE, [str(driver)], tmp_path, program_env, quickstart_config(PROJECT, bind_server)
    )
    check_quickstart(quickstart, dns_emu, bind_server)
