"""GCP: the bindings of a get-iam-policy JSON, for the resource its prefix names."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chartgen.findings import Severity
from chartgen.iam import AUDIT_MISSING, AUDIT_TOO_BROAD
from chartgen.iam.audit.document import Audited, JsonPath
from chartgen.iam.audit.matching import as_list, covers
from chartgen.iam.plan import Binding

if TYPE_CHECKING:
    from chartgen.iam.audit import Auditor

# What a get-iam-policy JSON can be the policy of (its prefix says which).
GCP_KINDS = ("repository", "service-account", "project", "base-image-repository")

# Roles that include a needed one (and are broader).
GCP_BROADER: dict[str, tuple[str, ...]] = {
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


def audit_gcp(auditor: Auditor, kind: str, audited: Audited) -> None:
    grants = [g for g in auditor.plan.grants if isinstance(g, Binding)]
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
    bindings = [b for b in as_list(data.get("bindings")) if isinstance(b, dict)]
    members_of: dict[tuple[str, str], JsonPath] = {}
    for index, binding in enumerate(bindings):
        role = binding.get("role")
        for position, member in enumerate(as_list(binding.get("members"))):
            if isinstance(role, str) and isinstance(member, str):
                members_of.setdefault((role, member), ("bindings", index, "members", position))
                if member in ("allUsers", "allAuthenticatedUsers"):
                    auditor.add(
                        AUDIT_TOO_BROAD,
                        Severity.WARNING,
                        f"{role} is granted to {member}: anyone"
                        + (" with a Google account" if member == "allAuthenticatedUsers" else ""),
                        "Remove the binding.",
                        audited.at(("bindings", index, "members", position)),
                    )
    if kind == "project":
        # Project-wide Artifact Registry roles reach every repository of the project.
        for grant in (g for g in grants if g.resource.kind == "repository"):
            for role in (grant.role, *GCP_BROADER.get(grant.role, ())):
                for (granted_role, member), path in members_of.items():
                    if granted_role == role and covers(member, grant.member):
                        auditor.add(
                            AUDIT_TOO_BROAD,
                            Severity.WARNING,
                            f"{role} for {member} is granted on the whole project, not on "
                            f"the repository {grant.resource.repository}",
                            f"Bind {grant.role} on the repository instead "
                            "(gcloud artifacts repositories add-iam-policy-binding).",
                            audited.at(path),
                        )
    for grant in needed:
        auditor.audited_keys.add(grant.key)
        auditor.checked += 1
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
            if role in GCP_BROADER.get(grant.role, ()) and covers(member, grant.member)
        ]
        if broader:
            role, path = broader[0]
            auditor.add(
                AUDIT_TOO_BROAD,
                Severity.WARNING,
                f"{grant.member} has {role} where {grant.role} is enough",
                f"Bind {grant.role} instead of {role}.",
                audited.at(path),
            )
            continue
        auditor.add(
            AUDIT_MISSING,
            Severity.ERROR,
            f"{grant.member} lacks {grant.role} on {grant.resource.name}: {grant.purpose}",
            f"Add the binding {grant.key} (chartgen iam-policy -o shell prints the gcloud "
            "command).",
            audited.at(("bindings",)),
        )
