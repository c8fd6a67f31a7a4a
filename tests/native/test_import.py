"""``pulumi import`` of domains created out of band, then a program that declares them."""

from __future__ import annotations

import uuid

from support.emulator import (
    FH_ACCOUNT,
    SCW_PROJECT,
    Emulator,
    fullhelp_client,
    scaleway_client,
    wait_for_scaleway_status,
)
from support.mail import fullhelp_domains, scaleway_domains
from support.native import CliStackFactory

SCW_TOKEN_TYPE = "mail-domains:scaleway:MailboxDomain"
FH_TOKEN_TYPE = "mail-domains:fullhelp:Domain"
EMPTY = {"name": "native-import"}


def _out_of_band(emu: Emulator, scw_name: str, fh_name: str) -> tuple[str, int]:
    """A Scaleway and a FullHelp domain made over HTTP, as a person or a script would."""
    with scaleway_client(emu) as scw:
        made = scw.post("/domains", json={"project_id": SCW_PROJECT, "name": scw_name})
        made.raise_for_status()
        scw_id = str(made.json()["id"])
        wait_for_scaleway_status(scw, scw_id, ["waiting_validation"])
    with fullhelp_client(emu) as fh:
        created = fh.post("/domains", data={"domain": fh_name})
        created.raise_for_status()
        fh_id = int(created.json()["data"]["id"])
    return scw_id, fh_id


def test_import_both_vendors_then_the_program_shows_no_changes(
    cli_stack: CliStackFactory, emu: Emulator
) -> None:
    scw_id, fh_id = _out_of_band(emu, "imported.example.test", "send.imported.example.test")
    writes_before = len(emu.write_requests())
    stack = cli_stack(EMPTY)

    stack.import_resource(SCW_TOKEN_TYPE, "mailbox", scw_id)
    stack.import_resource(FH_TOKEN_TYPE, "helpdesk", f"{FH_ACCOUNT}/{fh_id}")

    assert len(emu.write_requests()) == writes_before, "an import changed something"
    by_name = {r["urn"].rsplit("::", 1)[1]: r for r in stack.resources()}
    assert set(by_name) == {"mailbox", "helpdesk"}
    assert by_name["mailbox"]["id"] == scw_id
    assert by_name["mailbox"]["outputs"]["name"] == "imported.example.test"
    assert by_name["mailbox"]["outputs"]["projectId"] == SCW_PROJECT
    assert by_name["helpdesk"]["id"] == str(fh_id)
    assert by_name["helpdesk"]["outputs"]["accountId"] == FH_ACCOUNT
    # `pulumi import` protects what it imports (its --protect flag defaults to true).
    assert [r.get("protect") for r in by_name.values()] == [True, True]

    # What a user then writes: the same domains, with only the inputs they care about.
    options = {"protect": True}
    stack.write_program(
        {
            **EMPTY,
            "resources": {
                "mailbox": {
                    "type": SCW_TOKEN_TYPE,
                    "properties": {"name": "imported.example.test"},
                    "options": options,
                },
                "helpdesk": {
                    "type": FH_TOKEN_TYPE,
                    "properties": {"domain": "send.imported.example.test"},
                    "options": options,
                },
            },
        }
    )
    stack.preview(expect_no_changes=True)
    stack.refresh()
    stack.preview(expect_no_changes=True)

    # Imported domains are managed like any other: unprotected, destroy deletes them.
    stack.run("state", "unprotect", "--all", "--yes")
    stack.destroy()
    assert scaleway_domains(emu) == [] and fullhelp_domains(emu) == []


def test_import_of_a_missing_id_fails_naming_it_and_leaves_no_phantom(
    cli_stack: CliStackFactory, emu: Emulator
) -> None:
    stack = cli_stack(EMPTY)
    missing_scw = str(uuid.uuid4())
    missing_fh = f"{FH_ACCOUNT}/987654"
    for token, missing in ((SCW_TOKEN_TYPE, missing_scw), (FH_TOKEN_TYPE, missing_fh)):
        result = stack.import_resource(token, "ghost", missing, check=False)
        assert result.returncode != 0, result.stdout
        assert missing in result.stdout + result.stderr
        assert stack.resources() == [], f"importing {missing} left a resource in the state"
    assert emu.write_requests() == []


