"""AWS: role policies, repository policies and the IRSA trust, statement by statement."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from chartgen.findings import Severity
from chartgen.iam import AUDIT_MISSING, AUDIT_TOO_BROAD, AUDIT_WRONG_RESOURCE
from chartgen.iam.audit.document import Audited, JsonError, JsonPath, Located, dig, parse_json
from chartgen.iam.audit.matching import as_list, covers, needed
from chartgen.iam.plan import RepositoryPolicy, RolePolicy, TrustPolicy

if TYPE_CHECKING:
    from chartgen.iam.audit import Auditor

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


def audit_aws(auditor: Auditor, kind: str, name: str, located: Located) -> None:
    data = located.data
    grants = {getattr(g, "key", ""): g for g in auditor.plan.grants}
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
            auditor.unreadable(
                name,
                f"the policy is on role {role!r}, which is none of the roles chartgen plans "
                f"({roles})",
                "Pass the role names with --user-role/--operator-proxy-role/--node-role, "
                "or prefix the file: user-role=FILE.",
            )
            return
        identity_policy(auditor, match, Audited(name, located, ("PolicyDocument",)))
        return
    if isinstance(data, dict) and "policyText" in data and "repositoryName" in data:
        repository_policy_text(auditor, kind, name, located)
        return
    if (
        isinstance(data, dict)
        and isinstance(data.get("Role"), dict)
        and ("AssumeRolePolicyDocument" in data["Role"])
    ):
        planned = grants.get("user-role-trust-policy")
        if not isinstance(planned, TrustPolicy):
            auditor.unreadable(
                name,
                "a trust policy, but chartgen plans none",
                "Pass --trust-policy (with --oidc-provider) to audit the IRSA trust.",
            )
            return
        trust_policy(auditor, planned, Audited(name, located, ("Role", "AssumeRolePolicyDocument")))
        return
    root: JsonPath = ()
    if isinstance(data, dict) and isinstance(data.get("PolicyVersion"), dict):
        root = ("PolicyVersion", "Document")
    document = dig(data, root)
    if not (isinstance(document, dict) and "Statement" in document):
        auditor.unreadable(
            name,
            "not an AWS policy document or get-role-policy / get-policy-version / "
            "get-repository-policy / get-role output",
            "Audit the JSON the AWS CLI printed for the role or repository.",
        )
        return
    key = AWS_KINDS.get(kind)
    grant = grants.get(key or "")
    if grant is None:
        auditor.unreadable(
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
        identity_policy(auditor, grant, audited)
    elif isinstance(grant, RepositoryPolicy):
        repository_policy(auditor, grant, audited)
    elif isinstance(grant, TrustPolicy):
        trust_policy(auditor, grant, audited)


def repository_policy_text(auditor: Auditor, kind: str, name: str, located: Located) -> None:
    data = located.data
    grants = [g for g in auditor.plan.grants if isinstance(g, RepositoryPolicy)]
    grant = next((g for g in grants if g.repository == data.get("repositoryName")), None)
    if grant is None and kind in ("repository", "base-image-repository"):
        grant = next((g for g in grants if g.key == AWS_KINDS[kind]), None)
        if grant is not None:
            auditor.add(
                AUDIT_WRONG_RESOURCE,
                Severity.WARNING,
                f"this is the policy of repository {data.get('repositoryName')!r}, but "
                f"chartgen's repository policy is for {grant.repository!r}",
                f"Audit the output of aws ecr get-repository-policy --repository-name "
                f"{grant.repository}.",
                Audited(name, located).at(("repositoryName",)),
            )
    if grant is None:
        auditor.unreadable(
            name,
            f"the policy of repository {data.get('repositoryName')!r}, for which chartgen "
            "plans no repository policy",
            "Pass --cross-account (or --base-image) so chartgen plans the repository policy.",
        )
        return
    text = data.get("policyText")
    if not isinstance(text, str):
        auditor.unreadable(name, "policyText is not a string", "Pass the CLI's JSON output.")
        return
    try:
        inner = parse_json(text)
    except JsonError as exc:
        line, column = located.positions.get(("policyText",), (1, 1))
        auditor.unreadable(
            name, f"policyText is not JSON: {exc}", "Pass the CLI's output.", line, column
        )
        return
    # Positions inside policyText are those of the string; point at the string.
    flat = Located(
        inner.data, {path: located.positions[("policyText",)] for path in inner.positions}
    )
    repository_policy(auditor, grant, Audited(name, flat))


def _statements(auditor: Auditor, audited: Audited) -> Iterator[tuple[int, dict[str, Any]]]:
    document = dig(audited.located.data, audited.root)
    statements = document.get("Statement") if isinstance(document, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    for index, statement in enumerate(statements or []):
        if isinstance(statement, dict):
            yield index, statement


def _statement_path(auditor: Auditor, audited: Audited, index: int) -> JsonPath:
    document = dig(audited.located.data, audited.root)
    if isinstance(document, dict) and isinstance(document.get("Statement"), dict):
        return ("Statement",)
    return ("Statement", index)


def identity_policy(auditor: Auditor, grant: RolePolicy, audited: Audited) -> None:
    auditor.audited_keys.add(grant.key)
    needs: list[tuple[str, str, str]] = []  # sid, action, resource
    planned_resources: set[str] = set()
    planned_actions: set[str] = set()
    for statement in grant.document["Statement"]:
        for action in as_list(statement["Action"]):
            planned_actions.add(action.lower())
            for resource in as_list(statement["Resource"]):
                needs.append((statement["Sid"], action, resource))
                planned_resources.add(resource)
    satisfied: set[tuple[str, str, str]] = set()
    denied: dict[tuple[str, str, str], JsonPath] = {}
    for index, statement in _statements(auditor, audited):
        base = _statement_path(auditor, audited, index)
        allow = statement.get("Effect") == "Allow"
        if "NotAction" in statement or "NotResource" in statement:
            if allow:
                auditor.add(
                    AUDIT_TOO_BROAD,
                    Severity.WARNING,
                    f"statement {statement.get('Sid', index)!r} grants with NotAction/"
                    "NotResource: everything but a list, far more than the Image Builder "
                    "needs",
                    "Replace it with the Action and Resource lists chartgen emits.",
                    audited.at(base),
                )
            continue
        actions = [a for a in as_list(statement.get("Action")) if isinstance(a, str)]
        resources = [r for r in as_list(statement.get("Resource")) if isinstance(r, str)]
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
        _broad_identity_statement(
            auditor,
            grant,
            audited,
            base,
            statement,
            actions,
            resources,
            planned_actions,
            planned_resources,
        )
    _report_missing_identity(auditor, grant, audited, needs, satisfied, denied)


def _broad_identity_statement(
    auditor: Auditor,
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
        path = (*base, "Action", position) if isinstance(action_list, list) else (*base, "Action")
        if "*" in action or "?" in action:
            if action.lower().startswith("ecr:") or action in ("*", "*:*"):
                auditor.add(
                    AUDIT_TOO_BROAD,
                    Severity.WARNING,
                    f"statement {label} grants the wildcard action {action!r} to role {grant.role}",
                    f"Grant the actions chartgen lists for {grant.key} instead.",
                    audited.at(path),
                )
        elif action.lower().startswith("ecr:") and action.lower() not in planned_actions:
            auditor.add(
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
            auditor.add(
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
            p for p in planned_resources if p != "*" and resource.split(":")[:3] == p.split(":")[:3]
        ]
        if needed_here or resource.startswith("arn:"):
            auditor.add(
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
    auditor: Auditor,
    grant: RolePolicy,
    audited: Audited,
    needs: list[tuple[str, str, str]],
    satisfied: set[tuple[str, str, str]],
    denied: dict[tuple[str, str, str], JsonPath],
) -> None:
    by_sid: dict[str, list[tuple[str, str]]] = {}
    auditor.checked += len(needs)
    for need in needs:
        if need not in satisfied or need in denied:
            by_sid.setdefault(need[0], []).append((need[1], need[2]))
    for sid, missing in by_sid.items():
        actions = sorted({a for a, _ in missing})
        resources = sorted({r for _, r in missing})
        denial = next((denied[(sid, a, r)] for a, r in missing if (sid, a, r) in denied), None)
        where = audited.at(denial if denial else ("Statement",))
        reason = " (a Deny statement refuses it)" if denial else ""
        auditor.add(
            AUDIT_MISSING,
            Severity.ERROR,
            f"role {grant.role} lacks {', '.join(actions)} on {', '.join(resources)}"
            f"{reason}: chartgen's statement {sid} grants it",
            f"Add statement {sid} of {grant.key} (chartgen iam-policy -o json prints it).",
            where,
        )


def repository_policy(auditor: Auditor, grant: RepositoryPolicy, audited: Audited) -> None:
    auditor.audited_keys.add(grant.key)
    needs: list[tuple[str, str, str]] = []  # sid, principal, action
    for statement in grant.document["Statement"]:
        for principal in as_list(statement["Principal"]["AWS"]):
            for action in as_list(statement["Action"]):
                needs.append((statement["Sid"], principal, action))
    satisfied: set[tuple[str, str, str]] = set()
    for index, statement in _statements(auditor, audited):
        base = _statement_path(auditor, audited, index)
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        principals: list[str] = []
        if principal == "*":
            principals = ["*"]
        elif isinstance(principal, dict):
            principals = [p for p in as_list(principal.get("AWS")) if isinstance(p, str)]
        actions = [a for a in as_list(statement.get("Action")) if isinstance(a, str)]
        label = repr(statement.get("Sid", index))
        for item in principals:
            if item == "*" or item.endswith(":root") or re.fullmatch(r"\d{12}", item):
                auditor.add(
                    AUDIT_TOO_BROAD,
                    Severity.WARNING,
                    f"statement {label} lets {item!r} in: every principal of "
                    + ("any account" if item == "*" else "that account"),
                    "Name the data-plane roles' ARNs, as chartgen's repository policy does.",
                    audited.at((*base, "Principal")),
                )
        for action in actions:
            if "*" in action:
                auditor.add(
                    AUDIT_TOO_BROAD,
                    Severity.WARNING,
                    f"statement {label} allows the wildcard action {action!r}",
                    "List the ECR actions chartgen's repository policy names.",
                    audited.at((*base, "Action")),
                )
        for need in needs:
            _, who, action = need
            if any(covers(a, action, case=False) for a in actions) and any(
                p == "*" or covers(p, who) or (p.endswith(":root") and _account(p) == _account(who))
                for p in principals
            ):
                satisfied.add(need)
    auditor.checked += len(needs)
    missing: dict[str, list[tuple[str, str]]] = {}
    for need in needs:
        if need not in satisfied:
            missing.setdefault(need[0], []).append((need[1], need[2]))
    for sid, items in missing.items():
        auditor.add(
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


def trust_policy(auditor: Auditor, grant: TrustPolicy, audited: Audited) -> None:
    auditor.audited_keys.add(grant.key)
    planned = grant.document["Statement"][0]
    federated = planned["Principal"]["Federated"]
    provider = federated.split(":oidc-provider/", 1)[1]
    planned_condition = planned["Condition"]
    subjects = [
        s
        for operator in ("StringEquals", "StringLike")
        for s in as_list(planned_condition.get(operator, {}).get(f"{provider}:sub"))
    ]
    found: set[str] = set()
    for index, statement in _statements(auditor, audited):
        base = _statement_path(auditor, audited, index)
        principal = statement.get("Principal")
        if statement.get("Effect") != "Allow" or not isinstance(principal, dict):
            continue
        if not any(covers(str(f), federated) for f in as_list(principal.get("Federated"))):
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
                        for value in as_list(values)
                        if isinstance(value, str)
                    )
                if key.endswith(":aud") and "sts.amazonaws.com" in as_list(values):
                    aud = True
        label = repr(statement.get("Sid", index))
        if not subs:
            auditor.add(
                AUDIT_TOO_BROAD,
                Severity.WARNING,
                f"statement {label} trusts every service account of the cluster (no sub condition)",
                "Pin sub to the service accounts build tasks run as, as chartgen's trust "
                "policy does.",
                audited.at((*base, "Condition") if condition else base),
            )
            subs = [("*", True, base)]
        if not aud:
            auditor.add(
                AUDIT_TOO_BROAD,
                Severity.WARNING,
                f"statement {label} does not pin aud to sts.amazonaws.com",
                "Add the aud condition chartgen's trust policy has.",
                audited.at((*base, "Condition") if condition else base),
            )
        for value, wildcard, path in subs:
            namespace = value.removeprefix("system:serviceaccount:").split(":", 1)[0]
            if wildcard and value != "*" and namespace.strip("*") == "":
                auditor.add(
                    AUDIT_TOO_BROAD,
                    Severity.WARNING,
                    f"statement {label} trusts {value!r}: a service account of every namespace",
                    "Trust the build namespaces only: " + ", ".join(subjects),
                    audited.at(path),
                )
            for subject in subjects:
                exact = not wildcard and needed(subject).fullmatch(value) is not None
                if exact or (wildcard and covers(value, subject)):
                    found.add(subject)
    auditor.checked += len(subjects)
    for subject in subjects:
        if subject not in found:
            auditor.add(
                AUDIT_MISSING,
                Severity.ERROR,
                f"the trust policy of {grant.role} does not let {subject} assume it "
                f"through {provider}",
                "Add the subject to the sub condition (chartgen iam-policy --trust-policy "
                "prints the whole trust policy).",
                audited.at(("Statement",)),
            )


def _account(arn: str) -> str:
    parts = arn.split(":")
    return parts[4] if len(parts) > 4 else ""
