"""A shared S3-compatible state backend on loopback, and the GitOps pipeline run as CI runs it.

The backend is moto's S3 server (a real HTTP server, boto3 and the Pulumi CLI talk to it over
TCP) wrapped in a WSGI layer that counts the bytes every write request carries, so benchmarks
can tell how much a deployment writes to the bucket.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import boto3
import yaml
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

from support.emulator import Emulator
from support.engine import PASSPHRASE, pulumi_bin_dir

REPO = Path(__file__).resolve().parents[2]
PROJECT_DIR = REPO / "examples" / "gitops"
REGION = "us-east-1"
# Dummy credentials: moto accepts any, and they must never be real ones.
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "gitops-test-access-key",
    "AWS_SECRET_ACCESS_KEY": "gitops-test-secret-key",
    "AWS_REGION": REGION,
}
_WRITES = ("PUT", "POST")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclasses.dataclass
class WriteLog:
    """Write requests the backend received: count, body bytes, server-side copies."""

    requests: int = 0
    body_bytes: int = 0
    copies: int = 0
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def record(self, environ: Mapping[str, Any]) -> None:
        # The AWS SDK may send the body aws-chunked (signature framing around the data): the
        # decoded length is the object's bytes.
        size = environ.get("HTTP_X_AMZ_DECODED_CONTENT_LENGTH") or environ.get("CONTENT_LENGTH")
        with self.lock:
            self.requests += 1
            self.body_bytes += int(size or 0)
            self.copies += 1 if environ.get("HTTP_X_AMZ_COPY_SOURCE") else 0

    def reset(self) -> None:
        with self.lock:
            self.requests = self.body_bytes = self.copies = 0


class S3Backend:
    """moto's S3 on 127.0.0.1 (a free port), with a write log."""

    def __init__(self) -> None:
        self.writes = WriteLog()
        app: WsgiApp = DomainDispatcherApplication(create_backend_app)

        def counting(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            if environ.get("REQUEST_METHOD") in _WRITES:
                self.writes.record(environ)
            return app(environ, start_response)

        # One log line per request would bury the test output.
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self._server: BaseWSGIServer = make_server("127.0.0.1", 0, counting, threaded=True)
        self.endpoint = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def client(self) -> Any:
        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION, **_boto_keys())

    def new_bucket(self) -> str:
        bucket = f"state-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=bucket)
        return bucket

    def backend_url(self, bucket: str) -> str:
        """The URL ``pulumi login`` takes for this bucket (gocloud.dev s3blob, AWS SDK v2)."""
        query = urlencode(
            {
                "endpoint": self.endpoint,
                "use_path_style": "true",
                "region": REGION,
                # moto sends no response checksums; only validate when the API requires it.
                "response_checksum_validation": "when_required",
            }
        )
        return f"s3://{bucket}?{query}"

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        pages = (
            self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        )
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def read(self, bucket: str, key: str) -> bytes:
        body: bytes = self.client().get_object(Bucket=bucket, Key=key)["Body"].read()
        return body

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


def _boto_keys() -> dict[str, str]:
    return {
        "aws_access_key_id": AWS_ENV["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": AWS_ENV["AWS_SECRET_ACCESS_KEY"],
    }


def copy_project(destination: Path) -> Path:
    """The example copied as a user copies it into a repository of their own.

    Pulumi writes ``Pulumi.<stack>.yaml`` (the passphrase salt) next to the program: runs on the
    copy leave the source tree untouched.
    """
    shutil.copytree(
        PROJECT_DIR,
        destination,
        ignore=shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml"),
    )
    return destination


def pipeline_env(
    emulator: Emulator,
    backend_url: str,
    project: Path,
    inventory: Path,
    *,
    stack: str = "ci",
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """What a CI job has: the CLI on PATH, the secrets as environment variables, the backend."""
    bin_dir = pulumi_bin_dir()
    env = {
        **os.environ,
        **AWS_ENV,
        **emulator.provider_env(),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "PULUMI_BACKEND_URL": backend_url,
        "PULUMI_STACK": stack,
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_HOME": str(bin_dir.parent / "home"),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        # The language host and the dynamic providers run this interpreter (it has our package).
        "PULUMI_PYTHON_CMD": sys.executable,
        "MAIL_DOMAINS_INVENTORY": str(inventory),
        # Not read by pipeline.py (it runs the project it sits in): where the tests copied it.
        "GITOPS_PROJECT": str(project),
    }
    env.update(extra or {})
    return env


def run_pipeline(
    stage: str, env: Mapping[str, str], timeout: float = 300, args: Sequence[str] = ()
) -> subprocess.CompletedProcess[str]:
    """``python pipeline.py STAGE ARGS`` in the project copy ``$GITOPS_PROJECT``, output
    captured."""
    return subprocess.run(
        [sys.executable, str(Path(env["GITOPS_PROJECT"]) / "pipeline.py"), stage, *args],
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )


def start_pipeline(stage: str, env: Mapping[str, str]) -> subprocess.Popen[str]:
    """The same as :func:`run_pipeline`, in the background."""
    return subprocess.Popen(
        [sys.executable, str(Path(env["GITOPS_PROJECT"]) / "pipeline.py"), stage],
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def write_inventory(path: Path, domains: list[dict[str, Any]], **extra: Any) -> Path:
    path.write_text(yaml.safe_dump({**extra, "domains": domains}, sort_keys=False))
    return path


def export_stack(env: Mapping[str, str]) -> dict[str, Any]:
    """``pulumi stack export`` of the pipeline's stack, parsed."""
    result = subprocess.run(
        ["pulumi", "stack", "export", "--stack", env["PULUMI_STACK"]],
        cwd=env["GITOPS_PROJECT"],
        env=dict(env),
        capture_output=True,
        text=True,
        check=True,
    )
    exported: dict[str, Any] = json.loads(result.stdout)
    return exported