VALIDATION_TYPE = "mail-domains:scaleway:MailboxDomainValidation"
VERIFICATION_TYPE = "mail-domains:fullhelp:DomainVerification"


def test_import_by_name_for_each_resource_type_then_the_program_shows_no_changes(
    cli_stack: CliStackFactory, emu: Emulator
) -> None:
    """Names work where ids do: ``NAME`` and ``PROJECT_ID/NAME`` (Scaleway), ``NAME`` and
    ``ACCOUNT_ID/NAME`` (FullHelp), for the domains and the resources that verify them."""
    scw_id, fh_id = _out_of_band(emu, "by-name.example.test", "send.by-name.example.test")
    # Verified out of band too (the emulator verifies at the first check): a verification of a
    # domain that is not ready would rightly be replaced, to verify again.
    with scaleway_client(emu) as scw:
        scw.post(f"/domains/{scw_id}/validate-records", json={}).raise_for_status()
        wait_for_scaleway_status(scw, scw_id, ["ready"])
    with fullhelp_client(emu) as fh:
        fh.post(f"/domains/{fh_id}/verify-dns", json={}).raise_for_status()
    writes_before = len(emu.write_requests())
    stack = cli_stack(EMPTY)

    stack.import_resource(SCW_TOKEN_TYPE, "mailbox", "by-name.example.test")
    stack.import_resource(FH_TOKEN_TYPE, "helpdesk", "send.by-name.example.test")
    stack.import_resource(VALIDATION_TYPE, "mailbox-ready", f"{SCW_PROJECT}/by-name.example.test")
    stack.import_resource(
        VERIFICATION_TYPE, "helpdesk-ready", f"{FH_ACCOUNT}/send.by-name.example.test"
    )

    assert len(emu.write_requests()) == writes_before, "an import changed something"
    ids = {r["urn"].rsplit("::", 1)[1]: r["id"] for r in stack.resources()}
    assert ids == {
        "mailbox": scw_id,
        "helpdesk": str(fh_id),
        "mailbox-ready": scw_id,
        "helpdesk-ready": str(fh_id),
    }

    options = {"protect": True}
    stack.write_program(
        {
            **EMPTY,
            "resources": {
                "mailbox": {
                    "type": SCW_TOKEN_TYPE,
                    "properties": {"name": "by-name.example.test"},
                    "options": options,
                },
                "helpdesk": {
                    "type": FH_TOKEN_TYPE,
                    "properties": {"domain": "send.by-name.example.test"},
                    "options": options,
                },
                "mailbox-ready": {
                    "type": VALIDATION_TYPE,
                    "properties": {"domainId": "${mailbox.id}"},
                    "options": options,
                },
                "helpdesk-ready": {
                    "type": VERIFICATION_TYPE,
                    "properties": {"domainId": "${helpdesk.id}"},
                    "options": options,
                },
            },
        }
    )
    stack.preview(expect_no_changes=True)
    stack.run("state", "unprotect", "--all", "--yes")


def test_import_of_a_missing_name_fails_naming_it(
    cli_stack: CliStackFactory, emu: Emulator
) -> None:
    stack = cli_stack(EMPTY)
    for token, missing in (
        (SCW_TOKEN_TYPE, "nowhere.example.test"),
        (FH_TOKEN_TYPE, f"{FH_ACCOUNT}/nowhere.example.test"),
    ):
        result = stack.import_resource(token, "ghost", missing, check=False)
        assert result.returncode != 0, result.stdout
        assert "no domain named nowhere.example.test" in result.stdout + result.stderr
        assert stack.resources() == []
    assert emu.write_requests() == []
