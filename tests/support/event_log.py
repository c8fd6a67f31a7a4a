"""Read the engine's event log (``pulumi up --event-log FILE``: one JSON event a line) as it grows.

Tests run ``pulumi up`` in the background and wait, with a bound, for the event they expect:
a resource's step starting (``resourcePreEvent``), a message (``diagnosticEvent``, ephemeral
for a provider's progress in the resource's row), outputs (``resOutputsEvent``).
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Event = dict[str, Any]

_POLL_SECONDS = 0.05


class EventLog:
    """The events of one run so far, read from ``path`` on demand."""

    def __init__(self, path: Path, process: subprocess.Popen[str] | None = None) -> None:
        self.path = path
        self.process = process
        self.events: list[Event] = []
        self.read_at: dict[int, float] = {}
        """When (``time.monotonic()``) each event, by ``sequence``, was first read."""
        self._partial = ""
        self._offset = 0

    def read(self) -> list[Event]:
        """Every complete event written so far."""
        if self.path.exists():
            with self.path.open(encoding="utf-8") as file:
                file.seek(self._offset)
                chunk = file.read()
                self._offset = file.tell()
            lines = (self._partial + chunk).split("\n")
            self._partial = lines.pop()
            now = time.monotonic()
            for line in lines:
                if line.strip():
                    event = json.loads(line)
                    self.read_at.setdefault(int(event.get("sequence", -1)), now)
                    self.events.append(event)
        return self.events

    def seconds_between(self, earlier: Event, later: Event) -> float:
        """How long after ``earlier`` the log showed ``later`` (to the poll interval, 50 ms)."""
        return self.read_at[int(later["sequence"])] - self.read_at[int(earlier["sequence"])]

    def wait_for(self, matches: Callable[[Event], bool], *, timeout: float, what: str) -> Event:
        """The first event that ``matches``, waiting up to ``timeout`` seconds for it to be
        written; fails when the run ended (or the time ran out) without one."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            ended = self.process is not None and self.process.poll() is not None
            events = self.read()
            for event in events[seen:]:
                if matches(event):
                    return event
            seen = len(events)
            if ended or time.monotonic() > deadline:
                reason = "the run ended" if ended else f"{timeout:g} s passed"
                raise AssertionError(f"{reason} without {what}; {len(events)} events")
            time.sleep(_POLL_SECONDS)


def step_started(urn_suffix: str, op: str = "create") -> Callable[[Event], bool]:
    """The engine starts ``op`` on the resource whose URN ends with ``urn_suffix``."""

    def matches(event: Event) -> bool:
        metadata = event.get("resourcePreEvent", {}).get("metadata", {})
        return bool(metadata.get("op") == op and str(metadata.get("urn", "")).endswith(urn_suffix))

    return matches


def outputs_of(event: Event) -> dict[str, Any]:
    """The outputs a ``resOutputsEvent`` carries."""
    outputs: dict[str, Any] = event["resOutputsEvent"]["metadata"]["new"]["outputs"]
    return outputs


def outputs_written(urn_suffix: str) -> Callable[[Event], bool]:
    """The engine recorded the outputs of the resource whose URN ends with ``urn_suffix``."""

    def matches(event: Event) -> bool:
        metadata = event.get("resOutputsEvent", {}).get("metadata", {})
        return str(metadata.get("urn", "")).endswith(urn_suffix)

    return matches


def diagnostic(event: Event) -> dict[str, Any]:
    """The ``diagnosticEvent`` of an event (empty for other events)."""
    found: dict[str, Any] = event.get("diagnosticEvent", {})
    return found
