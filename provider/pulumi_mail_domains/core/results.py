"""What a resource's behaviour answers: plain result objects, and the input diff most resources use.

They carry the attribute names Pulumi's dynamic provider host reads (``inputs``/``failures``,
``changes``/``replaces``, ``id``/``outs``), so a behaviour is served by the dynamic host as it is,
and the native plugin translates them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from pulumi_mail_domains.core.unknowns import is_unknown

__all__ = [
    "CheckFailure",
    "CheckResult",
    "CreateResult",
    "DiffResult",
    "ReadResult",
    "UpdateResult",
    "diff_inputs",
]


@dataclasses.dataclass(frozen=True)
class CheckFailure:
    """One input that is wrong: its (snake_case) name and why, in words a user can act on."""

    property: str
    reason: str


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """The normalised inputs (defaults filled in) and every failure."""

    inputs: dict[str, Any]
    failures: list[CheckFailure] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class DiffResult:
    """Whether the inputs changed, and which changes replace the resource."""

    changes: bool
    replaces: list[str] = dataclasses.field(default_factory=list)
    stables: list[str] = dataclasses.field(default_factory=list)
    delete_before_replace: bool = False


@dataclasses.dataclass(frozen=True)
class CreateResult:
    """The new resource's id and outputs."""

    id: str
    outs: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class ReadResult:
    """The resource as it is now: an empty ``id`` means it is gone (the vendor said so).

    ``inputs``, when given, become the recorded inputs (drift made out of band shows up as a
    change the next ``up`` reverts).
    """

    id: str
    outs: dict[str, Any] = dataclasses.field(default_factory=dict)
    inputs: dict[str, Any] | None = None


@dataclasses.dataclass(frozen=True)
class UpdateResult:
    """The outputs after an in-place update."""

    outs: dict[str, Any]


def diff_inputs(
    olds: Mapping[str, Any],
    news: Mapping[str, Any],
    *,
    replace: Iterable[str],
    update: Iterable[str],
) -> DiffResult:
    """Compare normalised inputs: changed ``replace`` keys replace, ``update`` keys update."""
    replace_keys = [k for k in replace if _changed(olds.get(k), news.get(k))]
    update_keys = [k for k in update if _changed(olds.get(k), news.get(k))]
    changed = replace_keys + update_keys
    return DiffResult(
        changes=bool(changed),
        replaces=replace_keys,
        stables=[k for k in replace if k not in replace_keys],
        delete_before_replace=False,
    )


def _changed(old: object, new: object) -> bool:
    return is_unknown(new) or old != new
