"""Accepted input never ends in "internal error", and a broken environment is named as such.

Each case runs the real CLI in a sandboxed fork: closed or full standard output, closed
standard input, bytes that are not UTF-8 on the command line, a corrupted schema cache, and
digit strings Python's int() refuses.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, in_ci
from sandbox import Sandbox, open_sandbox

EXAMPLE = ROOT / "values.example.yaml"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    yield from open_sandbox(tmp_path_factory)


# -- standard streams ------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["render", str(EXAMPLE)], ["validate", str(EXAMPLE)],
                                     ["validate", "-o", "json", str(EXAMPLE)], ["schema"]])
def test_closed_stdout(sandbox: Sandbox, command: list[str]) -> None:
    outcome = sandbox.run(*command, stdout=None)
    outcome.check_clean()
    assert outcome.exit_code == 3
    assert "chartgen: error: standard output is closed" in outcome.stderr


@pytest.mark.parametrize("command", [["render", str(EXAMPLE)], ["validate", "-o", "sarif",
                                                                  str(EXAMPLE)], ["docs"]])
def test_stdout_on_a_full_device(sandbox: Sandbox, command: list[str]) -> None:
    outcome = sandbox.run(*command, stdout=Path("/dev/full"))
    outcome.check_clean()
    assert outcome.exit_code == 3
    assert "cannot write to standard output: No space left on device" in outcome.stderr


def test_closed_stdout_does_not_matter_when_nothing_is_written_there(sandbox: Sandbox,
                                                                     tmp_path: Path) -> None:
    outcome = sandbox.run("render", str(EXAMPLE), "--output-dir", "out", cwd=tmp_path,
                          stdout=None)
    outcome.check_clean()
    assert outcome.exit_code == 0, outcome.stderr


def test_closed_stdin(sandbox: Sandbox) -> None:
    outcome = sandbox.run("validate", "-o", "json", "-", stdin=None)
    outcome.check_clean()
    assert outcome.exit_code == 3
    (finding,) = json.loads(outcome.stdout)["results"][0]["findings"]
    assert finding["rule"] == "IB009"
    assert "standard input is closed" in finding["message"]


# -- bytes that are not UTF-8 ------------------------------------------------------------------

NOT_UTF8 = os.fsdecode(b"union\xff")  # what Python makes of such an argument


@pytest.mark.parametrize("command", ["validate", "render"])
@pytest.mark.parametrize("flag", ["--set", "--set-string", "--set-literal", "--set-json"])
def test_a_set_value_that_is_not_utf8(sandbox: Sandbox, command: str, flag: str) -> None:
    value = f'"{NOT_UTF8}"' if flag == "--set-json" else NOT_UTF8
    outcome = sandbox.run(command, str(EXAMPLE), flag, f"imageBuilder.registryName={value}")
    outcome.check_clean()
    assert outcome.exit_code == 2
    assert "is not UTF-8 text: byte 0xFF at character" in outcome.stdout + outcome.stderr
    assert "[IB004]" in outcome.stdout + outcome.stderr


@pytest.mark.parametrize("output", ["text", "json", "sarif", "github", "junit"])
def test_a_file_name_that_is_not_utf8(sandbox: Sandbox, tmp_path: Path, output: str) -> None:
    raw = os.fsencode(tmp_path) + b"/values\xff.yaml"
    with open(raw, "wb") as handle:
        handle.write(b"imageBuilder:\n  enabled: maybe\n")
    outcome = sandbox.run("validate", "-o", output, os.fsdecode(raw))
    outcome.check_clean()
    assert outcome.exit_code == 1
    assert "\ufffd" not in outcome.stdout  # no raw undecodable byte reached the output
    if output in ("json", "sarif"):
        document = json.loads(outcome.stdout)  # valid UTF-8 JSON
        if output == "sarif":
            (result,) = document["runs"][0]["results"]
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            assert uri.endswith("/values%FF.yaml")  # the file's own bytes, percent-encoded
    if output == "text":
        assert "values\\xff.yaml:2:12: error:" in outcome.stdout


# -- a corrupted schema cache -----------------------------------------------------------------


@pytest.mark.parametrize("corruption", [b"[]", b"{}", b'{"bad', b"\x00\xff", b""])
@pytest.mark.parametrize("engine", ["kubeconform", "python"])
def test_a_corrupted_schema_cache_is_rebuilt(sandbox: Sandbox, tmp_path: Path,
                                             corruption: bytes, engine: str) -> None:
    path = os.environ.get("PATH", "")
    if engine == "python":
        path = os.defpath
    elif shutil.which("kubeconform") is None:
        if in_ci():
            pytest.fail("kubeconform is not on PATH (CI=true: .ci/run installs it)")
        pytest.skip("kubeconform is not on PATH")
    env = {"CHARTGEN_CACHE_DIR": str(tmp_path / "cache"), "PATH": path}
    first = sandbox.run("render", str(EXAMPLE), "--validate-manifests", env=env)
    assert first.exit_code == 0, first.stderr
    (schema,) = (tmp_path / "cache").rglob("deployment-apps-v1.json")
    good = schema.read_bytes()
    schema.write_bytes(corruption)
    again = sandbox.run("render", str(EXAMPLE), "--validate-manifests", env=env)
    again.check_clean()
    assert again.exit_code == 0, again.stderr
    assert schema.read_bytes() == good


# -- digits Python refuses ----------------------------------------------------------------------

MANY = "1" * 5000


@pytest.mark.parametrize(
    "args, expected_exit, fragment",
    [
        (["--set", f"imageBuilder.buildkit.image.tag=v{MANY}.0.0"], 1, "image tag"),
        (["--set", "imageBuilder.buildkitUri=tcp://buildkitd:²"], 1, "has port '²'"),
        (["--set", "imageBuilder.buildkitUri=tcp://buildkitd:١٢٣٤"], 1, "has port"),
        (["--set-string", f"imageBuilder.buildkitUri=tcp://buildkitd:{MANY}"], 1, "has port"),
        (["--set", "imageBuilder.buildkitUri=tcp://buildkitd:1234\n"], 1, "has port"),
        (["--set", f"imageBuilder.buildkit.resources.requests.cpu={MANY}m"], 0, None),
        (["--kube-version", f"1.{MANY}"], 2, "is not a version"),
    ],
    ids=["tag-5000-digits", "port-superscript", "port-arabic-digits", "port-5000-digits",
         "port-trailing-newline", "cpu-5000-digits", "kube-version-5000-digits"],
)
def test_digit_strings_python_refuses(sandbox: Sandbox, args: list[str], expected_exit: int,
                                      fragment: str | None) -> None:
    outcome = sandbox.run("render", str(EXAMPLE), *args)
    outcome.check_clean()
    assert outcome.exit_code == expected_exit, outcome.stderr
    if fragment:
        assert fragment in outcome.stderr
