"""Hostile strings in every input of `chartgen iam-policy`: refused cleanly, or carried exactly.

A property test (hypothesis, fixed seed and example budget) puts strings built to break out of
a shell word, a comment, a heredoc, an HCL string or a JSON string — newlines, quotes, `$( )`,
backticks, `${`, `%{`, control and line-separator characters, trailing newlines after a valid
value — into the values and the command-line options, one cloud at a time. Every run must then
either refuse (exit 1 or 2, nothing on stdout, no traceback) or write a script that, run by bash
against recording stub CLIs, calls exactly what the JSON output of the same run says (the
intended values, byte for byte) and runs nothing else: no smuggled `touch`, no marker file.

The escaping routines themselves are checked against the formats' own rules: `shell_word` and
`comment` through bash, `hcl_string` through a decoder written from the HCL spec, and
`python_string` through Python's parser.
"""

from __future__ import annotations

import ast
import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, seed, settings
from hypothesis import strategies as st
from iam_harness import ECR, GSA, ISSUER, KUBELET, NODE_SA, OIDC, PROXY_GSA, SUBSCRIPTION, iam
from shell_stubs import BASH, check_recorded_calls, fill, run_script, samples_env
from test_iam_formats import SAMPLES, accounts_for

from chartgen.iam.quoting import comment, hcl_string, python_string, shell_word

MARKER = "PWNED"
INJECTIONS = [
    f"\ntouch {MARKER}\n",
    f"$(touch {MARKER})",
    f"`touch {MARKER}`",
    f"'; touch {MARKER}; '",
    f'"; touch {MARKER}; "',
    "${HOME}",
    "%{ if true }x%{ endif }",
    "\nJSON\ntouch PWNED\n",
    "\r\n# ",
    "\u2028\u0085\x1b[31m",
    "*",
    " ",
    "\n",
]
HOSTILE_CHARACTERS = "\n\r\t\x1b\x7f\u2028\u0085\"'`$\\;|&(){}#* %é"

hostile_text = st.one_of(
    st.sampled_from(INJECTIONS),
    st.text(alphabet=st.sampled_from(HOSTILE_CHARACTERS + "abcz019-._/:@"), max_size=12),
)

# One valid set-up per cloud: values, options, and which inputs may be replaced.
AWS_VALUES_DATA = {
    "imageBuilder": {"authenticationType": "aws", "defaultRepository": ECR},
    "global": {"AWS_ACCOUNT_ID": "111111111111"},
}
AWS_OPTIONS = {
    "--repository": ECR,
    "--base-image": "333333333333.dkr.ecr.us-east-1.amazonaws.com/base/python:3.12",
    "--dataplane-account": "222222222222",
    "--user-role": "union-user-role",
    "--node-role": "union-node-role",
    "--operator-proxy-role": "union-operator-proxy-role",
    "--oidc-provider": OIDC,
    "--namespace": "union",
    "--build-namespace": "flytesnacks-development",
    "--service-account": "default",
    "--dataplane-profile": "dataplane-admin",
    "--registry-profile": "registry-admin",
    "--base-image-profile": "base-admin",
    "--ecr-create-repository": "python",
}
AWS_FLAGS = ("--cross-account", "--trust-policy")
GCP_VALUES_DATA = {
    "imageBuilder": {"authenticationType": "google"},
    "storage": {"provider": "gcs", "region": "us-central1", "gcp": {"projectId": "union-dp"}},
}
GCP_OPTIONS = {
    "--repository": "us-central1-docker.pkg.dev/union-dp/union-dataplane",
    "--base-image": "europe-docker.pkg.dev/base-proj/bases/python:3.12",
    "--user-gsa": GSA,
    "--node-sa": NODE_SA,
    "--operator-proxy-gsa": PROXY_GSA,
    "--namespace": "union",
    "--build-namespace": "flytesnacks-development",
    "--service-account": "default",
}
AZURE_VALUES_DATA = {"imageBuilder": {"authenticationType": "azure", "registryName": "uniondp"}}
AZURE_OPTIONS = {
    "--repository": "uniondp.azurecr.io/builds",
    "--base-image": "baseimages.azurecr.io/python:3.12",
    "--subscription": SUBSCRIPTION,
    "--resource-group": "union-rg",
    "--user-identity": "union-user",
    "--kubelet-identity": KUBELET,
    "--operator-proxy-identity": "union-operator-proxy",
    "--oidc-issuer": ISSUER,
    "--namespace": "union",
    "--build-namespace": "flytesnacks-development",
    "--service-account": "default",
}
PRIVATE_VALUES_DATA = {
    "imageBuilder": {
        "authenticationType": "basic",
        "defaultRepository": "ghcr.io/acme/union-images",
        "basicAuth": {"username": "robot", "passwordSecretName": "REGISTRY_TOKEN"},
    }
}
PRIVATE_OPTIONS = {"--repository": "harbor.example.com:8443/team/images", "--secret-name": "push"}

