"""Domain-name validation and normalization, through both APIs."""

from __future__ import annotations

import httpx
import pytest

from support.emulator import SCW_PROJECT

LONGEST = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])  # 253 characters
assert len(LONGEST) == 253

INVALID = [
    # (name, Scaleway reason, text the message contains)
    ("", "constraint", "must not be empty"),
    ("exa mple.com", "format", "whitespace"),
    (" example.com", "format", "whitespace"),
    ("example.com\n", "format", "whitespace"),
    ("a" * 64 + ".com", "constraint", "at most 63"),
    (LONGEST + "d", "constraint", "at most 253"),
    ("foo_bar.example.com", "format", "'_'"),
    ("_dmarc.example.com", "format", "'_'"),
    ("192.168.1.1", "format", "IP address"),
    ("::1", "format", "IP address"),
    ("[2001:db8::1]", "format", "IP address"),
    ("*.example.com", "format", "wildcard"),
    ("mail.*.example.com", "format", "wildcard"),
    ("localhost", "format", "fully qualified"),
    ("example..com", "format", "empty label"),
    ("example.com..", "format", "empty label"),
    (".", "format", "fully qualified"),
    ("-a.example.com", "format", "hyphen"),
    ("a-.example.com", "format", "hyphen"),
    ("exa$mple.com", "format", "letters, digits and hyphens"),
    ("example.123", "format", "all digits"),
    ("xn--zz.example.com", "format", "A-label"),
    ("\u2603.example.com", "format", "IDN"),
    ("exa\x00mple.com", "format", "letters, digits and hyphens"),
]

VALID = [
    ("example.com.", "example.com"),
    ("Mail.EXAMPLE.com", "mail.example.com"),
    ("bücher.example", "xn--bcher-kva.example"),
    ("BÜCHER.example", "xn--bcher-kva.example"),
    ("bücher\u3002example", "xn--bcher-kva.example"),
    ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ("münchen.de.", "xn--mnchen-3ya.de"),
    ("a" * 63 + ".com", "a" * 63 + ".com"),
    (LONGEST, LONGEST),
    ("1password.com", "1password.com"),
    ("xn--80ak6aa92e.com", "xn--80ak6aa92e.com"),
]


@pytest.mark.parametrize(("name", "reason", "text"), INVALID)
def test_scaleway_rejects_invalid_names(
    scw: httpx.Client, name: str, reason: str, text: str
) -> None:
    response = scw.post("/domains", json={"project_id": SCW_PROJECT, "name": name})
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["type"] == "invalid_arguments"
    assert body["message"] == "invalid argument(s)"
    [detail] = body["details"]
    assert detail["argument_name"] == "name"
    assert detail["reason"] == reason
    assert text in detail["help_message"]


@pytest.mark.parametrize(("name", "reason", "text"), INVALID)
def test_fullhelp_rejects_invalid_names(
    fh: httpx.Client, name: str, reason: str, text: str
) -> None:
    response = fh.post("/domains", json={"domain": name})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["message"] == "The given data was invalid."
    [message] = body["errors"]["domain"]
    if name == "":
        assert message == "The domain field is required."
    else:
        assert message.startswith("The domain must be a valid domain name: ")
        assert text in message


@pytest.mark.parametrize(("name", "stored"), VALID)
def test_valid_names_are_stored_normalized(
    scw: httpx.Client, fh: httpx.Client, name: str, stored: str
) -> None:
    response = scw.post("/domains", json={"project_id": SCW_PROJECT, "name": name})
    assert response.status_code == 200, response.text
    assert response.json()["name"] == stored
    response = fh.post("/domains", data={"domain": name})
    assert response.status_code == 201, response.text
    assert response.json()["data"]["domain"] == stored


def test_unicode_and_a_label_forms_are_the_same_domain(scw: httpx.Client, fh: httpx.Client) -> None:
    assert scw.post("/domains", json={"project_id": SCW_PROJECT, "name": "bücher.example"})
    response = scw.post(
        "/domains", json={"project_id": SCW_PROJECT, "name": "xn--bcher-kva.example."}
    )
    assert response.status_code == 409
    assert fh.post("/domains", data={"domain": "xn--bcher-kva.example"}).status_code == 201
    response = fh.post("/domains", data={"domain": "Bücher.example."})
    assert response.status_code == 422
    assert response.json()["errors"]["domain"] == ["The domain has already been taken."]
