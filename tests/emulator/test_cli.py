"""The command line: flags, banner and the console script."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from support.emulator import Emulator

MODULE = [sys.executable, "-m", "pulumi_mail_domains.emulator"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MODULE, *args], capture_output=True, text=True, timeout=30, check=False)


def test_help_lists_the_flags() -> None:
    result = run("--help")
    assert result.returncode == 0
    for flag in (
        "--host",
        "--port",
        "--db",
        "--scaleway-token",
        "--fullhelp-token",
        "--dns-server",
        "--seed",
        "--creating-seconds",
        "--validating-seconds",
        "--provisioning-seconds",
        "--deleting-seconds",
        "--mailbox-creating-seconds",
        "--mailbox-deletion-delay-seconds",
        "--domain-delete-with-scheduled-mailboxes",
        "--max-body-bytes",
        "--dkim-pool-size",
    ):
        assert flag in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scaleway-token", "tokenonly"], "TOKEN=PROJECT_ID"),
        (["--scaleway-token", "t=not-a-uuid"], "is not a UUID"),
        (["--fullhelp-token", "t=abc"], "TOKEN=ACCOUNT_ID"),
        (["--fullhelp-token", "t=0"], "positive integers"),
        (["--dns-server", "127.0.0.1:99999"], "bad DNS server"),
        (["--creating-seconds", "-1"], "between 0 and 86400"),
        (["--mailbox-deletion-delay-seconds", "-1"], "between 0 and 86400"),
        (["--domain-delete-with-scheduled-mailboxes", "maybe"], "invalid choice"),
    ],
)
def test_bad_flags_exit_with_a_message(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_a_busy_port_is_reported() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("--port", str(port))
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_console_script_serves_with_the_given_tokens() -> None:
    script = shutil.which("mail-domains-emulator", path=str(Path(sys.executable).parent))
    assert script is not None
    process = subprocess.Popen(
        [
            script,
            "--scaleway-token",
            "tok=aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
            "--fullhelp-token",
            "fh=7",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        assert first.startswith("listening on http://127.0.0.1:")
        url = first.removeprefix("listening on ")
        with httpx.Client(base_url=url, verify=False) as client:
            response = client.get(
                "/api/v1/accounts/7/domains", headers={"Authorization": "Bearer fh"}
            )
            assert response.status_code == 200
            response = client.get("/mailbox/v1alpha1/domains", headers={"X-Auth-Token": "tok"})
            assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
    # Tokens were given, so no demo credentials were printed.
    assert process.stdout is not None
    assert "demo token" not in process.stdout.read()


def test_openapi_documents_both_apis(emulator: Emulator) -> None:
    with emulator.admin() as client:
        spec = client.get("/openapi.json").json()
    operations = {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if not path.startswith("/_emulator")
    }
    assert operations == {
        ("GET", "/mailbox/v1alpha1/domains"),
        ("POST", "/mailbox/v1alpha1/domains"),
        ("GET", "/mailbox/v1alpha1/domains/{domain_id}"),
        ("DELETE", "/mailbox/v1alpha1/domains/{domain_id}"),
        ("GET", "/mailbox/v1alpha1/domains/{domain_id}/records"),
        ("POST", "/mailbox/v1alpha1/domains/{domain_id}/validate-records"),
        ("GET", "/mailbox/v1alpha1/mailboxes"),
        ("GET", "/mailbox/v1alpha1/mailboxes/{mailbox_id}"),
        ("DELETE", "/mailbox/v1alpha1/mailboxes/{mailbox_id}"),
        ("GET", "/api/v1/accounts/{account_id}/domains"),
        ("POST", "/api/v1/accounts/{account_id}/domains"),
        ("GET", "/api/v1/accounts/{account_id}/domains/{domain_id}"),
        ("PUT", "/api/v1/accounts/{account_id}/domains/{domain_id}"),
        ("DELETE", "/api/v1/accounts/{account_id}/domains/{domain_id}"),
        ("POST", "/api/v1/accounts/{account_id}/domains/{domain_id}/verify-dns"),
    }
    create = spec["paths"]["/api/v1/accounts/{account_id}/domains"]["post"]
    assert set(create["requestBody"]["content"]) == {
        "application/x-www-form-urlencoded",
        "application/json",
    }
    schemes = spec["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"apiKey", "http"}
