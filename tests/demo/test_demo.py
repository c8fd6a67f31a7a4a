"""`make demo` end to end: the quickstart project through the `pulumi` CLI and its language host."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support.bind import bind_available

REPO = Path(__file__).resolve().parents[2]


def test_quickstart_demo_verifies_both_domains(pulumi_engine: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "demo.py"), "up"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith(("SCW_", "FULLHELP_"))},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "Scaleway quickstart.test: validated=True" in out
    assert "FullHelp support.quickstart.test: verified=True" in out
    if bind_available():
        assert "(verified through real DNS queries to BIND9)" in out
    # The second `up --refresh` changed nothing, and everything was torn down.
    assert "19 unchanged" in out
    assert "19 deleted" in out
    assert "demo: everything torn down" in out
    assert not (REPO / ".demo").exists()
