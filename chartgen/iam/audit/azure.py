"""Azure: the rows of `az role assignment list`, best match per planned assignment."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from chartgen.findings import Severity
from chartgen.iam import AUDIT_MISSING, AUDIT_TOO_BROAD, AUDIT_WRONG_RESOURCE
from chartgen.iam.audit.document import Audited, JsonPath
from chartgen.iam.audit.matching import covers, needed
from chartgen.iam.plan import RoleAssignment

if TYPE_CHECKING:
    from chartgen.iam.audit import Auditor

AZURE_BROADER: frozenset[str] = frozenset({"owner", "contributor"})


def audit_azure(auditor: Auditor, audited: Audited) -> None:
    rows = [(i, r) for i, r in enumerate(audited.located.data) if isinstance(r, dict)]
    for grant in (g for g in auditor.plan.grants if isinstance(g, RoleAssignment)):
        auditor.audited_keys.add(grant.key)
        auditor.checked += 1
        # The best row for this grant: exact first, then one that covers it too broadly,
        # then the right role on another registry (which covers nothing).
        ranked = [
            (rank, index, problems)
            for index, row in rows
            for rank, problems in [_azure_rank(auditor, grant, row, index, audited)]
            if rank is not None
        ]
        if not ranked:
            _azure_missing(auditor, grant, audited)
            continue
        rank, index, problems = min(ranked, key=lambda item: (item[0], item[1]))
        if rank == 2:
            auditor.add(
                AUDIT_WRONG_RESOURCE,
                Severity.WARNING,
                f"{grant.role_name} for {grant.identity.label} is assigned on another "
                "registry or repository",
                f"Assign it on {grant.scope}.",
                audited.at((index, "scope")),
            )
            _azure_missing(auditor, grant, audited)
            continue
        for message, hint, path in problems:
            auditor.add(AUDIT_TOO_BROAD, Severity.WARNING, message, hint, audited.at(path))


def _azure_missing(auditor: Auditor, grant: RoleAssignment, audited: Audited) -> None:
    auditor.add(
        AUDIT_MISSING,
        Severity.ERROR,
        f"{grant.identity.label} lacks {grant.role_name} on {grant.scope}: {grant.purpose}",
        f"Create the role assignment {grant.key} (chartgen iam-policy -o shell prints the "
        "az command).",
        audited.at(()),
    )


def _azure_rank(
    auditor: Auditor, grant: RoleAssignment, row: dict[str, Any], index: int, audited: Audited
) -> tuple[int | None, list[tuple[str, str, JsonPath]]]:
    """0 exact, 1 covers too broadly (with the reasons), 2 on another resource, None: no."""
    principal = grant.identity.object_id  # "" when looked up by name: any principal
    if principal and not covers(str(row.get("principalId", "")), principal):
        return None, []
    role_id = str(row.get("roleDefinitionId", "")).rsplit("/", 1)[-1].lower()
    name = str(row.get("roleDefinitionName", ""))
    scope = str(row.get("scope", ""))
    right_role = role_id == grant.role_id.lower()
    if not right_role and name.lower() not in AZURE_BROADER:
        return None, []
    same_scope = needed(grant.scope, case=False).fullmatch(scope) is not None
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
