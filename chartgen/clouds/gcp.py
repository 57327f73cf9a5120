"""GCP: the `google` authenticationType, Artifact Registry (and legacy `gcr.io`), its IAM.

**Registry.** Artifact Registry repositories are `LOCATION-docker.pkg.dev/PROJECT/REPOSITORY`,
optionally followed by an image prefix; legacy Container Registry hosts (`gcr.io`, `us.gcr.io`,
`eu.gcr.io`, `asia.gcr.io`) are served by Artifact Registry repositories named after the host.
The default repository, when `storage.provider` is gcp or gcs or the top-level `provider` is
gcp, is `REGION-docker.pkg.dev/PROJECT/NAME` from `storage.region`, `storage.gcp.projectId` and
`registryName`.

**IAM** (SPEC §5), all bound on the **repository**, never the project:

- the **user GSA** (build tasks, through `docker-credential-gcr`): `roles/artifactregistry.writer`;
  `roles/iam.serviceAccountTokenCreator` *on itself* for `iam.serviceAccounts.signBlob`
  (`--signblob-scope project` reproduces the documented project-wide grant, with a warning: it
  lets the account impersonate every service account in the project); and one Workload Identity
  binding `roles/iam.workloadIdentityUser` per build namespace,
  `serviceAccount:PROJECT.svc.id.goog[NS/KSA]` — the `union` service account of the release
  namespace in single-namespace mode, the `default` one of every project-domain namespace
  (`--build-namespace`, repeatable) in multi-namespace mode. Each binding names one namespace
  and one service account, narrower than the namespace principal set
  (`principalSet://.../namespace/NS`, which covers every service account there);
- the **node SA** pulls what was built and the **operator-proxy GSA** checks which images exist:
  `roles/artifactregistry.reader`;
- `--base-image` in another repository: `roles/artifactregistry.reader` there for the user GSA
  and the node SA.

Artifact Registry grants per repository: an image prefix (`.../REPOSITORY/PREFIX`) cannot be
scoped, which a warning says. Legacy `gcr.io` hosts are Artifact Registry repositories named after
the host (`gcr.io` in `us`, `eu.gcr.io` in `europe`, ...). The Workload Identity pool is the
data plane's project (`storage.gcp.projectId`); service accounts are given as e-mail addresses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated, NamedTuple

from chartgen.clouds.base import (
    METADATA_BUCKET,
    Flag,
    OptionGroup,
    RepositoryForm,
    StarterPlaceholder,
    fill_template,
    grammar,
)
from chartgen.findings import FindingKind, Severity
from chartgen.iam.placeholder import Placeholder

if TYPE_CHECKING:
    from chartgen.iam.inputs import IamContext, IamOptions
    from chartgen.iam.plan import GcpResource
    from chartgen.registry import Reference, Repository

NAME = "gcp"
LABEL = "GCP"
AUTHENTICATION_TYPE = "google"
STORAGE_PROVIDERS: tuple[str, ...] = ("gcp", "gcs")
TOP_LEVEL_PROVIDERS: tuple[str, ...] = ("gcp",)
REGISTRY_KINDS: tuple[str, ...] = ("artifact-registry", "gcr")
REGISTRY_LABEL = "Artifact Registry"
IAM_TARGET = "an Artifact Registry repository (LOCATION-docker.pkg.dev/PROJECT/REPOSITORY)"
IDENTITY_ANNOTATION = "iam.gke.io/gcp-service-account"
IDENTITY_SYSTEM = "GKE Workload Identity"
IDENTITY_PREFIX_VARIES = False
BUILD_IDENTITY = "the user GSA"

# -- the registry ---------------------------------------------------------------------------------

_AR = grammar(r"(?P<location>[a-z0-9-]+)-docker\.pkg\.dev", "an Artifact Registry host")
_GCR = grammar(r"(?:(?:us|eu|asia)\.)?gcr\.io", "a Container Registry host")
_AR_PROJECT = grammar(r"[a-z][a-z0-9-]{4,28}[a-z0-9]", "a GCP project ID")
_AR_REPO = grammar(r"[a-z]([a-z0-9-]*[a-z0-9])?", "an Artifact Registry repository ID")


def parse_registry(reference: Reference) -> Repository | None:
    """An Artifact Registry or legacy gcr.io repository, or None for other hosts."""
    from chartgen.registry import Repository, path_problems

    text, host, path = reference.raw, reference.host, reference.path
    problems = list(reference.problems)
    match = _AR.match(host)
    if match:
        parts = path.split("/") if path else []
        project = parts[0] if parts else None
        repo = parts[1] if len(parts) > 1 else None
        prefix = "/".join(parts[2:]) or None
        if project is None or repo is None:
            problems.append(
                "must be LOCATION-docker.pkg.dev/PROJECT/REPOSITORY[/PREFIX] "
                "(project and repository are required)"
            )
        else:
            if not _AR_PROJECT.accepts(project) and "." not in project:
                problems.append(f"{project!r} is not a valid GCP project ID")
            if not _AR_REPO.accepts(repo):
                problems.append(f"{repo!r} is not a valid Artifact Registry repository ID")
            if prefix:
                problems.extend(path_problems(prefix))
        return Repository(
            text,
            host,
            path,
            "artifact-registry",
            REGISTRY_LABEL,
            cloud=NAME,
            location=match.group("location"),
            project=project,
            ar_repository=repo,
            image_prefix=prefix,
            problems=tuple(problems),
        )
    if _GCR.accepts(host):
        parts = path.split("/") if path else []
        problems.extend(path_problems(path))
        return Repository(
            text,
            host,
            path,
            "gcr",
            "Container Registry (gcr.io)",
            cloud=NAME,
            project=parts[0] if parts else None,
            problems=tuple(problems),
        )
    return None


# -- the default repository ---------------------------------------------------------------------


def derive_repository(parts: Mapping[str, str]) -> str:
    return fill_template(REPOSITORY.template, parts)


REPOSITORY = RepositoryForm(
    "artifact-registry",
    "an Artifact Registry repository",
    "REGION-docker.pkg.dev/PROJECT/NAME",
    "REGION-docker.pkg.dev/PROJECT/NAME",
    (
        ("REGION", ("storage", "region")),
        ("PROJECT", ("storage", "gcp", "projectId")),
        ("NAME", ("imageBuilder", "registryName")),
    ),
    {"REGION": "us-central1", "PROJECT": "my-project", "NAME": "union-dataplane"},
    derive_repository,
)

PROJECT_PLACEHOLDER = StarterPlaceholder(
    "my-project",
    "the starter's example project ID",
    "your Google Cloud project ID (gcloud config get-value project)",
)
PLACEHOLDERS: tuple[StarterPlaceholder, ...] = (PROJECT_PLACEHOLDER, METADATA_BUCKET)

STARTER_VALUES = f"""\
storage:
  provider: gcs
  region: us-central1                # the Artifact Registry location
  bucketName: {METADATA_BUCKET.value}      # REPLACE: the data plane's metadata bucket
  gcp:
    projectId: {PROJECT_PLACEHOLDER.value}            # REPLACE: your project ID

