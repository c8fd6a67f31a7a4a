"""The shard planner: stable assignment, explicit keys, what a change of N moves, and the plan
of state moves read from exported deployments. Pure logic: no engine, no emulator."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from typing import Any

import pytest
from inventory import InventoryError, parse

from pulumi_mail_domains.gitops.shards import (
    Layout,
    Member,
    Move,
    ShardError,
    assign,
    move_group,
    plan,
    reassigned,
    stable_shard,
)

PROJECT = "mail-domains-gitops"


def member(name: str, vendor: str = "scaleway", shard: int | None = None) -> Member:
    return Member(f"{vendor}-{name}", vendor, name, shard, f"entry 0 (name {name!r})")


def many(count: int) -> list[Member]:
    return [member(f"d{i}.example.test", ("scaleway", "fullhelp")[i % 2]) for i in range(count)]


def test_the_assignment_is_pinned() -> None:
    """These values are a contract: a different one would move the domains of every user."""
    assert [stable_shard("scaleway", "example.com", n) for n in (1, 2, 4, 8)] == [0, 0, 2, 6]
    assert [stable_shard("fullhelp", "example.com", n) for n in (2, 4, 8)] == [1, 3, 4]
    assert [stable_shard("scaleway", "help.example.org", n) for n in (2, 4, 8)] == [1, 1, 1]


def test_the_assignment_does_not_depend_on_the_process() -> None:
    """Python's own hash() of a string changes with PYTHONHASHSEED; the shard must not."""
    code = (
        "from pulumi_mail_domains.gitops.shards import stable_shard;"
        "print([stable_shard('scaleway', f'd{i}.test', 8) for i in range(50)])"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "random")
    }
    assert len(runs) == 1
    assert runs == {str([stable_shard("scaleway", f"d{i}.test", 8) for i in range(50)]) + "\n"}


def test_the_vendor_is_part_of_the_identity_and_shards_are_balanced() -> None:
    names = [f"d{i}.example.test" for i in range(400)]
    assert any(stable_shard("scaleway", n, 8) != stable_shard("fullhelp", n, 8) for n in names)
    sizes = Counter(assign(many(2000), 8).values())
    assert sorted(sizes) == list(range(8))
    assert all(180 <= size <= 320 for size in sizes.values()), sizes  # 250 each on average


def test_growing_n_moves_a_share_of_the_domains_and_only_to_the_new_shard() -> None:
    members = many(1000)
    moved = reassigned(members, Layout("prod", 4), Layout("prod", 5))
    assert {m.dest for m in moved} == {"prod-shard-4"}
    assert 150 <= len(moved) <= 250, len(moved)  # a fifth; modulo hashing would move 80%


def test_changing_n_reports_each_domain_that_moves() -> None:
    members = [member("example.com"), member("eu.example.com"), member("help.example.org")]
    assert reassigned(members, Layout("prod", 2), Layout("prod", 8)) == [
        Move("scaleway-example.com", "prod-shard-0", "prod-shard-6"),
        Move("scaleway-eu.example.com", "prod-shard-1", "prod-shard-3"),
    ]
    # Starting to shard moves every domain out of the single stack.
    assert {m.source for m in reassigned(members, Layout("prod"), Layout("prod", 2))} == {"prod"}


def test_explicit_keys_win() -> None:
    pinned = member("example.com", shard=5)
    assert stable_shard("scaleway", "example.com", 8) != 5
    assert assign([pinned], 8) == {"scaleway-example.com": 5}
    # An explicit key does not move when N changes, as long as it stays in range.
    assert reassigned([pinned], Layout("prod", 6), Layout("prod", 8)) == []


def test_errors_name_the_entry_and_the_property() -> None:
    with pytest.raises(ShardError) as caught:
        assign([member("a.test", shard=1), member("b.test", shard=4), member("c.test", shard=9)], 4)
    assert str(caught.value).splitlines() == [
        "entry 0 (name 'b.test'): field 'shard': 4 is not one of 0..3 (shards: 4)",
        "entry 0 (name 'c.test'): field 'shard': 9 is not one of 0..3 (shards: 4)",
    ]
    with pytest.raises(ShardError, match="field 'shard': set, but the inventory has no 'shards'"):
        Layout("prod").targets([member("a.test", shard=0)])
    for count in (0, 257, True):
        with pytest.raises(ShardError, match="field 'shards'"):
            Layout("prod", count)


def test_the_inventory_validates_its_shard_keys() -> None:
    domain = {"vendor": "fullhelp", "name": "b.example.test"}
    good = parse({"shards": 3, "domains": [{"vendor": "scaleway", "name": "a.example.test"}]})
    assert good.layout("prod").stacks() == ("prod-shard-0", "prod-shard-1", "prod-shard-2")
    with pytest.raises(InventoryError) as caught:
        parse(
            {"shards": 2, "domains": [{**domain, "name": "a.example.test"}, {**domain, "shard": 2}]}
        )
    assert "entry 1 (name 'b.example.test'): field 'shard': 2 is not one of 0..1" in str(
        caught.value
    )
    with pytest.raises(InventoryError, match=r"entry 0 \(name 'b.example.test'\): field 'shard'"):
        parse({"domains": [{**domain, "shard": 0}]})
    with pytest.raises(InventoryError, match="field 'shard': Input should be greater than"):
        parse({"shards": 2, "domains": [{**domain, "shard": -1}]})
    with pytest.raises(InventoryError, match="shards: Input should be less than or equal to 256"):
        parse({"shards": 1000, "domains": [domain]})


