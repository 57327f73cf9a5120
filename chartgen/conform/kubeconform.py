"""The kubeconform engine: the real `kubeconform` binary, by subprocess, offline.

kubeconform reads the objects as a YAML stream on stdin (one JSON document per object, so no
value can turn into YAML structure) and looks schemas up in two *local* template locations,
never the default one (which is on the network):

1. chartgen's shipped CRD schemas, `{{ .ResourceKind }}-{{ .Group }}-{{ .ResourceAPIVersion }}.json`
   (the full group: `certificate-cert-manager.io-v1.json`), and
2. the standalone Kubernetes schemas in the cache, `{{ .ResourceKind }}{{ .KindSuffix }}.json`.

Objects without a schema are named in `-skip` (so kubeconform reports them *skipped*, exactly as
decided by the schema store); a schema kubeconform cannot find is therefore an engine failure,
not a silent skip. One worker (`-n 1`) keeps results in input order, which is checked object by
object, as are the exit code and the summary counts.

The JSON output lists only the top-level causes of a schema failure in `validationErrors`; the
full error tree is in `msg` (the validator library's indented text with newlines flattened), so
leaf errors and their paths are parsed from there, descending through "validation failed" groups
(and `allOf`), exactly as jsonschema yields the errors under `properties`, `items` and `allOf`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
from pathlib import Path
from typing import Any

from chartgen.conform.objects import Prepared, SchemaError, Verdict, canonical_message
from chartgen.conform.store import SchemaStore

KUBERNETES_TEMPLATE = "{{ .ResourceKind }}{{ .KindSuffix }}.json"
SHIPPED_TEMPLATE = "{{ .ResourceKind }}-{{ .Group }}-{{ .ResourceAPIVersion }}.json"

_STATUS = {
    "statusValid": "valid",
    "statusInvalid": "invalid",
    "statusError": "error",
    "statusSkipped": "skipped",
}


class EngineFailure(Exception):
    """kubeconform did not produce a trustworthy answer (crash, timeout, bad output)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def schema_location(folder: Path, template: str) -> str:
    """A local `-schema-location`: the folder as literal template text, then the file template.

    The folder is absolute (a location starting with "http" would be fetched as a URL).
    """
    text = str(folder)
    if "{{" in text or "}}" in text:
        # Go template text cannot contain braces literally; emit the folder as a string action.
        text = "{{ " + json.dumps(text) + " }}"
    return f"{text}{os.sep}{template}"


def command(executable: str, batch: list[Prepared], store: SchemaStore) -> list[str]:
    args = [
        executable,
        "-strict",
        "-summary",
        "-verbose",
        "-output",
        "json",
        "-n",
        "1",
        "-schema-location",
        schema_location(store.shipped_dir, SHIPPED_TEMPLATE),
        "-schema-location",
        schema_location(store.standalone_dir, KUBERNETES_TEMPLATE),
        "-kubernetes-version",
        str(store.version),
    ]
    skipped = sorted({item.gvk for item in batch if item.schema is None})
    if skipped:
        args += ["-skip", ",".join(skipped)]
    args.append("-")
    return args


# Characters YAML does not allow raw in a double-quoted scalar, or would fold as line breaks.
_NOT_YAML_SAFE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]"
)


def stream(batch: list[Prepared]) -> bytes:
    """The YAML stream kubeconform reads: one JSON document per line, `---` between them."""
    documents = []
    for item in batch:
        text = json.dumps(item.document, ensure_ascii=False, separators=(", ", ": "))
        documents.append(_NOT_YAML_SAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    return ("\n---\n".join(documents) + "\n").encode("utf-8")


def run(args: list[str], data: bytes, timeout: float) -> tuple[int, bytes, bytes]:
    """Run kubeconform; on timeout kill its whole process group so nothing lingers."""
    posix = os.name == "posix"
    try:
        process = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=posix,
        )
    except OSError as exc:
        raise EngineFailure(
            f"cannot run {args[0]}: {exc.strerror or exc}",
            "Reinstall kubeconform, or remove it from PATH to validate in process.",
        ) from exc
    try:
        stdout, stderr = process.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process, posix)
        process.communicate()
        raise EngineFailure(
            f"kubeconform did not finish within {timeout:g} s and was stopped",
            "Check that the kubeconform on PATH is the real binary and not blocked; "
            "remove it from PATH to validate in process.",
        ) from None
    except BaseException:
        _kill(process, posix)
        process.communicate()
        raise
    return process.returncode, stdout, stderr


def _kill(process: subprocess.Popen[bytes], posix: bool) -> None:
    try:
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass


def validate(
    batch: list[Prepared], store: SchemaStore, *, executable: str, timeout: float
) -> list[Verdict]:
    returncode, stdout, stderr = run(command(executable, batch, store), stream(batch), timeout)
    return parse(batch, returncode, stdout, stderr)