# Who needs which grant (`chartgen iam-policy --cloud gcp` prints them): the user GSA, on the
# pods of build tasks (Workload Identity), writes to the repository and signs blobs as itself;
# the node and operator-proxy service accounts read. buildkitd needs no GSA: BuildKit pushes
# with the credentials the build task forwards, and a GSA on its account would serve every
# build step.
userRoleAnnotationKey: iam.gke.io/gcp-service-account
# The user GSA, in your project:
userRoleAnnotationValue: union-user@{PROJECT_PLACEHOLDER.value}.iam.gserviceaccount.com  # REPLACE

imageBuilder:
  authenticationType: google
  # Empty derives REGION-docker.pkg.dev/PROJECT/<registryName> from the keys above.
  defaultRepository: ""
  registryName: union-dataplane      # the Artifact Registry repository
"""

# -- iam-policy -----------------------------------------------------------------------------------

LEGACY_GCR = FindingKind(
    "IB510",
    "iam-legacy-gcr",
    Severity.WARNING,
    """The repository is on legacy Container Registry (`gcr.io`).

Container Registry is shut down; `gcr.io` names are served by Artifact Registry repositories
named after the host (`gcr.io`, `us.gcr.io`, ...), which the bindings target. Move to a
`LOCATION-docker.pkg.dev` repository.""",
)

SIGNBLOB_PROJECT = FindingKind(
    "IB511",
    "iam-signblob-project",
    Severity.WARNING,
    """`--signblob-scope project` grants Service Account Token Creator on the whole project.

