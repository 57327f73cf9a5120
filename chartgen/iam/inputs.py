"""The inputs of `chartgen iam-policy`: options, the repository to grant on, who builds run as.

`IamOptions` is what the command line gave. `IamContext` is what every cloud module works from:
the validated values with their origins, the parsed repository and where it came from, and the
helpers that turn a missing identifier into a placeholder or a malformed one into a located
finding (each identifier is checked against its `clouds.base.Grammar`, declared by the module
that knows it), and that check `--base-image` against a cloud's registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from chartgen.clouds.base import Grammar, grammar
from chartgen.findings import Finding, FindingKind, Location, Severity
from chartgen.iam import (
    BAD_BASE_IMAGE,
    BAD_IDENTIFIER,
    BAD_REPOSITORY,
    NO_REPOSITORY,
    PLACEHOLDER,
    REPOSITORY_CLOUD_MISMATCH,
)
from chartgen.iam.placeholder import Placeholder
from chartgen.iam.plan import Lookup, Plan, WorkloadSettings
from chartgen.record import record
from chartgen.values.provenance import Path, Provenance, dotted, format_path

if TYPE_CHECKING:
    from chartgen.clouds.base import Cloud
    from chartgen.model import Values
    from chartgen.registry import Repository

DEFAULT_REPOSITORY_PATH: Path = ("imageBuilder", "defaultRepository")

G = TypeVar("G")


@record(frozen=True)
class IamOptions:
    """The command line of `chartgen iam-policy` (None: not given).

    The options every plan reads are fields; the options of one cloud (or of the private
    registries) are an instance of that module's option group, found by its type: `group()`.
    """

    cloud: str | None = None
    output: str = "json"
    repository: str | None = None
    base_image: str | None = None
    namespace: str = "union"  # the release namespace, as in `render`
    strict: bool = False
    output_dir: str | None = None
    force: bool = False
    audit: tuple[str, ...] = ()
    groups: tuple[object, ...] = ()  # one instance per OptionGroup (`chartgen.clouds`)

    def group(self, options: type[G]) -> G:
        """The given options of one group (its defaults when the command line gave none)."""
        found = next((g for g in self.groups if isinstance(g, options)), None)
        return found if found is not None else options()


# Kubernetes names every cloud's workload identity refers to.
_DNS_LABEL = r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"
NAMESPACE = grammar(_DNS_LABEL, "a Kubernetes namespace (DNS-1123 label)")
NAMESPACE_PATTERN = grammar(
    r"(?=[a-z0-9*-]{1,63}\Z)[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?",
    "a Kubernetes namespace, or a pattern of one with * (DNS-1123 label characters and *)",
)
SERVICE_ACCOUNT = grammar(
    rf"(?=.{{1,253}}\Z){_DNS_LABEL}(\.{_DNS_LABEL})*",
    "a Kubernetes service account name (DNS-1123 subdomain)",
)


@record
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
        """A finding about a command-line option; an error there is a usage error (exit 2):
        the command line asks for what cannot be, and the hint says what to pass instead."""
        self.add(Finding(kind.id, severity, message, "$", hint, Location(flag),
                         usage=severity is Severity.ERROR))

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
        self, value: str | None, flag: str, rule: Grammar, placeholder: Placeholder | None
    ) -> str:
        """`value` when given and well-formed; otherwise the placeholder's token.

        A malformed value is an error finding (the run then prints nothing); a missing one is
        registered as a placeholder (`placeholder_summary` reports them all in one finding).
        """
        if value is not None:
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

    def base_image(
        self, mismatch: Callable[[Repository], str | None], hint: str
    ) -> Repository | None:
        """`--base-image`, parsed, when it is an image in this cloud's registry; otherwise
        None, with a finding for each thing wrong with it (`mismatch`: why it is not in this
        cloud's registry, or None)."""
        text = self.options.base_image
        if text is None:
            return None
        from chartgen.registry import parse_image

        base = parse_image(text)
        problems = list(base.problems)
        wrong = mismatch(base)
        if wrong is not None:
            problems.append(wrong)
        for problem in dict.fromkeys(problems):
            self.option_finding(
                BAD_BASE_IMAGE,
                Severity.ERROR,
                "--base-image",
                f"base image {text!r} {problem}",
                hint,
            )
        return None if problems else base


@record(frozen=True)
class RepositoryChoice:
    """The repository to grant on, and where it came from (`given`: from `--repository`, so
    a repository that cannot be granted on is a usage error, exit 2)."""

    text: str
    path: str
    location: Location | None
    given: bool = False


def choose_repository(
    options: IamOptions, values: Values, provenance: Provenance
) -> tuple[RepositoryChoice | None, list[Finding]]:
    """`--repository`, else `defaultRepository` or its derivation; a finding when neither."""
    if options.repository is not None and options.repository != "":
        return RepositoryChoice(options.repository, "$", Location("--repository"), True), []
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


def _unusable(repository: Repository, choice: RepositoryChoice) -> list[Finding]:
    """What makes `repository` unusable anywhere: a tag, a digest, upper case."""
    return [
        Finding(
            BAD_REPOSITORY.id,
            Severity.ERROR,
            f"repository {choice.text!r} {problem}",
            choice.path,
            "Write the bare repository a build pushes to: registry host and path, no tag, no "
            "digest, lower case.",
            choice.location,
            usage=choice.given,
        )
        for problem in repository.problems
    ]


def check_repository(
    repository: Repository, cloud: Cloud, choice: RepositoryChoice
) -> list[Finding]:
    """Why `repository` cannot be granted on in `cloud`: its problems, or the wrong host."""
    findings = _unusable(repository, choice)
    if repository.kind != "ecr-public" and repository.cloud != cloud.NAME:
        found = f"a {repository.cloud} registry" if repository.cloud else "not a cloud registry"
        findings.append(
            Finding(
                REPOSITORY_CLOUD_MISMATCH.id,
                Severity.ERROR,
                f"repository {choice.text!r} is {found}; --cloud {cloud.NAME} needs "
                f"{cloud.IAM_TARGET}",
                choice.path,
                f"Pass --repository with {cloud.IAM_TARGET}, or the --cloud the "
                "repository belongs to.",
                choice.location,
                usage=choice.given,
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


@record(frozen=True)
class BuildSubjects:
    """The (namespace, service account) pairs build tasks run as, and how they were chosen."""

    subjects: tuple[tuple[str, str], ...]
    source: str  # says where they came from, for the notes

    def grant_workload(
        self,
        plan: Plan,
        annotation: tuple[str, str | Lookup],
        purpose: str,
        pod_labels: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """What the build tasks' service accounts must carry, and the note naming them."""
        plan.grants.append(
            WorkloadSettings("user-workload", self.subjects, (annotation,), pod_labels, purpose)
        )
        plan.notes.append(f"Build identities: {self.source}.")


def build_subjects(ctx: IamContext, *, patterns_allowed: bool) -> BuildSubjects:
    """Who build tasks run as: `--build-namespace`/`--service-account`, else Union's layout.

    `patterns_allowed`: the cloud can match a namespace pattern (IRSA's StringLike); GKE
    Workload Identity and Azure federated credentials name each namespace exactly.
    """
    from chartgen.clouds import WorkloadOptions

    options, values = ctx.options.group(WorkloadOptions), ctx.values
    single = values.single_namespace
    default_account = (
        SINGLE_NAMESPACE_SERVICE_ACCOUNT if single else MULTI_NAMESPACE_SERVICE_ACCOUNT
    )
    account = ctx.identifier(
        options.service_account or default_account,
        "--service-account",
        SERVICE_ACCOUNT,
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
                ctx.identifier(namespace, "--build-namespace", NAMESPACE_PATTERN, None)
            )
        else:
            namespaces.append(ctx.identifier(namespace, "--build-namespace", NAMESPACE, None))
    if options.build_namespaces:
        source = "the namespaces given with --build-namespace"
    elif single:
        namespaces = [ctx.identifier(ctx.options.namespace, "--namespace", NAMESPACE, None)]
        source = (
            "single-namespace mode: build tasks run in the release namespace "
            f"{ctx.options.namespace} as the {default_account} service account"
        )
    elif patterns_allowed:
        namespaces = [f"*-{domain}" for domain in UNION_DOMAINS]
        source = (
            "multi-namespace mode: build tasks run in Union's PROJECT-DOMAIN namespaces "
            f"({', '.join(namespaces)}) as the {default_account} service account; pass "
            "--build-namespace for each namespace to pin them exactly"
        )
    else:
        namespaces = [ctx.identifier(None, "--build-namespace", NAMESPACE, BUILD_NAMESPACE)]
        source = (
            "multi-namespace mode: build tasks run in one PROJECT-DOMAIN namespace per project and "
            f"domain, as the {default_account} service account; pass --build-namespace for each"
        )
    subjects = tuple(dict.fromkeys((namespace, account) for namespace in namespaces if namespace))
    return BuildSubjects(subjects, source)


def check_private_repository(repository: Repository, choice: RepositoryChoice) -> list[Finding]:
    """Why `repository` cannot be the target of the private-registry steps."""
    findings = _unusable(repository, choice)
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
                usage=choice.given,
            )
        )
    return findings
