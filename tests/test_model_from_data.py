"""The generated `from_data` of each model section gives what the generic one gives.

`chartgen/codegen/model.py` writes `Section.from_data` out for every class (no loop over
`FIELDS` per values file); the generic version in `chartgen/values_section.py` stays the
definition. Both must build equal sections — every field, nested sections included, defaults
for keys left out or set to null — for every values file of the test corpus and for sparse
documents that leave whole sections out.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import FIXTURES, ROOT

from chartgen.generated import values_model
from chartgen.model import Values
from chartgen.values.loader import ValueSources, load_values
from chartgen.values_section import Section


def section_classes() -> list[type[Section]]:
    return [
        value for value in vars(values_model).values()
        if isinstance(value, type) and issubclass(value, Section) and value is not Section
    ]


def corpus() -> list[dict[str, Any]]:
    files = [
        ROOT / "values.example.yaml",
        *sorted((FIXTURES / "valid").rglob("*.yaml")),
        *sorted((FIXTURES / "union").rglob("*.yaml")),
        *sorted((ROOT / "tests" / "render" / "scenarios").glob("*.yaml")),
    ]
    documents = []
    for path in files:
        for with_defaults in (True, False):
            data = load_values(ValueSources(files=[str(path)]), with_defaults=with_defaults).data
            if data is not None:
                documents.append(data)
    return documents


SPARSE: list[dict[str, Any]] = [
    {},
    {"imageBuilder": {}},
    {"imageBuilder": None},
    {"imageBuilder": {"buildkit": None, "basicAuth": {"username": "u"}}},
    {"imageBuilder": {"buildkit": {"tls": {}, "resources": None, "podAnnotations": {"a": "b"}}}},
    {"storage": {"gcp": {"projectId": "p"}}, "global": {}},
]


def test_every_section_class_has_its_own_from_data() -> None:
    classes = section_classes()
    assert len(classes) > 20
    for cls in classes:
        assert "from_data" in vars(cls), cls.__name__


@pytest.mark.parametrize("source", ["corpus", "sparse"])
def test_generated_from_data_builds_what_the_generic_one_builds(
    source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = corpus() if source == "corpus" else SPARSE
    assert documents
    built = [Values.from_data(data) for data in documents]
    with monkeypatch.context() as patch:
        for cls in section_classes():  # the generic version, at every level
            patch.delattr(cls, "from_data")
        generics = [Values.from_data(data) for data in documents]
    for generated, generic in zip(built, generics, strict=True):
        assert type(generated) is Values
        assert generated == generic
        assert repr(generated) == repr(generic)  # nested sections by class, field by field
