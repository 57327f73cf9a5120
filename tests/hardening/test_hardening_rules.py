"""The security rules seen from the CLI: the defaults warn, exposure fails, the hardened set-up is
quiet.

Each case drives `chartgen validate` and `chartgen render` and reads the rule IDs from the text
report; the rules' own edge cases (locations, wording) are in tests/rules/test_rules_security.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import run_cli
from hardening_support import (
    DEFAULT_SCENARIO,
    HARDENED,
    HARDENED_TLS,
    SECURITY_RULES,
    parse_stream,
    render_text,
    rules_in,
    scenario_args,
    security_rules_in,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def write(tmp_path: Path, text: str, name: str = "values.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the defaults ------------------------------------------------------------------------------


def test_default_rendering_draws_the_unprotected_daemon_warning_only() -> None:
    validated = run_cli("validate", str(DEFAULT_SCENARIO))
    assert validated.exit_code == 0, validated.stderr  # warnings alone do not fail
    assert security_rules_in(validated.stdout + validated.stderr) == {"IB303"}
    assert "warning" in next(
        line for line in (validated.stdout + validated.stderr).splitlines() if "[IB303]" in line
    )

    rendered = run_cli("render", str(DEFAULT_SCENARIO))
    assert rendered.exit_code == 0
    assert security_rules_in(rendered.stderr) == {"IB303"}
    assert parse_stream(rendered.stdout)  # rendered anyway: a warning is not an error

    strict = run_cli("validate", "--strict", str(DEFAULT_SCENARIO))
    assert strict.exit_code == 1
    assert "IB303" in rules_in(strict.stdout + strict.stderr)


def test_empty_values_are_the_defaults(tmp_path: Path) -> None:
    result = run_cli("validate", str(write(tmp_path, "imageBuilder: {}\n")))
    assert security_rules_in(result.stdout + result.stderr) == {"IB303"}


def test_rootless_alone_still_draws_the_warning(tmp_path: Path) -> None:
    values = write(tmp_path, "imageBuilder:\n  buildkit:\n    rootless: true\n")
    result = run_cli("validate", str(values))
    assert security_rules_in(result.stdout + result.stderr) == {"IB303"}


# -- exposure outside the cluster --------------------------------------------------------------


@pytest.mark.parametrize("service_type", ["LoadBalancer", "NodePort"])
@pytest.mark.parametrize("command", ["validate", "render"])
def test_exposed_without_tls_is_an_error(tmp_path: Path, command: str, service_type: str) -> None:
    values = write(tmp_path, f"""\
imageBuilder:
  buildkit:
    service:
      type: {service_type}
""")
    result = run_cli(command, str(values))
    assert result.exception is None, result.exception
    assert result.exit_code == 1
    output = result.stdout + result.stderr if command == "validate" else result.stderr
    line = next(line for line in output.splitlines() if "[IB302]" in line)
    assert f"{values}:4:13: error:" in line
    if command == "render":
        assert result.stdout == ""  # invalid values are never rendered


@pytest.mark.parametrize("service_type", ["LoadBalancer", "NodePort"])
def test_exposed_with_mutual_tls_renders(tmp_path: Path, service_type: str) -> None:
    values = write(tmp_path, f"""\
imageBuilder:
  buildkit:
    service:
      type: {service_type}
    tls:
      enabled: true
      clientsPresentCertificates: true
      existingSecret: buildkitd-tls
    oci:
      maxParallelism: 4
""")
    result = run_cli("render", str(values))
    assert result.exit_code == 0, result.stderr
    assert security_rules_in(result.stderr) == set()
    service = next(o for o in parse_stream(result.stdout) if o["kind"] == "Service")
    assert service["spec"]["type"] == service_type


# -- the hardened set-ups ----------------------------------------------------------------------


@pytest.mark.parametrize("path", HARDENED, ids=[p.stem for p in HARDENED])
def test_hardened_values_draw_no_finding_at_all(path: Path) -> None:
    validated = run_cli("validate", "--strict", str(path))
    assert validated.exit_code == 0, validated.stdout + validated.stderr
    assert rules_in(validated.stdout + validated.stderr) == []

    rendered = run_cli("render", "--strict", str(path), *scenario_args(path))
    assert rendered.exit_code == 0, rendered.stderr
    assert rules_in(rendered.stderr) == []


def test_security_rules_are_the_documented_set() -> None:
    from chartgen.rules import all_rules

    ids = {rule.id for rule in all_rules() if rule.id.startswith("IB3")}
    assert ids == set(SECURITY_RULES)


@pytest.mark.parametrize("rule", SECURITY_RULES)
def test_each_security_rule_states_risk_and_fix(rule: str) -> None:
    result = run_cli("explain", rule)
    assert result.exit_code == 0
    assert "Risk:" in result.stdout
    assert "Fix:" in result.stdout


def test_the_localhost_caveat_is_documented() -> None:
    rule = run_cli("explain", "IB303").stdout
    key = run_cli("explain", "imageBuilder.buildkit.networkPolicy").stdout
    for text in (rule, key):
        assert "localhost:1234" in text
    egress = run_cli("explain", "imageBuilder.buildkit.networkPolicy.egress").stdout
    assert "build steps" in egress


# -- insecure entitlements ---------------------------------------------------------------------

ENTITLEMENTS = """\
imageBuilder:
  buildkit:
{allow}    extraConfig: |
      insecure-entitlements = ["network.host", "security.insecure"]
