"""Helm refuses what `chartgen validate` refuses: schema mistakes through the chart's
values.schema.json, cross-field mistakes through `fail` with chartgen's rule ID.

The inputs are the invalid fixtures (tests/fixtures/invalid/*.yaml, first line `# expect: ID
LINE[:COL]`): those whose ID is a schema check (IB100 wrong type or value, IB101 unknown key,
IB102 missing key) must stop Helm at schema validation; those whose ID is one of the rules the
chart's templates implement (`chartgen.chart.FAIL_RULES`) must stop `helm template` with
`ID name:`. Helm reads the fixture itself (`-f` for the binary, Helm's own YAML parser for the
SDK), as a user's `helm install -f` would.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from chart_harness import run_helm, write_chart
from conftest import FIXTURES, run_cli

from chartgen.chart import FAIL_RULES
from chartgen.rules import get_rule

SCHEMA_CHECKS = ("IB100", "IB101", "IB102")
_EXPECT = re.compile(r"^# expect: (IB\d{3})\b")


def _expected_rule(path: Path) -> str | None:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
    match = _EXPECT.match(first)
    return match.group(1) if match else None


FIXTURES_BY_RULE: dict[str, list[Path]] = {}
for _path in sorted((FIXTURES / "invalid").glob("*.yaml")):
    _rule = _expected_rule(_path)
    if _rule:
        FIXTURES_BY_RULE.setdefault(_rule, []).append(_path)

SCHEMA_FIXTURES = [p for rule in SCHEMA_CHECKS for p in FIXTURES_BY_RULE.get(rule, [])]
RULE_FIXTURES = [(rule, p) for rule in FAIL_RULES for p in FIXTURES_BY_RULE.get(rule, [])]

# Own cases for what the fixtures do not show (they are written by another part of the suite;
# these keep the chart's checks covered whatever they hold).
OWN_SCHEMA_CASES = {
    "wrong-type": "imageBuilder:\n  buildkit:\n    rootless: \"yes\"\n",
    "enum": "imageBuilder:\n  buildkit:\n    service:\n      type: ExternalName\n",
    "unknown-key": "imageBuilder:\n  buildkit:\n    replicas: 2\n",
    "null-deletes-required": "imageBuilder:\n  buildkit:\n    image: null\n",
    "bad-target-namespace": "targetNamespaces:\n  - Team_A\n",
}
OWN_RULE_CASES = {
    "IB207": "imageBuilder:\n  buildkit:\n    enabled: false\n",
    "IB302": "imageBuilder:\n  buildkit:\n    service:\n      type: NodePort\n",
    "IB212": "imageBuilder:\n  buildkit:\n    rootless: true\n"
             "    openShift:\n      enabled: true\n",
    "IB213": "imageBuilder:\n  buildkit:\n    autoscaling:\n      enabled: true\n"
             "      minReplicas: 5\n      maxReplicas: 2\n",
    "IB308": "imageBuilder:\n  buildkit:\n    tls:\n      enabled: true\n"
             "      clientsPresentCertificates: true\n",
    "IB320": "imageBuilder:\n  buildkit:\n    tls:\n      enabled: true\n"
             "      existingSecret: buildkitd-tls\n",
    "IB230": "storage:\n  provider: gcs\n  gcp:\n    projectId: \"{{ .Values.global.P }}\"\n"
             "global:\n  P: \"\"\n",
    "IB210": "imageBuilder:\n  authenticationType: basic\n  basicAuth:\n"
             "    passwordSecretName: \"\"\n",
}


@pytest.fixture(scope="module")
def chart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_chart(tmp_path_factory.mktemp("refusals") / "imagebuilder")


def _sdk_error(chart: Path, text: str) -> BaseException:
    import helm_python

    values = helm_python.values_from_yaml(text)
    with helm_python.Chart.load(chart) as loaded, pytest.raises(helm_python.HelmError) as caught:
        loaded.render(values, name="union", namespace="union")
    return caught.value


def _chartgen_rules(path: Path) -> set[str]:
    """The rule IDs of the errors `chartgen validate` reports for a values file."""
    result = run_cli("validate", str(path), "-o", "json")
    assert result.exit_code == 1, result.stdout
    report = json.loads(result.stdout)
    return {
        finding["rule"]
        for subject in report["results"]
        for finding in subject["findings"]
        if finding["severity"] == "error"
    }


def test_fixtures_cover_the_schema_checks_or_own_cases_do() -> None:
    assert SCHEMA_FIXTURES or OWN_SCHEMA_CASES


def test_every_fail_rule_is_shown_by_a_fixture_or_an_own_case() -> None:
    covered = {rule for rule, _ in RULE_FIXTURES} | set(OWN_RULE_CASES)
    assert set(FAIL_RULES) <= covered


@pytest.mark.parametrize("path", SCHEMA_FIXTURES, ids=lambda p: p.stem)
def test_schema_fixture_is_refused_by_sdk_schema_validation(path: Path, chart: Path) -> None:
    import helm_python

    error = _sdk_error(chart, path.read_text(encoding="utf-8"))
    assert isinstance(error, helm_python.HelmValuesError), error


@pytest.mark.parametrize("path", SCHEMA_FIXTURES, ids=lambda p: p.stem)
def test_schema_fixture_is_refused_by_helm_template(path: Path, chart: Path) -> None:
    result = run_helm("template", "union", str(chart), "--kube-version", "1.35.0",
                      "-f", str(path), check=False)
    assert result.returncode != 0
    assert "don't meet the specifications of the schema" in result.stderr, result.stderr


@pytest.mark.parametrize("name", sorted(OWN_SCHEMA_CASES))
def test_schema_mistake_is_refused_by_helm(name: str, chart: Path, tmp_path: Path) -> None:
    import helm_python

    text = OWN_SCHEMA_CASES[name]
    assert isinstance(_sdk_error(chart, text), helm_python.HelmValuesError)
    values = tmp_path / f"{name}.yaml"
    values.write_text(text, encoding="utf-8")
    if name != "bad-target-namespace":  # a chart-only value: chartgen validate ignores it
        assert run_cli("validate", str(values)).exit_code == 1


@pytest.mark.parametrize(("rule", "path"), RULE_FIXTURES, ids=[p.stem for _, p in RULE_FIXTURES])
def test_rule_fixture_stops_the_sdk_with_the_rule_id(rule: str, path: Path, chart: Path) -> None:
    import helm_python

    assert rule in _chartgen_rules(path)
    error = _sdk_error(chart, path.read_text(encoding="utf-8"))
    assert isinstance(error, helm_python.HelmRenderError), error
    assert f"{rule} {get_rule(rule).name}:" in str(error)


@pytest.mark.parametrize(("rule", "path"), RULE_FIXTURES, ids=[p.stem for _, p in RULE_FIXTURES])
def test_rule_fixture_stops_helm_template_with_the_rule_id(
    rule: str, path: Path, chart: Path
) -> None:
    result = run_helm("template", "union", str(chart), "--kube-version", "1.35.0",
                      "-f", str(path), check=False)
    assert result.returncode != 0
    assert f"{rule} {get_rule(rule).name}:" in result.stderr, result.stderr


@pytest.mark.parametrize("rule", sorted(OWN_RULE_CASES))
def test_rule_case_stops_helm_with_the_rule_id(rule: str, chart: Path, tmp_path: Path) -> None:
    import helm_python

    values = tmp_path / f"{rule}.yaml"
    values.write_text(OWN_RULE_CASES[rule], encoding="utf-8")
    assert rule in _chartgen_rules(values)
    error = _sdk_error(chart, OWN_RULE_CASES[rule])
    assert isinstance(error, helm_python.HelmRenderError), error
    assert f"{rule} {get_rule(rule).name}:" in str(error)


def test_helm_fails_where_the_rule_is_checked(chart: Path) -> None:
    """The rule checks run first (templates/validate.yaml), so the message names that file."""
    error = _sdk_error(chart, OWN_RULE_CASES["IB302"])
    assert "templates/validate.yaml" in str(error)
