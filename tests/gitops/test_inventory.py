"""The inventory model: every mistake is one message naming the entry (index, name) and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from inventory import (
    FullHelpDomain,
    InventoryError,
    ScalewayDomain,
    load,
    main,
    parse,
    resource_name,
)

from gitops.harness import PROJECT_DIR

SERVERS = {"primary": {"server": "127.0.0.1:5353", "tsig_key_name": "k."}}


def entry(**fields: Any) -> dict[str, Any]:
    return {"vendor": "scaleway", "name": "a.example.test", **fields}


def error_of(domains: list[Any], **extra: Any) -> str:
    with pytest.raises(InventoryError) as caught:
        parse({"dns_servers": SERVERS, "domains": domains, **extra})
    return str(caught.value)


def test_the_shipped_example_is_valid() -> None:
    inventory = load(PROJECT_DIR / "domains.yaml")
    vendors = [type(d) for d in inventory.domains]
    assert ScalewayDomain in vendors and FullHelpDomain in vendors
    assert {resource_name(d) for d in inventory.domains} >= {"scaleway-example.com"}


def test_defaults_and_normalisation() -> None:
    inventory = parse(
        {
            "dns_servers": SERVERS,
            "domains": [
                entry(name="Mail.Example.TEST.", zone="example.test", records="primary"),
                {"vendor": "fullhelp", "name": "bücher.example.test", "account_id": 7},
            ],
        }
    )
    scw, fh = inventory.domains
    assert isinstance(scw, ScalewayDomain) and isinstance(fh, FullHelpDomain)
    assert (scw.name, scw.dns_zone, scw.publishes_records) == (
        "mail.example.test",
        "example.test",
        True,
    )
    assert (scw.verify, scw.verify_timeout_seconds, scw.project_id) == (False, 600, None)
    assert fh.name == "xn--bcher-kva.example.test" and fh.dns_zone == fh.name
    assert (fh.account_id, fh.publishes_records) == (7, False)
    assert resource_name(fh) == "fullhelp-xn--bcher-kva.example.test"


@pytest.mark.parametrize(
    ("bad", "field", "says"),
    [
        (entry(project_id="not-a-uuid"), "project_id", "is not a UUID"),
        (entry(name="no_dots"), "name", "not a fully qualified domain name"),
        (entry(zone="other.test"), "entry", "does not contain"),
        (entry(verify="sometimes"), "verify", "boolean"),
        (entry(verify_timeout_seconds=0), "verify_timeout_seconds", "greater than 0"),
        (entry(colour="blue"), "colour", "Extra inputs are not permitted"),
        (entry(vendor="mailgun"), "entry", "does not match any of the expected tags"),
        (
            {"vendor": "fullhelp", "name": "b.example.test", "account_id": -1},
            "account_id",
            "greater than 0",
        ),
        (entry(records="secondary"), "records", "unknown DNS server 'secondary'"),
    ],
)
def test_a_wrong_entry_names_index_name_and_field(
    bad: dict[str, Any], field: str, says: str
) -> None:
    good = {"vendor": "fullhelp", "name": "ok.example.test"}
    message = error_of([good, bad])
    assert message.count("\n") == 1, message  # one problem, one line after the summary
    assert f"entry 1 (name {bad['name']!r}): field {field!r}" in message
    assert says.lower() in message.lower()
    assert "nothing was deployed" in message


def test_every_problem_is_listed_at_once() -> None:
    message = error_of([entry(project_id="x"), {"vendor": "fullhelp"}])
    assert "2 problems" in message
    assert "entry 0 (name 'a.example.test'): field 'project_id'" in message
    assert "entry 1: field 'name': Field required" in message


def test_duplicates_and_colliding_spf_records() -> None:
    message = error_of([entry(), entry(name="A.example.test.")])
    assert "entry 1 (name 'A.example.test.'): field 'name'" in message
    assert "already entry 0" in message
    both = [
        entry(records="primary"),
        {"vendor": "fullhelp", "name": "a.example.test", "records": "primary"},
    ]
    # Both vendors at one name publish one merged SPF record: the same server and zone.
    parse({"dns_servers": SERVERS, "domains": both})
    parse({"dns_servers": SERVERS, "domains": [both[0], {**both[1], "records": "none"}]})
    apart = [both[0], {**both[1], "zone": "example.test"}]
    assert "entries sharing a name publish one merged SPF record" in error_of(apart)


def test_spf_and_dmarc_of_entries_sharing_a_name_are_checked() -> None:
    both = [
        entry(records="primary", dmarc="v=DMARC1; p=reject"),
        {"vendor": "fullhelp", "name": "a.example.test", "records": "primary"},
    ]
    message = error_of(both)
    assert "two different DMARC policies for _dmarc.a.example.test" in message
    assert "entry scaleway-a.example.test asks for 'v=DMARC1; p=none'" in message
    eleven = [f"include:_spf{i}.example.net" for i in range(9)]
    message = error_of([both[0] | {"dmarc": None, "spf": eleven}, both[1]])
    assert "a.example.test needs 11 DNS lookups" in message
    assert "entry fullhelp-a.example.test: include:spf.fullhelp.com" in message
    assert "field 'spf': only records published here" in error_of([entry(spf=["mx"])])


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ([1, 2], "expected a mapping"),
        ({"domains": "a.example.test"}, "domains: Input should be a valid list"),
        (
            {"dns_servers": {"p": {"server": "h:99999", "tsig_key_name": "k"}}, "domains": []},
            "h:99999",
        ),
    ],
)
def test_the_file_as_a_whole(data: Any, says: str) -> None:
    with pytest.raises(InventoryError, match=says):
        parse(data)


def test_load_reports_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "domains.yaml"
    broken.write_text("domains: [\n")
    with pytest.raises(InventoryError, match="not valid YAML"):
        load(broken)
    with pytest.raises(InventoryError, match="cannot read"):
        load(tmp_path / "missing.yaml")
    assert main([str(broken)]) == 1
    assert "not valid YAML" in capsys.readouterr().err


def test_the_environment_names_another_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(yaml.safe_dump({"domains": [entry()]}))
    monkeypatch.setenv("MAIL_DOMAINS_INVENTORY", str(other))
    assert [d.name for d in load().domains] == ["a.example.test"]
    assert main([]) == 0
    assert "1 domains" in capsys.readouterr().out


def test_entries_sharing_a_name_share_a_shard() -> None:
    both = [
        entry(records="primary", shard=0),
        {"vendor": "fullhelp", "name": "a.example.test", "records": "primary", "shard": 1},
    ]
    message = error_of(both, shards=2)
    assert "share the name 'a.example.test' and its one merged SPF record" in message
    assert "give them the same shard key" in message
    parse({"dns_servers": SERVERS, "domains": [both[0], {**both[1], "shard": 0}], "shards": 2})
