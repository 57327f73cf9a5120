"""Both engines give the same findings, on a valid object set and on deliberately broken ones.

The in-process engine always runs. The kubeconform side needs the real binary: without it the
test is skipped locally and fails in CI (`CI=true`), where `.ci/run` installs it.
"""

from __future__ import annotations

from typing import Any

import pytest
from conform_cases import BROKEN, VERSION, Broken, kubeconform_or_skip, valid_objects

from chartgen.conform import validate_objects
from chartgen.findings import Finding, Severity


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHARTGEN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def summary(findings: list[Finding]) -> list[tuple[str, str, str, str, bool]]:
    return sorted((f.rule, f.severity.value, f.path, f.message, f.environment) for f in findings)


def verdicts(findings: list[Finding], objects: list[dict[str, Any]]) -> dict[str, str]:
    """Per object: valid, invalid or skipped."""
    out = {}
    for data in objects:
        reference = f"{data['kind']}/{data['metadata']['name']}"
        rules = {f.rule for f in findings if f.path.startswith(reference + ":")}
        out[reference] = (
            "invalid" if "IB401" in rules else "skipped" if "IB402" in rules else "valid"
        )
    return out


EXPECTED_VALID = [
    (
        "IB402",
        "warning",
        "SecurityContextConstraints/union-operator-buildkit-scc:$",
        "no schema for security.openshift.io/v1 SecurityContextConstraints; not validated",
        False,
    )
]


def test_valid_set_in_process() -> None:
    findings = validate_objects(valid_objects(), VERSION, engine="python")
    assert summary(findings) == EXPECTED_VALID


def test_valid_set_kubeconform() -> None:
    kubeconform_or_skip()
    findings = validate_objects(valid_objects(), VERSION, engine="kubeconform")
    assert summary(findings) == EXPECTED_VALID


@pytest.mark.parametrize("case", BROKEN, ids=lambda c: c.id)
def test_broken_object_in_process(case: Broken) -> None:
    findings = validate_objects([case.object()], VERSION, engine="python")
    assert summary(findings) == [("IB401", "error", case.path, case.message, False)]
    assert findings[0].severity is Severity.ERROR
    assert findings[0].location is not None
    assert findings[0].location.file == case.path.split(":")[0]


@pytest.mark.parametrize("case", BROKEN, ids=lambda c: c.id)
def test_engines_agree_on_broken_object(case: Broken) -> None:
    kubeconform_or_skip()
    python = validate_objects([case.object()], VERSION, engine="python")
    kubeconform = validate_objects([case.object()], VERSION, engine="kubeconform")
    assert summary(kubeconform) == summary(python)
    assert summary(kubeconform) == [("IB401", "error", case.path, case.message, False)]


def test_engines_agree_on_a_mixed_batch() -> None:
    """Every broken variant beside the valid set, in one run: same verdict per object."""
    kubeconform_or_skip()
    objects = valid_objects()
    for index, case in enumerate(BROKEN):
        data = case.object()
        data["metadata"]["name"] += f"-broken-{index}"
        objects.append(data)
    python = validate_objects(objects, VERSION, engine="python")
    kubeconform = validate_objects(objects, VERSION, engine="kubeconform")
    assert verdicts(kubeconform, objects) == verdicts(python, objects)
    assert summary(kubeconform) == summary(python)
    assert sum(v == "invalid" for v in verdicts(python, objects).values()) == len(BROKEN)


def test_engines_agree_on_several_errors_in_one_object() -> None:
    kubeconform_or_skip()
    data = valid_objects()[0]
    data["spec"]["replicas"] = "2"
    data["spec"]["replicaz"] = 1
    container = data["spec"]["template"]["spec"]["containers"][0]
    del container["name"]
    container["ports"][0]["containerPort"] = "1234"
    data["spec"]["template"]["spec"]["containers"].append({"name": "x", "image": 5, "bogus": 1})
    python = validate_objects([data], VERSION, engine="python")
    kubeconform = validate_objects([data], VERSION, engine="kubeconform")
    assert summary(kubeconform) == summary(python)
    assert len(python) == 6


HOSTILE_STRINGS = [
    "a: b",
    "# not a comment",
    "- item",
    "---",
    "\n---\n",
    "...",
    "{{ .Values.x }}",
    "'\"",
    "line\u2028separator",
    "next\x85line",
    "del\x7f",
    "bom\ufeff",
    "emoji 🦀",
    "tab\there",
    "null",
    "true",
    "0x1F",
    "1e3",
    "~",
    "<<",
    "&anchor",
    "*alias",
    "!!python/object",
    "\\",
]


def test_engines_agree_on_hostile_strings() -> None:
    """Strings that YAML would misread arrive at kubeconform unchanged (valid string data)."""
    kubeconform_or_skip()
    configmap = valid_objects()[2]
    configmap["data"] = {f"k{i}": value for i, value in enumerate(HOSTILE_STRINGS)}
    configmap["metadata"]["annotations"] = {"note": "\n---\nkind: Secret\n"}
    python = validate_objects([configmap], VERSION, engine="python")
    kubeconform = validate_objects([configmap], VERSION, engine="kubeconform")
    assert python == [] and kubeconform == []
    # And a non-string among them is still caught, at the same key, by both.
    configmap["data"]["k3"] = 3
    python = validate_objects([configmap], VERSION, engine="python")
    kubeconform = validate_objects([configmap], VERSION, engine="kubeconform")
    assert summary(kubeconform) == summary(python)
    assert [f.path for f in python] == ["ConfigMap/build-image-config:$.data.k3"]


_MUTANT_VALUES: list[Any] = [
    "x",
    "",
    1,
    0,
    -3,
    1.5,
    2.0,
    True,
    False,
    None,
    [],
    {},
    ["a"],
    [1],
    {"k": "v"},
    {"k": 1},
    "1234",
]


def _nodes(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _nodes(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _nodes(value, (*path, index))
    return found


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def mutants(seed: int, count: int) -> list[dict[str, Any]]:
    """Random breakages of the valid set: retyped values, deleted keys, unknown fields."""
    import copy
    import random

    rng = random.Random(seed)
    base = [o for o in valid_objects() if o["kind"] != "SecurityContextConstraints"]
    out = []
    for index in range(count):
        data = copy.deepcopy(rng.choice(base))
        for _ in range(rng.randint(1, 3)):
            paths = [
                p
                for p in _nodes(data)
                if p
                and p[0] not in ("apiVersion", "kind")
                and p[:2] != ("metadata", "name")
                and p != ("metadata",)
            ]
            if not paths:
                break
            path = rng.choice(paths)
            parent, roll = _at(data, path[:-1]), rng.random()
            if roll < 0.6:
                parent[path[-1]] = copy.deepcopy(rng.choice(_MUTANT_VALUES))
            elif roll < 0.8 and isinstance(parent, dict):
                del parent[path[-1]]
            elif isinstance(_at(data, path), dict):
                _at(data, path)[f"unknownField{rng.randint(0, 9)}"] = 1
        data["metadata"]["name"] = f"mutant-{index}"
        out.append(data)
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_engines_agree_on_random_mutants(seed: int) -> None:
    """Seeded random breakages, one batch each: identical findings from both engines."""
    kubeconform_or_skip()
    objects = mutants(seed, 250)
    python = validate_objects(objects, VERSION, engine="python")
    kubeconform = validate_objects(objects, VERSION, engine="kubeconform")
    assert summary(kubeconform) == summary(python)
    assert len(python) > 150  # the mutants really are broken
