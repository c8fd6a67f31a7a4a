"""30 domains through 20% 5xx + 5% resets + 10% lost responses + 15 req/s, real engine."""

from __future__ import annotations

from engine.harsh_network import FULLHELP_COUNT, SCALEWAY_COUNT, program, run_harsh
from support.emulator import Emulator
from support.engine import StackFactory


def test_thirty_domains_converge_through_a_harsh_network(
    make_stack: StackFactory, emu: Emulator
) -> None:
    run = make_stack(program("harsh"))
    outcome = run_harsh(run, emu)
    assert outcome.error is None, outcome.error
    assert outcome.domains_after_up == SCALEWAY_COUNT + FULLHELP_COUNT
    # Every domain and the stack itself unchanged: the refresh found them all as they are.
    assert outcome.refresh_changes == {"same": SCALEWAY_COUNT + FULLHELP_COUNT + 1}
    assert outcome.domains_after_destroy == 0