SETUPS: dict[str, tuple[dict[str, Any], dict[str, str], tuple[str, ...]]] = {
    "aws": (AWS_VALUES_DATA, AWS_OPTIONS, AWS_FLAGS),
    "gcp": (GCP_VALUES_DATA, GCP_OPTIONS, ()),
    "azure": (AZURE_VALUES_DATA, AZURE_OPTIONS, ("--acr-abac",)),
    "private": (PRIVATE_VALUES_DATA, PRIVATE_OPTIONS, ()),
}
VALUE_PATHS: dict[str, list[tuple[str, ...]]] = {
    "aws": [("imageBuilder", "defaultRepository"), ("imageBuilder", "registryName"),
            ("global", "AWS_ACCOUNT_ID")],
    "gcp": [("imageBuilder", "defaultRepository"), ("imageBuilder", "registryName"),
            ("storage", "region"), ("storage", "gcp", "projectId")],
    "azure": [("imageBuilder", "defaultRepository"), ("imageBuilder", "registryName")],
    "private": [("imageBuilder", "defaultRepository"), ("imageBuilder", "basicAuth", "username"),
                ("imageBuilder", "basicAuth", "passwordSecretName"),
                ("imageBuilder", "registryName")],
}


def _set(data: dict[str, Any], path: tuple[str, ...], value: str) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


@st.composite
def hostile_runs(draw: st.DrawFn) -> tuple[str, dict[str, Any], list[str]]:
    cloud = draw(st.sampled_from(sorted(SETUPS)))
    values_data, options, flags = SETUPS[cloud]
    values = json.loads(json.dumps(values_data))
    chosen = dict(options)
    # Spoil one to three inputs: a hostile string alone, or appended to the valid value
    # (`union\n`: the $-anchored check this guards against accepted a trailing newline).
    names = draw(st.lists(st.sampled_from(sorted(options)), min_size=0, max_size=2, unique=True))
    for name in names:
        text = draw(hostile_text)
        chosen[name] = draw(st.sampled_from([text, options[name] + text]))
    for path in draw(st.lists(st.sampled_from(VALUE_PATHS[cloud]), max_size=1)):
        text = draw(hostile_text)
        current = values
        for key in path:
            current = current.get(key, {}) if isinstance(current, dict) else {}
        base = current if isinstance(current, str) else ""
        _set(values, path, draw(st.sampled_from([text, base + text])))
    # Not every option every time: --repository replaces the values' repository.
    keep = draw(st.lists(st.sampled_from(sorted(chosen)), unique=True,
                         min_size=len(names), max_size=len(chosen)))
    args = [*flags]
    for name in sorted(set(keep) | set(names)):
        args += [name, chosen[name]]
    return cloud, values, args


def _check_refused(result: Any) -> None:
    assert result.exception is None, result.exception
    assert result.exit_code in (1, 2), result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


@seed(20260514)
@settings(max_examples=100, deadline=None, derandomize=False,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(run=hostile_runs())
def test_hostile_inputs_are_refused_or_carried_exactly(
    tmp_path: Path, run: tuple[str, dict[str, Any], list[str]]
) -> None:
    cloud, values, args = run
    # The fixture's directory is shared by every example: give each one its own.
    workdir = Path(tempfile.mkdtemp(dir=tmp_path))
    values_file = workdir / "values.json"
    # JSON is YAML: the loader reads back every string exactly (escapes included).
    values_file.write_text(json.dumps(values), encoding="utf-8")
    as_json = iam(str(values_file), *args, "-o", "json")
    as_shell = iam(str(values_file), *args, "-o", "shell")
    as_terraform = iam(str(values_file), *args, "-o", "terraform")
    if as_json.exit_code != 0:
        event(f"{cloud}: refused")
        for result in (as_json, as_shell, as_terraform):
            _check_refused(result)
        return
    event(f"{cloud}: accepted")
    assert as_shell.exit_code == 0 and as_terraform.exit_code == 0
    data = json.loads(as_json.stdout)
    for line in as_shell.stdout.splitlines():
        if line.startswith("#"):
            assert "\r" not in line and "\u2028" not in line and "\x1b" not in line
    import hcl2

    hcl2.loads(as_terraform.stdout)  # parses: no value broke out of its string or comment
    filled = fill(data, SAMPLES)
    result = run_script(workdir, as_shell.stdout, samples_env(data, SAMPLES),
                        accounts=accounts_for(filled))
    assert not (workdir / MARKER).exists(), "a value ran as a command"
    check_recorded_calls(result, filled)


# -- the routines themselves -------------------------------------------------------------------

printable_unicode = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)


@seed(20260515)
@settings(max_examples=200, deadline=None)
@given(texts=st.lists(printable_unicode, min_size=1, max_size=20))
def test_shell_word_reads_back_exactly_and_comments_never_end_early(texts: list[str]) -> None:
    script = "".join(
        f"printf '%s\\0' {shell_word(text)}\n# {comment(text)}\n" for text in texts
    ) + "exit 7\n"
    result = subprocess.run([BASH, "-c", script], capture_output=True, timeout=30)
    assert result.returncode == 7, result.stderr
    assert result.stdout.decode("utf-8", "surrogateescape").split("\0")[:-1] == texts
    for text in texts:
        assert "\n" not in comment(text) and "\r" not in comment(text)


