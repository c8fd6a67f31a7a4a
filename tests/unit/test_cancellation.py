"""Cancelled waits and the engine watch, each in a process of its own (cancellation is
process-wide and sticky, and the watch ends its process)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

WAIT_AFTER_CANCEL = """
import threading, time
from pulumi_mail_domains.core import cancellation
from pulumi_mail_domains.core.polling import poll_until
threading.Timer(0.2, cancellation.cancel).start()
started = time.monotonic()
try:
    poll_until(lambda: False, timeout=600, min_delay=30, max_delay=30)
except cancellation.CancelledError as error:
    print(f"cancelled after {time.monotonic() - started:.2f} s: {error}")
"""


def test_a_600_s_wait_ends_as_soon_as_the_run_is_cancelled() -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", WAIT_AFTER_CANCEL], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("cancelled after 0."), result.stdout
    assert time.monotonic() - started < 30


ORPHAN = """
import sys, time
from pathlib import Path
from pulumi_mail_domains.core.engine_watch import watch_engine
watch_engine("")
Path(sys.argv[1]).touch()
time.sleep(60)
"""


def test_a_process_whose_parent_died_exits_within_seconds(tmp_path: Path) -> None:
    """The watched process's parent (a shell standing in for the engine) exits at once."""
    pid_file, watching = tmp_path / "pid", tmp_path / "watching"
    script = (
        f'{sys.executable} -c "$0" {watching} & echo $! > {pid_file}; '
        f"while [ ! -f {watching} ]; do sleep 0.05; done; exit"
    )
    subprocess.run(["sh", "-c", script, ORPHAN], check=True, timeout=30)
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and _state(pid) != "Z":
        assert time.monotonic() < deadline, "the orphaned process still runs after 10 s"
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
