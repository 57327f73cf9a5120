"""kube-score on every rendered scenario; the hardened ones pass but for BuildKit's own needs.

kube-score (github.com/zegl/kube-score) stands in for kube-linter, whose Go module cannot be
fetched here. Without the binary on PATH these tests skip locally and fail in CI (`CI=true`),
where `.ci/run` installs it. The checks the hardened scenarios may fail, each with the reason
BuildKit needs it, are listed in kube-score-ignores.yaml next to this file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hardening_support import (
    ALL_SCENARIOS,
    DEFAULT_SCENARIO,
    HARDENED,
    ignored_for,
    kube_score,
    kube_score_checks,
    kube_score_or_skip,
    kube_version_of,
    load_ignores,
    mode_of,
    render_text,
)

# Checks about whether the objects fit together (selectors, targets, API versions, labels).
# They say nothing about posture, so every scenario, hardened or not, must pass them.
COHERENCE_CHECKS = frozenset({
    "stable-version",
    "label-values",
    "service-targets-pod",
    "networkpolicy-targets-pod",
    "deployment-pod-selector-labels-match-template-metadata-labels",
    "deployment-targeted-by-hpa-does-not-have-replicas-configured",
    "horizontalpodautoscaler-has-target",
    "poddisruptionbudget-has-policy",
    "environment-variable-key-duplication",
    "container-image-tag",
    "pod-probes",
    "deployment-has-host-podantiaffinity",
})

# What the hardened values fix that the defaults (the reference chart's) leave open: the
# default rendering must draw every one of these, and no hardened rendering any.
FIXED_BY_HARDENING = frozenset({
    "container-resources",  # CPU and memory limits
    "container-ephemeral-storage-request-and-limit",  # the build cache is ephemeral storage
    "container-image-pull-policy",  # Always: the pull secret is checked on every start
    "pod-networkpolicy",  # ingress and egress policy
    "deployment-replicas",  # two replicas
    "deployment-strategy",  # RollingUpdate
})


def test_hardened_scenarios_exist_in_both_modes() -> None:
    assert len(HARDENED) >= 3
    assert {mode_of(path) for path in HARDENED} == {"rootless", "privileged"}


def test_every_ignore_names_a_default_check_and_says_why() -> None:
    executable = kube_score_or_skip()
    known = kube_score_checks(executable)
    ignores = load_ignores()
    assert ignores
    ids = [ignore.id for ignore in ignores]
    assert len(ids) == len(set(ids)), "an ignore is listed twice"
    for ignore in ignores:
        # An optional check does not run anyway: ignoring it would only hide intent.
        assert known.get(ignore.id) is True, f"{ignore.id} is not a default kube-score check"
        assert ignore.modes and ignore.modes <= {"rootless", "privileged"}, ignore.id
        assert len(ignore.reason) >= 40, f"{ignore.id}: say why BuildKit needs it"
    # None of the fixable checks may hide behind an ignore.
    assert not FIXED_BY_HARDENING & set(ids)
    assert not COHERENCE_CHECKS & set(ids)


@pytest.mark.parametrize("path", ALL_SCENARIOS, ids=[p.stem for p in ALL_SCENARIOS])
def test_kube_score_runs_on_every_scenario(path: Path) -> None:
    executable = kube_score_or_skip()
    manifests = render_text(path)
    score = kube_score(executable, manifests, kube_version_of(path))
    if not manifests.strip() or "kind: Deployment" not in manifests:
        # Nothing kube-score scores (only ConfigMaps, or nothing at all).
        assert score.failed == {}
        return
    assert score.objects >= 2  # at least the Deployment and the Service
    broken = {check: score.failed[check] for check in COHERENCE_CHECKS & set(score.failed)}
    assert broken == {}


@pytest.mark.parametrize("path", HARDENED, ids=[p.stem for p in HARDENED])
def test_hardened_scenario_fails_exactly_the_inherent_checks(path: Path) -> None:
    executable = kube_score_or_skip()
    manifests = render_text(path)
    ignored = ignored_for(path)
    score = kube_score(executable, manifests, kube_version_of(path))
    # Every failure is an inherent one, and every inherent ignore is still needed.
    assert set(score.failed) == ignored, score.failed
    assert not FIXED_BY_HARDENING & set(score.failed)
    # Each fixed check ran and passed, unless it did not apply (no replicas under an HPA).
    assert score.passed | score.skipped >= FIXED_BY_HARDENING
    assert FIXED_BY_HARDENING & score.skipped <= {"deployment-replicas"}

    # kube-score's own verdict with the ignores as flags: not even a warning.
    verdict = kube_score(executable, manifests, kube_version_of(path), ignored,
                         "--exit-one-on-warning")
    assert verdict.failed == {}
    assert verdict.exit_code == 0


def test_default_rendering_draws_what_hardening_fixes() -> None:
    executable = kube_score_or_skip()
    default = kube_score(executable, render_text(DEFAULT_SCENARIO), None)
    assert set(default.failed) >= FIXED_BY_HARDENING, default.failed
    # The privileged default also fails the inherent checks, and nothing beyond them.
    inherent = ignored_for(DEFAULT_SCENARIO)
    assert inherent <= set(default.failed)
    assert set(default.failed) == FIXED_BY_HARDENING | inherent
    for hardened in HARDENED:
        score = kube_score(executable, render_text(hardened), kube_version_of(hardened))
        fixed = set(default.failed) - set(score.failed)
        assert fixed >= FIXED_BY_HARDENING, hardened.name
