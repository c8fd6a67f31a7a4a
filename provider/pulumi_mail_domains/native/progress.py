"""The plugin's progress sink: a wait's reports in the row of the resource it works for.

The engine shows a provider's message in a resource's row of ``pulumi up`` when the provider
calls the engine's ``Log`` with that resource's URN and ``ephemeral`` set; the message is
replaced by the next one and kept out of the run's diagnostics. The SDK's provider server opens
no engine connection for resource calls, so the plugin opens its own to the address the engine
started it with. (The plugin's standard error would only reach the engine's debug log.) See
docs/engine.md §1.
"""

from __future__ import annotations

import contextlib
import functools
import threading

import grpc
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

from pulumi_mail_domains.core.progress import Sink

__all__ = ["EngineLog"]

_LOG_TIMEOUT_SECONDS = 5.0


class EngineLog:
    """Ephemeral messages to the engine at ``address``, over a channel opened on first use."""

    def __init__(self, address: str) -> None:
        self._address = address
        self._opening = threading.Lock()
        self._engine: engine_pb2_grpc.EngineStub | None = None

    def sink(self, urn: str) -> Sink:
        """Where the waits of an operation on ``urn`` report: its row, refreshed every few
        seconds (the elapsed time moves on) and at once when the news changed."""
        return Sink(functools.partial(self._log, urn), min_gap=1.0, repeat_after=5.0)

    def _log(self, urn: str, message: str, _about: str) -> None:
        request = engine_pb2.LogRequest(
            severity=engine_pb2.INFO, message=message, urn=urn, ephemeral=True
        )
        # A report is news, not a result: losing one must not fail the wait.
        with contextlib.suppress(grpc.RpcError):
            self._stub().Log(request, timeout=_LOG_TIMEOUT_SECONDS)

    def _stub(self) -> engine_pb2_grpc.EngineStub:
        with self._opening:
            if self._engine is None:
                channel = grpc.insecure_channel(self._address, options=_GRPC_CHANNEL_OPTIONS)
                self._engine = engine_pb2_grpc.EngineStub(channel)
            return self._engine
