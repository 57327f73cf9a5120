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

One module per cloud (`aws`, `gcp`, `azure`) compares; `document` reads JSON with positions;
`matching` decides whether a granted value (maybe a wildcard) covers a planned one.

Placeholders in the plan (identifiers not given on the command line) match any value. Exit 1
when something needed is missing (or, with `--strict`, anything too broad).
"""

from __future__ import annotations

import sys
from pathlib import Path

from chartgen import clouds
from chartgen.commands.common import FindingOptions, print_findings
from chartgen.findings import ExitCode, Finding, FindingKind, Location, Report, Severity
from chartgen.iam import AUDIT_MISSING, AUDIT_UNREADABLE, PLACEHOLDER
from chartgen.iam.audit.aws import AWS_KINDS, audit_aws
from chartgen.iam.audit.azure import audit_azure
from chartgen.iam.audit.document import MAX_BYTES, Audited, JsonError, Located, parse_json
from chartgen.iam.audit.gcp import GCP_KINDS, audit_gcp
from chartgen.iam.inputs import IamOptions
from chartgen.iam.plan import (
    Binding,
    Plan,
    RepositoryPolicy,
    RoleAssignment,
    RolePolicy,
    TrustPolicy,
)
from chartgen.record import field, record


@record
class Auditor:
    plan: Plan
    options: IamOptions
    findings: list[Finding] = field(default_factory=list)
    checked: int = 0
    audited_keys: set[str] = field(default_factory=set)

    # -- findings ---------------------------------------------------------------------------

    def add(
        self,
        kind: FindingKind,
        severity: Severity,
        message: str,
        hint: str,
        where: tuple[str, Location],
    ) -> None:
        path, location = where
        self.findings.append(Finding(kind.id, severity, message, path, hint, location))

    def unreadable(self, name: str, message: str, hint: str, line: int = 1, col: int = 1) -> None:
        self.findings.append(
            Finding(
                AUDIT_UNREADABLE.id, Severity.ERROR, message, "$", hint, Location(name, line, col)
            )
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
                    AUDIT_UNREADABLE.id,
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
        if cloud == clouds.azure.NAME:
            if isinstance(data, list):
                audit_azure(self, Audited(name, located))
                return
            self.unreadable(
                name,
                "expected the JSON list az role assignment list prints",
                "Run az role assignment list --scope REGISTRY_ID --include-inherited "
                "--output json and audit that.",
            )
            return
        if cloud == clouds.gcp.NAME:
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
                audit_gcp(self, kind, Audited(name, located))
                return
            self.unreadable(
                name,
                "expected the JSON gcloud ... get-iam-policy --format json prints",
                "Audit the output of gcloud artifacts repositories get-iam-policy (or "
                "iam service-accounts / projects get-iam-policy) --format json.",
            )
            return
        if cloud == clouds.aws.NAME:
            audit_aws(self, kind, name, located)
            return
        self.unreadable(
            name,
            f"there is no cloud IAM to audit for authenticationType "
            f"{self.plan.authentication_type}",
            "Pass --cloud, or audit with authenticationType aws, google or azure.",
        )

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
            AUDIT_MISSING.id,
            Severity.INFO,
            f"not audited (no file given for them): {', '.join(left)}",
            "$",
            f"Pass the CLI output of each (see chartgen explain {AUDIT_MISSING.id}) to audit "
            "them too.",
            Location("--audit"),
        )


def run_audit(plan: Plan, options: IamOptions, plan_report: Report,
              finding_options: FindingOptions) -> int:
    """Audit every `--audit` file against `plan` (whose findings, under the run's rule
    control, are `plan_report`); findings on stderr, the exit code."""
    if plan_report.has_errors() or any(f.usage for f in plan_report.findings):
        print_findings(plan_report, finding_options)
        code = plan_report.exit_code()
        return int(code if code is not ExitCode.OK else ExitCode.FINDINGS)
    auditor = Auditor(plan, options)
    for spec in options.audit:
        auditor.audit(spec)
    leftover = auditor.unaudited()
    if leftover is not None:
        auditor.findings.append(leftover)
    audit_report = Report(auditor.findings, list(options.audit), control=plan_report.control)
    report = Report(
        [f for f in plan_report.findings if f.rule != PLACEHOLDER.id],
        list(plan_report.checked),
        suppressed=[s for s in plan_report.suppressed if s.finding.rule != PLACEHOLDER.id],
    )
    report.extend(audit_report.findings)
    report.suppressed.extend(audit_report.suppressed)
    print_findings(report, finding_options)
    audited = audit_report.findings
    missing = sum(
        1 for f in audited if f.rule == AUDIT_MISSING.id and f.severity is Severity.ERROR
    )
    broad = sum(1 for f in audited if f.severity is Severity.WARNING)
    unreadable = [f for f in audited if f.rule == AUDIT_UNREADABLE.id]
    if not finding_options.quiet:
        sys.stderr.write(
            f"audit: {auditor.checked} needed grants checked, {missing} missing, "
            f"{broad} too broad or on another resource\n"
        )
    if any(f.environment for f in unreadable):
        return int(ExitCode.ENVIRONMENT)
    failing = any(
        f.severity is Severity.ERROR or (options.strict and f.severity is Severity.WARNING)
        for f in audited
    )
    return int(ExitCode.FINDINGS if failing else ExitCode.OK)
