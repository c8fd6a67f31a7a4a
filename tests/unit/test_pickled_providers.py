"""Provider payloads from the state of existing stacks still load, as today's behaviours."""

from __future__ import annotations

import base64
import importlib
import json
from pathlib import Path

import dill
import pytest

PAYLOADS: dict[str, str] = json.loads(
    (Path(__file__).parent / "fixtures" / "provider_payloads_v0_1.json").read_text()
)


@pytest.mark.parametrize("path", sorted(PAYLOADS))
def test_an_old_payload_loads_as_the_current_behaviour(path: str) -> None:
    module, _, name = path.rpartition(".")
    provider = dill.loads(base64.b64decode(PAYLOADS[path]))
    assert type(provider) is getattr(importlib.import_module(module), name)
    assert callable(provider.import_seed), "it is the core behaviour, not a copy"
    assert vars(provider) == {}, "a pickled provider carries no state (no settings, no client)"