HCL_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def decode_hcl(literal: str) -> str:
    """The value of an HCL quoted-string body, per the HCL native syntax spec (no templates)."""
    out, index = [], 0
    while index < len(literal):
        char = literal[index]
        if char == "\\":
            kind = literal[index + 1]
            if kind in HCL_ESCAPES:
                out.append(HCL_ESCAPES[kind])
                index += 2
            elif kind == "u":
                out.append(chr(int(literal[index + 2 : index + 6], 16)))
                index += 6
            elif kind == "U":
                out.append(chr(int(literal[index + 2 : index + 10], 16)))
                index += 10
            else:
                raise AssertionError(f"unknown escape \\{kind}")
        elif literal.startswith(("$${", "%%{"), index):
            out.append(literal[index] + "{")
            index += 3
        elif literal.startswith(("${", "%{"), index):
            raise AssertionError(f"an unescaped template sequence in {literal!r}")
        elif char in '"\n\r':
            raise AssertionError(f"a raw {char!r} in {literal!r}")
        else:
            out.append(char)
            index += 1
    return "".join(out)


@seed(20260516)
@settings(max_examples=300, deadline=None)
@given(text=printable_unicode | st.sampled_from(INJECTIONS))
def test_hcl_and_python_strings_read_back_exactly(text: str) -> None:
    assert decode_hcl(hcl_string(text)) == text
    assert ast.literal_eval(python_string(text)) == text


def test_a_trailing_newline_no_longer_passes_a_grammar(tmp_path: Path) -> None:
    """The bug of the issue: `$` matched before a trailing newline."""
    from chartgen.clouds import aws, azure, gcp
    from chartgen.iam.inputs import NAMESPACE

    for grammar, sample in ((NAMESPACE, "union"), (aws.ACCOUNT_ID, "111111111111"),
                            (aws.ROLE_NAME, "union-user-role"), (azure.GUID, SUBSCRIPTION),
                            (gcp.SERVICE_ACCOUNT_EMAIL, GSA)):
        assert grammar.accepts(sample)
        assert not grammar.accepts(sample + "\n"), grammar.expected


REGEX_FUNCTIONS = {"compile", "match", "search", "fullmatch", "grammar", "_regions"}


def regex_literals(path: Path) -> list[tuple[int, str]]:
    """The string patterns passed to re.* (and the area's grammar helpers) in `path`."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in REGEX_FUNCTIONS:
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((node.lineno, first.value))
        elif isinstance(first, ast.JoinedStr) and first.values:
            last = first.values[-1]
            if isinstance(last, ast.Constant) and isinstance(last.value, str):
                found.append((node.lineno, last.value))
    return found


def test_no_regex_in_the_iam_area_anchors_with_a_dollar() -> None:
    """Full-string checks use fullmatch (or \\Z): `$` also matches before a final newline."""
    root = Path(__file__).resolve().parents[2] / "chartgen"
    area = [*root.joinpath("iam").glob("*.py"), root / "registry.py",
            *root.joinpath("clouds").glob("*.py"),
            *root.joinpath("rules").glob("repository*.py"),
            root / "rules" / "private_registry_auth.py"]
    literals = [(path.name, line, text) for path in area for line, text in regex_literals(path)]
    assert len(literals) > 20, "the scan must see the area's patterns"
    offenders = [
        f"{name}:{line}: {text!r}"
        for name, line, text in literals
        if text.endswith("$") and not text.endswith("\\$")
    ]
    assert offenders == []


@pytest.mark.parametrize("injection", INJECTIONS)
def test_each_injection_in_the_repository_is_refused_by_validate(
    tmp_path: Path, injection: str
) -> None:
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"imageBuilder": {"authenticationType": "aws",
                                                   "defaultRepository": ECR + injection}}))
    result = iam(str(values), "-o", "shell")
    _check_refused(result)


@pytest.mark.parametrize("injection", INJECTIONS)
def test_free_text_that_reaches_comments_is_accepted_and_inert(
    tmp_path: Path, injection: str
) -> None:
    """basicAuth.username is free text and lands in the notes (comments) of every format:
    accepted, and still nothing but the intended calls runs."""
    values = json.loads(json.dumps(PRIVATE_VALUES_DATA))
    values["imageBuilder"]["basicAuth"]["username"] = "robot" + injection
    path = tmp_path / "values.json"
    path.write_text(json.dumps(values))
    as_json = iam(str(path), "-o", "json")
    assert as_json.exit_code == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert any("robot" + injection in note for note in data["notes"])
    script = iam(str(path), "-o", "shell").stdout
    terraform = iam(str(path), "-o", "terraform").stdout
    import hcl2

    hcl2.loads(terraform)
    filled = fill(data, SAMPLES)
    result = run_script(tmp_path, script, samples_env(data, SAMPLES))
    assert not (tmp_path / MARKER).exists()
    check_recorded_calls(result, filled)
    assert [c[0] for c in result.calls] == ["flyte"]
