"""`pulumi up` of N slow Scaleway creates from a Python program: native SDK vs dynamic classes.

    python benchmarks/native_python_vs_dynamic.py [--domains 40] [--creating-seconds 2]

The same program shape both ways, N ``scaleway.MailboxDomain`` named alike: once with the
generated SDK of the native plugin (``pulumi_mail_domains_sdk``, run by the venv ``make
native-python`` builds; the plugin installed from its archive into a scratch PULUMI_HOME, the
way users install it), once with the dynamic classes (``pulumi_mail_domains``, the project
venv). Each is timed with the real CLI against a real emulator whose creates stay ``creating``
for ``--creating-seconds``, and set against its own floor measured in the same run:

* **floor**: dynamic = ``up`` of N no-op dynamic resources; native = the N domains against an
  emulator with no latency and no creating phase;
* **one create**: one domain's API time with the client (create, wait out the creating phase,
  read the records);
* **ideal** = floor + one create (every domain in parallel); the ratio up/ideal is what the
  front end costs at this size, up/one-create the plain multiple of a single create.

Figures, not assertions: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_bench import (  # noqa: E402
    DYNAMIC_PROGRAM,
    NOOP_PROGRAM,
    one_domain_api_seconds,
    pulumi,
    timed_up,
    warmed,
)

from pulumi_mail_domains import __version__  # noqa: E402
from support.emulator import Emulator, running_emulator  # noqa: E402
from support.engine import engine_env, pulumi_bin_dir  # noqa: E402

NATIVE_PYTHON = REPO / "build" / "venv-native-python" / "bin" / "python"

NATIVE_PROGRAM = """
import pulumi
from pulumi_mail_domains_sdk import scaleway

for i in range(int(pulumi.Config().require("count"))):
    scaleway.MailboxDomain(f"d{i}", name=f"d{i}.bench.test")
"""
PROGRAMS = {"noop": NOOP_PROGRAM, "dynamic": DYNAMIC_PROGRAM, "native": NATIVE_PROGRAM}


def installed_plugin_home(root: Path) -> Path:
    """A PULUMI_HOME where `pulumi plugin install --file` put the archive scripts/build-plugin
    makes (the project venv's interpreter builds it)."""
    built = subprocess.run(
        [str(REPO / "scripts" / "build-plugin"), str(REPO / ".venv" / "bin" / "python"), str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    archive = built.stdout.strip().splitlines()[-1]
    home = root / "home"
    env = {**os.environ, **engine_env(root, {"PULUMI_HOME": str(home)})}
    install = ("plugin", "install", "resource", "mail-domains", __version__, "--file", archive)
    pulumi(root, env, *install)
    return home


@contextmanager
def project(
    kind: str, count: int, emulator: Emulator | None, home: Path
) -> Iterator[tuple[Path, dict[str, str]]]:
    """A Python project with one stack on its own file backend, and its environment."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{kind}-") as tmp:
        root = Path(tmp)
        work = root / "project"
        work.mkdir()
        (work / "Pulumi.yaml").write_text(
            "name: bench\nruntime:\n  name: python\n  options:\n    toolchain: pip\n"
        )
        (work / "__main__.py").write_text(PROGRAMS[kind])
        python = NATIVE_PYTHON if kind == "native" else Path(sys.executable)
        extra = dict(emulator.provider_env()) if emulator else {}
        # The native program's interpreter has the SDK and no plugin on PATH: the engine takes
        # the installed plugin from PULUMI_HOME.
        extra["PATH"] = f"{pulumi_bin_dir()}{os.pathsep}{python.parent}"
        extra["PATH"] += f"{os.pathsep}{os.environ.get('PATH', '')}"
        extra["PULUMI_PYTHON_CMD"] = str(python)
        extra["PULUMI_HOME"] = str(home)
        env = {**os.environ, **engine_env(root / "state", extra)}
        (root / "state").mkdir()
        pulumi(work, env, "stack", "init", "bench")
        pulumi(work, env, "config", "set", "count", str(count))
        yield work, env


def measure(kind: str, args: argparse.Namespace, home: Path) -> dict[str, float]:
    # A few DKIM keys handed out in turn: RSA key generation would otherwise share the two
    # cores with the runs being timed.
    keys = ("--dkim-pool-size=4", "--dkim-reuse-keys")
    slow_args = (f"--creating-seconds={args.creating_seconds}", *keys)
    instant = ("--creating-seconds=0", "--deleting-seconds=0", *keys)
    row: dict[str, float] = {}
    if kind == "dynamic":
        with project("noop", args.domains, None, home) as (work, env):
            row["floor"] = timed_up(work, env, args.parallel)
    else:
        with (
            running_emulator(extra_args=instant) as fast,
            project(kind, args.domains, fast, home) as (work, env),
        ):
            warmed(fast, 4)
            row["floor"] = timed_up(work, env, args.parallel)
    with running_emulator(extra_args=slow_args) as emulator:
        warmed(emulator, 4)
        emulator.faults(latency_ms=args.latency_ms)
        row["create"] = one_domain_api_seconds(emulator)
        with project(kind, args.domains, emulator, home) as (work, env):
            row["up"] = timed_up(work, env, args.parallel)
            destroy = ("destroy", "--yes", "--skip-preview", "--parallel", str(args.parallel))
            pulumi(work, env, *destroy)
    row["ideal"] = row["floor"] + row["create"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--domains", type=int, default=40)
    parser.add_argument("--parallel", type=int, default=64)
    parser.add_argument("--creating-seconds", type=float, default=2.0)
    parser.add_argument("--latency-ms", type=int, default=100)
    args = parser.parse_args()
    if not NATIVE_PYTHON.is_file():
        raise SystemExit(f"{NATIVE_PYTHON} is missing: run `make native-python`")
    print(
        f"Python program, pulumi up of {args.domains} Scaleway domains, --parallel "
        f"{args.parallel}, creating phase {args.creating_seconds:g} s, API latency "
        f"{args.latency_ms} ms"
    )
    print(
        f"{'front end':<10} {'floor s':>8} {'1 create s':>10} {'ideal s':>8} {'up s':>7} "
        f"{'up/ideal':>9} {'up/1 create':>12}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-plugin-") as tmp:
        home = installed_plugin_home(Path(tmp))
        for kind in ("dynamic", "native"):
            r = measure(kind, args, home)
            print(
                f"{kind:<10} {r['floor']:8.1f} {r['create']:10.2f} {r['ideal']:8.1f} "
                f"{r['up']:7.1f} {r['up'] / r['ideal']:8.2f}x {r['up'] / r['create']:11.2f}x"
            )
    print(
        "floor: dynamic = N no-op dynamic resources; native = the N domains against an emulator "
        "with no latency and no creating phase. ideal = floor + one create."
    )


if __name__ == "__main__":
    main()
