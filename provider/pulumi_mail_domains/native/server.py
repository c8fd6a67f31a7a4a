"""``pulumi-resource-mail-domains``: the plugin executable the engine starts.

It serves :class:`~pulumi_mail_domains.native.provider.MailDomainsProvider` with the Python
SDK's provider server, and reports failures as plain gRPC errors: the SDK would otherwise show
users ``Unexpected <class '...'>:`` before every message.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import grpc
import grpc.aio
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2_grpc

from pulumi_mail_domains import __version__
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
    if type(error).__module__.startswith("pulumi_mail_domains"):
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
    servicer = _Servicer([], __version__, MailDomainsProvider(), engine_address=engine_address)
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port(address="127.0.0.1:0")
    await server.start()
    # The engine reads the port from the first line of stdout.
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    await server.wait_for_termination()


def main(argv: list[str] | None = None) -> None:
    """Start the plugin: ``pulumi-resource-mail-domains ENGINE_ADDRESS [--logflow ...]``."""
    parser = argparse.ArgumentParser(description="Pulumi resource provider mail-domains")
    parser.add_argument("engine", nargs="?", default="", help="the engine's gRPC address")
    args, _ = parser.parse_known_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.engine))


if __name__ == "__main__":
    main()
