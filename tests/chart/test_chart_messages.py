"""The chart refuses a combination in chartgen's own words: the message and hint of the rule's
`MESSAGES`, written into the chart's data, filled in by its Go templates (SDK renders)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chart_harness import write_chart
from conftest import run_cli

# One case per message the chart carries (keyed `RULE` or `RULE what`); the values make exactly
# that rule refuse them.
CASES = {
    "IB207": "imageBuilder:\n  buildkit:\n    enabled: false\n",
    "IB210": "imageBuilder:\n  authenticationType: basic\n  basicAuth:\n    passwordSecretName: \"\"\n",
    "IB211": "imageBuilder:\n  buildkit:\n    rootless: true\n    securityContext:\n      runAsUser: 0\n",
    "IB212": "imageBuilder:\n  buildkit:\n    rootless: true\n    openShift:\n      enabled: true\n",
    "IB213": "imageBuilder:\n  buildkit:\n    autoscaling:\n      enabled: true\n      minReplicas: 5\n      maxReplicas: 2\n",
    "IB214": "imageBuilder:\n  buildkit:\n    replicaCount: 2\n    pdb:\n      minAvailable: 2\n",
    "IB217": "storage:\n  provider: aws\n  authType: accesskey\n  accessKey: AK\n",
    "IB220": "storage:\n  provider: aws\n  authType: iam\n  region: us-east-1\nglobal:\n  AWS_ACCOUNT_ID: 123456789012\n",
    "IB221": "imageBuilder:\n  buildkit:\n    rootless: true\n    serviceAccount:\n      forceDedicated: true\n    openShift:\n      enabled: true\n      securityContextConstraints:\n        create: false\n",
    "IB230": "storage:\n  provider: gcs\n",
    "IB302": "imageBuilder:\n  buildkit:\n    service:\n      type: NodePort\n",
    # Rootless: not root on the node, and the message says so (its own case).
    "IB302 rootless": "imageBuilder:\n  buildkit:\n    rootless: true\n    service:\n      type: LoadBalancer\n",
    "IB302 unprivileged override": "imageBuilder:\n  buildkit:\n    securityContext:\n      privileged: false\n    service:\n      type: NodePort\n",
    "IB308": "imageBuilder:\n  buildkit:\n    tls:\n      enabled: true\n      clientsPresentCertificates: true\n      existingSecret: s\n      certManager:\n        issuerRef:\n          name: i\n",
    "IB320": "imageBuilder:\n  buildkit:\n    tls:\n      enabled: true\n      existingSecret: buildkitd-tls\n",
}


@pytest.fixture(scope="module")
def chart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_chart(tmp_path_factory.mktemp("messages") / "imagebuilder")


def test_every_rule_the_chart_checks_has_a_case() -> None:
    from chartgen.chart import FAIL_RULES

    assert {case.split()[0] for case in CASES} == set(FAIL_RULES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_helm_says_what_chartgen_validate_says(case: str, chart: Path, tmp_path: Path) -> None:
    import helm_python

    from chartgen.rules import get_rule

    rule = case.split()[0]
    values = tmp_path / "values.yaml"
    values.write_text(CASES[case], encoding="utf-8")
    result = run_cli("validate", str(values), "-o", "json")
    report = json.loads(result.stdout)
    [finding] = [f for r in report["results"] for f in r["findings"] if f["rule"] == rule]
    expected = f"{rule} {get_rule(rule).name}: {finding['message']}. {finding['hint']}"

    loaded_values = helm_python.values_from_yaml(CASES[case])
    with helm_python.Chart.load(chart) as loaded, pytest.raises(helm_python.HelmError) as caught:
        loaded.render(loaded_values, name="union", namespace="union")
    assert expected in str(caught.value)


# The default repository the chart derives, for each cloud and AWS partition (the templates and
# the partition table are the clouds' own, written into the chart's data).
DERIVATIONS = {
    "aws-commercial": ("aws", "us-east-1", "111122223333.dkr.ecr.us-east-1.amazonaws.com/union-dataplane"),
    "aws-china": ("aws", "cn-north-1", "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/union-dataplane"),
    "aws-iso": ("aws", "us-iso-east-1", "111122223333.dkr.ecr.us-iso-east-1.c2s.ic.gov/union-dataplane"),
    "aws-sovereign": ("aws", "eusc-de-east-1", "111122223333.dkr.ecr.eusc-de-east-1.amazonaws.eu/union-dataplane"),
    "gcp": ("gcs", "europe-west4", "europe-west4-docker.pkg.dev/proj-123456/union-dataplane"),
    "azure": ("compat", "westeurope", "uniondataplane.azurecr.io"),
    "none": ("compat", "us-east-1", "union-dataplane"),
}


@pytest.mark.parametrize("case", sorted(DERIVATIONS))
def test_chart_and_render_derive_the_same_default_repository(
    case: str, chart: Path, tmp_path: Path
) -> None:
    from chart_harness import chartgen_render, sdk_kube_version, sdk_render

    provider, region, expected = DERIVATIONS[case]
    values: dict[str, object] = {
        "global": {"AWS_ACCOUNT_ID": "111122223333"},
        "storage": {"provider": provider, "region": region, "authType": "iam",
                    "gcp": {"projectId": "proj-123456"}},
        "imageBuilder": {"authenticationType": "noop"},
    }
    if case == "azure":  # the reference chooses Azure's registry by the top-level provider
        values["provider"] = "azure"
        values["imageBuilder"] = {"authenticationType": "noop", "registryName": "uniondataplane"}
    path = tmp_path / "values.yaml"
    path.write_text(json.dumps(values), encoding="utf-8")
    key = ("ConfigMap", "union", "build-image-config")
    helm = sdk_render(chart, values, namespace="union")
    ours = chartgen_render(str(path), namespace="union", kube_version=sdk_kube_version())
    assert helm[key]["data"]["default-repository"] == expected
    assert ours[key]["data"]["default-repository"] == expected
