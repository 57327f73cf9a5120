"""The inputs of `chartgen iam-policy`: options, identifier grammars, the repository to grant on.

`IamOptions` is what the command line gave. `IamContext` is what every cloud module works from:
the validated values with their origins, the parsed repository and where it came from, and the
helpers that turn a missing identifier into a placeholder or a malformed one into a located
finding. The identifier grammars are a table (`GRAMMARS`) so every cloud checks them alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chartgen.findings import Finding, FindingKind, Location, Severity
from chartgen.iam import (
    BAD_IDENTIFIER,
    BAD_REPOSITORY,
    NO_REPOSITORY,
    PLACEHOLDER,
    REPOSITORY_CLOUD_MISMATCH,
)
from chartgen.iam.plan import Placeholder, Plan
from chartgen.values.provenance import Path, Provenance, dotted, format_path

if TYPE_CHECKING:
    from chartgen.model import Values
    from chartgen.registry import Cloud, Repository

CLOUDS = ("aws", "gcp", "azure")
SIGNBLOB_SCOPES = ("self", "project")

# authenticationType → the cloud whose IAM it uses; noop and basic use none.
CLOUD_OF_AUTHENTICATION: dict[str, Cloud | None] = {
    "aws": "aws",
    "google": "gcp",
    "azure": "azure",
    "noop": None,
    "basic": None,
}

DEFAULT_REPOSITORY_PATH: Path = ("imageBuilder", "defaultRepository")


@dataclass(frozen=True)
class IamOptions:
    """The command line of `chartgen iam-policy` (None: not given)."""

    cloud: str | None = None
    output: str = "json"
    repository: str | None = None
    base_image: str | None = None
    # Kubernetes: the release namespace (as in `render`), where build tasks run, and as whom.
    namespace: str = "union"
    build_namespaces: tuple[str, ...] = ()
    service_account: str | None = None
    # AWS
    cross_account: bool = False
    dataplane_account: str | None = None
    user_role: str | None = None
    node_role: str | None = None
    operator_proxy_role: str | None = None
    trust_policy: bool = False
    oidc_provider: str | None = None
    dataplane_profile: str | None = None
    registry_profile: str | None = None
    base_image_profile: str | None = None
    ecr_create_on_push: bool = False
    ecr_create_repositories: tuple[str, ...] = ()
    # GCP
    user_gsa: str | None = None
    node_sa: str | None = None
    operator_proxy_gsa: str | None = None
    signblob_scope: str | None = None
    # Azure
    subscription: str | None = None
    resource_group: str | None = None
    user_identity: str | None = None
    kubelet_identity: str | None = None
    operator_proxy_identity: str | None = None
    oidc_issuer: str | None = None
    acr_abac: bool = False
    # Private registries (noop/basic)
    secret_name: str | None = None
    # The run
    strict: bool = False
    output_dir: str | None = None
    force: bool = False
    audit: tuple[str, ...] = ()


# Which clouds each cloud-specific option belongs to (field, flag, clouds).
OPTION_CLOUDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("cross_account", "--cross-account", ("aws",)),
    ("dataplane_account", "--dataplane-account", ("aws",)),
    ("user_role", "--user-role", ("aws",)),
    ("node_role", "--node-role", ("aws",)),
    ("operator_proxy_role", "--operator-proxy-role", ("aws",)),
    ("trust_policy", "--trust-policy", ("aws",)),
    ("oidc_provider", "--oidc-provider", ("aws",)),
    ("dataplane_profile", "--dataplane-profile", ("aws",)),
    ("registry_profile", "--registry-profile", ("aws",)),
    ("base_image_profile", "--base-image-profile", ("aws",)),
    ("ecr_create_on_push", "--ecr-create-on-push", ("aws",)),
    ("ecr_create_repositories", "--ecr-create-repository", ("aws",)),
    ("build_namespaces", "--build-namespace", ("aws", "gcp", "azure")),
    ("service_account", "--service-account", ("aws", "gcp", "azure")),
    ("user_gsa", "--user-gsa", ("gcp",)),
    ("node_sa", "--node-sa", ("gcp",)),
    ("operator_proxy_gsa", "--operator-proxy-gsa", ("gcp",)),
    ("signblob_scope", "--signblob-scope", ("gcp",)),
    ("subscription", "--subscription", ("azure",)),
    ("resource_group", "--resource-group", ("azure",)),
    ("user_identity", "--user-identity", ("azure",)),
    ("kubelet_identity", "--kubelet-identity", ("azure",)),
    ("operator_proxy_identity", "--operator-proxy-identity", ("azure",)),
    ("oidc_issuer", "--oidc-issuer", ("azure",)),
    ("acr_abac", "--acr-abac", ("azure",)),
)


def misplaced_options(options: IamOptions, cloud: str) -> list[str]:
    """The cloud-specific options given for another cloud (a usage error)."""
    wrong = []
    for name, flag, clouds in OPTION_CLOUDS:
        value = getattr(options, name)
        if value not in (None, False, ()) and cloud not in clouds:
            wrong.append(f"{flag} applies to --cloud {' or '.join(clouds)}, not {cloud}")
    return wrong


_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_DNS_LABEL = r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"


@dataclass(frozen=True)
class Grammar:
    """An identifier's shape, matched against the whole string (never `$`, which also matches
    before a trailing newline)."""

    pattern: re.Pattern[str]
    expected: str

    def accepts(self, text: str) -> bool:
        return self.pattern.fullmatch(text) is not None


def _grammar(pattern: str, expected: str) -> Grammar:
    return Grammar(re.compile(pattern, re.ASCII), expected)


# Every identifier that reaches a document matches one of these; none admits `$`, quotes,
# backslashes or white space, so nothing a user types can break out of a JSON string, a shell
# word or an HCL string, or pose as a placeholder (the writers escape regardless).
GRAMMARS: dict[str, Grammar] = {
    "aws-account": _grammar(r"\d{12}", "a 12-digit AWS account ID"),
    "iam-role": _grammar(
        r"[A-Za-z0-9+=,.@_-]{1,64}", "an IAM role name (1-64 of A-Za-z0-9+=,.@_-)"
    ),
    "aws-profile": _grammar(
        r"[A-Za-z0-9][A-Za-z0-9_.@+=-]{0,127}", "an AWS CLI profile name (letters, digits, _.@+=-)"
    ),
    "oidc-provider": _grammar(
        r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(/[A-Za-z0-9._~-]+)*",
        "an OIDC provider such as oidc.eks.REGION.amazonaws.com/id/ID",
    ),
    "k8s-namespace": _grammar(_DNS_LABEL, "a Kubernetes namespace (DNS-1123 label)"),
    "k8s-namespace-pattern": _grammar(
        r"(?=[a-z0-9*-]{1,63}\Z)[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?",
        "a Kubernetes namespace, or a pattern of one with * (DNS-1123 label characters and *)",
    ),
    "k8s-service-account": _grammar(
        rf"(?=.{{1,253}}\Z){_DNS_LABEL}(\.{_DNS_LABEL})*",
        "a Kubernetes service account name (DNS-1123 subdomain)",
    ),
    "gsa": _grammar(
        r"[a-z0-9][a-z0-9._-]{0,99}@[a-z0-9]([a-z0-9.-]*[a-z0-9])?\.gserviceaccount\.com",
        "a Google service account e-mail (NAME@PROJECT.iam.gserviceaccount.com)",
    ),
    "azure-guid": _grammar(_GUID, "a GUID"),
    "azure-resource-group": _grammar(
        r"[A-Za-z0-9_().-]{0,89}[A-Za-z0-9_()-]", "an Azure resource group name"
    ),
    "azure-identity": _grammar(
        rf"({_GUID}|[A-Za-z0-9][A-Za-z0-9_-]{{2,127}}|/subscriptions/{_GUID}/resourceGroups/"
        r"[A-Za-z0-9_().-]{1,90}/providers/Microsoft\.ManagedIdentity/userAssignedIdentities/"
        r"[A-Za-z0-9][A-Za-z0-9_-]{2,127})",
        "a managed identity's name, resource ID or object ID (GUID)",
    ),
    "https-url": _grammar(
        r"https://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~%-]*)*", "an https:// issuer URL"
    ),
    # Union secret names (the unionai Terraform provider's pattern ^[-a-zA-Z0-9_]+$).
    "union-secret": _grammar(
        r"[-a-zA-Z0-9_]{1,253}", "a Union secret name (letters, digits, - and _)"
    ),
    # An image name under the repository (ECR path components).
    "image-name": _grammar(
        r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*",
        "an image name (lower-case path components joined by /)",
    ),
}


@dataclass
class IamContext:
    """What a cloud module builds its plan from."""

    options: IamOptions
    values: Values
    provenance: Provenance
    repository: Repository
    plan: Plan
    repository_location: Location | None = None
    repository_path: str = "$"

    # -- findings ---------------------------------------------------------------------------

    def add(self, finding: Finding) -> None:
        self.plan.findings.append(finding)

    def option_finding(
        self, kind: FindingKind, severity: Severity, flag: str, message: str, hint: str
    ) -> None:
        self.add(Finding(kind.id, severity, message, "$", hint, Location(flag)))

    def value_finding(
        self, kind: FindingKind, severity: Severity, path: Path, message: str, hint: str
    ) -> None:
        location = self.provenance.locate(path)
        self.add(Finding(kind.id, severity, message, format_path(path), hint, location))

    def repository_finding(
        self, kind: FindingKind, severity: Severity, message: str, hint: str
    ) -> None:
        path, location = self.repository_path, self.repository_location
        self.add(Finding(kind.id, severity, message, path, hint, location))

    # -- identifiers ------------------------------------------------------------------------

    def identifier(
        self, value: str | None, flag: str, grammar: str, placeholder: Placeholder | None
    ) -> str:
        """`value` when given and well-formed; otherwise the placeholder's token.

        A malformed value is an error finding (the run then prints nothing); a missing one is
        registered as a placeholder (`placeholder_summary` reports them all in one finding).
        """
        if value is not None:
            rule = GRAMMARS[grammar]
            if rule.accepts(value):
                return value
            self.option_finding(
                BAD_IDENTIFIER,
                Severity.ERROR,
                flag,
                f"{flag} {value!r} is not {rule.expected}",
                f"Pass {rule.expected} to {flag}.",
            )
            # Nothing is printed after an error; the token only keeps the plan well-formed.
            return self.plan.placeholder(placeholder) if placeholder else ""
        if placeholder is None:
            return ""
        return self.plan.placeholder(placeholder)


@dataclass(frozen=True)
class RepositoryChoice:
    """The repository to grant on, and where it came from."""

    text: str
    path: str
    location: Location | None


def choose_repository(
    options: IamOptions, values: Values, provenance: Provenance
) -> tuple[RepositoryChoice | None, list[Finding]]:
    """`--repository`, else `defaultRepository` or its derivation; a finding when neither."""
    if options.repository is not None and options.repository != "":
        return RepositoryChoice(options.repository, "$", Location("--repository")), []
    derived = values.default_repository()
    path = format_path(DEFAULT_REPOSITORY_PATH)
    location = provenance.locate(DEFAULT_REPOSITORY_PATH)
    if derived.value and (derived.cloud != "none" or not derived.derived):
        return RepositoryChoice(derived.value, path, location), []
    if derived.missing:
        missing = ", ".join(dotted(p) for p in derived.missing)
        message = (
            f"no repository: defaultRepository is empty and the {derived.cloud} derivation "
            f"lacks {missing}"
        )
    else:
        message = (
            "no repository: defaultRepository is empty and nothing to derive one from "
            "(no cloud in authenticationType or storage.provider)"
        )
    return None, [
        Finding(
            NO_REPOSITORY.id,
            Severity.ERROR,
            message,
            path,
            "Set imageBuilder.defaultRepository (or the missing keys), or pass --repository URI.",
            location,
        )
    ]


_REGISTRY_OF_CLOUD = {
    "aws": "an ECR repository (ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME)",
    "gcp": "an Artifact Registry repository (LOCATION-docker.pkg.dev/PROJECT/REPOSITORY)",
    "azure": "an ACR registry (NAME.azurecr.io)",
}


def check_repository(repository: Repository, cloud: str, choice: RepositoryChoice) -> list[Finding]:
    """Why `repository` cannot be granted on in `cloud`: its problems, or the wrong host."""
    findings = [
        Finding(
            BAD_REPOSITORY.id,
            Severity.ERROR,
            f"repository {choice.text!r} {problem}",
            choice.path,
            "Write the bare repository a build pushes to: registry host and path, no tag, no "
            "digest, lower case.",
            choice.location,
        )
        for problem in repository.problems
    ]
    if repository.kind != "ecr-public" and repository.cloud != cloud:
        found = f"a {repository.cloud} registry" if repository.cloud else "not a cloud registry"
        findings.append(
            Finding(
                REPOSITORY_CLOUD_MISMATCH.id,
                Severity.ERROR,
                f"repository {choice.text!r} is {found}; --cloud {cloud} needs "
                f"{_REGISTRY_OF_CLOUD[cloud]}",
                choice.path,
                f"Pass --repository with {_REGISTRY_OF_CLOUD[cloud]}, or the --cloud the "
                "repository belongs to.",
                choice.location,
            )
        )
    return findings


def placeholder_summary(plan: Plan) -> Finding | None:
    """One info finding naming every placeholder the output carries (None when there are none)."""
    given = [p for p in plan.placeholders]
    if not given:
        return None
    names = ", ".join(
        f"{p.name} ({'pass ' + p.option if p.option.startswith('--') else p.option or 'no option'})"
        for p in given
    )
    first = next((p.option for p in given if p.option), "iam-policy")
    return Finding(
        PLACEHOLDER.id,
        Severity.INFO,
        f"the output carries {len(given)} placeholder{'s' if len(given) > 1 else ''} for "
        f"identifiers chartgen was not given: {names}",
        "$",
        "Pass the options named to fill them in, or set each one before applying: the shell "
        "script refuses to run until every placeholder is set, Terraform asks for each variable.",
        Location(first),
    )


# -- who build tasks run as ----------------------------------------------------------------

# Union maps a project and domain to the namespace `{project}-{domain}` (the namespace_mapping
# default) and runs tasks there as the `default` service account, which clusterresourcesync
# annotates with userRoleAnnotationKey/Value. In single-namespace mode (`low_privilege`, the
# reference default, or `namespaces.enabled: false`) tasks run in the release namespace as the
# `union` service account, which the chart annotates the same way.
UNION_DOMAINS = ("development", "staging", "production")
SINGLE_NAMESPACE_SERVICE_ACCOUNT = "union"
MULTI_NAMESPACE_SERVICE_ACCOUNT = "default"
BUILD_NAMESPACE = Placeholder(
    "BUILD_NAMESPACE",
    "a namespace build tasks run in (one PROJECT-DOMAIN namespace per project and domain)",
    "--build-namespace",
)


@dataclass(frozen=True)
class BuildSubjects:
    """The (namespace, service account) pairs build tasks run as, and how they were chosen."""

    subjects: tuple[tuple[str, str], ...]
    source: str  # says where they came from, for the notes


def build_subjects(ctx: IamContext, *, patterns_allowed: bool) -> BuildSubjects:
    """Who build tasks run as: `--build-namespace`/`--service-account`, else Union's layout.

    `patterns_allowed`: the cloud can match a namespace pattern (IRSA's StringLike); GKE
    Workload Identity and Azure federated credentials name each namespace exactly.
    """
    options, values = ctx.options, ctx.values
    single = values.single_namespace
    default_account = (
        SINGLE_NAMESPACE_SERVICE_ACCOUNT if single else MULTI_NAMESPACE_SERVICE_ACCOUNT
    )
    account = ctx.identifier(
        options.service_account or default_account,
        "--service-account",
        "k8s-service-account",
        None,
    )
    namespaces: list[str] = []
    for namespace in options.build_namespaces:
        if "*" in namespace:
            if not patterns_allowed:
                ctx.option_finding(
                    BAD_IDENTIFIER,
                    Severity.ERROR,
                    "--build-namespace",
                    f"--build-namespace {namespace!r} is a pattern, but GKE Workload Identity "
                    "and Azure federated credentials name each namespace exactly",
                    "Repeat --build-namespace once per namespace build tasks run in.",
                )
                continue
            namespaces.append(
                ctx.identifier(namespace, "--build-namespace", "k8s-namespace-pattern", None)
            )
        else:
            namespaces.append(ctx.identifier(namespace, "--build-namespace", "k8s-namespace", None))
    if options.build_namespaces:
        source = "the namespaces given with --build-namespace"
    elif single:
        namespaces = [ctx.identifier(options.namespace, "--namespace", "k8s-namespace", None)]
        source = (
            f"single-namespace mode: build tasks run in the release namespace {options.namespace} "
            f"as the {default_account} service account"
        )
    elif patterns_allowed:
        namespaces = [f"*-{domain}" for domain in UNION_DOMAINS]
        source = (
            "multi-namespace mode: build tasks run in Union's PROJECT-DOMAIN namespaces "
            f"({', '.join(namespaces)}) as the {default_account} service account; pass "
            "--build-namespace for each namespace to pin them exactly"
        )
    else:
        namespaces = [ctx.identifier(None, "--build-namespace", "k8s-namespace", BUILD_NAMESPACE)]
        source = (
            "multi-namespace mode: build tasks run in one PROJECT-DOMAIN namespace per project and "
            f"domain, as the {default_account} service account; pass --build-namespace for each"
        )
    subjects = tuple(dict.fromkeys((namespace, account) for namespace in namespaces if namespace))
    return BuildSubjects(subjects, source)


def check_private_repository(repository: Repository, choice: RepositoryChoice) -> list[Finding]:
    """Why `repository` cannot be the target of the private-registry steps."""
    findings = [
        Finding(
            BAD_REPOSITORY.id,
            Severity.ERROR,
            f"repository {choice.text!r} {problem}",
            choice.path,
            "Write the bare repository a build pushes to: registry host and path, no tag, no "
            "digest, lower case.",
            choice.location,
        )
        for problem in repository.problems
    ]
    if not repository.qualified:
        findings.append(
            Finding(
                BAD_REPOSITORY.id,
                Severity.ERROR,
                f"repository {choice.text!r} names no registry host, so Docker reads it as "
                f"docker.io/{repository.path or choice.text}",
                choice.path,
                f"Write the registry host in front: docker.io/{repository.path or choice.text} "
                "for Docker Hub, or HOST[:PORT]/PATH for another registry.",
                choice.location,
            )
        )
    return findings
