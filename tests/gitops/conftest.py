"""Fixtures for the GitOps example: the S3 backend, an emulator verifying through BIND9."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from gitops.harness import PROJECT_DIR, S3Backend
from support.bind import BindServer
from support.emulator import Emulator, running_emulator

# The example's modules (inventory, pipeline) are imported the way its program imports them.
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

FAST_LIFECYCLE = (
    "--creating-seconds=0.3",
    "--validating-seconds=0.3",
    "--provisioning-seconds=0.3",
    "--deleting-seconds=0.3",
)


@pytest.fixture(scope="session")
def s3_backend() -> Iterator[S3Backend]:
    backend = S3Backend()
    yield backend
    backend.stop()


@pytest.fixture(scope="module")
def gitops_emulator_process(bind_server: BindServer) -> Iterator[Emulator]:
    """An emulator that verifies records by querying the session's BIND9."""
    with running_emulator(extra_args=[*FAST_LIFECYCLE, "--dns-server", bind_server.address]) as emu:
        yield emu


@pytest.fixture
def gitops_emu(gitops_emulator_process: Emulator) -> Emulator:
    gitops_emulator_process.reset()
    return gitops_emulator_process


@pytest.fixture
def bucket(s3_backend: S3Backend) -> str:
    return s3_backend.new_bucket()
