"""Messages for the person running ``pulumi up``: the engine's log when there is one.

Behaviours call :func:`info` and :func:`warn` rather than ``pulumi.log`` so they do not depend
on how they are served; both front ends run where ``pulumi.log`` reaches the engine or, without
an engine connection, standard error (which the engine records in its logs).
"""

from __future__ import annotations

import pulumi

__all__ = ["info", "warn"]


def info(message: str) -> None:
    """Something the user may want to know, e.g. why an operation is waiting."""
    pulumi.log.info(message)


def warn(message: str) -> None:
    """Something the user should act on."""
    pulumi.log.warn(message)
