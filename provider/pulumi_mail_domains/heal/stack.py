"""One stack, operated through the ``pulumi`` CLI's own commands (never the backend's files).

Also where a stale lock is recognised: a run killed with SIGKILL leaves the stack locked, and
every later command fails "the stack is currently locked" until ``pulumi cancel``. The lock
message names when each lock was taken; with ``stale_lock_minutes`` set (the CI job timeout: no
live run can be older), locks older than that are removed with ``pulumi cancel``, and said so.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pulumi_mail_domains.heal.pending import parse_time

__all__ = ["LOCKED", "Stack", "StackCommandError", "stale_lock"]

LOCKED = "the stack is currently locked"
_UNREADABLE_CHECKPOINT = "failed to load checkpoint: EOF"
_ALREADY_EXISTS = "already exists"
_LOCK_LINE = re.compile(r"created by .* at (\S+)\s*$", re.MULTILINE)


class StackCommandError(Exception):
    """A ``pulumi`` command failed; the message holds its output's end."""


def stale_lock(message: str, minutes: float | None) -> str | None:
    """If ``message`` is the CLI's "currently locked" error and every lock it lists was taken
    more than ``minutes`` ago, what to tell the user before cancelling them; else None."""
    if LOCKED not in message or minutes is None:
        return None
    times = [parse_time(stamp) for stamp in _LOCK_LINE.findall(message)]
    taken = [time for time in times if time is not None]
    now = datetime.datetime.now(datetime.timezone.utc)
    if not taken or len(taken) != len(times) or any(now - t < _minutes(minutes) for t in taken):
        return None
    return (
        f"the stack is locked since {min(taken).isoformat(timespec='seconds')}, longer than "
        f"{minutes:g} min (MAIL_DOMAINS_STALE_LOCK_MINUTES): no run can still hold it; removing "
        "the stale lock with `pulumi cancel --yes`"
    )


def _minutes(minutes: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=minutes)


@dataclasses.dataclass
class Stack:
    """``pulumi ... --stack STACK --cwd CWD`` with the given environment."""

    stack: str | None = None
    cwd: Path | None = None
    env: Mapping[str, str] | None = None
    stale_lock_minutes: float | None = None
    pulumi: str = "pulumi"

    def export(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """The stack's deployment (``pulumi stack export``), secrets decrypted if asked."""
        flags = ["--show-secrets"] if show_secrets else []
        try:
            text = self.run("stack", "export", *flags)
        except StackCommandError as error:
            if _UNREADABLE_CHECKPOINT not in str(error) or not self._removed_empty_metadata():
                raise
            text = self.run("stack", "export", *flags)
        exported: dict[str, Any] = json.loads(text)
        return exported

    def _removed_empty_metadata(self) -> bool:
        """A file backend (``file://``) writes each state file atomically, but its metadata
        sidecar (``<file>.attrs``) in place: a kill at that moment leaves it empty, and every
        command then fails "failed to load checkpoint: EOF". An empty sidecar holds nothing
        (no state, no metadata), so removing it loses nothing and makes the state readable."""
        backend = str(json.loads(self.run("whoami", "--json", of_stack=False)).get("url") or "")
        if not backend.startswith("file://"):
            return False
        stacks = Path(backend.removeprefix("file://")) / ".pulumi" / "stacks"
        empty = [
            sidecar
            for sidecar in stacks.glob("**/*.json.attrs")
            if sidecar.stat().st_size == 0 and sidecar.with_suffix("").is_file()
        ]
        for sidecar in empty:
            print(
                f"mail-domains: removing {sidecar}: an empty metadata file a killed run left, "
                "which makes the state unreadable",
                file=sys.stderr,
                flush=True,
            )
            sidecar.unlink()
        return bool(empty)

    def import_(self, exported: Mapping[str, Any]) -> None:
        """``pulumi stack import`` of ``exported`` (as ``export`` returned it, ciphertext kept)."""
        with tempfile.TemporaryDirectory(prefix="mail-domains-heal-") as scratch:
            path = Path(scratch) / "state.json"
            path.write_text(json.dumps(exported))
            self.locking("stack", "import", "--file", str(path))

    def refresh(self, urns: Sequence[str]) -> None:
        """``pulumi refresh`` of just these resources, from the vendors."""
        targets = [arg for urn in urns for arg in ("--target", urn)]
        self.locking("refresh", "--yes", "--skip-preview", *targets)

    def config(self) -> dict[str, Any]:
        """The stack's configuration with secrets decrypted (never printed)."""
        loaded: dict[str, Any] = json.loads(self.run("config", "--json", "--show-secrets"))
        return loaded

    def history(self) -> list[dict[str, Any]]:
        """The stack's completed updates, newest first."""
        loaded = json.loads(self.run("stack", "history", "--json") or "[]")
        return list(loaded or [])

    def check_unlocked(self) -> None:
        """Raise the CLI's "currently locked" error if a run holds the stack's lock (a stale
        lock is cancelled, as for every locking command).

        ``pulumi stack init`` of this existing stack is the probe: the CLI takes the lock
        before it finds that the stack exists, and writes nothing. Every other command that
        checks the lock writes the state, and a write drops the pending operations."""
        name = self.stack or self.run("stack", "--show-name").strip()
        try:
            self.locking("stack", "init", name, of_stack=False)
        except StackCommandError as error:
            if _ALREADY_EXISTS not in str(error):
                raise

    def locking(self, *args: str, of_stack: bool = True) -> str:
        """Run a command that takes the stack's lock; a stale lock is cancelled, then the
        command runs once more."""
        try:
            return self.run(*args, of_stack=of_stack)
        except StackCommandError as error:
            if not self._cancelled_stale_lock(str(error)):
                raise
        return self.run(*args, of_stack=of_stack)

    def run(self, *args: str, of_stack: bool = True) -> str:
        """``pulumi ARGS`` (on this stack unless not ``of_stack``); its stdout, or
        :class:`StackCommandError`."""
        selection = self._selection() if of_stack else self._directory()
        command = [self.pulumi, *args, "--non-interactive", *selection]
        result = subprocess.run(
            command, cwd=self.cwd, env=self.env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            output = (result.stdout[-2000:] + "\n" + result.stderr[-4000:]).strip()
            raise StackCommandError(f"pulumi {' '.join(args[:2])} failed:\n{output}")
        return result.stdout

    def _selection(self) -> list[str]:
        return [*(["--stack", self.stack] if self.stack else []), *self._directory()]

    def _directory(self) -> list[str]:
        return ["--cwd", str(self.cwd)] if self.cwd else []

    def _cancelled_stale_lock(self, message: str) -> bool:
        notice = stale_lock(message, self.stale_lock_minutes)
        if notice is None:
            return False
        print(f"mail-domains: {notice}", file=sys.stderr, flush=True)
        self.run("cancel", "--yes")
        return True
