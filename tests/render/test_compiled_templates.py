"""The templates compiled to Python render exactly what Jinja renders from the same templates.

`chartgen render` runs `chartgen/generated/templates.py` (the templates compiled ahead of time,
`python -m chartgen.codegen`), never Jinja. Here every template a render uses is also rendered by
Jinja itself, with the environment chartgen configures (`chartgen.render.environment`), for the
same context: on every render scenario and on seeded variations of them (free text in every
string the contract holds, every boolean flipped). The two texts must be equal.
"""

from __future__ import annotations

import copy
import shlex
from collections.abc import Iterator
from pathlib import Path as FilePath
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import chartgen.render as render_module
from chartgen.generated.templates import TEMPLATES
from chartgen.kube import resolve_kube_version
from chartgen.render import RenderOptions, render_objects
from chartgen.render.environment import environment
from chartgen.render.objects import OBJECTS
from chartgen.validate import validate_sources
from chartgen.values.loader import ValueSources, load_values

SCENARIOS = sorted((FilePath(__file__).resolve().parent / "scenarios").glob("*.yaml"))


class BothWays:
    """Stands in for `chartgen.render.render_template`: renders compiled and with Jinja."""

    def __init__(self) -> None:
        self.compiled = render_module.render_template
        self.rendered: set[str] = set()

    def __call__(self, name: str, context: dict[str, Any]) -> str:
        text = self.compiled(name, context)
        expected = environment().get_template(name).render(context)
        assert text == expected, f"{name}: the compiled template differs from Jinja's rendering"
        self.rendered.add(name)
        return text


@pytest.fixture
def both_ways(monkeypatch: pytest.MonkeyPatch) -> BothWays:
    checker = BothWays()
    monkeypatch.setattr(render_module, "render_template", checker)
    return checker


def _options(path: FilePath) -> RenderOptions:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    args = shlex.split(first.removeprefix("# args:")) if first.startswith("# args:") else []
    options: dict[str, Any] = {"target_namespaces": []}
    pairs = iter(args)
    for arg in pairs:
        if arg == "--kube-version":
            options["kube_version"] = resolve_kube_version(next(pairs))
        elif arg == "--target-namespace":
            options["target_namespaces"].append(next(pairs))
        elif arg in ("--namespace", "-n"):
            options["namespace"] = next(pairs)
        elif arg == "--release-name":
            options["release_name"] = next(pairs)
    return RenderOptions(**options)


def test_every_template_is_compiled() -> None:
    assert set(TEMPLATES) == {spec.template for spec in OBJECTS}


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_renders_the_same(path: FilePath, both_ways: BothWays) -> None:
    options = _options(path)
    validation = validate_sources(ValueSources(files=[str(path)]),
                                  kube_version=str(options.kube_version))
    assert validation.values is not None, validation.report.sorted()
    rendered = render_objects(validation.values, options)
    assert {document.template for document in rendered} <= both_ways.rendered


def test_the_scenarios_use_every_template(monkeypatch: pytest.MonkeyPatch) -> None:
    checker = BothWays()
    monkeypatch.setattr(render_module, "render_template", checker)
    for path in SCENARIOS:
        options = _options(path)
        validation = validate_sources(ValueSources(files=[str(path)]),
                                      kube_version=str(options.kube_version))
        assert validation.values is not None
        render_objects(validation.values, options)
    assert checker.rendered == set(TEMPLATES)


# -- seeded variations of the scenarios ---------------------------------------------------------


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))
    else:
        yield path, data


def _user_values(path: FilePath) -> dict[str, Any]:
    loaded = load_values(ValueSources(files=[str(path)]), with_defaults=False)
    assert loaded.data is not None
    return loaded.data


BASES = [(path, _user_values(path)) for path in SCENARIOS]
TEXT = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", "a: b", "- x", "#", "'", '"', "\n", "multi\nline\n", "{{ x }}",
                     "true", "1.5", "null", "~", " lead", "trail ", "é中", "\u0085", "\t"]),
)


@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_variations_render_the_same(data: Any) -> None:
    path, base = data.draw(st.sampled_from(BASES))
    values = copy.deepcopy(base)
    leaves = list(_leaves(values))
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        where, current = data.draw(st.sampled_from(leaves))
        if isinstance(current, bool):
            replacement: Any = not current
        elif isinstance(current, str):
            replacement = data.draw(TEXT)
        else:
            continue
        target: Any = values
        for item in where[:-1]:
            target = target[item]
        target[where[-1]] = replacement
    options = _options(path)
    validation = _validate(values, str(options.kube_version))
    assume(validation.ok)
    assert validation.values is not None
    checker = BothWays()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render_module, "render_template", checker)
        render_objects(validation.values, options)


def _validate(values: dict[str, Any], kube_version: str) -> Any:
    import json

    return validate_sources(
        ValueSources(set_json=[f"{key}={json.dumps(value)}" for key, value in values.items()]),
        kube_version=kube_version,
    )
