"""``pulumi-resource-mail-domains``: the plugin executable the engine starts.

It serves :class:`~pulumi_mail_domains.native.provider.MailDomainsProvider` with the Python
SDK's provider server, and reports failures as plain gRPC errors: the SDK would otherwise show
users ``Unexpected <class '...'>:`` before every message.

Interruptions: the engine's ``Cancel`` call (the user pressed Ctrl-C, CI sent SIGINT or
SIGTERM to the CLI) stops every wait at once (:mod:`~pulumi_mail_domains.core.cancellation`)
while the plugin keeps answering, so the engine records every create that finished. SIGINT or
SIGTERM to the plugin itself (how the engine shuts its plugins down) stops every wait too, then
the server, after a short grace for the calls in flight. When the engine is gone without a
word, the plugin exits within seconds (:mod:`~pulumi_mail_domains.core.engine_watch`).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import grpc
import grpc.aio
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2_grpc

from pulumi_mail_domains import __version__
from pulumi_mail_domains.core import cancellation
from pulumi_mail_domains.core.engine_watch import GRACE_SECONDS, watch_engine
from pulumi_mail_domains.core.errors import MailDomainsError
from pulumi_mail_domains.native.provider import MailDomainsProvider

__all__ = ["main"]

R = TypeVar("R")
Handler = Callable[..., Coroutine[Any, Any, R]]


def _reporting(handler: Handler[R]) -> Handler[R]:
    @functools.wraps(handler)
    async def wrapper(self: Any, request: Any, context: grpc.aio.ServicerContext) -> R:
        try:
            return await handler(self, request, context)
        except grpc.aio.AbortError:
            raise
        except Exception as error:  # every failure becomes the operation's error message
            await context.abort(grpc.StatusCode.UNKNOWN, _message(error))
            raise  # not reached: abort raises

    return wrapper


def _message(error: Exception) -> str:
    text = str(error) or type(error).__name__
    # Our errors are written for people; anything else is a bug worth its class name.
    if isinstance(error, MailDomainsError):
        return text
    return f"{type(error).__name__}: {text}"


class _Servicer(ProviderServicer):
    """The SDK's servicer with every resource and configuration call reporting cleanly."""

    CheckConfig = _reporting(ProviderServicer.CheckConfig)
    DiffConfig = _reporting(ProviderServicer.DiffConfig)
    Configure = _reporting(ProviderServicer.Configure)
    Check = _reporting(ProviderServicer.Check)
    Diff = _reporting(ProviderServicer.Diff)
    Create = _reporting(ProviderServicer.Create)
    Read = _reporting(ProviderServicer.Read)
    Update = _reporting(ProviderServicer.Update)
    Delete = _reporting(ProviderServicer.Delete)
    GetSchema = _reporting(ProviderServicer.GetSchema)


async def _serve(engine_address: str) -> None:
    server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
    provider = MailDomainsProvider(engine_address=engine_address)
    servicer = _Servicer([], __version__, provider, engine_address=engine_address)
    watch_engine(engine_address, drain=provider.close)
    # The engine shuts its plugins down with SIGINT to their process group, then SIGKILL 5 s
    # later: stop every wait, let the calls in flight answer, and exit.
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for interruption in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(interruption, _interrupted, stopping)
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port(address="127.0.0.1:0")
    await server.start()
    # The engine reads the port from the first line of stdout.
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    await stopping.wait()
    await server.stop(GRACE_SECONDS)


def _interrupted(stopping: asyncio.Event) -> None:
    cancellation.cancel()
    stopping.set()


def main(argv: list[str] | None = None) -> None:
    """Start the plugin: ``pulumi-resource-mail-domains ENGINE_ADDRESS [--logflow ...]``."""
    parser = argparse.ArgumentParser(description="Pulumi resource provider mail-domains")
    parser.add_argument("engine", nargs="?", default="", help="the engine's gRPC address")
    args, _ = parser.parse_known_args(argv)
    asyncio.run(_serve(args.engine))


if __name__ == "__main__":
    main()
