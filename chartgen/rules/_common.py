"""Facts several rules share: BuildKit versions, the default repository's source, CPU counts.

Not a rule (the leading underscore says so; code generation does not list it). Each helper
lives here because two or more rules would otherwise repeat it and could drift apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from chartgen.clouds.base import RepositoryForm
from chartgen.findings import Finding
from chartgen.model import Values
from chartgen.record import record
from chartgen.values.provenance import Path

if TYPE_CHECKING:
    from chartgen.rules import RuleContext

# -- BuildKit image versions ------------------------------------------------------------------

# Tags that name no release: the image behind them changes without the values changing.
MOVING_TAGS = frozenset(
    {"latest", "master", "buildx-stable-1", "rootless", "stable", "nightly", "edge", "dev"}
)

# v0.32.2, 0.32.2, v0.32.2-rootless, v0.17.0-rc1, v0.32.2@sha256:... (a digest pinned in the tag).
# ASCII digits only (`\d` takes any script's digits), and few of them: int() refuses more
# than 4,300 digits, and no release number has more than nine.
_VERSION = re.compile(
    r"v?(?P<major>[0-9]{1,9})\.(?P<minor>[0-9]{1,9})\.(?P<patch>[0-9]{1,9})"
    r"(?:-(?P<suffix>[0-9A-Za-z.-]+))?"
    r"(?:@sha256:[0-9a-f]{64})?"
)
# Suffixes that are image variants of a release, not pre-releases of it.
_VARIANTS = frozenset({"rootless"})


@record(frozen=True, order=True)
class BuildkitVersion:
    major: int
    minor: int
    patch: int
    released: bool = True  # False for a pre-release (v0.17.0-rc1 comes before v0.17.0)

    def __str__(self) -> str:
        return f"v{self.major}.{self.minor}.{self.patch}" + ("" if self.released else "-pre")

    def below(self, major: int, minor: int, patch: int) -> bool:
        return self < BuildkitVersion(major, minor, patch)


def parse_buildkit_version(tag: str) -> BuildkitVersion | None:
    """The BuildKit release an image tag names, or None for a tag that is not a version."""
    match = _VERSION.fullmatch(tag.strip())
    if not match:
        return None
    suffix = match["suffix"]
    released = suffix is None or suffix in _VARIANTS
    return BuildkitVersion(int(match["major"]), int(match["minor"]), int(match["patch"]), released)


def deployed_buildkit_version(values: Values) -> BuildkitVersion | None:
    """The release the deployed buildkitd runs; None without one, or for a tag not a version."""
    if not values.buildkit_deployed:
        return None
    return parse_buildkit_version(values.buildkit.image.tag)


IMAGE_TAG: Path = ("imageBuilder", "buildkit", "image", "tag")

# -- the default repository ---------------------------------------------------------------------

DEFAULT_REPOSITORY: Path = ("imageBuilder", "defaultRepository")
REGISTRY_NAME: Path = ("imageBuilder", "registryName")
AUTHENTICATION_TYPE: Path = ("imageBuilder", "authenticationType")


def example_repository(
    values: Values, form: RepositoryForm, prefer: Mapping[str, str | None] | None = None
) -> tuple[str, list[Path]]:
    """An example of `form` built from the user's own values where they fit, and the inputs
    that do not fit (each tried alone, the others filled with always-valid samples).

    `prefer` offers better guesses for some placeholders (a project named in a gcr.io
    repository, say); they are tried instead of the values they replace.
    """
    own = values.repository_parts()
    own.update({key: value for key, value in (prefer or {}).items() if value})

    def fits(placeholder: str, value: str) -> bool:
        return bool(value) and form.accepts(form.derive({**form.samples, placeholder: value}))

    parts = dict(form.samples)
    unfit: list[Path] = []
    for placeholder, path in form.inputs:
        value = own[placeholder]
        if fits(placeholder, value):
            parts[placeholder] = value
            continue
        unfit.append(path)
        # Offer the user's value made valid where that is easy: lower case, or (for an ACR
        # name, 5-50 letters and digits) without the other characters.
        for repaired in (value.lower(), re.sub(r"[^a-z0-9]", "", value.lower())):
            if fits(placeholder, repaired):
                parts[placeholder] = repaired
                break
    return form.derive(parts), unfit


def derivation_trigger(values: Values) -> Path:
    """The value that makes chartgen derive a cloud registry (or use `registryName` as is):
    `storage.provider` or the top-level `provider`, in the reference chart's order."""
    return values.default_repository().trigger


def repository_source(ctx: RuleContext) -> Path:
    """Where a finding about the effective repository points: `defaultRepository` when the
    user wrote it, else the value that made chartgen derive a cloud registry."""
    repository = ctx.values.default_repository()
    if not repository.derived or ctx.is_set(DEFAULT_REPOSITORY):
        return DEFAULT_REPOSITORY
    return derivation_trigger(ctx.values)


def on_user_line(ctx: RuleContext, finding: Finding, path: Path, fallback: Path) -> Finding:
    """`finding` (about `path`), moved to the line of `fallback` when the user did not write
    `path` — a chart default or an absent key has no line of its own that explains it."""
    if ctx.is_set(path):
        return finding
    return finding.with_location(ctx.locate(fallback) or finding.location)


def has_template(text: str) -> bool:
    """A `{{ ... }}` expression chartgen kept verbatim (IB010 already reports it)."""
    return "{{" in text


# -- resources ----------------------------------------------------------------------------------

_CPU = re.compile(r"(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?P<unit>m?)")


def cpu_request_cores(values: Values) -> int | None:
    """The CPU request of buildkitd rounded up to whole cores, or None when not set."""
    requests = values.buildkit.resources.get("requests") or {}
    cpu = requests.get("cpu") if isinstance(requests, dict) else None
    if isinstance(cpu, bool) or cpu is None:
        return None
    if isinstance(cpu, (int, float)):
        return max(1, math.ceil(cpu))
    match = _CPU.fullmatch(str(cpu).strip())
    if not match:
        return None
    cores = float(match["number"]) / (1000 if match["unit"] else 1)
    return max(1, math.ceil(cores))
