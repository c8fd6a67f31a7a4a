"""The contract's own bookkeeping: every covered SDK operation was really called.

Runs last in this directory (files run in name order). When only part of the contract suite is
selected, there is nothing to check: the coverage claim is about the whole suite.
"""

from __future__ import annotations

import pytest

from contract.referee import DESELECTED, LEDGER, OPERATIONS


def test_every_covered_sdk_operation_was_called(request: pytest.FixtureRequest) -> None:
    """Each of the 13 SDK operations ran at least once, and the ledger counted HTTP requests for
    every call (polling waiters and list_*_all send more requests than calls)."""
    here = request.node.path.parent
    contract = [item for item in request.session.items if item.path.parent == here]
    if DESELECTED or {item.path.name for item in contract} == {request.node.path.name}:
        pytest.skip("only part of the contract suite was selected")
    missing = sorted(OPERATIONS - {name for name, count in LEDGER.operations.items() if count})
    assert missing == []
    calls = sum(LEDGER.operations.values())
    assert calls >= 60, LEDGER.operations
    assert sum(LEDGER.requests.values()) > calls
