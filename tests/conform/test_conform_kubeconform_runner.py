"""The kubeconform subprocess: offline flags, output checks, timeouts, and the fallback.

Several tests put a *fake* `kubeconform` script first on PATH. That is a deliberate test
double: it is the only way to make the real wrapper meet a hung, crashing or lying validator.
Tests that need the real binary say so through `kubeconform_or_skip()`.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest
from conform_cases import VERSION, configmap, kubeconform_or_skip, scc, valid_objects

from chartgen.conform import engine_in_use, validate_objects
from chartgen.conform import kubeconform as runner
from chartgen.conform.objects import SchemaError, prepare
from chartgen.conform.store import open_store
from chartgen.findings import Report


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHARTGEN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def fake_kubeconform(folder: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put a shell script named kubeconform alone on PATH (a test double, see module doc)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kubeconform"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}/usr/bin{os.pathsep}/bin")
    return path


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie is dead, merely not reaped yet


def test_timeout_kills_the_validator_and_its_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pidfile = tmp_path / "child.pid"
    fake_kubeconform(tmp_path / "bin", f"sleep 60 &\necho $! > {pidfile}\nwait\n", monkeypatch)
    start = time.monotonic()
    findings = validate_objects([configmap()], VERSION, timeout=1.0)
    assert time.monotonic() - start < 30  # far below the 60 s sleep: it was stopped
    [finding] = findings
    assert finding.rule == "IB403" and finding.environment
    assert "did not finish within 1 s" in finding.message
    child = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)
    assert Report(findings, checked=["x"]).exit_code() == 3


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("echo 'panic: boom' >&2\nexit 2\n", "exited with code 2: panic: boom"),
        ("echo not json\nexit 0\n", "output is not JSON"),
        ("echo '{\"resources\": []}'\nexit 0\n", "no resources or no summary"),
        (  # summary does not count the object sent
            'echo \'{"resources": [], "summary": {"valid": 0, "invalid": 0, "errors": 0, '
            '"skipped": 0}}\'\nexit 0\n',
            "reported 0 results (0 listed) for the 1 objects sent",
        ),
        (  # says invalid, exits 0
            'echo \'{"resources": [{"kind": "ConfigMap", "name": "build-image-config", '
            '"version": "v1", "status": "statusInvalid", "msg": "x"}], "summary": '
            '{"valid": 0, "invalid": 1, "errors": 0, "skipped": 0}}\'\nexit 0\n',
            "exited with code 0 although its summary counts 1 invalid",
        ),
        (  # results for another object
            'echo \'{"resources": [{"kind": "Secret", "name": "x", "version": "v1", '
            '"status": "statusValid", "msg": ""}], "summary": {"valid": 1, "invalid": 0, '
            '"errors": 0, "skipped": 0}}\'\nexit 0\n',
            "out of step",
        ),
        (  # skips an object that has a schema
            'echo \'{"resources": [{"kind": "ConfigMap", "name": "build-image-config", '
            '"version": "v1", "status": "statusSkipped", "msg": ""}], "summary": '
            '{"valid": 0, "invalid": 0, "errors": 0, "skipped": 1}}\'\nexit 0\n',
            "reported ConfigMap/build-image-config (v1) as skipped although it was to be checked",
        ),
    ],
    ids=[
        "crash",
        "garbage",
        "no-summary",
        "count-mismatch",
        "exit-code-mismatch",
        "out-of-step",
        "unexpected-skip",
    ],
)
def test_untrustworthy_answers_are_engine_failures(
    script: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_kubeconform(tmp_path / "bin", script, monkeypatch)
    findings = validate_objects([configmap()], VERSION)
    assert [f.rule for f in findings] == ["IB403"]
    assert findings[0].environment
    assert expected in findings[0].message


def test_missing_kubeconform_means_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert engine_in_use() == "python"
    called = []
    monkeypatch.setattr(runner, "run", lambda *a, **k: called.append(a))
    bad = configmap()
    bad["data"]["x"] = 1
    [finding] = validate_objects([bad], VERSION)
    assert finding.rule == "IB401" and finding.path == "ConfigMap/build-image-config:$.data.x"
    assert called == []


def test_kubeconform_required_but_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    [finding] = validate_objects([configmap()], VERSION, engine="kubeconform")
    assert finding.rule == "IB403" and finding.environment
    assert "not on PATH" in finding.message


def test_engine_in_use_sees_kubeconform_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_kubeconform(tmp_path / "bin", "exit 0\n", monkeypatch)
    assert engine_in_use() == "kubeconform"


def test_command_is_offline_and_strict(tmp_path: Path) -> None:
    store = open_store(VERSION)
    batch, _ = prepare([configmap(), scc()])
    batch = [
        type(item)(
            item.document,
            item.api_version,
            item.kind,
            item.name,
            store.schema_for(item.api_version, item.kind),
        )
        for item in batch
    ]
    args = runner.command("/x/kubeconform", batch, store)
    assert args[0] == "/x/kubeconform" and args[-1] == "-"
    for flag in ("-strict", "-summary", "-verbose"):
        assert flag in args
    assert args[args.index("-output") + 1] == "json"
    assert args[args.index("-n") + 1] == "1"  # results in input order
    assert args[args.index("-kubernetes-version") + 1] == "1.35.0"
    locations = [args[i + 1] for i, a in enumerate(args) if a == "-schema-location"]
    assert locations == [
        f"{store.shipped_dir}/{runner.SHIPPED_TEMPLATE}",
        f"{store.standalone_dir}/{runner.KUBERNETES_TEMPLATE}",
    ]
    assert all(Path(loc.split("{{")[0]).is_absolute() for loc in locations)
    assert not any(a.startswith("http") or a == "default" for a in args)
    assert "-ignore-missing-schemas" not in args  # a schema it cannot find is a failure
    assert args[args.index("-skip") + 1] == "security.openshift.io/v1/SecurityContextConstraints"


def test_folders_with_template_braces_are_quoted() -> None:
    location = runner.schema_location(Path("/tmp/{{weird}}"), runner.KUBERNETES_TEMPLATE)
    assert location == '{{ "/tmp/{{weird}}" }}/' + runner.KUBERNETES_TEMPLATE


def test_real_kubeconform_with_template_braces_in_the_cache_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kubeconform_or_skip()
    monkeypatch.setenv("CHARTGEN_CACHE_DIR", str(tmp_path / "{{ .ResourceKind }}"))
    bad = configmap()
    bad["data"]["x"] = 1
    [finding] = validate_objects([bad], VERSION, engine="kubeconform")
    assert (finding.rule, finding.path) == ("IB401", "ConfigMap/build-image-config:$.data.x")


def test_real_kubeconform_never_needs_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every proxy pointed at a dead port, validation still works: it never fetches."""
    kubeconform_or_skip()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    findings = validate_objects(valid_objects(), VERSION, engine="kubeconform", timeout=30)
    assert [f.rule for f in findings] == ["IB402"]


