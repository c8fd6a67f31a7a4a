"""The native-Python quickstart (examples/python-native-quickstart) end to end: the generated
Python SDK in a program run through the Automation API, the installed plugin, the emulator
verifying through BIND9. Same resource names as the dynamic classes, no program-side calls."""

from __future__ import annotations

from pathlib import Path

from support.bind import BindServer
from support.emulator import Emulator
from support.engine import REPO
from support.languages import check_quickstart, make, new_quickstart, quickstart_config

EXAMPLE = REPO / "examples" / "python-native-quickstart"
PROJECT = "mail-domains-python-native-quickstart"
NATIVE_PYTHON = REPO / "build" / "venv-native-python" / "bin" / "python"


def test_python_native_quickstart_up_preview_destroy(
    program_env: dict[str, str], dns_emu: Emulator, bind_server: BindServer, tmp_path: Path
) -> None:
    make("native-python")  # the generated SDK with a pulumi SDK no newer than the CLI
    quickstart = new_quickstart(
        EXAMPLE,
        [str(NATIVE_PYTHON), str(EXAMPLE / "deploy.py")],
        tmp_path,
        program_env,
        quickstart_config(PROJECT, bind_server),
    )
    check_quickstart(quickstart, dns_emu, bind_server)