def _tail(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    return f": {text[-400:]}" if text else ""


def parse(batch: list[Prepared], returncode: int, stdout: bytes, stderr: bytes) -> list[Verdict]:
    """Check kubeconform's answer for consistency and turn it into one verdict per object."""
    hint = "Run kubeconform by hand on `chartgen render` output to see what went wrong."
    if returncode not in (0, 1):
        raise EngineFailure(f"kubeconform exited with code {returncode}{_tail(stderr)}", hint)
    try:
        report = json.loads(stdout)
    except ValueError:
        raise EngineFailure(
            f"kubeconform's output is not JSON (exit code {returncode}){_tail(stderr)}", hint
        ) from None
    resources = report.get("resources") if isinstance(report, dict) else None
    summary = report.get("summary") if isinstance(report, dict) else None
    if not isinstance(resources, list) or not isinstance(summary, dict):
        raise EngineFailure("kubeconform's JSON output has no resources or no summary", hint)
    counts = {key: summary.get(key) for key in ("valid", "invalid", "errors", "skipped")}
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts.values()):
        raise EngineFailure(f"kubeconform's summary is malformed: {summary}", hint)
    total = sum(n for n in counts.values() if isinstance(n, int))
    if total != len(batch) or len(resources) != len(batch):
        raise EngineFailure(
            f"kubeconform reported {total} results ({len(resources)} listed) for the "
            f"{len(batch)} objects sent",
            hint,
        )
    failed = (counts["invalid"] or 0) + (counts["errors"] or 0)
    if returncode != (1 if failed else 0):
        raise EngineFailure(
            f"kubeconform exited with code {returncode} although its summary counts "
            f"{failed} invalid or failed objects{_tail(stderr)}",
            hint,
        )
    verdicts = []
    for item, result in zip(batch, resources, strict=True):
        verdicts.append(_verdict(item, result, hint))
    tally = {"valid": 0, "invalid": 0, "error": 0, "skipped": 0}
    for verdict in verdicts:
        tally[verdict.status] += 1
    if (tally["valid"], tally["invalid"], tally["error"], tally["skipped"]) != (
        counts["valid"],
        counts["invalid"],
        counts["errors"],
        counts["skipped"],
    ):
        raise EngineFailure(f"kubeconform's summary {summary} does not match its results", hint)
    return verdicts


def _verdict(item: Prepared, result: Any, hint: str) -> Verdict:
    if not isinstance(result, dict):
        raise EngineFailure("kubeconform's JSON output lists a result that is not an object", hint)
    identity = (result.get("kind"), result.get("version"), result.get("name"))
    if identity != (item.kind, item.api_version, item.signature_name):
        raise EngineFailure(
            f"kubeconform's results are out of step with the objects sent: expected "
            f"{item.api_version} {item.kind} {item.signature_name!r}, got {identity}",
            hint,
        )
    status = _STATUS.get(str(result.get("status")))
    message = result.get("msg") if isinstance(result.get("msg"), str) else ""
    if status is None:
        raise EngineFailure(f"kubeconform reported status {result.get('status')!r}", hint)
    if status == "error":
        return Verdict("error", detail=str(message))
    if status != "invalid":
        return Verdict(status)  # type: ignore[arg-type]
    errors = leaf_errors(str(message))
    if not errors:
        errors = _top_level_errors(result.get("validationErrors"))
    if not errors:
        errors = [SchemaError((), str(message) or "invalid")]
    return Verdict("invalid", tuple(sorted(set(errors), key=lambda e: (e.pointer, e.message))))


def _top_level_errors(listed: Any) -> list[SchemaError]:
    errors = []
    for entry in listed if isinstance(listed, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            errors.append(
                SchemaError(pointer_tokens(entry["path"]), canonical_message(str(entry.get("msg"))))
            )
    return errors


# ` - at '/spec/replicas': got string, want integer`, two more spaces per level of nesting.
_ENTRY = re.compile(r" ((?:  )*)- at '((?:[^'\\]|\\.)*)': ")
_GO_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[abfnrtv\\'\"])")
# Nodes whose causes jsonschema reports directly (properties/items/$ref groups, allOf).
_GROUPS = ("validation failed", "allOf failed")
_SIMPLE = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
}


def _unquote(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "xuU":
            return chr(int(code[1:], 16))
        return _SIMPLE[code]

    return _GO_ESCAPE.sub(replace, text)


def pointer_tokens(pointer: str) -> tuple[str, ...]:
    if not pointer:
        return ()
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:])


def leaf_errors(message: str) -> list[SchemaError]:
    """The leaf errors of the validator library's flattened error tree."""
    matches = list(_ENTRY.finditer(message))
    entries = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(message)
        depth = len(match.group(1)) // 2
        entries.append((depth, _unquote(match.group(2)), message[match.end() : end].strip()))
    leaves = []
    hidden_below: int | None = None
    for depth, pointer, text in entries:
        if hidden_below is not None and depth > hidden_below:
            continue  # the alternatives of a oneOf/anyOf: reported as the oneOf itself
        hidden_below = None
        if text in _GROUPS:
            continue  # a group: its causes are the real errors
        leaves.append(SchemaError(pointer_tokens(pointer), canonical_message(text)))
        hidden_below = depth
    return leaves
