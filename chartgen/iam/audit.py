"""`chartgen iam-policy --audit FILE…`: compare what an account grants with what chartgen plans.

Each file is one thing the user already has, as the cloud CLI prints it:

- an AWS policy document (`{"Version", "Statement"}`): the role policy its prefix names;
- `aws iam get-role-policy` (`{"RoleName", "PolicyName", "PolicyDocument"}`): that role's policy;
- `aws iam get-policy-version` (`{"PolicyVersion": {"Document"}}`): as its prefix says;
- `aws ecr get-repository-policy` (`{"registryId", "repositoryName", "policyText"}`): the
  repository policy;
- `aws iam get-role` (`{"Role": {"AssumeRolePolicyDocument"}}`): the IRSA trust policy;
- GCP `get-iam-policy` (`{"bindings", "etag"}`): the bindings on the resource its prefix names;
- `az role assignment list` (`[{"principalId", "roleDefinitionId", "scope"}]`): every role
  assignment.

A prefix says what a file is where its shape does not: `user-role=FILE`,
`operator-proxy-role=FILE`, `node-role=FILE`, `repository=FILE`, `base-image-repository=FILE`,
`trust=FILE`, and for GCP `repository=FILE`, `service-account=FILE`, `project=FILE`,
`base-image-repository=FILE`.

Every needed grant of the plan for an audited subject is looked up; findings are located at the
line of the audited file that explains them:

- IB515 (error): a needed grant is missing (or only on another resource, or denied);
- IB516 (warning): a grant is broader than needed — a wildcard action or resource, an
  account-wide or `*` principal, a namespace wildcard in a trust subject, a broader role, a
  project- or subscription-wide scope, an action the Image Builder never uses;
- IB517 (warning): the right permission on another resource;
- IB518 (error): a file chartgen cannot read as one of the shapes above.

Placeholders in the plan (identifiers not given on the command line) match any value. Exit 1
when something needed is missing (or, with `--strict`, anything too broad).
"""

from __future__ import annotations

import json
import re
import sys
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from chartgen.commands.common import print_findings
from chartgen.findings import ExitCode, Finding, Location, Severity
from chartgen.iam import AUDIT_MISSING, AUDIT_TOO_BROAD, AUDIT_UNREADABLE, AUDIT_WRONG_RESOURCE
from chartgen.iam.inputs import IamOptions
from chartgen.iam.plan import (
    TOKEN,
    Binding,
    Plan,
    RepositoryPolicy,
    RoleAssignment,
    RolePolicy,
    TrustPolicy,
)

# The decoder's own string scanner: exact JSON string rules, escapes included.
scanstring: Any = getattr(json.decoder, "scanstring")  # noqa: B009 (not in the type stubs)

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64

JsonPath = tuple[str | int, ...]

# -- JSON with positions ----------------------------------------------------------------------


class JsonError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass
class Located:
    """A parsed JSON document and the (line, column) where every value starts."""

    data: Any
    positions: dict[JsonPath, tuple[int, int]]


def parse_json(text: str) -> Located:
    """JSON → data, recording where each value starts (1-based line and column)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    decoder = json.JSONDecoder()
    positions: dict[JsonPath, tuple[int, int]] = {}

    def where(index: int) -> tuple[int, int]:
        line = bisect_right(starts, index)
        return line, index - starts[line - 1] + 1

    def skip(index: int) -> int:
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
        return index

    def fail(message: str, index: int) -> JsonError:
        line, column = where(min(index, len(text)))
        return JsonError(message, line, column)

    def value(index: int, path: JsonPath, depth: int) -> tuple[Any, int]:
        index = skip(index)
        if depth > MAX_DEPTH:
            raise fail(f"nested deeper than {MAX_DEPTH} levels", index)
        if index >= len(text):
            raise fail("unexpected end of the document", index)
        positions[path] = where(index)
        char = text[index]
        if char == "{":
            result: dict[str, Any] = {}
            index = skip(index + 1)
            if index < len(text) and text[index] == "}":
                return result, index + 1
            while True:
                index = skip(index)
                if index >= len(text) or text[index] != '"':
                    raise fail("expected a quoted key", index)
                key, index = scanstring(text, index + 1)
                index = skip(index)
                if index >= len(text) or text[index] != ":":
                    raise fail("expected ':' after a key", index)
                result[key], index = value(index + 1, (*path, key), depth + 1)
                index = skip(index)
                if index < len(text) and text[index] == ",":
                    index += 1
                    continue
                if index < len(text) and text[index] == "}":
                    return result, index + 1
                raise fail("expected ',' or '}'", index)
        if char == "[":
            items: list[Any] = []
            index = skip(index + 1)
            if index < len(text) and text[index] == "]":
                return items, index + 1
            while True:
                item, index = value(index, (*path, len(items)), depth + 1)
                items.append(item)
                index = skip(index)
                if index < len(text) and text[index] == ",":
                    index += 1
                    continue
                if index < len(text) and text[index] == "]":
                    return items, index + 1
                raise fail("expected ',' or ']'", index)
        try:
            return decoder.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            raise fail(exc.msg, exc.pos) from None

    data, end = value(0, (), 0)
    if skip(end) != len(text):
        raise fail("extra data after the JSON document", skip(end))
    return Located(data, positions)


def json_path(path: JsonPath) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


# -- matching ----------------------------------------------------------------------------------


def _glob(pattern: str, *, case: bool) -> re.Pattern[str]:
    """An IAM-style wildcard (`*`, `?`) as a regular expression over the whole string."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, 0 if case else re.IGNORECASE)