def test_stack_names() -> None:
    layout = Layout("prod", 3)
    assert layout.stacks() == ("prod-shard-0", "prod-shard-1", "prod-shard-2")
    assert [layout.shard_of(s) for s in ("prod-shard-2", "prod-shard-3", "prod", "x")] == [
        2,
        None,
        None,
        None,
    ]
    assert [layout.related(s) for s in ("prod", "prod-shard-7", "prod-shard-x", "prodx")] == [
        True,
        True,
        False,
        False,
    ]
    assert Layout("prod").stacks() == ("prod",)
    assert Layout.of_stack("prod-shard-1", 3) == layout
    assert Layout.of_stack("prod", None) == Layout("prod")
    for stack in ("prod", "prod-shard-3"):
        with pytest.raises(ShardError, match=f"stack '{stack}' is not a shard of this inventory"):
            Layout.of_stack(stack, 3)


# -- plans read from exported states ----------------------------------------------------------


def urn(stack: str, name: str, kind: str = "pulumi-python:dynamic:Resource") -> str:
    return f"urn:pulumi:{stack}::{PROJECT}::{kind}::{name}"


def domain_state(stack: str, name: str) -> list[dict[str, Any]]:
    """A domain as the example's program leaves it: the domain, two record sets depending on
    it, and a validation depending on the domain and the records."""
    domain = urn(stack, name)
    records = [urn(stack, f"{name}-mx"), urn(stack, f"{name}-spf")]
    return [
        {"urn": domain, "type": "pulumi-python:dynamic:Resource"},
        *(
            {
                "urn": r,
                "type": "pulumi-python:dynamic:Resource",
                "propertyDependencies": {"values": [domain]},
            }
            for r in records
        ),
        {
            "urn": urn(stack, f"{name}-validation"),
            "type": "pulumi-python:dynamic:Resource",
            "dependencies": [*records, domain],
        },
    ]


def stack_state(stack: str, *names: str) -> list[dict[str, Any]]:
    root = {
        "urn": urn(stack, f"{PROJECT}-{stack}", "pulumi:pulumi:Stack"),
        "type": "pulumi:pulumi:Stack",
    }
    provider = {
        "urn": urn(stack, "default", "pulumi:providers:pulumi-python"),
        "type": "pulumi:providers:pulumi-python",
    }
    return [root, provider, *(r for name in names for r in domain_state(stack, name))]


def test_move_group_is_the_domain_and_its_dependents() -> None:
    state = stack_state("prod", "scaleway-a.test", "scaleway-a.test-b.test")
    group = move_group(state, urn("prod", "scaleway-a.test"))
    assert [u.rsplit("::", 1)[1] for u in group] == [
        "scaleway-a.test",
        "scaleway-a.test-mx",
        "scaleway-a.test-spf",
        "scaleway-a.test-validation",
    ], "a domain whose name extends another's is not carried along"


def test_a_plan_moves_what_changed_shard_with_its_dependents() -> None:
    members = [member("example.com"), member("eu.example.com"), member("help.example.org")]
    layout = Layout("prod", 8)
    states = {
        # Where N=2 put them (see test_changing_n_reports_each_domain_that_moves).
        "prod-shard-0": stack_state("prod-shard-0", "scaleway-example.com"),
        "prod-shard-1": stack_state(
            "prod-shard-1", "scaleway-eu.example.com", "scaleway-help.example.org"
        ),
        "other": stack_state("other", "scaleway-example.com"),  # not this inventory's
    }
    result = plan(members, layout, states)
    assert [(m.key, m.source, m.dest) for m in result.moves] == [
        ("scaleway-eu.example.com", "prod-shard-1", "prod-shard-3"),
        ("scaleway-example.com", "prod-shard-0", "prod-shard-6"),
    ]
    assert result.moves[1].urns == tuple(
        r["urn"] for r in domain_state("prod-shard-0", "scaleway-example.com")
    )
    assert result.not_moved() == {
        "scaleway-eu.example.com": "prod-shard-1",
        "scaleway-example.com": "prod-shard-0",
    }
    assert result.target["scaleway-example.com"] == "prod-shard-6"
    # Once moved (or when nothing is deployed yet) there is nothing to move.
    assert plan(members, layout, {}).moves == ()


def test_a_retired_stack_must_be_emptied_by_the_moves() -> None:
    members = [member("example.com")]
    # The single stack before sharding: its domain moves out, it is left empty.
    states = {"prod": stack_state("prod", "scaleway-example.com")}
    (move,) = plan(members, Layout("prod", 2), states).moves
    assert (move.source, move.dest) == ("prod", "prod-shard-0")
    # A domain removed from the inventory while its shard is retired: no run would delete it.
    states["prod-shard-5"] = stack_state("prod-shard-5", "scaleway-gone.test")
    with pytest.raises(ShardError) as caught:
        plan(members, Layout("prod", 2), states)
    message = str(caught.value)
    assert "stack prod-shard-5 is not one of the inventory's shards (shards: 2)" in message
    assert urn("prod-shard-5", "scaleway-gone.test") in message


def test_a_domain_in_two_stacks_is_an_error_not_a_move() -> None:
    states = {s: stack_state(s, "scaleway-a.test") for s in ("prod-shard-0", "prod-shard-1")}
    with pytest.raises(ShardError, match=r"scaleway-a.test: held by several stacks \(prod-shard-0"):
        plan([member("a.test")], Layout("prod", 2), states)
