"""Request helpers shared by the route modules."""

from __future__ import annotations

from typing import Annotated, cast

from fastapi import Depends, Request

from pulumi_mail_domains.emulator.state import EmulatorState

MAX_INT64 = 2**63 - 1


async def get_state(request: Request) -> EmulatorState:
    """The running emulator's state (async, so it never needs a worker thread)."""
    return cast(EmulatorState, request.app.state.emulator)


State = Annotated[EmulatorState, Depends(get_state)]


def media_type(request: Request) -> str:
    """The request's media type without parameters, lower-cased ('' when absent)."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def is_json_media(media: str) -> bool:
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )
