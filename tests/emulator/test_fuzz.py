"""Schema-driven fuzzing: requests built from the emulator's own OpenAPI never get a 5xx.

Hypothesis generates path parameters, query strings, headers and bodies (well-formed and
not) for every operation of both vendor APIs in ``/openapi.json``; with no faults enabled
every answer must be below 500 and, when an error, in the vendor's error shape.
"""

from __future__ import annotations

import dataclasses
import json
import os
import urllib.parse
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.emulator import (
    FH_OTHER_TOKEN,
    FH_TOKEN,
    SCW_OTHER_TOKEN,
    SCW_PROJECT,
    SCW_TOKEN,
    Emulator,
)

# EMULATOR_FUZZ_EXAMPLES raises the example count for a longer local or nightly run.
SETTINGS = settings(
    max_examples=int(os.environ.get("EMULATOR_FUZZ_EXAMPLES", "250")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=10,
)
DOMAIN_LIKE = st.one_of(
    st.text(max_size=80),
    st.from_regex(r"[a-zA-Z0-9_*\-]{0,70}(\.[a-zA-Z0-9\-]{0,20}){0,4}\.?", fullmatch=True),
    st.sampled_from(["example.com", "bücher.example", "1.2.3.4", "a..b", "*.x.y", "x" * 300]),
)
UUIDS = st.one_of(st.uuids().map(str), st.text(max_size=40))
PRINTABLE = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)


@pytest.fixture(scope="module")
def operations(emulator_process: Emulator) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path template, operation) for every vendor operation in /openapi.json."""
    with emulator_process.admin() as client:
        spec = client.get("/openapi.json").json()
    found = [
        (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        if not path.startswith("/_emulator")
        for method, operation in item.items()
    ]
    assert len(found) == 15  # six Scaleway domain + three mailbox + six FullHelp operations
    return found


def param_values(param: dict[str, Any], known: dict[str, list[Any]]) -> st.SearchStrategy[Any]:
    """Values for one parameter: often a known-good one, else anything of roughly the type."""
    if param["name"] in known:
        return mostly(st.sampled_from(known[param["name"]]), _any_value(param))
    return _any_value(param)


def mostly(usual: st.SearchStrategy[Any], other: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``usual`` three times in four, else ``other``."""
    # Hypothesis favours small integers, so the rare branch is the largest one.
    return st.integers(0, 3).flatmap(lambda n: other if n == 3 else usual)


def _any_value(param: dict[str, Any]) -> st.SearchStrategy[Any]:
    schema = param.get("schema", {})
    for branch in schema.get("anyOf", [schema]):
        if "enum" in branch:
            return st.sampled_from(branch["enum"]) | PRINTABLE
        if branch.get("type") == "array":
            items = branch.get("items", {})
            choices = st.sampled_from(items["enum"]) if "enum" in items else PRINTABLE
            return st.lists(choices | PRINTABLE, max_size=3)
    if schema.get("type") == "integer" or "integer" in json.dumps(schema):
        return st.integers() | PRINTABLE | st.integers(min_value=1, max_value=5).map(str)
    if "pattern" in json.dumps(schema):
        return UUIDS
    return st.text(max_size=40)


@dataclasses.dataclass
class Call:
    """One generated request."""

    method: str
    path: str
    params: list[tuple[str, Any]]
    headers: dict[str, str]
    content: bytes


@st.composite
def calls(
    draw: st.DrawFn,
    operations: list[tuple[str, str, dict[str, Any]]],
    known: dict[str, dict[str, list[Any]]],
) -> Call:
    method, template, operation = draw(st.sampled_from(operations))
    scaleway = template.startswith("/mailbox/")
    good = known["scaleway" if scaleway else "fullhelp"]
    path = template
    params: list[tuple[str, Any]] = []
    for param in operation.get("parameters", []):
        if param["in"] == "path":
            value = draw(param_values(param, good))
            path = path.replace(
                "{" + param["name"] + "}", urllib.parse.quote(str(value), safe="") or "x"
            )
        elif param["in"] == "query" and draw(st.booleans()):
            value = draw(param_values(param, good))
            for item in value if isinstance(value, list) else [value]:
                params.append((param["name"], item))
    if draw(st.booleans()):
        params.append((draw(PRINTABLE), draw(PRINTABLE)))
    tokens = (
        [SCW_TOKEN, SCW_TOKEN, SCW_OTHER_TOKEN]
        if scaleway
        else [FH_TOKEN, FH_TOKEN, FH_OTHER_TOKEN]
    )
    token = draw(mostly(st.sampled_from(tokens), PRINTABLE))
    # Header values must not have surrounding whitespace (h11 refuses to send them).
    token = token.strip()
    headers = {"X-Auth-Token": token} if scaleway else {"Authorization": f"Bearer {token}".strip()}
    if draw(st.integers(0, 9)) == 9:
        headers = {}
    content = b""
    if "requestBody" in operation or draw(st.integers(0, 4)) == 4:
        field = "name" if scaleway else "domain"
        body = draw(
            st.one_of(
                st.fixed_dictionaries(
                    {field: DOMAIN_LIKE},
                    optional={"project_id": UUIDS | JSON_VALUES, "extra": JSON_VALUES},
                ),
                JSON_VALUES,
            )
        )
        kind = draw(st.sampled_from(["json", "form", "raw", "multipart", "none"]))
        if kind == "json":
            content = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif kind == "form" and isinstance(body, dict):
            content = urllib.parse.urlencode({k: str(v) for k, v in body.items()}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif kind == "multipart":
            content = draw(st.binary(max_size=200))
            boundary = draw(PRINTABLE).strip()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}".strip()
        elif kind == "raw":
            content = draw(st.binary(max_size=200))
            headers["Content-Type"] = draw(
                st.sampled_from(["text/plain", "application/json", "application/xml"])
            )
        else:
            content = json.dumps(body).encode()
    return Call(method, path, params, headers, content)


def check_response(call: Call, response: httpx.Response) -> None:
    assert response.status_code < 500, f"{call}: {response.text}"
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("message"), str), body
        if call.path.startswith("/mailbox/"):
            assert isinstance(body.get("type"), str), body


def existing_domains(client: httpx.Client) -> dict[str, dict[str, list[Any]]]:
    """Create a few domains so generated ids sometimes hit real ones."""
    scw_ids = [
        client.post(
            "/mailbox/v1alpha1/domains",
            headers={"X-Auth-Token": SCW_TOKEN},
            json={"project_id": SCW_PROJECT, "name": f"fuzz{i}.example.com"},
        ).json()["id"]
        for i in range(2)
    ]
    client.post(
        f"/_emulator/scaleway/domains/{scw_ids[0]}/mailboxes", json={"count": 3}
    ).raise_for_status()
    mailbox_ids = [
        mailbox["id"]
        for mailbox in client.get(
            "/mailbox/v1alpha1/mailboxes", headers={"X-Auth-Token": SCW_TOKEN}
        ).json()["mailboxes"]
    ]
    fh_ids = [
        client.post(
            "/api/v1/accounts/1/domains",
            headers={"Authorization": f"Bearer {FH_TOKEN}"},
            data={"domain": f"fuzz{i}.example.org"},
        ).json()["data"]["id"]
        for i in range(2)
    ]
    return {
        "scaleway": {
            "domain_id": scw_ids,
            "mailbox_id": mailbox_ids,
            "project_id": [SCW_PROJECT],
        },
        "fullhelp": {"domain_id": fh_ids, "account_id": [1]},
    }


def test_fuzzed_requests_never_get_a_5xx(
    emulator: Emulator, operations: list[tuple[str, str, dict[str, Any]]]
) -> None:
    with httpx.Client(base_url=emulator.url, timeout=10, verify=False) as client:
        known = existing_domains(client)

        @SETTINGS
        @given(call=calls(operations, known))
        def run(call: Call) -> None:
            response = client.request(
                call.method,
                call.path,
                params=call.params,
                headers=call.headers,
                content=call.content,
            )
            check_response(call, response)

        run()
    statuses = {entry["status"] for entry in emulator.api_requests()}
    assert statuses and max(statuses) < 500
    # The fuzzer reached success paths as well as errors.
    assert statuses & {200, 201, 204} and statuses & {400, 401, 404, 422}


@SETTINGS
@given(name=DOMAIN_LIKE)
def test_any_scaleway_name_is_accepted_normalized_or_refused_with_details(
    emulator_process: Emulator, name: str
) -> None:
    with httpx.Client(
        base_url=f"{emulator_process.url}/mailbox/v1alpha1",
        headers={"X-Auth-Token": SCW_TOKEN},
        verify=False,
    ) as client:
        response = client.post("/domains", json={"project_id": SCW_PROJECT, "name": name})
    assert response.status_code in (200, 400, 409), response.text
    body = response.json()
    if response.status_code == 200:
        stored = body["name"]
        assert stored.isascii() and stored == stored.lower() and len(stored) <= 253
        assert not stored.endswith(".")
        assert all(0 < len(label) <= 63 for label in stored.split("."))
    elif response.status_code == 400:
        [detail] = body["details"]
        assert detail["argument_name"] == "name" and detail["help_message"]
