"""A corpus of invalid resource inputs, each with the words its check failure must contain.

Used twice: every case against the providers' ``check`` directly (fast, tests/unit), and the
cases marked ``engine`` through a real ``pulumi preview`` (tests/engine), which also proves
that no API call is made.
"""

from __future__ import annotations

import dataclasses
from typing import Any

SCW_DOMAIN = "scaleway:MailboxDomain"
SCW_VALIDATION = "scaleway:MailboxDomainValidation"
FH_DOMAIN = "fullhelp:Domain"
FH_VERIFICATION = "fullhelp:DomainVerification"

DOMAIN_ID = "0b0e6a8e-9d0b-4e7b-8f0e-5b1f5c8e6a11"
VALID_INPUTS: dict[str, dict[str, Any]] = {
    SCW_DOMAIN: {"name": "ok.example.test"},
    SCW_VALIDATION: {"domain_id": DOMAIN_ID},
    FH_DOMAIN: {"domain": "ok.example.test"},
    FH_VERIFICATION: {"domain_id": 7},
}
LONG_NAME = ".".join(["a" * 62] * 4) + ".test"  # 256 characters, every label valid


@dataclasses.dataclass(frozen=True)
class BadInput:
    resource: str
    prop: str
    value: Any
    words: str
    """Text the failure reason must contain."""
    engine: bool = False
    """Also run through a real preview (each costs ~1.5 s, so not every case)."""

    @property
    def id(self) -> str:
        return f"{self.resource.split(':')[1]}-{self.prop}-{self.value!r}"[:60]

    def inputs(self) -> dict[str, Any]:
        return {**VALID_INPUTS[self.resource], self.prop: self.value}


E = True  # marks the cases the engine also runs
CASES: list[BadInput] = [
    # names: the same rules for Scaleway's name, FullHelp's domain and both zones
    BadInput(SCW_DOMAIN, "name", "", "must not be empty", E),
    BadInput(SCW_DOMAIN, "name", None, "name is required", E),
    BadInput(SCW_DOMAIN, "name", "two words.example.test", "must not contain spaces", E),
    BadInput(SCW_DOMAIN, "name", " padded.example.test", "leading or trailing spaces", E),
    BadInput(SCW_DOMAIN, "name", LONG_NAME, "256 characters long; the maximum is 253", E),
    BadInput(SCW_DOMAIN, "name", "a" * 64 + ".example.test", "64 characters; the maximum is 63", E),
    BadInput(SCW_DOMAIN, "name", "mail_box.example.test", "contains an underscore", E),
    BadInput(SCW_DOMAIN, "name", "192.0.2.10", "not an IP address", E),
    BadInput(SCW_DOMAIN, "name", "2001:db8::1", "not an IP address"),
    BadInput(SCW_DOMAIN, "name", "[2001:db8::1]", "not an IP address"),
    BadInput(SCW_DOMAIN, "name", "*.example.test", "wildcards are not allowed", E),
    BadInput(SCW_DOMAIN, "name", "localhost", "fully qualified", E),
    BadInput(SCW_DOMAIN, "name", "a..example.test", "empty labels"),
    BadInput(SCW_DOMAIN, "name", "-dash.example.test", "inner hyphens"),
    BadInput(SCW_DOMAIN, "name", "dash-.example.test", "inner hyphens"),
    BadInput(SCW_DOMAIN, "name", "example.123", "top-level label must not be numeric"),
    BadInput(SCW_DOMAIN, "name", "exa mple.test", "must not contain spaces"),
    BadInput(SCW_DOMAIN, "name", "tab\t.example.test", "must not contain spaces"),
    BadInput(SCW_DOMAIN, "name", 42, "must be a string, got", E),  # int or float
    BadInput(SCW_DOMAIN, "name", ["ok.example.test"], "must be a string, got list"),
    BadInput(FH_DOMAIN, "domain", "", "must not be empty", E),
    BadInput(FH_DOMAIN, "domain", None, "domain is required"),
    BadInput(FH_DOMAIN, "domain", "help desk.example.test", "must not contain spaces"),
    BadInput(FH_DOMAIN, "domain", "https://example.test", "letters, digits and inner hyphens", E),
    BadInput(FH_DOMAIN, "domain", "user@example.test", "letters, digits and inner hyphens"),
    BadInput(FH_DOMAIN, "domain", "*", "wildcards are not allowed"),
    # ids
    BadInput(SCW_DOMAIN, "project_id", "not-a-uuid", "is not a UUID", E),
    BadInput(SCW_DOMAIN, "project_id", "12345678-1234-1234-1234", "is not a UUID"),
    BadInput(SCW_DOMAIN, "project_id", 12, "is not a UUID"),
    BadInput(FH_DOMAIN, "account_id", "abc", "must be a positive integer", E),
    BadInput(FH_DOMAIN, "account_id", -1, "must be a positive integer", E),
    BadInput(FH_DOMAIN, "account_id", 0, "must be a positive integer", E),
    BadInput(FH_DOMAIN, "account_id", 1.5, "must be a positive integer", E),
    BadInput(FH_DOMAIN, "account_id", True, "must be a positive integer"),
    BadInput(FH_DOMAIN, "account_id", "1e3", "must be a positive integer"),
    BadInput(SCW_VALIDATION, "domain_id", "abc", "is not a UUID", E),
    BadInput(SCW_VALIDATION, "domain_id", None, "domain_id is required"),
    BadInput(FH_VERIFICATION, "domain_id", "abc", "must be a positive integer", E),
    BadInput(FH_VERIFICATION, "domain_id", -3, "must be a positive integer"),
    BadInput(FH_VERIFICATION, "domain_id", None, "domain_id is required"),
    BadInput(FH_VERIFICATION, "account_id", 2.5, "must be a positive integer"),
    # zones
    BadInput(SCW_DOMAIN, "zone", "other.test", "does not contain name", E),
    BadInput(SCW_DOMAIN, "zone", "sub.ok.example.test", "does not contain name"),
    BadInput(SCW_DOMAIN, "zone", "test", "fully qualified"),
    BadInput(FH_DOMAIN, "zone", "example.org", "does not contain domain", E),
    BadInput(FH_DOMAIN, "zone", "bad zone", "must not contain spaces"),
    BadInput(FH_DOMAIN, "zone", "k.example.test", "does not contain domain"),
    # options
    BadInput(SCW_DOMAIN, "adopt_existing", "yes", "must be true or false", E),
    BadInput(SCW_DOMAIN, "force_destroy", 1, "must be true or false", E),
    BadInput(FH_DOMAIN, "adopt_existing", "true", "must be true or false", E),
    BadInput(SCW_VALIDATION, "timeout_seconds", 0, "must be a positive number of seconds", E),
    BadInput(SCW_VALIDATION, "timeout_seconds", -5, "must be a positive number of seconds", E),
    BadInput(SCW_VALIDATION, "timeout_seconds", "soon", "must be a positive number of seconds"),
    BadInput(SCW_VALIDATION, "timeout_seconds", True, "must be a positive number of seconds"),
    BadInput(SCW_VALIDATION, "triggers", "not-a-list", "must be a list", E),
    BadInput(FH_VERIFICATION, "timeout_seconds", -0.5, "must be a positive number of seconds", E),
    BadInput(FH_VERIFICATION, "require_all_records", "no", "must be true or false", E),
    BadInput(FH_VERIFICATION, "triggers", 5, "must be a list"),
]
ENGINE_CASES = [case for case in CASES if case.engine]
