"""Properties every rule shares: identity, documentation, and silence on valid defaults."""

from __future__ import annotations

import re

import pytest
from rule_harness import findings_of

from chartgen.findings import Severity
from chartgen.rules import all_rules

EXPECTED = {
    "IB201": ("repository-format", Severity.ERROR),
    "IB202": ("repository-legacy-gcr", Severity.WARNING),
    "IB203": ("noop-cloud-registry", Severity.WARNING),
    "IB204": ("no-repository", Severity.WARNING),
    "IB205": ("repository-derivation-incomplete", Severity.WARNING),
    "IB206": ("buildkit-unused", Severity.WARNING),
    "IB207": ("no-builder", Severity.ERROR),
    "IB208": ("buildkit-uri-format", Severity.ERROR),
    "IB209": ("azure-workload-identity", Severity.WARNING),
    "IB210": ("basic-auth-no-password", Severity.ERROR),
    "IB211": ("rootless-run-as-user", Severity.ERROR),
    "IB212": ("openshift-dedicated-sa", Severity.ERROR),
    "IB213": ("autoscaling-range", Severity.ERROR),
    "IB214": ("pdb-blocks-drain", Severity.ERROR),
    "IB215": ("buildkit-version-unsupported", Severity.ERROR),
    "IB216": ("extra-config", Severity.ERROR),
    "IB217": ("storage-accesskey-missing", Severity.ERROR),
    "IB218": ("target-configmap-renamed", Severity.WARNING),
    "IB219": ("max-parallelism-unbounded", Severity.WARNING),
    "IB220": ("aws-account-id", Severity.ERROR),
    "IB221": ("openshift-scc-missing", Severity.ERROR),
    "IB222": ("hpa-without-requests", Severity.WARNING),
    "IB223": ("placeholder-value", Severity.WARNING),
    "IB230": ("storage-gcs-project", Severity.ERROR),
    "IB231": ("gc-exceeds-ephemeral-storage", Severity.WARNING),
    "IB232": ("host-users-unsupported", Severity.WARNING),
    "IB233": ("network-policy-dns", Severity.WARNING),
    "IB234": ("network-policy-cidr", Severity.ERROR),
    "IB235": ("extra-config-buildkit", Severity.ERROR),
    "IB240": ("private-registry-auth", Severity.ERROR),
    "IB241": ("repository-not-fully-qualified", Severity.ERROR),
    "IB250": ("kubernetes-name", Severity.ERROR),
    "IB301": ("basic-auth-plaintext", Severity.WARNING),
    "IB302": ("exposed-without-tls", Severity.ERROR),
    "IB303": ("unprotected-daemon", Severity.WARNING),
    "IB304": ("moving-image-tag", Severity.WARNING),
    "IB305": ("buildkit-outdated", Severity.WARNING),
    "IB306": ("storage-plaintext-credentials", Severity.WARNING),
    "IB307": ("insecure-entitlements", Severity.ERROR),
    "IB308": ("tls-source", Severity.ERROR),
    "IB320": ("tls-without-client-certificates", Severity.ERROR),
    "IB321": ("cloud-identity-on-buildkitd", Severity.WARNING),
    "IB322": ("debug-address-exposed", Severity.ERROR),
}


def test_rule_ids_names_and_severities_are_the_published_ones() -> None:
    assert {r.id: (r.name, r.severity) for r in all_rules()} == EXPECTED


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_rule_documents_itself(rule) -> None:
    summary, _, body = rule.doc.partition("\n\n")
    assert summary and "\n" not in summary.strip()
    assert len(body.split()) >= 15, "the docstring explains why it matters and how to fix it"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.module == rule.name.replace("-", "_")


@pytest.mark.parametrize("rule", [r for r in all_rules() if r.id.startswith("IB3")],
                         ids=lambda r: r.id)
def test_security_rules_state_risk_and_fix(rule) -> None:
    assert "Risk:" in rule.doc and "Fix:" in rule.doc


@pytest.mark.parametrize(
    "source",
    [
        "imageBuilder: {}\n",
        "imageBuilder:\n  enabled: false\n",
        "imageBuilder:\n  buildkit:\n    rootless: true\n",
    ],
    ids=["defaults", "disabled", "rootless"],
)
def test_valid_defaults_have_no_error(source: str, tmp_path) -> None:
    _, findings = findings_of(tmp_path, source)
    assert [f for f in findings if f.severity is Severity.ERROR] == []


def test_explain_prints_a_rule_doc(cli) -> None:
    result = cli("explain", "IB216")
    assert result.exit_code == 0
    assert "extra-config" in result.stdout
    assert "TOML" in result.stdout


@pytest.mark.parametrize(
    ("tag", "version"),
    [
        ("v0.32.2", (0, 32, 2, True)),
        ("0.32.2", (0, 32, 2, True)),
        ("v0.32.2-rootless", (0, 32, 2, True)),
        ("v0.17.0-rc1", (0, 17, 0, False)),
        ("v0.32.2@sha256:" + "a" * 64, (0, 32, 2, True)),
        ("latest", None),
        ("v0.32", None),
        ("buildx-stable-1", None),
    ],
)
def test_buildkit_version_parsing(tag: str, version) -> None:
    from chartgen.rules._common import parse_buildkit_version

    parsed = parse_buildkit_version(tag)
    got = None if parsed is None else (parsed.major, parsed.minor, parsed.patch, parsed.released)
    assert got == version


def test_pre_release_sorts_before_its_release() -> None:
    from chartgen.rules._common import parse_buildkit_version

    candidate = parse_buildkit_version("v0.31.1-rc1")
    assert candidate is not None and candidate.below(0, 31, 1)


def test_every_rule_module_is_listed_once() -> None:
    """Rules are a static list (no discovery by name): a module left out would never run."""
    import pkgutil

    import chartgen.rules
    from chartgen.rules import rule_modules

    on_disk = {info.name for info in pkgutil.iter_modules(chartgen.rules.__path__)
               if not info.name.startswith("_")}
    listed = [module.__name__.rpartition(".")[2] for module in rule_modules()]
    assert sorted(listed) == sorted(on_disk)
    assert len(listed) == len(set(listed))
