"""Each cloud DNS example is a complete Pulumi project."""

from __future__ import annotations

import pytest
import yaml

from support.mail_mocks import EXAMPLES

SDKS = {
    "cloudflare": "pulumi-cloudflare",
    "aws-route53": "pulumi-aws",
    "gcp-clouddns": "pulumi-gcp",
    "azure-dns": "pulumi-azure",
    "digitalocean": "pulumi-digitalocean",
}


@pytest.mark.parametrize("example", sorted(SDKS))
def test_example_is_a_pulumi_python_project(example: str) -> None:
    directory = EXAMPLES / example
    project = yaml.safe_load((directory / "Pulumi.yaml").read_text())
    assert project["name"] == f"mail-domains-{example}"
    assert project["runtime"] == "python"
    assert project["description"].strip()
    requirements = (directory / "requirements.txt").read_text().split()
    assert requirements[0] == "pulumi-mail-domains"
    assert any(r.startswith(SDKS[example]) for r in requirements[1:])
    assert (directory / "README.md").read_text().startswith("# ")
    source = (directory / "__main__.py").read_text()
    assert "def publish(" in source and 'if __name__ == "__main__":' in source
