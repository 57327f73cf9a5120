"""Kubernetes versions: parsing `--kube-version`, the default, and what each version supports."""

from __future__ import annotations

import re

from chartgen.record import record

# The oldest minor still in upstream support on the release date of this chartgen version
# (2026-11): 1.34 reached end of life on 2026-10-27; 1.35 is supported until 2027-02-28.
DEFAULT_KUBE_VERSION = "1.35.0"

# policy/v1 PodDisruptionBudget arrived in 1.21 and autoscaling/v2 HorizontalPodAutoscaler in
# 1.23; the objects chartgen renders cannot run on anything older.
MIN_KUBE_MINOR = 23

# From 1.30, AppArmor is a securityContext field; the annotation is deprecated.
APPARMOR_FIELD_MINOR = 30

_VERSION = re.compile(r"v?([0-9]{1,9})\.([0-9]{1,9})(?:\.([0-9]{1,9}))?(?:[-+].*)?", re.DOTALL)


@record(frozen=True, order=True)
class KubeVersion:
    major: int
    minor: int
    patch: int = 0

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    @property
    def minor_version(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def apparmor_field(self) -> bool:
        return (self.major, self.minor) >= (1, APPARMOR_FIELD_MINOR)


def parse_kube_version(text: str) -> KubeVersion:
    match = _VERSION.fullmatch(text.strip())
    if not match:
        raise ValueError(f"--kube-version {text!r} is not a version like 1.31 or v1.31.2")
    version = KubeVersion(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))
    if version.major != 1 or version.minor < MIN_KUBE_MINOR:
        raise ValueError(
            f"--kube-version {text}: the rendered objects need Kubernetes 1.{MIN_KUBE_MINOR} or "
            "newer (PodDisruptionBudget policy/v1, HorizontalPodAutoscaler autoscaling/v2)"
        )
    return version


def resolve_kube_version(text: str | None) -> KubeVersion:
    return parse_kube_version(text or DEFAULT_KUBE_VERSION)