"""


@pytest.mark.parametrize("command", ["validate", "render"])
def test_insecure_entitlements_are_an_error(tmp_path: Path, command: str) -> None:
    values = write(tmp_path, ENTITLEMENTS.format(allow=""))
    result = run_cli(command, str(values))
    assert result.exit_code == 1
    line = next(
        line for line in (result.stdout + result.stderr).splitlines() if "[IB307]" in line
    )
    assert ": error:" in line
    assert "network.host, security.insecure" in line


def test_allowed_insecure_entitlements_reach_buildkitd(tmp_path: Path) -> None:
    values = write(
        tmp_path, ENTITLEMENTS.format(allow="    allowInsecureEntitlements: true\n")
    )
    result = run_cli("render", str(values))
    assert result.exit_code == 0, result.stderr
    assert "IB307" not in rules_in(result.stderr)
    config = next(
        o for o in parse_stream(result.stdout)
        if o["kind"] == "ConfigMap" and "buildkitd.toml" in o["data"]
    )
    # A top-level key, where buildkitd reads it (not swallowed by a later table).
    document = tomllib.loads(config["data"]["buildkitd.toml"])
    assert document["insecure-entitlements"] == ["network.host", "security.insecure"]


def test_entitlements_inside_a_table_are_not_flagged(tmp_path: Path) -> None:
    # Under a table header the key belongs to that table and buildkitd ignores it.
    values = write(tmp_path, """\
imageBuilder:
  buildkit:
    extraConfig: |
      [registry."docker.io"]
        mirrors = ["mirror.gcr.io"]
        insecure-entitlements = ["security.insecure"]
""")
    result = run_cli("validate", str(values))
    assert "IB307" not in rules_in(result.stdout + result.stderr)


# -- the hardened scenarios render what they promise ----------------------------------------------


@pytest.mark.parametrize("path", HARDENED, ids=[p.stem for p in HARDENED])
def test_hardened_scenario_renders_network_policy_and_tls_only_where_asked(path: Path) -> None:
    objects = parse_stream(render_text(path))
    kinds = {obj["kind"] for obj in objects}
    assert {"Deployment", "Service", "NetworkPolicy", "PodDisruptionBudget"} <= kinds
    deployment = next(o for o in objects if o["kind"] == "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert ("--tlscacert" in container["args"]) == (path in HARDENED_TLS)
    service = next(o for o in objects if o["kind"] == "Service")
    assert service["spec"]["type"] == "ClusterIP"
    assert deployment["spec"]["template"]["spec"]["automountServiceAccountToken"] is False
    assert container["imagePullPolicy"] == "Always"
    assert set(container["resources"]["limits"]) == {"cpu", "memory", "ephemeral-storage"}
    policy = next(o for o in objects if o["kind"] == "NetworkPolicy")
    assert policy["spec"]["policyTypes"] == ["Ingress", "Egress"]


@pytest.mark.parametrize(
    ("buildkit", "mode"),
    [
        ("{}", "privileged"),
        ("{rootless: true}", "rootless"),
        # An override replaces the mode's securityContext, privileged flag included.
        ("{rootless: true, securityContext: {privileged: true}}", "privileged"),
        ("{securityContext: {runAsUser: 1000, runAsGroup: 1000}}", "unprivileged"),
    ],
)
def test_unprotected_daemon_names_the_effective_mode(
    tmp_path: Path, buildkit: str, mode: str
) -> None:
    values = write(tmp_path, f"imageBuilder:\n  buildkit: {buildkit}\n")
    result = run_cli("validate", str(values))
    [line] = [line for line in (result.stdout + result.stderr).splitlines() if "[IB303]" in line]
    assert f": {mode} buildkitd has no NetworkPolicy" in line
