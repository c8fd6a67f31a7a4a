"""`make demo`: the quickstart stack end to end, offline.

    python scripts/demo.py up     emulator + BIND9 + `pulumi up` + a table of records, then teardown
    python scripts/demo.py down   remove what an interrupted demo left behind

The emulator verifies records by querying the local BIND9, so `validated=true` at the end means
the records really were published through DNS UPDATE and found by DNS queries. Where BIND9
cannot be installed, the demo says so and uses the emulator's auto-verify mode instead.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.bind import BindServer, bind_available, start_bind  # noqa: E402
from support.emulator import Emulator, start_emulator  # noqa: E402
from support.engine import PASSPHRASE, pulumi_bin_dir  # noqa: E402

DEMO_DIR = REPO / ".demo"
PIDS = DEMO_DIR / "pids.json"
PROJECT = REPO / "examples" / "quickstart"
STACK = "demo"
ZONE = "quickstart.test"
FAST_LIFECYCLE = ["--creating-seconds=1", "--validating-seconds=1", "--deleting-seconds=1"]


def pulumi_env(emulator: Emulator, bind: BindServer | None) -> dict[str, str]:
    bin_dir = pulumi_bin_dir()
    env = {
        **os.environ,
        **emulator.provider_env(),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PULUMI_BACKEND_URL": (DEMO_DIR / "state").as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_HOME": str(bin_dir.parent / "home"),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_PYTHON_CMD": sys.executable,
    }
    if bind is not None:
        env["DNS_TSIG_SECRET"] = bind.tsig_secret
    return env


def pulumi(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        ["pulumi", *args, "--cwd", str(PROJECT), "--non-interactive"],
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def start_services(stack: ExitStack) -> tuple[Emulator, BindServer | None]:
    bind: BindServer | None = None
    if bind_available():
        bind = start_bind([ZONE])
        stack.callback(bind.stop)
        print(f"demo: BIND9 serving {ZONE} on {bind.address} (TSIG key {bind.tsig_name})")
    else:
        print(
            "demo: BIND9 (named) is not installed and could not be installed here (needs root "
            "and apt-get): records are not published, the emulator verifies them automatically."
        )
    args = ["--dns-server", bind.address] if bind else []
    emulator = start_emulator(extra_args=[*FAST_LIFECYCLE, *args])
    stack.callback(emulator.stop)
    print(f"demo: emulator listening on {emulator.url}")
    PIDS.write_text(
        json.dumps([p.pid for p in (emulator.process, bind.process if bind else None) if p])
    )
    return emulator, bind


def up() -> None:
    down(quiet=True)
    DEMO_DIR.mkdir()
    (DEMO_DIR / "state").mkdir()
    with ExitStack() as stack:
        emulator, bind = start_services(stack)
        env = pulumi_env(emulator, bind)
        pulumi(env, "stack", "init", STACK)
        pulumi(env, "config", "set", "zone", ZONE)
        if bind is not None:
            pulumi(env, "config", "set", "dnsServer", bind.address)
            pulumi(env, "config", "set", "tsigKeyName", bind.tsig_name)
        started = time.monotonic()
        try:
            pulumi(env, "up", "--yes", "--skip-preview")
            print(f"\ndemo: `pulumi up` finished in {time.monotonic() - started:.1f} s\n")
            # The domains' outputs were taken before verification. A second `up` with refresh
            # picks up the per-record status the vendors report now, and changes nothing else.
            pulumi(env, "up", "--refresh", "--yes", "--skip-preview")
            outputs = json.loads(pulumi(env, "stack", "output", "--json", capture=True))
            print_summary(outputs, verified_through_dns=bind is not None)
        finally:
            pulumi(env, "destroy", "--yes", "--skip-preview")
            pulumi(env, "stack", "rm", "--yes", STACK)
    shutil.rmtree(DEMO_DIR)
    print("demo: everything torn down")


def print_summary(outputs: dict[str, Any], *, verified_through_dns: bool) -> None:
    rows = [("vendor", "key", "type", "name", "content", "verified")]
    for vendor, key in (("scaleway", "mailbox_records"), ("fullhelp", "helpdesk_records")):
        for record in outputs[key]:
            content = str(record["content"])
            short = content if len(content) <= 48 else content[:45] + "..."
            rows.append(
                (
                    vendor,
                    record["key"],
                    record["type"],
                    record["name"],
                    short,
                    str(record["verified"]),
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))
    how = "real DNS queries to BIND9" if verified_through_dns else "the emulator's auto-verify mode"
    print(
        f"\nScaleway {outputs['mailbox_domain']}: validated={outputs['mailbox_validated']}"
        f"\nFullHelp {outputs['helpdesk_domain']}: verified={outputs['helpdesk_verified']}"
        f"\n(verified through {how})"
    )
    if not (outputs["mailbox_validated"] and outputs["helpdesk_verified"]):
        raise SystemExit("demo: verification did not succeed")


def down(*, quiet: bool = False) -> None:
    """Stop processes of an interrupted demo and forget its state."""
    if PIDS.exists():
        for pid in json.loads(PIDS.read_text()):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
    if DEMO_DIR.exists():
        shutil.rmtree(DEMO_DIR)
        if not quiet:
            print("demo: removed leftovers of an earlier demo")
    elif not quiet:
        print("demo: nothing to clean up")


def main() -> None:
    # Keep this script's lines in order with the output of the pulumi commands it runs.
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("up", "down"))
    if parser.parse_args().command == "up":
        up()
    else:
        down()


if __name__ == "__main__":
    main()
