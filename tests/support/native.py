"""Drive Pulumi YAML projects through the real ``pulumi`` CLI and the native plugin.

Each stack lives in a project directory of its own (its ``Pulumi.yaml`` written from a dict or a
text) with a ``file://`` backend beside it. The plugin is the ``pulumi-resource-mail-domains``
console script of the interpreter running the tests, named in ``Pulumi.yaml`` under
``plugins: providers`` so the engine neither searches nor downloads anything.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import yaml

from support.engine import engine_env, pulumi_bin_dir

PLUGIN_NAME = "pulumi-resource-mail-domains"
PLUGIN_DIR = Path(sys.executable).parent
"""Where the console script is installed: the test interpreter's ``bin``."""
COMMAND_TIMEOUT = 300


class PulumiCommandError(AssertionError):
    """A ``pulumi`` command that should have succeeded exited non-zero."""


@dataclasses.dataclass
class CliStack:
    """A stack of a YAML project, operated with the ``pulumi`` CLI."""

    project_dir: Path
    env: dict[str, str]
    log: list[str] = dataclasses.field(default_factory=list)
    """Every command's stdout and stderr, in order (for checks that nothing leaked)."""

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``pulumi ARGS`` in the project directory; raise unless it succeeds (when ``check``)."""
        result = subprocess.run(
            [str(pulumi_bin_dir() / "pulumi"), *args, "--non-interactive", "--color=never"],
            cwd=self.project_dir,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=COMMAND_TIMEOUT,
        )
        self.log += [result.stdout, result.stderr]
        if check and result.returncode != 0:
            raise PulumiCommandError(
                f"pulumi {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
            )
        return result

    def write_program(self, program: Mapping[str, Any] | str) -> None:
        """Replace ``Pulumi.yaml`` (a dict is dumped as YAML; the plugin path is added)."""
        write_project(self.project_dir, program)

    def config_set(self, key: str, value: str, *, secret: bool = False) -> None:
        self.run("config", "set", *(["--secret"] if secret else []), key, value)

    def up(self) -> subprocess.CompletedProcess[str]:
        return self.run("up", "--yes", "--skip-preview")

    def preview(
        self, *extra: str, check: bool = True, expect_no_changes: bool = False
    ) -> subprocess.CompletedProcess[str]:
        flags = ["--expect-no-changes"] if expect_no_changes else []
        return self.run("preview", *flags, *extra, check=check)

    def refresh(self) -> subprocess.CompletedProcess[str]:
        return self.run("refresh", "--yes", "--skip-preview")

    def destroy(self) -> subprocess.CompletedProcess[str]:
        return self.run("destroy", "--yes", "--skip-preview")

    def import_resource(
        self, token: str, name: str, resource_id: str, *, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """``pulumi import TOKEN NAME ID --yes`` (the generated code goes to a scratch file)."""
        out = self.project_dir / f"import-{name}.yaml"
        return self.run("import", token, name, resource_id, "--yes", "--out", str(out), check=check)

    def outputs(self) -> dict[str, Any]:
        """``pulumi stack output --json`` (secrets shown as ``[secret]``)."""
        loaded: dict[str, Any] = json.loads(self.run("stack", "output", "--json").stdout)
        return loaded

    def export(self) -> dict[str, Any]:
        """``pulumi stack export``: the deployment as stored (secrets stay ciphertext)."""
        loaded: dict[str, Any] = json.loads(self.run("stack", "export").stdout)
        return loaded

    def resources(self, type_prefix: str = "mail-domains:") -> list[dict[str, Any]]:
        """The state's resources whose type starts with ``type_prefix``."""
        resources = self.export()["deployment"].get("resources") or []
        return [r for r in resources if str(r.get("type", "")).startswith(type_prefix)]

    def log_text(self) -> str:
        return "\n".join(self.log)


def write_project(project_dir: Path, program: Mapping[str, Any] | str) -> None:
    """Write ``Pulumi.yaml``: ``program`` with the local plugin named under ``plugins``."""
    document: dict[str, Any] = dict(
        yaml.safe_load(program) if isinstance(program, str) else program
    )
    document.setdefault("runtime", "yaml")
    document["plugins"] = {"providers": [{"name": "mail-domains", "path": str(PLUGIN_DIR)}]}
    project_dir.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(document, Dumper=_PlainDumper, sort_keys=False)
    (project_dir / "Pulumi.yaml").write_text(text)


class _PlainDumper(yaml.SafeDumper):
    """Writes a value used twice in full: Pulumi YAML refuses anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def new_cli_stack(
    program: Mapping[str, Any] | str,
    workdir: Path,
    *,
    env: Mapping[str, str] | None = None,
    config: Sequence[tuple[str, str, bool]] = (),
    stack: str = "test",
) -> CliStack:
    """A fresh stack of ``program`` under ``workdir`` (project and backend directories).

    ``config`` items are ``(key, value, secret)``; ``env`` adds to the offline engine
    environment (e.g. the emulator's credentials).
    """
    assert (PLUGIN_DIR / PLUGIN_NAME).is_file(), f"{PLUGIN_NAME} is not installed in {PLUGIN_DIR}"
    project_dir, state_dir = workdir / "project", workdir / "state"
    state_dir.mkdir(parents=True, exist_ok=True)
    write_project(project_dir, program)
    cli = CliStack(project_dir, engine_env(state_dir, env))
    cli.run("stack", "init", stack)
    for key, value, secret in config:
        cli.config_set(key, value, secret=secret)
    return cli


class CliStackFactory(Protocol):
    """The ``cli_stack`` fixture: ``cli_stack(program, env=..., config=...) -> CliStack``."""

    def __call__(self, program: Mapping[str, Any] | str, **kwargs: Any) -> CliStack: ...