def test_stream_keeps_every_document_on_one_line() -> None:
    batch, _ = prepare(
        [
            configmap(),
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": "n"},
                "data": {"a": "x\n---\ny", "b": "\u2028\x85\x7f\ufeff🦀"},
            },
        ]
    )
    data = runner.stream(batch).decode("utf-8")
    lines = data.split("\n")
    assert lines[1] == "---" and lines[3] == "" and len(lines) == 4
    assert "\\u2028" in lines[2] and "\\u0085" in lines[2] and "\\u007f" in lines[2]
    assert "\\ufeff" in lines[2] and "🦀" in lines[2]
    assert json.loads(lines[2])["data"]["a"] == "x\n---\ny"


def test_leaf_errors_are_parsed_from_the_error_tree() -> None:
    message = (
        "problem validating schema. Check JSON formatting: jsonschema validation failed with "
        "'file:///c/deployment-apps-v1.json#' - at '/spec/replicas': got string, want null or "
        "integer - at '/spec/template/spec/containers': validation failed   - at "
        "'/spec/template/spec/containers/0': validation failed     - at "
        "'/spec/template/spec/containers/0': missing property 'name'     - at "
        "'/spec/template/spec/containers/0/resources/requests/cpu': oneOf failed, none matched"
        "       - at '/spec/template/spec/containers/0/resources/requests/cpu': got array, want "
        "null or string - at '/metadata/annotations/a~1b\\'c': got number, want null or string"
        " - at '/spec': additional properties 'zeta', 'alpha' not allowed"
    )
    assert runner.leaf_errors(message) == [
        SchemaError(("spec", "replicas"), "got string, want null or integer"),
        SchemaError(("spec", "template", "spec", "containers", "0"), "missing property 'name'"),
        SchemaError(
            ("spec", "template", "spec", "containers", "0", "resources", "requests", "cpu"),
            "oneOf failed, none matched",
        ),
        SchemaError(("metadata", "annotations", "a/b'c"), "got number, want null or string"),
        SchemaError(("spec",), "additional properties 'alpha', 'zeta' not allowed"),
    ]