def _needed(text: str, *, case: bool = True) -> re.Pattern[str]:
    """A planned value as a regular expression: placeholders match any value."""
    out, position = [], 0
    for match in TOKEN.finditer(text):
        out.append(re.escape(text[position : match.start()]))
        out.append(".+")
        position = match.end()
    out.append(re.escape(text[position:]))
    return re.compile("".join(out), 0 if case else re.IGNORECASE)


def _sample(text: str) -> str:
    """A planned value with its placeholders filled with a stand-in (for wildcard checks)."""
    return TOKEN.sub("placeholder", text)


def covers(granted: str, needed: str, *, case: bool = True) -> bool:
    """Whether the granted value (maybe a wildcard) covers the planned one."""
    if "*" in granted or "?" in granted:
        return _glob(granted, case=case).fullmatch(_sample(needed)) is not None
    return _needed(needed, case=case).fullmatch(granted) is not None


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


# -- audited files -----------------------------------------------------------------------------

AWS_ROLE_KINDS = {
    "user-role": "user-role-policy",
    "operator-proxy-role": "operator-proxy-role-policy",
    "node-role": "node-role-policy",
}
AWS_KINDS = {
    **AWS_ROLE_KINDS,
    "repository": "repository-policy",
    "base-image-repository": "base-image-repository-policy",
    "trust": "user-role-trust-policy",
}
GCP_KINDS = ("repository", "service-account", "project", "base-image-repository")


@dataclass
class Audited:
    """One audited file, reduced to what it grants, with positions for findings."""

    name: str
    located: Located
    root: JsonPath = ()  # where the policy sits in the file

    def location(self, path: JsonPath) -> Location:
        full = (*self.root, *path)
        while full and full not in self.located.positions:
            full = full[:-1]
        line, column = self.located.positions.get(full, (1, 1))
        return Location(self.name, line, column)

    def at(self, path: JsonPath) -> tuple[str, Location]:
        return json_path((*self.root, *path)), self.location(path)


@dataclass
class Auditor:
    plan: Plan
    options: IamOptions
    findings: list[Finding] = field(default_factory=list)
    checked: int = 0
    audited_keys: set[str] = field(default_factory=set)

    # -- findings ---------------------------------------------------------------------------

    def add(
        self,
        rule: str,
        severity: Severity,
        message: str,
        hint: str,
        where: tuple[str, Location],
    ) -> None:
        path, location = where
        self.findings.append(Finding(rule, severity, message, path, hint, location))

    def unreadable(self, name: str, message: str, hint: str, line: int = 1, col: int = 1) -> None:
        self.findings.append(
            Finding(AUDIT_UNREADABLE, Severity.ERROR, message, "$", hint, Location(name, line, col))
        )

    # -- dispatch ---------------------------------------------------------------------------

    def audit(self, spec: str) -> None:
        kind, _, name = spec.partition("=")
        known = set(AWS_KINDS) | set(GCP_KINDS)
        if not name or kind not in known:
            kind, name = "", spec
        try:
            raw = Path(name).read_bytes()[: MAX_BYTES + 1]
        except OSError as exc:
            self.findings.append(
                Finding(
                    AUDIT_UNREADABLE,
                    Severity.ERROR,
                    f"cannot read {name}: {exc.strerror or exc}",
                    "$",
                    "Pass a readable file to --audit.",
                    Location(name),
                    environment=True,
                )
            )
            return
        if len(raw) > MAX_BYTES:
            self.unreadable(name, "the file is larger than 10 MiB", "Pass the CLI's JSON output.")
            return
        try:
            text = raw.decode("utf-8-sig")
            located = parse_json(text)
        except UnicodeDecodeError:
            self.unreadable(name, "the file is not UTF-8 text", "Pass the CLI's JSON output.")
            return
        except JsonError as exc:
            self.unreadable(
                name,
                f"not JSON: {exc}",
                "Pass the JSON the cloud CLI printed (--output json).",
                exc.line,
                exc.column,
            )
            return
        self.dispatch(kind, name, located)

    def dispatch(self, kind: str, name: str, located: Located) -> None:
        data = located.data
        cloud = self.plan.cloud
        if cloud == "azure":
            if isinstance(data, list):
                self.azure(Audited(name, located))
                return
            self.unreadable(
                name,
                "expected the JSON list az role assignment list prints",
                "Run az role assignment list --scope REGISTRY_ID --include-inherited "
                "--output json and audit that.",
            )
            return
        if cloud == "gcp":
            if (
                isinstance(data, dict)
                and isinstance(data.get("bindings", []), list)
                and ("bindings" in data or "etag" in data)
            ):
                if kind not in GCP_KINDS:
                    self.unreadable(
                        name,
                        "a get-iam-policy JSON does not say which resource it belongs to",
                        "Prefix it: repository=FILE, service-account=FILE or project=FILE.",
                    )
                    return
                self.gcp(kind, Audited(name, located))
                return
            self.unreadable(
                name,
                "expected the JSON gcloud ... get-iam-policy --format json prints",
                "Audit the output of gcloud artifacts repositories get-iam-policy (or "
                "iam service-accounts / projects get-iam-policy) --format json.",
            )
            return
        if cloud == "aws":
            self.aws(kind, name, located)
            return
        self.unreadable(
            name,
            f"there is no cloud IAM to audit for authenticationType "
            f"{self.plan.authentication_type}",
            "Pass --cloud, or audit with authenticationType aws, google or azure.",
        )

    # -- AWS ----------------------------------------------------------------------------------

    def aws(self, kind: str, name: str, located: Located) -> None:
        data = located.data
        grants = {getattr(g, "key", ""): g for g in self.plan.grants}
        if isinstance(data, dict) and "PolicyDocument" in data and "RoleName" in data:
            role = data["RoleName"]
            match = next(
                (g for g in grants.values() if isinstance(g, RolePolicy) and g.role == role),
                None,
            )
            if match is None and kind in AWS_ROLE_KINDS:
                match = grants.get(AWS_ROLE_KINDS[kind])  # type: ignore[assignment]
            if not isinstance(match, RolePolicy):
                roles = ", ".join(g.role for g in grants.values() if isinstance(g, RolePolicy))
                self.unreadable(
                    name,
                    f"the policy is on role {role!r}, which is none of the roles chartgen plans "
                    f"({roles})",
                    "Pass the role names with --user-role/--operator-proxy-role/--node-role, "
                    "or prefix the file: user-role=FILE.",
                )
                return
            self.identity_policy(match, Audited(name, located, ("PolicyDocument",)))
            return
        if isinstance(data, dict) and "policyText" in data and "repositoryName" in data:
            self.repository_policy_text(kind, name, located)
            return
        if (
            isinstance(data, dict)
            and isinstance(data.get("Role"), dict)
            and ("AssumeRolePolicyDocument" in data["Role"])
        ):
            trust = grants.get("user-role-trust-policy")
            if not isinstance(trust, TrustPolicy):
                self.unreadable(
                    name,
                    "a trust policy, but chartgen plans none",
                    "Pass --trust-policy (with --oidc-provider) to audit the IRSA trust.",
                )
                return
            self.trust(trust, Audited(name, located, ("Role", "AssumeRolePolicyDocument")))
            return
        root: JsonPath = ()
        if isinstance(data, dict) and isinstance(data.get("PolicyVersion"), dict):
            root = ("PolicyVersion", "Document")
        document = _dig(data, root)
        if not (isinstance(document, dict) and "Statement" in document):
            self.unreadable(
                name,
                "not an AWS policy document or get-role-policy / get-policy-version / "
                "get-repository-policy / get-role output",
                "Audit the JSON the AWS CLI printed for the role or repository.",
            )
            return
        key = AWS_KINDS.get(kind)
        grant = grants.get(key or "")
        if grant is None:
            self.unreadable(
                name,
                "a policy document does not say which role or repository it belongs to"
                if not kind
                else f"chartgen plans no {kind} policy for these values and options",
                "Prefix it with what it is: user-role=FILE, operator-proxy-role=FILE, "
                "node-role=FILE, repository=FILE, base-image-repository=FILE or trust=FILE.",
            )
            return
        audited = Audited(name, located, root)
        if isinstance(grant, RolePolicy):
            self.identity_policy(grant, audited)
        elif isinstance(grant, RepositoryPolicy):
            self.repository_policy(grant, audited)
        elif isinstance(grant, TrustPolicy):
            self.trust(grant, audited)

    def repository_policy_text(self, kind: str, name: str, located: Located) -> None:
        data = located.data
        grants = [g for g in self.plan.grants if isinstance(g, RepositoryPolicy)]
        grant = next((g for g in grants if g.repository == data.get("repositoryName")), None)
        if grant is None and kind in ("repository", "base-image-repository"):
            grant = next((g for g in grants if g.key == AWS_KINDS[kind]), None)
            if grant is not None:
                self.add(
                    AUDIT_WRONG_RESOURCE,
                    Severity.WARNING,
                    f"this is the policy of repository {data.get('repositoryName')!r}, but "
                    f"chartgen's repository policy is for {grant.repository!r}",
                    f"Audit the output of aws ecr get-repository-policy --repository-name "
                    f"{grant.repository}.",
                    Audited(name, located).at(("repositoryName",)),
                )
        if grant is None:
            self.unreadable(
                name,
                f"the policy of repository {data.get('repositoryName')!r}, for which chartgen "
                "plans no repository policy",
                "Pass --cross-account (or --base-image) so chartgen plans the repository policy.",
            )
            return
        text = data.get("policyText")
        if not isinstance(text, str):
            self.unreadable(name, "policyText is not a string", "Pass the CLI's JSON output.")
            return
        try:
            inner = parse_json(text)
        except JsonError as exc:
            line, column = located.positions.get(("policyText",), (1, 1))
            self.unreadable(
                name, f"policyText is not JSON: {exc}", "Pass the CLI's output.", line, column
            )
            return
        # Positions inside policyText are those of the string; point at the string.
        flat = Located(
            inner.data, {path: located.positions[("policyText",)] for path in inner.positions}
        )
        self.repository_policy(grant, Audited(name, flat))

    def _statements(self, audited: Audited) -> Iterator[tuple[int, dict[str, Any]]]:
        document = _dig(audited.located.data, audited.root)
        statements = document.get("Statement") if isinstance(document, dict) else None
        if isinstance(statements, dict):
            statements = [statements]
        for index, statement in enumerate(statements or []):
            if isinstance(statement, dict):
                yield index, statement

    def _statement_path(self, audited: Audited, index: int) -> JsonPath:
        document = _dig(audited.located.data, audited.root)
        if isinstance(document, dict) and isinstance(document.get("Statement"), dict):
            return ("Statement",)
        return ("Statement", index)

    def identity_policy(self, grant: RolePolicy, audited: Audited) -> None:
        self.audited_keys.add(grant.key)
        needs: list[tuple[str, str, str]] = []  # sid, action, resource
        planned_resources: set[str] = set()
        planned_actions: set[str] = set()
        for statement in grant.document["Statement"]:
            for action in _as_list(statement["Action"]):
                planned_actions.add(action.lower())
                for resource in _as_list(statement["Resource"]):
                    needs.append((statement["Sid"], action, resource))
                    planned_resources.add(resource)
        satisfied: set[tuple[str, str, str]] = set()
        denied: dict[tuple[str, str, str], JsonPath] = {}
        for index, statement in self._statements(audited):
            base = self._statement_path(audited, index)
            allow = statement.get("Effect") == "Allow"
            if "NotAction" in statement or "NotResource" in statement:
                if allow:
                    self.add(
                        AUDIT_TOO_BROAD,
                        Severity.WARNING,
                        f"statement {statement.get('Sid', index)!r} grants with NotAction/"
                        "NotResource: everything but a list, far more than the Image Builder "
                        "needs",
                        "Replace it with the Action and Resource lists chartgen emits.",
                        audited.at(base),
                    )
                continue
            actions = [a for a in _as_list(statement.get("Action")) if isinstance(a, str)]
            resources = [r for r in _as_list(statement.get("Resource")) if isinstance(r, str)]
            for need in needs:
                _, action, resource = need
                if any(covers(a, action, case=False) for a in actions) and any(
                    covers(r, resource) for r in resources
                ):
                    if allow and not statement.get("Condition"):
                        satisfied.add(need)
                    elif not allow:
                        denied[need] = base
            if not allow:
                continue
            self._broad_identity_statement(
                grant,
                audited,
                base,
                statement,
                actions,
                resources,
                planned_actions,
                planned_resources,
            )
        self._report_missing_identity(grant, audited, needs, satisfied, denied)

    def _broad_identity_statement(
        self,
        grant: RolePolicy,
        audited: Audited,
        base: JsonPath,
        statement: dict[str, Any],
        actions: list[str],
        resources: list[str],
        planned_actions: set[str],
        planned_resources: set[str],
    ) -> None:
        label = repr(statement.get("Sid", base[-1]))
        action_list = statement.get("Action")
        for position, action in enumerate(actions):
            path = (
                (*base, "Action", position) if isinstance(action_list, list) else (*base, "Action")
            )
            if "*" in action or "?" in action:
                if action.lower().startswith("ecr:") or action in ("*", "*:*"):
                    self.add(
                        AUDIT_TOO_BROAD,
                        Severity.WARNING,
                        f"statement {label} grants the wildcard action {action!r} to role "
                        f"{grant.role}",
                        f"Grant the actions chartgen lists for {grant.key} instead.",
                        audited.at(path),
                    )
            elif action.lower().startswith("ecr:") and action.lower() not in planned_actions:
                self.add(
                    AUDIT_TOO_BROAD,
                    Severity.WARNING,
                    f"statement {label} grants {action} to role {grant.role}, which the Image "
                    "Builder never uses",
                    "Remove it (or keep it deliberately for another use of the role).",
                    audited.at(path),
                )
        ecr_actions = [a for a in actions if a.lower().startswith("ecr:") or a in ("*", "*:*")]
        if not ecr_actions:
            return  # statements for other services are none of the Image Builder's business
        only_token = all(a.lower() == "ecr:getauthorizationtoken" for a in ecr_actions)
        resource_list = statement.get("Resource")
        for position, resource in enumerate(resources):
            path = (
                (*base, "Resource", position)
                if isinstance(resource_list, list)
                else (*base, "Resource")
            )
            if resource == "*" and only_token:
                continue
            if resource in planned_resources and resource != "*":
                continue
            wildcard = "*" in resource or "?" in resource
            if wildcard and any(covers(resource, planned) for planned in planned_resources):
                self.add(
                    AUDIT_TOO_BROAD,
                    Severity.WARNING,
                    f"statement {label} grants ECR actions on {resource!r}, wider than the "
                    "repository and its sub-repositories",
                    "Name the repository ARNs chartgen emits instead: "
                    + ", ".join(sorted(p for p in planned_resources if p != "*")),
                    audited.at(path),
                )
                continue
            needed_here = [
                p
                for p in planned_resources
                if p != "*" and resource.split(":")[:3] == p.split(":")[:3]
            ]
            if needed_here or resource.startswith("arn:"):
                self.add(
                    AUDIT_WRONG_RESOURCE,
                    Severity.WARNING,
                    f"statement {label} grants ECR actions on {resource!r}, which is not the "
                    "repository the values name",
                    "The Image Builder needs them on "
                    + ", ".join(sorted(p for p in planned_resources if p != "*"))
                    + " (check the region, account and repository name).",
                    audited.at(path),
                )

    def _report_missing_identity(
        self,
        grant: RolePolicy,
        audited: Audited,
        needs: list[tuple[str, str, str]],
        satisfied: set[tuple[str, str, str]],
        denied: dict[tuple[str, str, str], JsonPath],
    ) -> None:
        by_sid: dict[str, list[tuple[str, str]]] = {}
        self.checked += len(needs)
        for need in needs:
            if need not in satisfied or need in denied:
                by_sid.setdefault(need[0], []).append((need[1], need[2]))
        for sid, missing in by_sid.items():
            actions = sorted({a for a, _ in missing})
            resources = sorted({r for _, r in missing})
            denial = next((denied[(sid, a, r)] for a, r in missing if (sid, a, r) in denied), None)
            where = audited.at(denial if denial else ("Statement",))
            reason = " (a Deny statement refuses it)" if denial else ""
            self.add(
                AUDIT_MISSING,
                Severity.ERROR,
                f"role {grant.role} lacks {', '.join(actions)} on {', '.join(resources)}"
                f"{reason}: chartgen's statement {sid} grants it",
                f"Add statement {sid} of {grant.key} (chartgen iam-policy -o json prints it).",
                where,
            )

    def repository_policy(self, grant: RepositoryPolicy, audited: Audited) -> None:
        self.audited_keys.add(grant.key)
        needs: list[tuple[str, str, str]] = []  # sid, principal, action
        for statement in grant.document["Statement"]:
            for principal in _as_list(statement["Principal"]["AWS"]):
                for action in _as_list(statement["Action"]):
                    needs.append((statement["Sid"], principal, action))
        satisfied: set[tuple[str, str, str]] = set()
        for index, statement in self._statements(audited):
            base = self._statement_path(audited, index)
            if statement.get("Effect") != "Allow":
                continue
            principal = statement.get("Principal")
            principals: list[str] = []
            if principal == "*":
                principals = ["*"]
            elif isinstance(principal, dict):
                principals = [p for p in _as_list(principal.get("AWS")) if isinstance(p, str)]
            actions = [a for a in _as_list(statement.get("Action")) if isinstance(a, str)]
            label = repr(statement.get("Sid", index))
            for item in principals:
                if item == "*" or item.endswith(":root") or re.fullmatch(r"\d{12}", item):
                    self.add(
                        AUDIT_TOO_BROAD,
                        Severity.WARNING,
                        f"statement {label} lets {item!r} in: every principal of "
                        + ("any account" if item == "*" else "that account"),
                        "Name the data-plane roles' ARNs, as chartgen's repository policy does.",
                        audited.at((*base, "Principal")),
                    )
            for action in actions:
                if "*" in action:
                    self.add(
                        AUDIT_TOO_BROAD,
                        Severity.WARNING,
                        f"statement {label} allows the wildcard action {action!r}",
                        "List the ECR actions chartgen's repository policy names.",
                        audited.at((*base, "Action")),
                    )
            for need in needs:
                _, who, action = need
                if any(covers(a, action, case=False) for a in actions) and any(
                    p == "*"
                    or covers(p, who)
                    or (p.endswith(":root") and _account(p) == _account(who))
                    for p in principals
                ):
                    satisfied.add(need)
        self.checked += len(needs)
        missing: dict[str, list[tuple[str, str]]] = {}
        for need in needs:
            if need not in satisfied:
                missing.setdefault(need[0], []).append((need[1], need[2]))
        for sid, items in missing.items():
            self.add(
                AUDIT_MISSING,
                Severity.ERROR,
                f"the policy of repository {grant.repository} does not allow "
                + "; ".join(
                    f"{who} {', '.join(sorted({a for w, a in items if w == who}))}"
                    for who in dict.fromkeys(w for w, _ in items)
                )
                + f": chartgen's statement {sid} does",
                f"Merge statement {sid} of {grant.key} into the repository policy.",
                audited.at(("Statement",)),
            )

    def trust(self, grant: TrustPolicy, audited: Audited) -> None:
        self.audited_keys.add(grant.key)
        planned = grant.document["Statement"][0]
        federated = planned["Principal"]["Federated"]
        provider = federated.split(":oidc-provider/", 1)[1]
        planned_condition = planned["Condition"]
        subjects = [
            s
            for operator in ("StringEquals", "StringLike")
            for s in _as_list(planned_condition.get(operator, {}).get(f"{provider}:sub"))
        ]
        found: set[str] = set()
        for index, statement in self._statements(audited):
            base = self._statement_path(audited, index)
            principal = statement.get("Principal")
            if statement.get("Effect") != "Allow" or not isinstance(principal, dict):
                continue
            if not any(covers(str(f), federated) for f in _as_list(principal.get("Federated"))):
                continue
            condition = statement.get("Condition") or {}
            subs: list[tuple[str, bool, JsonPath]] = []  # value, is a wildcard, where
            aud = False
            for operator, clauses in condition.items() if isinstance(condition, dict) else []:
                if not isinstance(clauses, dict):
                    continue
                for key, values in clauses.items():
                    if key.endswith(":sub"):
                        subs.extend(
                            (
                                value,
                                operator.startswith("StringLike"),
                                (*base, "Condition", operator, key),
                            )
                            for value in _as_list(values)
                            if isinstance(value, str)
                        )
                    if key.endswith(":aud") and "sts.amazonaws.com" in _as_list(values):
                        aud = True
            label = repr(statement.get("Sid", index))
            if not subs:
                self.add(
                    AUDIT_TOO_BROAD,
                    Severity.WARNING,
                    f"statement {label} trusts every service account of the cluster (no sub "
                    "condition)",
                    "Pin sub to the service accounts build tasks run as, as chartgen's trust "
                    "policy does.",
                    audited.at((*base, "Condition") if condition else base),
                )
                subs = [("*", True, base)]
            if not aud:
                self.add(
                    AUDIT_TOO_BROAD,
                    Severity.WARNING,
                    f"statement {label} does not pin aud to sts.amazonaws.com",
                    "Add the aud condition chartgen's trust policy has.",
                    audited.at((*base, "Condition") if condition else base),
                )
            for value, wildcard, path in subs:
                namespace = value.removeprefix("system:serviceaccount:").split(":", 1)[0]
                if wildcard and value != "*" and namespace.strip("*") == "":
                    self.add(
                        AUDIT_TOO_BROAD,
                        Severity.WARNING,
                        f"statement {label} trusts {value!r}: a service account of every namespace",
                        "Trust the build namespaces only: " + ", ".join(subjects),
                        audited.at(path),
                    )
                for subject in subjects:
                    exact = not wildcard and _needed(subject).fullmatch(value) is not None
                    if exact or (wildcard and covers(value, subject)):
                        found.add(subject)
        self.checked += len(subjects)
        for subject in subjects:
            if subject not in found:
                self.add(
                    AUDIT_MISSING,
                    Severity.ERROR,
                    f"the trust policy of {grant.role} does not let {subject} assume it "
                    f"through {provider}",
                    "Add the subject to the sub condition (chartgen iam-policy --trust-policy "
                    "prints the whole trust policy).",
                    audited.at(("Statement",)),
                )

    # -- GCP ------------------------------------------------------------------------------------

    # Roles that include a needed one (and are broader).
    GCP_BROADER: ClassVar[dict[str, tuple[str, ...]]] = {
        "roles/artifactregistry.reader": (
            "roles/artifactregistry.writer",
            "roles/artifactregistry.repoAdmin",
            "roles/artifactregistry.admin",
            "roles/editor",
            "roles/owner",
        ),
        "roles/artifactregistry.writer": (
            "roles/artifactregistry.repoAdmin",
            "roles/artifactregistry.admin",
            "roles/editor",
            "roles/owner",
        ),
    }

    def gcp(self, kind: str, audited: Audited) -> None:
        grants = [g for g in self.plan.grants if isinstance(g, Binding)]
        repository = next((g.resource for g in grants if g.resource.kind == "repository"), None)
        targets = {
            "repository": [g for g in grants if g.resource == repository],
            "base-image-repository": [
                g for g in grants if g.resource.kind == "repository" and g.resource != repository
            ],
            "service-account": [g for g in grants if g.resource.kind == "service-account"],
            "project": [g for g in grants if g.resource.kind == "project"],
        }
        needed = targets[kind]
        data = audited.located.data
        bindings = [b for b in _as_list(data.get("bindings")) if isinstance(b, dict)]
        members_of: dict[tuple[str, str], JsonPath] = {}
        for index, binding in enumerate(bindings):
            role = binding.get("role")
            for position, member in enumerate(_as_list(binding.get("members"))):
                if isinstance(role, str) and isinstance(member, str):
                    members_of.setdefault((role, member), ("bindings", index, "members", position))
                    if member in ("allUsers", "allAuthenticatedUsers"):
                        self.add(
                            AUDIT_TOO_BROAD,
                            Severity.WARNING,
                            f"{role} is granted to {member}: anyone"
                            + (
                                " with a Google account"
                                if member == "allAuthenticatedUsers"
                                else ""
                            ),
                            "Remove the binding.",
                            audited.at(("bindings", index, "members", position)),
                        )
        if kind == "project":
            # Project-wide Artifact Registry roles reach every repository of the project.
            for grant in (g for g in grants if g.resource.kind == "repository"):
                for role in (grant.role, *self.GCP_BROADER.get(grant.role, ())):
                    for (granted_role, member), path in members_of.items():
                        if granted_role == role and covers(member, grant.member):
                            self.add(
                                AUDIT_TOO_BROAD,
                                Severity.WARNING,
                                f"{role} for {member} is granted on the whole project, not on "
                                f"the repository {grant.resource.repository}",
                                f"Bind {grant.role} on the repository instead "
                                "(gcloud artifacts repositories add-iam-policy-binding).",
                                audited.at(path),
                            )
        for grant in needed:
            self.audited_keys.add(grant.key)
            self.checked += 1
            exact = [
                path
                for (role, member), path in members_of.items()
                if role == grant.role and covers(member, grant.member)
            ]
            if exact:
                continue
            broader = [
                (role, path)
                for (role, member), path in members_of.items()
                if role in self.GCP_BROADER.get(grant.role, ()) and covers(member, grant.member)
            ]
            if broader:
                role, path = broader[0]
                self.add(
                    AUDIT_TOO_BROAD,
                    Severity.WARNING,
                    f"{grant.member} has {role} where {grant.role} is enough",
                    f"Bind {grant.role} instead of {role}.",
                    audited.at(path),
                )
                continue
            self.add(
                AUDIT_MISSING,
                Severity.ERROR,
                f"{grant.member} lacks {grant.role} on {grant.resource.name}: {grant.purpose}",
                f"Add the binding {grant.key} (chartgen iam-policy -o shell prints the gcloud "
                "command).",
                audited.at(("bindings",)),
            )

    # -- Azure ----------------------------------------------------------------------------------

    AZURE_BROADER: ClassVar[frozenset[str]] = frozenset({"owner", "contributor"})

    def azure(self, audited: Audited) -> None:
        rows = [(i, r) for i, r in enumerate(audited.located.data) if isinstance(r, dict)]
        for grant in (g for g in self.plan.grants if isinstance(g, RoleAssignment)):
            self.audited_keys.add(grant.key)
            self.checked += 1
            # The best row for this grant: exact first, then one that covers it too broadly,
            # then the right role on another registry (which covers nothing).
            ranked = [
                (rank, index, problems)
                for index, row in rows
                for rank, problems in [self._azure_rank(grant, row, index, audited)]
                if rank is not None
            ]
            if not ranked:
                self._azure_missing(grant, audited)
                continue
            rank, index, problems = min(ranked, key=lambda item: (item[0], item[1]))
            if rank == 2:
                self.add(
                    AUDIT_WRONG_RESOURCE,
                    Severity.WARNING,
                    f"{grant.role_name} for {grant.identity.label} is assigned on another "
                    "registry or repository",
                    f"Assign it on {grant.scope}.",
                    audited.at((index, "scope")),
                )
                self._azure_missing(grant, audited)
                continue
            for message, hint, path in problems:
                self.add(AUDIT_TOO_BROAD, Severity.WARNING, message, hint, audited.at(path))

    def _azure_missing(self, grant: RoleAssignment, audited: Audited) -> None:
        self.add(
            AUDIT_MISSING,
            Severity.ERROR,
            f"{grant.identity.label} lacks {grant.role_name} on {grant.scope}: {grant.purpose}",
            f"Create the role assignment {grant.key} (chartgen iam-policy -o shell prints the "
            "az command).",
            audited.at(()),
        )

    def _azure_rank(
        self, grant: RoleAssignment, row: dict[str, Any], index: int, audited: Audited
    ) -> tuple[int | None, list[tuple[str, str, JsonPath]]]:
        """0 exact, 1 covers too broadly (with the reasons), 2 on another resource, None: no."""
        principal = grant.identity.object_id  # "" when looked up by name: any principal
        if principal and not covers(str(row.get("principalId", "")), principal):
            return None, []
        role_id = str(row.get("roleDefinitionId", "")).rsplit("/", 1)[-1].lower()
        name = str(row.get("roleDefinitionName", ""))
        scope = str(row.get("scope", ""))
        right_role = role_id == grant.role_id.lower()
        if not right_role and name.lower() not in self.AZURE_BROADER:
            return None, []
        same_scope = _needed(grant.scope, case=False).fullmatch(scope) is not None
        wider = not same_scope and _scope_contains(scope, grant.scope)
        if not (same_scope or wider):
            return (2 if right_role else None), []
        condition = str(row.get("condition") or "")
        problems: list[tuple[str, str, JsonPath]] = []
        if grant.condition and right_role:
            if not condition:
                problems.append(
                    (
                        f"{name or grant.role_name} has no ABAC condition: it reaches every "
                        "repository of the registry",
                        "Add the condition chartgen emits (it scopes the role to the repository "
                        "path and below).",
                        (index, "condition"),
                    )
                )
            elif not _same_condition_scope(condition, grant.condition):
                return 2, []
        if wider:
            problems.append(
                (
                    f"{name or grant.role_name} is assigned on {scope}, wider than the registry",
                    f"Assign {grant.role_name} on the registry: {grant.scope}.",
                    (index, "scope"),
                )
            )
        if not right_role:
            problems.append(
                (
                    f"{name} is assigned where {grant.role_name} is enough",
                    f"Assign {grant.role_name} ({grant.role_id}) instead.",
                    (index, "roleDefinitionName"),
                )
            )
        return (1 if problems else 0), problems

    def unaudited(self) -> Finding | None:
        """One info finding naming the planned grants no audited file covered."""
        auditable = (RolePolicy, RepositoryPolicy, TrustPolicy, Binding, RoleAssignment)
        left = [
            getattr(g, "key", "")
            for g in self.plan.grants
            if isinstance(g, auditable) and getattr(g, "key", "") not in self.audited_keys
        ]
        if not left:
            return None
        return Finding(
            AUDIT_MISSING,
            Severity.INFO,
            f"not audited (no file given for them): {', '.join(left)}",
            "$",
            "Pass the CLI output of each (see chartgen explain IB515) to audit them too.",
            Location("--audit"),
        )


def _dig(data: Any, path: JsonPath) -> Any:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _account(arn: str) -> str:
    parts = arn.split(":")
    return parts[4] if len(parts) > 4 else ""


def _scope_contains(wide: str, narrow: str) -> bool:
    """Whether the Azure scope `wide` is an ancestor of `narrow` (placeholders match any)."""
    wide_parts = wide.rstrip("/").split("/")
    narrow_parts = narrow.rstrip("/").split("/")
    if not wide or len(wide_parts) >= len(narrow_parts):
        return False
    return all(
        covers(w, n, case=False)
        for w, n in zip(wide_parts, narrow_parts[: len(wide_parts)], strict=True)
    )


def _same_condition_scope(condition: str, planned: str) -> bool:
    """Whether an ABAC condition names the same repository names as chartgen's."""
    names = set(re.findall(r"'([^']*)'", planned)) - {
        a for a in re.findall(r"'([^']*)'", planned) if a.startswith("Microsoft.")
    }
    found = set(re.findall(r"'([^']*)'", condition))
    return names <= {n.lower() for n in found} | found


def run_audit(plan: Plan, options: IamOptions) -> int:
    """Audit every `--audit` file against `plan`; findings on stderr, the exit code."""
    errors = [f for f in plan.findings if f.severity is Severity.ERROR]
    if errors:
        print_findings(plan.findings)
        return int(ExitCode.FINDINGS)
    auditor = Auditor(plan, options)
    for spec in options.audit:
        auditor.audit(spec)
    leftover = auditor.unaudited()
    findings = [f for f in plan.findings if f.rule != "IB508"] + auditor.findings
    if leftover is not None:
        findings.append(leftover)
    print_findings(findings)
    missing = sum(
        1 for f in auditor.findings if f.rule == AUDIT_MISSING and f.severity is Severity.ERROR
    )
    broad = sum(1 for f in auditor.findings if f.severity is Severity.WARNING)
    unreadable = [f for f in auditor.findings if f.rule == AUDIT_UNREADABLE]
    sys.stderr.write(
        f"audit: {auditor.checked} needed grants checked, {missing} missing, "
        f"{broad} too broad or on another resource\n"
    )
    if any(f.environment for f in unreadable):
        return int(ExitCode.ENVIRONMENT)
    failing = any(
        f.severity is Severity.ERROR or (options.strict and f.severity is Severity.WARNING)
        for f in auditor.findings
    )
    return int(ExitCode.FINDINGS if failing else ExitCode.OK)
