"""Shards of a domain inventory: one stack per shard, and the moves an assignment change needs.

An inventory with ``shards: N`` is split into N stacks, ``<stack>-shard-0`` ... ``<stack>-shard-
<N-1>``, so no stack's checkpoint holds more than its shard (every ``up`` rewrites the whole
checkpoint). A domain's shard is its entry's explicit ``shard:``, else a stable hash of its
identity (vendor and name): SHA-256, never Python's per-process ``hash()``, through jump
consistent hashing (Lamping and Veach, 2014), so growing N from 4 to 5 moves about a fifth of
the domains, not most of them. The assignment of a given (vendor, name, N) never changes
between versions of this package: tests pin it.

When a domain's shard changes (a new N, a new explicit key, an inventory that starts sharding),
the stack holding it and the stack that should are different: :func:`plan` finds each such
domain in the exported states and names the resources to move (the domain and everything that
depends on it: record sets, validation) from one stack to the other, with ``pulumi state move``,
before any ``up``. Neither stack then deletes or creates anything at the vendor.

Everything here is pure logic over names and ``pulumi stack export`` documents.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "MAX_SHARDS",
    "Layout",
    "Member",
    "Move",
    "Plan",
    "ShardError",
    "assign",
    "move_group",
    "plan",
    "reassigned",
    "stable_shard",
]

MAX_SHARDS = 256
"""More stacks than this is a mistake, not a plan (each is a CI job and a state file)."""

_SUFFIX = "-shard-"
_NOT_MOVED = ("pulumi:pulumi:Stack",)
_PROVIDER = "pulumi:providers:"


class ShardError(ValueError):
    """The shard settings are wrong, or the states cannot be reconciled with them; the message
    names every entry (or stack) and property at fault."""


@dataclasses.dataclass(frozen=True)
class Member:
    """One domain of the inventory, as the planner sees it."""

    key: str
    """Its Pulumi resource name, unique in the inventory (the example: ``<vendor>-<name>``)."""
    vendor: str
    name: str
    shard: int | None = None
    """The entry's explicit ``shard:``; None: the stable hash decides."""
    where: str = ""
    """How messages point at the entry, e.g. ``entry 3 (name 'a.example')``."""


def stable_shard(vendor: str, name: str, count: int) -> int:
    """The shard of the domain ``name`` at ``vendor`` among ``count``: the same on every machine,
    process and version."""
    digest = hashlib.sha256(f"{vendor}\0{name}".encode()).digest()
    return _jump(int.from_bytes(digest[:8], "big"), count)


def _jump(key: int, buckets: int) -> int:
    """Jump consistent hash: growing ``buckets`` by one moves 1/(buckets) of the keys."""
    bucket, jump = -1, 0
    while jump < buckets:
        bucket = jump
        key = (key * 2862933555777941757 + 1) % (1 << 64)
        jump = int((bucket + 1) * (float(1 << 31) / float((key >> 33) + 1)))
    return bucket


def assign(members: Sequence[Member], count: int) -> dict[str, int]:
    """Each member's shard among ``count``: its explicit ``shard`` where set, else its stable
    hash. ShardError naming every entry whose ``shard`` is out of range."""
    _check_count(count)
    problems = [
        f"{m.where or m.key}: field 'shard': {m.shard} is not one of 0..{count - 1} "
        f"(shards: {count})"
        for m in members
        if m.shard is not None and not 0 <= m.shard < count
    ]
    if problems:
        raise ShardError("\n".join(problems))
    return {
        m.key: m.shard if m.shard is not None else stable_shard(m.vendor, m.name, count)
        for m in members
    }


def _check_count(count: int) -> None:
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_SHARDS:
        raise ShardError(f"field 'shards': {count!r} is not a number of shards in 1..{MAX_SHARDS}")


@dataclasses.dataclass(frozen=True)
class Layout:
    """The stacks of an inventory: ``base`` alone (``count`` None), or ``count`` shard stacks."""

    base: str
    count: int | None = None

    def __post_init__(self) -> None:
        if self.count is not None:
            _check_count(self.count)

    @classmethod
    def of_stack(cls, stack: str, count: int | None) -> Layout:
        """The layout ``stack`` is one of, for an inventory of ``count`` shards; ShardError when
        ``stack`` is not a shard's stack (a program run on it would declare nothing there)."""
        if count is None:
            return cls(stack)
        match = re.fullmatch("(.+)" + re.escape(_SUFFIX) + r"(0|[1-9][0-9]*)", stack)
        layout = cls(match.group(1), count) if match else None
        if layout is None or layout.shard_of(stack) is None:
            raise ShardError(
                f"stack {stack!r} is not a shard of this inventory (shards: {count} runs the "
                f"stacks <stack>{_SUFFIX}0 to <stack>{_SUFFIX}{count - 1}): run the pipeline "
                "with PULUMI_STACK=<stack>"
            )
        return layout

    def stack(self, shard: int) -> str:
        return self.base if self.count is None else f"{self.base}{_SUFFIX}{shard}"

    def stacks(self) -> tuple[str, ...]:
        """The stacks the pipeline runs, in shard order."""
        if self.count is None:
            return (self.base,)
        return tuple(self.stack(shard) for shard in range(self.count))

    def shard_of(self, stack: str) -> int | None:
        """The shard ``stack`` runs, or None when it is not one of :meth:`stacks`."""
        if self.count is None:
            return 0 if stack == self.base else None
        match = re.fullmatch(re.escape(self.base + _SUFFIX) + r"(0|[1-9][0-9]*)", stack)
        shard = int(match.group(1)) if match else None
        return shard if shard is not None and shard < self.count else None

    def related(self, stack: str) -> bool:
        """Whether ``stack`` is ``base`` or any ``base-shard-K``: one that may hold domains of
        this inventory (a retired shard after N shrank, the single stack before sharding)."""
        pattern = re.escape(self.base) + "(" + re.escape(_SUFFIX) + r"(0|[1-9][0-9]*))?"
        return re.fullmatch(pattern, stack) is not None

    def targets(self, members: Sequence[Member]) -> dict[str, str]:
        """Each member's stack."""
        if self.count is None:
            problems = [
                f"{m.where or m.key}: field 'shard': set, but the inventory has no 'shards' count"
                for m in members
                if m.shard is not None
            ]
            if problems:
                raise ShardError("\n".join(problems))
            return {m.key: self.base for m in members}
        return {key: self.stack(shard) for key, shard in assign(members, self.count).items()}


