"""`make demo` / `make demo-yaml`: a quickstart stack end to end, offline.

    python scripts/demo.py up          examples/quickstart (Python, dynamic provider)
    python scripts/demo.py up --yaml   examples/yaml-quickstart (Pulumi YAML, native plugin)
    python scripts/demo.py down        remove what an interrupted demo left behind

`up` starts BIND9 and the emulator, runs `pulumi up`, checks that a second run changes nothing,
prints a table of every record with its verification status, then destroys the stack and stops
both servers. The emulator verifies records by querying the local BIND9, so `validated=True`
at the end means the records really were published through DNS UPDATE and found by DNS queries.
Where BIND9 cannot be installed, the demo says so and uses the emulator's auto-verify mode
instead (the YAML program then runs without its record sets, which need a DNS server).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.bind import BindServer, bind_available, start_bind  # noqa: E402
from support.emulator import Emulator, start_emulator  # noqa: E402
from support.engine import PASSPHRASE, pulumi_bin_dir  # noqa: E402

DEMO_DIR = REPO / ".demo"
PIDS = DEMO_DIR / "pids.json"
STACK = "demo"
ZONE = "quickstart.test"
FAST_LIFECYCLE = ["--creating-seconds=1", "--validating-seconds=1", "--deleting-seconds=1"]
# The console script `pulumi-resource-mail-domains` sits next to this interpreter (the venv's
# bin/); on PATH, the engine finds the native plugin there.
VENV_BIN = Path(sys.executable).parent
RECORD_SET_TYPE = "mail-domains:dns:RecordSet"


@dataclasses.dataclass(frozen=True)
class Record:
    """One row of the summary table."""

    vendor: str
    key: str
    type: str
    name: str
    content: str
    verified: str


def pulumi_env(
    emulator: Emulator, bind: BindServer | None, *, yaml_program: bool
) -> dict[str, str]:
    bin_dir = pulumi_bin_dir()
    path = [str(bin_dir), *([str(VENV_BIN)] if yaml_program else []), os.environ.get("PATH", "")]
    env = {
        **os.environ,
        **emulator.provider_env(),
        "PATH": os.pathsep.join(path),
        "PULUMI_BACKEND_URL": (DEMO_DIR / "state").as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_HOME": str(bin_dir.parent / "home"),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_PYTHON_CMD": sys.executable,
    }
    # The YAML demo passes the TSIG secret as secret stack config (mail-domains:dnsTsigSecret).
    if bind is not None and not yaml_program:
        env["DNS_TSIG_SECRET"] = bind.tsig_secret
    return env


def pulumi(env: dict[str, str], project: Path, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        ["pulumi", *args, "--cwd", str(project), "--non-interactive"],
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


def up(*, yaml_program: bool) -> None:
    down(quiet=True)
    DEMO_DIR.mkdir()
    (DEMO_DIR / "state").mkdir()
    with ExitStack() as stack:
        emulator, bind = start_services(stack)
        env = pulumi_env(emulator, bind, yaml_program=yaml_program)
        if yaml_program:
            project = yaml_project(with_record_sets=bind is not None)
        else:
            project = REPO / "examples" / "quickstart"
        pulumi(env, project, "stack", "init", STACK)
        configure(env, project, bind, yaml_program=yaml_program)
        started = time.monotonic()
        try:
            pulumi(env, project, "up", "--yes", "--skip-preview")
            print(f"\ndemo: `pulumi up` finished in {time.monotonic() - started:.1f} s\n")
            if yaml_program:
                show_yaml_stack(env, project, verified_through_dns=bind is not None)
            else:
                show_python_stack(env, project, verified_through_dns=bind is not None)
        finally:
            pulumi(env, project, "destroy", "--yes", "--skip-preview")
            pulumi(env, project, "stack", "rm", "--yes", STACK)
    shutil.rmtree(DEMO_DIR)
    print("demo: everything torn down")


def yaml_project(*, with_record_sets: bool) -> Path:
    """A copy of examples/yaml-quickstart under .demo/ (its stack file then lands there too).

    Without a DNS server, the copy leaves out the record sets (and the verifications'
    dependencies on them): the emulator's auto-verify mode needs no records.
    """
    program: dict[str, Any] = yaml.safe_load(
        (REPO / "examples" / "yaml-quickstart" / "Pulumi.yaml").read_text()
    )
    if not with_record_sets:
        resources: dict[str, Any] = program["resources"]
        dropped = {n for n, r in resources.items() if r["type"] == RECORD_SET_TYPE}
        for name in dropped:
            del resources[name]
        for resource in resources.values():
            options = resource.get("options") or {}
            if "dependsOn" in options:
                kept = [d for d in options["dependsOn"] if d.strip("${}") not in dropped]
                options["dependsOn"] = kept
    project = DEMO_DIR / "yaml-quickstart"
    project.mkdir()
    (project / "Pulumi.yaml").write_text(yaml.safe_dump(program, sort_keys=False))
    return project


def configure(
    env: dict[str, str], project: Path, bind: BindServer | None, *, yaml_program: bool
) -> None:
    pulumi(env, project, "config", "set", "zone", ZONE)
    if bind is None:
        return
    pulumi(env, project, "config", "set", "dnsServer", bind.address)
    pulumi(env, project, "config", "set", "tsigKeyName", bind.tsig_name)
    if yaml_program:
        secret = ["--secret", "mail-domains:dnsTsigSecret", bind.tsig_secret]
        pulumi(env, project, "config", "set", *secret)


def show_python_stack(env: dict[str, str], project: Path, *, verified_through_dns: bool) -> None:
    # The domains' outputs were taken before verification. A second `up` with refresh picks up
    # the per-record status the vendors report now, and changes nothing else.
    pulumi(env, project, "up", "--refresh", "--yes", "--skip-preview")
    outputs = json.loads(pulumi(env, project, "stack", "output", "--json", capture=True))
    rows = [
        *records_of("scaleway", outputs["mailbox_records"]),
        *records_of("fullhelp", outputs["helpdesk_records"]),
    ]
    print_summary(
        rows,
        (outputs["mailbox_domain"], outputs["mailbox_validated"]),
        (outputs["helpdesk_domain"], outputs["helpdesk_verified"]),
        verified_through_dns=verified_through_dns,
    )


def show_yaml_stack(env: dict[str, str], project: Path, *, verified_through_dns: bool) -> None:
    # refresh records each record's status as the vendors report it after verification; the
    # preview then proves the program and the refreshed state agree (as a drift check would).
    pulumi(env, project, "refresh", "--yes", "--skip-preview")
    pulumi(env, project, "preview", "--expect-no-changes")
    outputs = json.loads(pulumi(env, project, "stack", "output", "--json", capture=True))
    state = json.loads(pulumi(env, project, "stack", "export", capture=True))
    resources = state["deployment"].get("resources") or []
    rows: list[Record] = []
    for vendor, token in (
        ("scaleway", "mail-domains:scaleway:MailboxDomain"),
        ("fullhelp", "mail-domains:fullhelp:Domain"),
    ):
        for resource in resources:
            if resource["type"] == token:
                rows += records_of(vendor, resource["outputs"]["dnsRecords"])
    print_summary(
        rows,
        (outputs["mailboxDomain"], outputs["mailboxValidated"]),
        (outputs["helpdeskDomain"], outputs["helpdeskVerified"]),
        verified_through_dns=verified_through_dns,
    )


def records_of(vendor: str, records: Iterable[Mapping[str, Any]]) -> list[Record]:
    rows = []
    for record in records:
        content = str(record["content"])
        short = content if len(content) <= 48 else content[:45] + "..."
        rows.append(
            Record(
                vendor,
                record["key"],
                record["type"],
                record["name"],
                short,
                str(record["verified"]),
            )
        )
    return rows


def print_summary(
    records: list[Record],
    mailbox: tuple[str, bool],
    helpdesk: tuple[str, bool],
    *,
    verified_through_dns: bool,
) -> None:
    header = Record("vendor", "key", "type", "name", "content", "verified")
    rows = [dataclasses.astuple(row) for row in (header, *records)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header.__dict__))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))
    how = "real DNS queries to BIND9" if verified_through_dns else "the emulator's auto-verify mode"
    print(
        f"\nScaleway {mailbox[0]}: validated={mailbox[1]}"
        f"\nFullHelp {helpdesk[0]}: verified={helpdesk[1]}"
        f"\n(verified through {how})"
    )
    if not (mailbox[1] and helpdesk[1]):
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
    parser.add_argument(
        "--yaml",
        action="store_true",
        help="run examples/yaml-quickstart (Pulumi YAML, native plugin) instead of the quickstart",
    )
    args = parser.parse_args()
    if args.command == "up":
        up(yaml_program=args.yaml)
    else:
        down()


if __name__ == "__main__":
    main()
