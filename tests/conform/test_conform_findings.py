"""What validate_objects reports around the schema checks: empty runs, rejects, skips, docs."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conform_cases import VERSION, configmap, deployment, scc

from chartgen.catalogue import find_kind
from chartgen.conform import KINDS, validate_objects
from chartgen.findings import Report, Severity


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHARTGEN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(params=["python", "kubeconform"])
def engine(request: pytest.FixtureRequest) -> str:
    if request.param == "kubeconform":
        from conform_cases import kubeconform_or_skip

        kubeconform_or_skip()
    return str(request.param)


def exit_code(findings: list) -> int:  # type: ignore[type-arg]
    return int(Report(list(findings), checked=["rendered objects"]).exit_code())


def test_empty_input_is_never_a_success(engine: str) -> None:
    [finding] = validate_objects([], VERSION, engine=engine)  # type: ignore[arg-type]
    assert (finding.rule, finding.message, finding.environment) == (
        "IB404",
        "no objects to validate",
        True,
    )
    assert exit_code([finding]) == 3


def test_all_skipped_is_never_a_success(engine: str) -> None:
    findings = validate_objects([scc()], VERSION, engine=engine)  # type: ignore[arg-type]
    assert [f.rule for f in findings] == ["IB402", "IB404"]
    skipped, nothing = findings
    assert skipped.severity is Severity.WARNING
    assert skipped.message == (
        "no schema for security.openshift.io/v1 SecurityContextConstraints; not validated"
    )
    assert "SecurityContextConstraints" in nothing.message
    assert exit_code(findings) == 3


def test_valid_objects_give_no_findings(engine: str) -> None:
    assert validate_objects([deployment(), configmap()], VERSION, engine=engine) == []  # type: ignore[arg-type]


def test_objects_that_cannot_be_identified_are_rejected_before_any_engine(engine: str) -> None:
    objects = [
        configmap(),
        "not a mapping",
        {"apiVersion": "v1", "metadata": {"name": "no-kind"}},
        {"kind": "ConfigMap", "metadata": {"name": "no-api-version"}},
        {"apiVersion": "apps/v1/extra", "kind": "Deployment", "metadata": {"name": "x"}},
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "nan"},
            "data": {"x": float("nan")},
        },
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": "obj"},
            "data": {"x": object()},
        },
    ]
    findings = validate_objects(objects, VERSION, engine=engine)  # type: ignore[arg-type]
    assert [f.rule for f in findings] == ["IB401"] * 6
    assert [f.path for f in findings] == [
        "object[1]:$",
        "object[2]:$",
        "ConfigMap/no-api-version:$",
        "Deployment/x:$",
        "ConfigMap/nan:$",
        "ConfigMap/obj:$",
    ]
    assert "malformed kind" in findings[1].message
    assert "not representable as JSON" in findings[4].message
    assert exit_code(findings) == 1  # input errors, and the valid ConfigMap was validated


def test_lists_are_expanded_like_kubeconform_does(engine: str) -> None:
    broken = configmap()
    broken["data"]["n"] = 1
    listing = {"apiVersion": "v1", "kind": "List", "items": [deployment(), broken]}
    findings = validate_objects([listing], VERSION, engine=engine)  # type: ignore[arg-type]
    assert [f.path for f in findings] == ["ConfigMap/build-image-config:$.data.n"]


def test_yaml_timestamps_are_strings_as_in_kubernetes(engine: str) -> None:
    data = configmap()
    data["data"]["when"] = datetime.date(2026, 1, 2)  # type: ignore[assignment]
    assert validate_objects([data], VERSION, engine=engine) == []  # type: ignore[arg-type]


def test_unknown_engine_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        validate_objects([configmap()], VERSION, engine="go")  # type: ignore[arg-type]


def test_checks_are_documented_for_explain() -> None:
    assert [c.id for c in KINDS] == ["IB401", "IB402", "IB403", "IB404"]
    assert [c.name for c in KINDS] == [
        "manifest-invalid",
        "manifest-skipped",
        "manifest-validator-failed",
        "manifest-nothing-validated",
    ]
    for check in KINDS:
        assert find_kind(check.id) == check
        assert check.summary.endswith(".")


def test_explain_prints_a_manifest_check() -> None:
    from conftest import run_cli

    result = run_cli("explain", "IB402")
    assert result.exit_code == 0, result.stderr
    assert "SecurityContextConstraints" in result.stdout


def test_shipped_certificate_schema_is_standalone_and_strict() -> None:
    import json

    from chartgen.resources import schemas_dir

    path = schemas_dir() / "kubernetes" / "certificate-cert-manager.io-v1.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert "$ref" not in path.read_text(encoding="utf-8")
    spec = schema["properties"]["spec"]
    assert spec["required"] == ["issuerRef", "secretName"]
    assert spec["additionalProperties"] is False
    assert spec["properties"]["issuerRef"]["required"] == ["name"]
    assert len(spec["properties"]["usages"]["items"]["enum"]) == 23
    assert schema["properties"]["metadata"]["additionalProperties"] is False
    assert Path(path).read_text(encoding="utf-8").endswith("}\n")


@pytest.mark.parametrize(
    ("metadata", "path", "message"),
    [
        ("oops", "$.metadata", "got string, want null or object"),
        (
            {"name": "m", "namespace": ["a"]},
            "$.metadata.namespace",
            "got array, want null or string",
        ),
        (
            {"name": "m", "generateName": 1},
            "$.metadata.generateName",
            "got number, want null or string",
        ),
    ],
)
def test_unreadable_metadata_is_refused_by_both_engines(
    engine: str, metadata: object, path: str, message: str
) -> None:
    """kubeconform cannot identify such an object at all; both engines refuse it the same way."""
    data = configmap()
    data["metadata"] = metadata  # type: ignore[assignment]
    data["data"]["n"] = 1  # not reported: the object is refused before validation
    [finding] = validate_objects([data], VERSION, engine=engine)  # type: ignore[arg-type]
    reference = "ConfigMap/m" if isinstance(metadata, dict) else "object[0]"
    assert (finding.rule, finding.path, finding.message) == (
        "IB401",
        f"{reference}:{path}",
        message,
    )


def test_a_broken_shipped_schema_is_an_environment_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chartgen.conform import store

    shipped = tmp_path / "kubernetes"
    shipped.mkdir()
    (shipped / "certificate-cert-manager.io-v1.json").write_text('{"type": "no-such-type"}\n')
    monkeypatch.setattr(store, "shipped_schemas", lambda: shipped)
    from conform_cases import certificate

    [finding] = validate_objects([certificate()], VERSION, engine="python")
    assert finding.rule == "IB403" and finding.environment
    assert "certificate-cert-manager.io-v1.json" in finding.message


def test_generate_name_objects_are_matched_and_named(engine: str) -> None:
    data = configmap()
    data["metadata"] = {"generateName": "build-image-config-"}
    data["data"]["n"] = 1
    [finding] = validate_objects([data], VERSION, engine=engine)  # type: ignore[arg-type]
    assert finding.path == "ConfigMap/build-image-config-*:$.data.n"