@dataclasses.dataclass(frozen=True)
class Move:
    """A domain whose resources go from stack ``source`` to stack ``dest``."""

    key: str
    source: str
    dest: str
    urns: tuple[str, ...] = ()
    """The domain's resource and everything depending on it, in ``source``'s state."""


def reassigned(members: Sequence[Member], old: Layout, new: Layout) -> list[Move]:
    """The members whose stack differs between the layouts ``old`` and ``new`` (no state read:
    what a change of ``shards`` or of explicit keys would move)."""
    before, after = old.targets(members), new.targets(members)
    return [Move(key, before[key], after[key]) for key in before if before[key] != after[key]]


@dataclasses.dataclass(frozen=True)
class Plan:
    """Where each domain should be, where it is, and what moves in between."""

    layout: Layout
    target: Mapping[str, str]
    """Member key -> the stack it belongs in."""
    moves: tuple[Move, ...]

    def not_moved(self) -> dict[str, str]:
        """Each mover's key -> the stack still holding it. Until the moves are done (a preview),
        that stack keeps declaring it, so no preview shows a mover's resources deleted in one
        stack and created in another."""
        return {move.key: move.source for move in self.moves}


def plan(
    members: Sequence[Member], layout: Layout, states: Mapping[str, Sequence[Mapping[str, Any]]]
) -> Plan:
    """The plan for ``members`` given each existing stack's resources (``states``: stack name ->
    the ``resources`` of its ``pulumi stack export``; stacks not :meth:`Layout.related` are
    ignored). ShardError, before anything is changed, when a domain is held by two stacks or a
    retired stack holds resources the inventory no longer lists (moving cannot empty it)."""
    target = layout.targets(members)
    related = {
        stack: list(resources) for stack, resources in states.items() if layout.related(stack)
    }
    held = _held(target, related)
    moves: list[Move] = []
    problems: list[str] = []
    for key, stacks in sorted(held.items()):
        if len(stacks) > 1:
            problems.append(f"{key}: held by several stacks ({', '.join(sorted(stacks))})")
            continue
        (source,) = stacks
        if source != target[key]:
            urns = move_group(related[source], _domain_urn(related[source], key))
            moves.append(Move(key, source, target[key], tuple(urns)))
    active = set(layout.stacks())
    for stack, resources in sorted(related.items()):
        if stack in active:
            continue
        leaving = {urn for move in moves if move.source == stack for urn in move.urns}
        left = [r["urn"] for r in _movable(resources) if r["urn"] not in leaving]
        if left:
            problems.append(
                f"stack {stack} is not one of the inventory's shards ({_describe(layout)}) "
                f"and still holds resources the inventory no longer lists: {', '.join(left)}; "
                "delete them in a change of their own before changing the shards"
            )
    if problems:
        raise ShardError("\n".join(problems))
    return Plan(layout, target, tuple(moves))


def _describe(layout: Layout) -> str:
    return "no shards" if layout.count is None else f"shards: {layout.count}"


def _held(
    target: Mapping[str, str], states: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[str, set[str]]:
    """Member key -> the stacks whose state has its domain resource."""
    held: dict[str, set[str]] = {}
    for stack, resources in states.items():
        for resource in _movable(resources):
            key = _name(resource["urn"])
            if key in target:
                held.setdefault(key, set()).add(stack)
    return held


def _movable(resources: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Resources a move carries: not the stack itself, not providers (``pulumi state move``
    copies the providers the moved resources need)."""
    return [
        r
        for r in resources
        if r.get("type") not in _NOT_MOVED and not str(r.get("type", "")).startswith(_PROVIDER)
    ]


def _name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def _domain_urn(resources: Sequence[Mapping[str, Any]], key: str) -> str:
    """The URN of the domain resource named ``key`` (its dependents carry suffixed names)."""
    named = [r for r in _movable(resources) if _name(r["urn"]) == key]
    return str(named[0]["urn"])


def move_group(resources: Sequence[Mapping[str, Any]], urn: str) -> list[str]:
    """``urn`` and every resource of ``resources`` that depends on it, directly or not (through
    ``dependencies``, ``propertyDependencies``, ``parent`` or ``deletedWith``), in state order.

    Moving them together leaves no dependency broken in either stack."""
    group = {urn}
    grew = True
    while grew:
        grew = False
        for resource in _movable(resources):
            if resource["urn"] not in group and _refers(resource) & group:
                group.add(resource["urn"])
                grew = True
    return [str(r["urn"]) for r in resources if r["urn"] in group]


def _refers(resource: Mapping[str, Any]) -> set[str]:
    referred = set(resource.get("dependencies") or [])
    for urns in (resource.get("propertyDependencies") or {}).values():
        referred.update(urns or [])
    referred.update(u for u in (resource.get("parent"), resource.get("deletedWith")) if u)
    return referred
