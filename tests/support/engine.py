"""Drive the real Pulumi engine offline through the Automation API.

Every stack gets its own ``file://`` backend directory; nothing reaches the network. The CLI
comes from ``scripts/install-pulumi`` (cached after the first build).
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pulumi import automation as auto

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "pulumi-mail-domains-tests"


class EngineUnavailable(RuntimeError):
    """The Pulumi CLI could not be provisioned on this machine."""


@cache
def pulumi_bin_dir() -> Path:
    """The directory holding ``pulumi`` and its Python plugins, built on first use."""
    result = subprocess.run(
        [str(REPO / "scripts" / "install-pulumi"), sys.executable],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise EngineUnavailable(result.stderr.strip())
    return Path(result.stdout.strip().splitlines()[-1])


def engine_env(state_dir: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for an offline engine run with a local backend under ``state_dir``."""
    bin_dir = pulumi_bin_dir()
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PULUMI_BACKEND_URL": state_dir.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_HOME": str(bin_dir.parent / "home"),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        # The dynamic-provider plugin runs this interpreter: the one with our package.
        "PULUMI_PYTHON_CMD": sys.executable,
    }
    env.update(extra or {})
    return env


@dataclasses.dataclass
class StackRun:
    """A stack of an inline program and helpers returning what the engine reported."""

    stack: auto.Stack
    state_dir: Path
    output: list[str] = dataclasses.field(default_factory=list)
    """Every line the engine printed during this stack's operations (progress, diagnostics)."""

    def up(self, **kwargs: Any) -> auto.UpResult:
        return self.stack.up(**self._capturing(kwargs))

    def preview(self, **kwargs: Any) -> auto.PreviewResult:
        return self.stack.preview(**self._capturing(kwargs))

    def refresh(self, **kwargs: Any) -> auto.RefreshResult:
        return self.stack.refresh(**self._capturing(kwargs))

    def destroy(self, **kwargs: Any) -> auto.DestroyResult:
        return self.stack.destroy(**self._capturing(kwargs))

    def output_text(self) -> str:
        """All captured engine output (stdout and stderr lines) as one text."""
        return "\n".join(self.output)

    def _capturing(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Record the engine's stdout and stderr in ``output`` (a caller's callbacks still run)."""
        captured = dict(kwargs)
        for stream in ("on_output", "on_error"):
            captured[stream] = self._sink(kwargs.get(stream))
        return captured

    def _sink(self, extra: Callable[[str], None] | None) -> Callable[[str], None]:
        def sink(line: str) -> None:
            self.output.append(line)
            if extra is not None:
                extra(line)

        return sink

    def outputs(self) -> dict[str, Any]:
        return {key: value.value for key, value in self.stack.outputs().items()}

    def set_program(self, program: Callable[[], None]) -> None:
        self.stack.workspace.program = program

    def exported_state(self) -> dict[str, Any]:
        deployment = self.stack.export_stack()
        assert deployment.deployment is not None
        return dict(deployment.deployment)

    def resources(self, type_suffix: str = "") -> list[dict[str, Any]]:
        """Resources in the exported state whose type ends with ``type_suffix``."""
        resources = self.exported_state().get("resources", [])
        return [r for r in resources if str(r.get("type", "")).endswith(type_suffix)]

    def state_files_text(self) -> str:
        """Every file of the backend directory, for grepping (secrets must not be there)."""
        return "\n".join(
            path.read_text(errors="replace") for path in self.state_dir.rglob("*") if path.is_file()
        )


def new_stack(
    program: Callable[[], None],
    state_dir: Path,
    *,
    project: str = "mail-domains-test",
    stack: str = "test",
    env: Mapping[str, str] | None = None,
    config: Mapping[str, auto.ConfigValue] | None = None,
) -> StackRun:
    """Create a fresh stack for an inline ``program`` with its own backend in ``state_dir``."""
    state_dir.mkdir(parents=True, exist_ok=True)
    bin_dir = pulumi_bin_dir()
    # The Automation API launches the CLI with this environment; the dynamic-provider plugin
    # inherits it from the engine, so credentials given here reach the providers.
    opts = auto.LocalWorkspaceOptions(
        env_vars=engine_env(state_dir, env),
        pulumi_command=auto.PulumiCommand(root=str(bin_dir.parent)),
        project_settings=auto.ProjectSettings(name=project, runtime="python"),
    )
    created = auto.create_or_select_stack(
        stack_name=stack, project_name=project, program=program, opts=opts
    )
    if config:
        created.set_all_config(dict(config))
    return StackRun(stack=created, state_dir=state_dir)


def provider_payload(resource: Mapping[str, Any]) -> str:
    """The ``__provider`` value stored for a dynamic resource (decrypted if it is a secret)."""
    value = resource.get("outputs", {}).get("__provider") or resource["inputs"]["__provider"]
    if isinstance(value, dict):  # a secret: {"4dabf18193072939515e22adb298388d": ..., ...}
        plaintext = value.get("plaintext")
        if plaintext is not None:
            value = json.loads(plaintext)
    return str(value)


def decoded_provider(resource: Mapping[str, Any]) -> bytes:
    return base64.b64decode(provider_payload(resource))


StackFactory = Callable[..., StackRun]
"""The ``make_stack`` fixture: ``make_stack(program, env=..., config=...) -> StackRun``."""
