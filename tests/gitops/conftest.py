"""Fixtures for the GitOps example: the S3 backend, an emulator verifying through BIND9."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from gitops.harness import PROJECT_DIR, S3Backend
from support.bind import BindServer
from support.emulator import FAST_LIFECYCLE, Emulator, EmulatorPool

# The example's modules (inventory, pipeline) are imported the way its program imports them.
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))


@pytest.fixture(scope="session")
def s3_backend() -> Iterator[S3Backend]:
    backend = S3Backend()
    yield backend
    backend.stop()


@pytest.fixture
def gitops_emu(emulators: EmulatorPool, bind_server: BindServer) -> Emulator:
    """An emulator that verifies records by querying the session's BIND9."""
    return emulators.get(*FAST_LIFECYCLE, dns_server=bind_server.address)


@pytest.fixture
def bucket(s3_backend: S3Backend) -> str:
    return s3_backend.new_bucket()
