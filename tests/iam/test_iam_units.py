"""Edge cases of the IAM building blocks, called directly: the registry helper, placeholders,
quoting in each format, the checks catalogue."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from chartgen.clouds.azure import credential_name
from chartgen.findings import FindingKind
from chartgen.iam import KINDS
from chartgen.iam.plan import Placeholder, Plan, RolePolicy, split_tokens
from chartgen.registry import parse_image

IAM_SOURCES = Path(__file__).resolve().parents[2] / "chartgen" / "iam"


@pytest.mark.parametrize(
    ("image", "host", "path", "kind"),
    [
        ("111111111111.dkr.ecr.us-east-1.amazonaws.com/base/python:3.12", None, "base/python",
         "ecr"),
        (f"111111111111.dkr.ecr.us-east-1.amazonaws.com/b@sha256:{'a' * 64}", None, "b", "ecr"),
        ("111111111111.dkr.ecr.us-east-1.amazonaws.com/b:1@sha256:abc", None, "b", "ecr"),
        ("localhost:5000/x:1", "localhost:5000", "x", "self-hosted"),
        ("europe-docker.pkg.dev/p-12345/bases/python:3", None, "p-12345/bases/python",
         "artifact-registry"),
        ("baseimages.azurecr.io/python", None, "python", "acr"),
    ],
)
def test_parse_image_drops_tag_and_digest(
    image: str, host: str | None, path: str, kind: str
) -> None:
    repository = parse_image(image)
    assert repository.path == path
    assert repository.kind == kind
    assert repository.problems == ()
    if host:
        assert repository.host == host


def test_parse_image_keeps_other_problems() -> None:
    assert parse_image("111111111111.dkr.ecr.us-east-1.amazonaws.com/Base:1").problems


def test_checks_are_declared_once_and_every_id_used_is_declared() -> None:
    ids = [check.id for check in KINDS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"IB5\d\d", i) for i in ids)
    from chartgen import iam

    used = {value.id for name, value in vars(iam).items() if name.isupper() and isinstance(value, FindingKind)}
    assert used == set(ids)
    source = "".join(p.read_text(encoding="utf-8") for p in IAM_SOURCES.glob("*.py"))
    assert not set(re.findall(r'"(IB5\d\d)"', source)) - set(ids)


@pytest.mark.parametrize("check", KINDS, ids=[c.id for c in KINDS])
def test_explain_prints_every_iam_check(check: object) -> None:
    result = run_cli("explain", check.id)  # type: ignore[attr-defined]
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{check.id} {check.name}")  # type: ignore[attr-defined]


def test_the_checks_module_stays_import_light() -> None:
    code = (
        "import sys, chartgen.iam; "
        "heavy = {'pydantic', 'jsonschema', 'jinja2', 'ruamel', 'ruamel.yaml'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("description", ["it's", 'a "b"', "x $y", "a `b`", "{x}", "a\\b"])
def test_placeholder_descriptions_must_be_shell_and_hcl_safe(description: str) -> None:
    with pytest.raises(ValueError):
        Placeholder("X", description, "--x")


def test_split_tokens_knows_only_declared_placeholders() -> None:
    text = "a${X}b${Y}c"
    assert list(split_tokens(text, frozenset({"X"}))) == [
        ("a", False), ("X", True), ("b${Y}c", False)
    ]
    assert list(split_tokens("${X}", frozenset({"X"}))) == [("X", True)]
    assert list(split_tokens("", frozenset())) == [("", False)]


def _plan_with(document: dict[str, object], placeholders: list[Placeholder]) -> Plan:
    plan = Plan("aws", "r")
    for placeholder in placeholders:
        plan.placeholder(placeholder)
    plan.grants.append(RolePolicy("k", "role", "policy", document, "p"))
    return plan


def test_writers_escape_what_their_format_would_expand() -> None:
    """A literal `${`, `%{`, quote, backslash or backtick survives every format as text."""
    import hcl2

    from chartgen.iam.shell_writer import write as write_shell
    from chartgen.iam.terraform_writer import write as write_terraform

    nasty = 'a${b} %{c} "d" \\e `f` $g'
    document = {"Version": "2012-10-17", "Statement": [
        {"Sid": "S", "Effect": "Allow", "Action": ["ecr:PutImage"], "Resource": nasty + "${X}"}
    ]}
    plan = _plan_with(document, [Placeholder("X", "a value", "--x")])
    hcl = hcl2.loads(write_terraform(plan))
    statement = hcl["data"][0]['"aws_iam_policy_document"']['"k"']["statement"][0]
    assert statement["resources"] == ['"' + nasty.replace("${", "$${").replace("%{", "%%{")
                                      .replace('"', '\\"').replace("\\e", "\\\\e")
                                      + '${var.x}"']
    script = write_shell(plan)
    body = script.split("<<JSON\n", 1)[1].split("\nJSON\n", 1)[0]
    out = subprocess.run(
        ["bash", "-c", f"X=filled; cat <<JSON\n{body}\nJSON\n"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert json.loads(out)["Statement"][0]["Resource"] == nasty + "filled"


def test_federated_credential_names_stay_within_azures_limit() -> None:
    assert credential_name("ns", "sa") == "image-builder-ns-sa"
    assert credential_name("ns", "a.b") == "image-builder-ns-a-b"
    long = credential_name("n" * 63, "s" * 200)
    assert len(long) == 120
    assert long == credential_name("n" * 63, "s" * 200)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{2,119}", long)