That lets the user service account impersonate *every* service account in the project. The
default (`self`) binds the role on the user service account itself, which is all signBlob needs.""",
)

KINDS: tuple[FindingKind, ...] = (LEGACY_GCR, SIGNBLOB_PROJECT)

SERVICE_ACCOUNT_EMAIL = grammar(
    r"[a-z0-9][a-z0-9._-]{0,99}@[a-z0-9]([a-z0-9.-]*[a-z0-9])?\.gserviceaccount\.com",
    "a Google service account e-mail (NAME@PROJECT.iam.gserviceaccount.com)",
)


class Options(NamedTuple):
    """The GCP options of `chartgen iam-policy`."""

    user_gsa: Annotated[
        str | None,
        Flag("--user-gsa", "The build tasks' service account.", metavar="EMAIL"),
    ] = None
    node_sa: Annotated[
        str | None,
        Flag("--node-sa", "The GKE node service account.", metavar="EMAIL"),
    ] = None
    operator_proxy_gsa: Annotated[
        str | None,
        Flag("--operator-proxy-gsa", "The operator-proxy service account.", metavar="EMAIL"),
    ] = None
    signblob_scope: Annotated[
        str | None,
        Flag(
            "--signblob-scope",
            "Token Creator for signBlob on the user GSA itself (self, default) or the whole "
            "project (project; warns).",
            choices=("self", "project"),
        ),
    ] = None


OPTIONS = OptionGroup(LABEL, Options, (NAME,), f"--cloud {NAME}")


def option_problems(options: IamOptions) -> list[str]:
    return []


WRITER = "roles/artifactregistry.writer"
READER = "roles/artifactregistry.reader"
TOKEN_CREATOR = "roles/iam.serviceAccountTokenCreator"
WORKLOAD_IDENTITY_USER = "roles/iam.workloadIdentityUser"

# Container Registry hosts → the Artifact Registry repository serving them (location, name).
GCR_REPOSITORIES: dict[str, tuple[str, str]] = {
    "gcr.io": ("us", "gcr.io"),
    "us.gcr.io": ("us", "us.gcr.io"),
    "eu.gcr.io": ("europe", "eu.gcr.io"),
    "asia.gcr.io": ("asia", "asia.gcr.io"),
}

_GSA_PROJECT = grammar(
    r"[^@]+@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com",
    "a service account e-mail in a project",
)
_PROJECT = grammar(r"([a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]", "a project ID")


class Identity(NamedTuple):
    key: str
    given: Callable[[Options], str | None]
    placeholder: Placeholder


class RepositoryRole(NamedTuple):
    identity: str
    role: str
    base_image_role: str | None
    purpose: str


USER = Identity(
    "user-gsa",
    lambda options: options.user_gsa,
    Placeholder(
        "USER_GSA", "the e-mail of the Google service account build tasks run as", "--user-gsa"
    ),
)
IDENTITIES: tuple[Identity, ...] = (
    USER,
    Identity(
        "node-sa",
        lambda options: options.node_sa,
        Placeholder("NODE_SA", "the e-mail of the GKE node service account", "--node-sa"),
    ),
    Identity(
        "operator-proxy-gsa",
        lambda options: options.operator_proxy_gsa,
        Placeholder(
            "OPERATOR_PROXY_GSA",
            "the e-mail of the operator-proxy Google service account",
            "--operator-proxy-gsa",
        ),
    ),
)

REPOSITORY_ROLES: tuple[RepositoryRole, ...] = (
    RepositoryRole("user-gsa", WRITER, READER, "build tasks push the built image and pull layers"),
    RepositoryRole("node-sa", READER, READER, "nodes pull the built images"),
    RepositoryRole(
        "operator-proxy-gsa", READER, None, "the operator-proxy checks which images exist"
    ),
)

GKE_PROJECT = Placeholder(
    "GKE_PROJECT_ID",
    "the project of the GKE cluster, whose workload pool is PROJECT.svc.id.goog",
    "storage.gcp.projectId",
)
USER_GSA_PROJECT = Placeholder(
    "USER_GSA_PROJECT_ID", "the project the user service account lives in", "--user-gsa"
)


def artifact_repository(repository: Repository) -> tuple[GcpResource, str] | None:
    """The Artifact Registry repository serving `repository`, and the image prefix in it."""
    from chartgen.iam.plan import GcpResource

    if repository.kind == "artifact-registry":
        if not (repository.project and repository.ar_repository and repository.location):
            return None
        resource = GcpResource(
            "repository", repository.project, repository.location, repository.ar_repository
        )
        return resource, repository.image_prefix or ""
    if repository.kind == "gcr" and repository.project:
        location, name = GCR_REPOSITORIES.get(repository.host, ("us", repository.host))
        prefix = repository.path.partition("/")[2]
        return GcpResource("repository", repository.project, location, name), prefix
    return None


def _project_of(email: str) -> str:
    match = _GSA_PROJECT.match(email)
    return match.group(1) if match else ""


def _workload_project(ctx: IamContext) -> str:
    from chartgen.iam import BAD_IDENTIFIER

    storage = ctx.values.storage
    project = storage.gcp.projectId if storage and storage.gcp else None
    if project:
        if _PROJECT.accepts(project):
            return project
        ctx.value_finding(
            BAD_IDENTIFIER,
            Severity.ERROR,
            ("storage", "gcp", "projectId"),
            f"storage.gcp.projectId {project!r} is not a GCP project ID",
            "Set storage.gcp.projectId to the data plane's project ID.",
        )
    return ctx.identifier(None, GKE_PROJECT.option, SERVICE_ACCOUNT_EMAIL, GKE_PROJECT)


def _base_repository(ctx: IamContext, target: GcpResource) -> GcpResource | None:
    """The repository of `--base-image` when it is another Artifact Registry repository."""

    def mismatch(base: Repository) -> str | None:
        if artifact_repository(base) is None:
            return "is not in an Artifact Registry repository (LOCATION-docker.pkg.dev/...)"
        return None

    base = ctx.base_image(
        mismatch, "Pass a private Artifact Registry image; public images need no IAM."
    )
    found = artifact_repository(base) if base is not None else None
    if found is None:
        return None
    if found[0] == target:
        ctx.plan.notes.append(
            "The base image is in the target repository: the roles on it already cover it."
        )
        return None
    return found[0]


def build_plan(ctx: IamContext) -> None:
    """Fill `ctx.plan` with the GCP bindings for `ctx.repository`."""
    from chartgen.iam import BAD_REPOSITORY, UNSCOPED_PREFIX
    from chartgen.iam.inputs import build_subjects
    from chartgen.iam.plan import Binding, GcpResource

    options, plan, repository = ctx.options.group(Options), ctx.plan, ctx.repository
    found = artifact_repository(repository)
    if found is None:
        ctx.repository_finding(
            BAD_REPOSITORY,
            Severity.ERROR,
            f"repository {repository.raw!r} names no project",
            "Write LOCATION-docker.pkg.dev/PROJECT/REPOSITORY[/PREFIX].",
        )
        return
    target, prefix = found
    if repository.kind == "gcr":
        ctx.repository_finding(
            LEGACY_GCR,
            Severity.WARNING,
            f"repository {repository.raw!r} is on legacy Container Registry; the bindings "
            f"target the Artifact Registry repository {target.repository!r} in "
            f"{target.location}",
            "Move to a LOCATION-docker.pkg.dev repository.",
        )
    if prefix:
        ctx.repository_finding(
            UNSCOPED_PREFIX,
            Severity.WARNING,
            f"the roles apply to the whole repository {target.repository!r}, not only to images "
            f"under {prefix}/: Artifact Registry cannot scope IAM to an image prefix",
            "Use a dedicated repository for image builds if other images must stay out of reach.",
        )

    emails = {
        identity.key: ctx.identifier(
            identity.given(options),
            identity.placeholder.option,
            SERVICE_ACCOUNT_EMAIL,
            identity.placeholder,
        )
        for identity in IDENTITIES
    }
    base = _base_repository(ctx, target)
    for entry in REPOSITORY_ROLES:
        role_name = entry.role.rsplit(".", 1)[1]
        plan.grants.append(
            Binding(
                f"{entry.identity}-{role_name}",
                target,
                entry.role,
                f"serviceAccount:{emails[entry.identity]}",
                entry.purpose,
            )
        )
    if base is not None:
        for entry in REPOSITORY_ROLES:
            if entry.base_image_role is None:
                continue
            role_name = entry.base_image_role.rsplit(".", 1)[1]
            plan.grants.append(
                Binding(
                    f"{entry.identity}-base-image-{role_name}",
                    base,
                    entry.base_image_role,
                    f"serviceAccount:{emails[entry.identity]}",
                    "pull the private base image",
                )
            )

    user = emails[USER.key]
    user_account = GcpResource("service-account", _project_of(user) or "-", email=user)
    if (options.signblob_scope or "self") == "project":
        project = _project_of(user) or ctx.identifier(
            None, USER_GSA_PROJECT.option, SERVICE_ACCOUNT_EMAIL, USER_GSA_PROJECT
        )
        ctx.option_finding(
            SIGNBLOB_PROJECT,
            Severity.WARNING,
            "--signblob-scope",
            f"Service Account Token Creator on project {project} lets {user} impersonate every "
            "service account in that project",
            "Use --signblob-scope self (the default): signBlob only needs the role on the user "
            "service account itself.",
        )
        signer = GcpResource("project", project)
    else:
        signer = user_account
    plan.grants.append(
        Binding(
            "user-gsa-token-creator",
            signer,
            TOKEN_CREATOR,
            f"serviceAccount:{user}",
            "build tasks sign blobs as themselves (iam.serviceAccounts.signBlob)",
        )
    )

    pool = _workload_project(ctx)
    chosen = build_subjects(ctx, patterns_allowed=False)
    for namespace, ksa in chosen.subjects:
        suffix = f"-{namespace}" if len(chosen.subjects) > 1 else ""
        plan.grants.append(
            Binding(
                f"user-gsa-workload-identity{suffix}",
                user_account,
                WORKLOAD_IDENTITY_USER,
                f"serviceAccount:{pool}.svc.id.goog[{namespace}/{ksa}]",
                f"Workload Identity: {namespace}/{ksa} acts as the user GSA",
            )
        )
    chosen.grant_workload(
        plan,
        (IDENTITY_ANNOTATION, user),
        "the service accounts build tasks run as map to the user GSA",
    )
