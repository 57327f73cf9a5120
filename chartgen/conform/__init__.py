"""Kubernetes schema validation of rendered objects (`--validate-manifests`).

This package owns checking parsed Kubernetes objects against the Kubernetes JSON schemas of a
Kubernetes version, strictly (unknown fields are errors), and the findings IB401-IB404:

- `store`: the one schema store both engines read — standalone copies, built on first use in
  the user cache, of the strict schemas shipped in the `kubernetes-validate` package, plus the
  CRD schemas chartgen ships in `schemas/kubernetes/` (cert-manager `Certificate`);
- `objects`: normalising and identifying the objects, and the verdict types engines return;
- `kubeconform`: the real `kubeconform` binary by subprocess, offline, when it is on PATH;
- `inprocess`: jsonschema in process, when it is not.

Both engines see the same objects and the same schema files and word their errors the same way,
so the findings do not depend on which one ran.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any, Literal

from chartgen.findings import FIXED_CHECK_FAILED, Finding, FindingKind, Location, Severity
from chartgen.kube import KubeVersion
from chartgen.record import replace

if TYPE_CHECKING:
    from chartgen.conform.objects import Prepared, Rejected, Verdict

MANIFEST_INVALID = FindingKind(
    "IB401",
    "manifest-invalid",
    Severity.ERROR,
    """A rendered object does not match its Kubernetes schema.

chartgen checks every rendered object against the JSON schema of its kind for the
`--kube-version` given (kubernetes-validate's strict schemas, or the schema chartgen ships for
cert-manager `Certificate`): a field of the wrong type, a required field missing, or a field
the API does not know (strict mode — the API server would drop or reject it). The path names the
object and the field (`Deployment/union-operator-buildkit:$.spec.replicas`). Fix the value that
renders the field; if none of your values does, it is a chartgen bug.""",
)

MANIFEST_SKIPPED = FindingKind(
    "IB402",
    "manifest-skipped",
    Severity.WARNING,
    """A rendered object has no schema, so it was not validated.

chartgen has schemas for the Kubernetes kinds and for cert-manager `Certificate`; other custom
kinds, such as OpenShift's `SecurityContextConstraints`, are reported here instead of being
passed silently. Check such objects against the cluster, for example with
`kubectl apply --dry-run=server`.""",
)

VALIDATOR_FAILED = FindingKind(
    "IB403",
    "manifest-validator-failed",
    Severity.ERROR,
    """The manifest validator itself failed.

kubeconform crashed, timed out, or gave an answer that does not add up (output that is not
JSON, a summary that does not count every object sent, results out of order), or the Kubernetes
schemas for the requested version are not installed or cannot be cached. Nothing can be said
about the objects, so chartgen exits with code 3. Remove kubeconform from PATH to validate in
process, or pick a `--kube-version` the installed kubernetes-validate ships. The schemas come
with chartgen's `manifests` extra (`pip install 'chartgen[manifests]'`); without it,
`--validate-manifests` stops here — the command line was right, the installation lacks a
part.""",
    fixed=FIXED_CHECK_FAILED,
)

NOTHING_VALIDATED = FindingKind(
    "IB404",
    "manifest-nothing-validated",
    Severity.ERROR,
    """No object was validated.

