"""SARIF 2.1.0 output: structure, rule descriptors, levels and locations.

No SARIF 2.1.0 JSON Schema is installed offline (no package in the environment ships
`sarif-schema-2.1.0.json`), so `SARIF_SUBSET` below restates the parts of the OASIS schema this
reporter emits — sarifLog, run, tool, toolComponent, reportingDescriptor,
multiformatMessageString, reportingConfiguration, result, suppression, message, location,
physicalLocation, artifactLocation, region, propertyBag — with the same required properties, enums and minimums,
and, like the OASIS schema, no additional properties.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from jsonschema import Draft7Validator

from chartgen import __version__
from chartgen.findings import Finding, Location, Report, Severity
from chartgen.report import Result, get_reporter
from chartgen.report.sarif_format import artifact_uri

_LEVEL = {"enum": ["none", "note", "warning", "error"]}
_TEXT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["text"],
    "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}},
}
SARIF_SUBSET: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/run"}},
    },
    "definitions": {
        "run": {
            "type": "object",
            "additionalProperties": False,
            "required": ["tool"],
            "properties": {
                "tool": {"$ref": "#/definitions/tool"},
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "results": {"type": "array", "items": {"$ref": "#/definitions/result"}},
            },
        },
        "tool": {
            "type": "object",
            "additionalProperties": False,
            "required": ["driver"],
            "properties": {"driver": {"$ref": "#/definitions/toolComponent"}},
        },
        "toolComponent": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "version": {"type": "string"},
                "informationUri": {"type": "string", "format": "uri"},
                "rules": {
                    "type": "array",
                    "uniqueItems": True,
                    "items": {"$ref": "#/definitions/reportingDescriptor"},
                },
            },
        },
        "reportingDescriptor": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "shortDescription": _TEXT,
                "fullDescription": _TEXT,
                "defaultConfiguration": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "enabled": {"type": "boolean"},
                        "level": _LEVEL,
                        "rank": {"type": "number", "minimum": -1, "maximum": 100},
                    },
                },
            },
        },
        "result": {
            "type": "object",
            "additionalProperties": False,
            "required": ["message"],
            "properties": {
                "ruleId": {"type": "string"},
                "ruleIndex": {"type": "integer", "minimum": -1},
                "level": _LEVEL,
                "message": _TEXT,
                "locations": {
                    "type": "array",
                    "uniqueItems": True,
                    "items": {"$ref": "#/definitions/location"},
                },
                "properties": {"type": "object"},
                "suppressions": {
                    "type": "array",
                    "uniqueItems": True,
                    "items": {"$ref": "#/definitions/suppression"},
                },
            },
        },
        "suppression": {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind"],
            "properties": {
                "kind": {"enum": ["inSource", "external"]},
                "status": {"enum": ["accepted", "underReview", "rejected"]},
                "justification": {"type": "string"},
                "location": {"$ref": "#/definitions/location"},
            },
        },
        "location": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"physicalLocation": {"$ref": "#/definitions/physicalLocation"}},
        },
        "physicalLocation": {
            "type": "object",
            "additionalProperties": False,
            "required": ["artifactLocation"],
            "properties": {
                "artifactLocation": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"uri": {"type": "string", "format": "uri-reference"}},
                },
                "region": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "startLine": {"type": "integer", "minimum": 1},
                        "startColumn": {"type": "integer", "minimum": 1},
                    },
                },
            },
        },
    },
}


# RFC 3986 URI-reference characters with well-formed percent escapes. (jsonschema checks the
# `uri` formats only when rfc3987 is installed, which it is not here.)
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def is_relative_reference(uri: str) -> bool:
    first = uri.split("/", 1)[0]
    return URI_REFERENCE.match(uri) is not None and ":" not in first


def check_sarif(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    Draft7Validator(SARIF_SUBSET).validate(document)
    assert URI_REFERENCE.match(document["$schema"])
    (run,) = document["runs"]
    for result in run["results"]:
        for location in result.get("locations", []):
            assert is_relative_reference(location["physicalLocation"]["artifactLocation"]["uri"])
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    for result in run["results"]:
        # ruleIndex points at the descriptor of ruleId.
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert {r["ruleId"] for r in run["results"]} == set(ids)
    return document


def render(*results: Result) -> dict[str, Any]:
    stream = io.StringIO()
    reporter = get_reporter("sarif", stream)
    for result in results:
        reporter.write(result)
    reporter.flush()
    return check_sarif(stream.getvalue())


def test_header_and_driver() -> None:
    document = render(Result("v.yaml", Report([], ["v.yaml"])))
    assert document["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert document["version"] == "2.1.0"
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["name"] == "chartgen"
    assert driver["version"] == __version__
    assert driver["rules"] == []
    assert document["runs"][0]["results"] == []


def test_results_levels_and_locations() -> None:
    findings = [
        Finding("IB100", Severity.ERROR, "bad", "$.imageBuilder.enabled", "fix it",
                Location("values/dev.yaml", 3, 12)),
        Finding("IB012", Severity.WARNING, "kept", "$.storage.bucketName", "",
                Location("values/dev.yaml", 7)),
        Finding("ZZ900", Severity.INFO, "fyi", "$", "", Location("<rendered>")),
        Finding("IB102", Severity.ERROR, "gone", "$.imageBuilder", "", None),
    ]
    document = render(Result("values/dev.yaml", Report(findings, ["values/dev.yaml"])))
    run = document["runs"][0]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert by_rule["IB100"]["level"] == "error"
    assert by_rule["IB100"]["message"]["text"] == "bad (fix it)"
    assert by_rule["IB100"]["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "values/dev.yaml"},
                              "region": {"startLine": 3, "startColumn": 12}}}
    ]
    assert by_rule["IB100"]["properties"] == {"path": "$.imageBuilder.enabled"}
    assert by_rule["IB012"]["level"] == "warning"
    assert by_rule["IB012"]["locations"][0]["physicalLocation"]["region"] == {"startLine": 7}
    assert by_rule["ZZ900"]["level"] == "note"
    assert "locations" not in by_rule["ZZ900"]
    assert by_rule["ZZ900"]["message"]["text"] == "<rendered>: fyi"
    assert "locations" not in by_rule["IB102"]

    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == sorted(rules)
    assert rules["IB100"]["name"] == "schema"
    assert rules["IB100"]["shortDescription"]["text"].startswith("A value has the wrong type")
    assert rules["IB100"]["defaultConfiguration"] == {"level": "error"}
    assert rules["IB012"]["defaultConfiguration"] == {"level": "warning"}
    # An ID nobody documents still gets a descriptor.
    assert rules["ZZ900"]["name"] == "ZZ900"
    assert rules["ZZ900"]["defaultConfiguration"] == {"level": "note"}


@pytest.mark.parametrize(
    "path, uri",
    [
        ("values.yaml", "values.yaml"),
        ("deploy/prod values.yaml", "deploy/prod%20values.yaml"),
        ("a:b.yaml", "a%3Ab.yaml"),
        ("/abs/path/v.yaml", "/abs/path/v.yaml"),
        ("100%.yaml", "100%25.yaml"),
    ],
)
def test_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri
    assert is_relative_reference(uri)


def test_cli_each_is_one_run(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_text("imageBuilder:\n  buildkit:\n    replicaCount: 0\n", encoding="utf-8")
    b = tmp_path / "b.yaml"
    b.write_text("imageBuilder:\n  authenticationtype: aws\n", encoding="utf-8")
    c = tmp_path / "c.yaml"
    c.write_text("- not a mapping\n", encoding="utf-8")
    result = run_cli("validate", "-o", "sarif", "--each", str(a), str(b), str(c))
    assert result.exit_code == 1
    document = check_sarif(result.stdout)
    located = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
         r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in document["runs"][0]["results"]
    }
    assert located == {("IB100", str(a), 3), ("IB101", str(b), 2), ("IB005", str(c), 1)}


def test_cli_valid_has_no_errors(tmp_path: Path) -> None:
    path = tmp_path / "v.yaml"
    path.write_text("imageBuilder:\n  enabled: true\n", encoding="utf-8")
    result = run_cli("validate", "-o", "sarif", str(path))
    assert result.exit_code == 0
    document = check_sarif(result.stdout)
    assert all(r["level"] != "error" for r in document["runs"][0]["results"])


def test_every_documented_id_gets_its_own_descriptor() -> None:
    from chartgen.catalogue import all_kinds

    documented = {c.id: (c.name, c.severity, c.doc) for c in all_kinds()}
    findings = [
        Finding(rule_id, severity, "m", location=Location("v.yaml", 1, 1))
        for rule_id, (_, severity, _) in documented.items()
    ]
    document = render(Result("v.yaml", Report(findings, ["v.yaml"])))
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for rule in document["runs"][0]["tool"]["driver"]["rules"]:
        name, severity, doc = documented[rule["id"]]
        assert rule["name"] == name
        assert rule["fullDescription"]["text"] == doc.strip()
        assert rule["shortDescription"]["text"] == doc.strip().splitlines()[0]
        assert rule["defaultConfiguration"]["level"] == levels[severity.value]