There were no objects to validate, or none of them had a schema. A run that checked nothing is
never reported as a success, so chartgen exits with code 3.""",
    fixed=FIXED_CHECK_FAILED,
)

KINDS: tuple[FindingKind, ...] = (
    MANIFEST_INVALID,
    MANIFEST_SKIPPED,
    VALIDATOR_FAILED,
    NOTHING_VALIDATED,
)

Engine = Literal["auto", "kubeconform", "python"]
ENGINES: tuple[str, ...] = ("auto", "kubeconform", "python")

_RENDERED = Location("<rendered>")


def engine_in_use() -> str:
    """The engine `engine="auto"` picks right now: `kubeconform` if on PATH, else `python`."""
    return "kubeconform" if shutil.which("kubeconform") else "python"


def validate_objects(
    objects: list[dict[str, Any]],
    version: KubeVersion,
    *,
    engine: Engine = "auto",
    timeout: float = 60.0,
) -> list[Finding]:
    """Validate parsed Kubernetes objects against the schemas of `version`; return findings.

    No finding for an object means it is valid. An empty input, or one in which no object had a
    schema, yields an environment finding (exit 3): checking nothing is never a success.
    """
    from chartgen.conform import inprocess, kubeconform
    from chartgen.conform.objects import prepare
    from chartgen.conform.store import StoreError, open_store

    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if not objects:
        return [_nothing("no objects to validate")]

    prepared, rejected = prepare(list(objects))
    findings = [_rejected(item) for item in rejected]

    executable = None
    if engine != "python":
        executable = shutil.which("kubeconform")
        if executable is None and engine == "kubeconform":
            return [
                *findings,
                _failed(
                    "kubeconform is required but not on PATH",
                    "Install it (go install github.com/yannh/kubeconform/cmd/kubeconform@v0.7.0) "
                    "and put its folder on PATH.",
                ),
            ]

    try:
        store = open_store(version)
        prepared = [
            replace(item, schema=store.schema_for(item.api_version, item.kind)) for item in prepared
        ]
    except StoreError as exc:
        return [*findings, _failed(exc.message, exc.hint, Location("<schemas>"))]

    if prepared:
        try:
            if executable:
                verdicts = kubeconform.validate(
                    prepared, store, executable=executable, timeout=timeout
                )
            else:
                verdicts = inprocess.validate(prepared)
        except kubeconform.EngineFailure as exc:
            return [*findings, _failed(exc.message, exc.hint, Location("kubeconform"))]
        for item, verdict in zip(prepared, verdicts, strict=True):
            findings.extend(_findings(item, verdict))

    validated = sum(1 for item in prepared if item.schema is not None)
    if not validated and not rejected:
        kinds = sorted({f"{item.api_version} {item.kind}" for item in prepared})
        findings.append(
            _nothing(f"no object was validated: none has a schema ({'; '.join(kinds)})")
        )
    return findings


def _findings(item: Prepared, verdict: Verdict) -> list[Finding]:
    location = Location(item.reference)
    expected = "skipped" if item.schema is None else "checked"
    if (verdict.status == "skipped") != (expected == "skipped"):
        return [
            _failed(
                f"the validator reported {item.reference} ({item.api_version}) as "
                f"{verdict.status} although it was to be {expected}",
                "Run kubeconform by hand on `chartgen render` output to see what went wrong.",
                location,
            )
        ]
    if verdict.status == "skipped":
        return [
            Finding(
                MANIFEST_SKIPPED.id,
                Severity.WARNING,
                f"no schema for {item.api_version} {item.kind}; not validated",
                path=f"{item.reference}:$",
                hint="Check this object against the cluster, e.g. kubectl apply --dry-run=server.",
                location=location,
            )
        ]
    if verdict.status == "error":
        return [
            _failed(
                f"the validator failed on {item.reference}: {verdict.detail}",
                "Delete chartgen's schema cache (see CHARTGEN_CACHE_DIR) and run again.",
                location,
            )
        ]
    title = item.schema.title if item.schema else f"the schema of {item.api_version} {item.kind}"
    return [
        Finding(
            MANIFEST_INVALID.id,
            Severity.ERROR,
            error.message,
            path=item.json_path(error.pointer),
            hint=f"Not valid against {title}. Fix the value that renders this field; if none "
            "of your values does, it is a chartgen bug.",
            location=location,
        )
        for error in verdict.errors
    ]


def _rejected(item: Rejected) -> Finding:
    if item.path == "$":
        message = f"not a Kubernetes object chartgen can validate: {item.message}"
        hint = "Every object needs a string apiVersion and kind and must be plain JSON data."
    else:
        message = item.message
        hint = (
            "An object whose metadata cannot be read is refused before validation (kubeconform "
            "cannot identify it); its other fields were not checked."
        )
    return Finding(
        MANIFEST_INVALID.id,
    Severity.ERROR,
        message,
        path=f"{item.reference}:{item.path}",
        hint=hint,
        location=Location(item.reference),
    )


def _failed(message: str, hint: str, location: Location = _RENDERED) -> Finding:
    return Finding(
        VALIDATOR_FAILED.id,
    Severity.ERROR,
        message,
        hint=hint,
        location=location,
        environment=True,
    )


def _nothing(message: str) -> Finding:
    return Finding(
        NOTHING_VALIDATED.id,
    Severity.ERROR,
        message,
        hint="Nothing was checked against a Kubernetes schema, so this run cannot pass.",
        location=_RENDERED,
        environment=True,
    )
