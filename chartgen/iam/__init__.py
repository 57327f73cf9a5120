"""Least-privilege IAM for the Image Builder: `chartgen iam-policy`.

The package owns the IAM documents and commands for AWS, GCP and Azure, and the findings about
their inputs (IB5xx, documented below as data for `chartgen explain`). One module per cloud
builds a `plan.Plan` as data — `aws`, `gcp`, `azure`, plus `guidance` for `noop`/`basic`
authentication — from the validated values and the identifiers in `inputs.IamOptions`; one module
per output format writes it: `json_writer`, `terraform_writer`, `shell_writer`, each escaping
every value through the one routine of its format in `quoting`. `private_registry` plans the
image-pull-secret steps for registries that are not a cloud's (GHCR, Quay, Docker Hub, Harbor),
and `audit` compares what an account already grants with what chartgen would emit.

This module stays import-light: `chartgen.catalogue` imports it to list the finding kinds.
"""

from __future__ import annotations

from chartgen.findings import FindingKind, Severity

NO_REPOSITORY = FindingKind(
    "IB501",
    "iam-no-repository",
    Severity.ERROR,
    """There is no repository to grant access to.

`imageBuilder.defaultRepository` is empty and cannot be derived (AWS needs
`global.AWS_ACCOUNT_ID` and `storage.region`; GCP needs `storage.region` and
`storage.gcp.projectId`). Set `defaultRepository`, the missing keys, or pass `--repository URI`.""",
)

BAD_REPOSITORY = FindingKind(
    "IB502",
    "iam-bad-repository",
    Severity.ERROR,
    """The repository cannot be a push target.

A tag or digest, upper-case letters, a URL scheme, ECR Public (`public.ecr.aws`), an invalid
repository name or an Artifact Registry path without project and repository: permissions
cannot be written for it. Write the bare repository, e.g.
`123456789012.dkr.ecr.us-east-1.amazonaws.com/union/builds`.""",
)

REPOSITORY_CLOUD_MISMATCH = FindingKind(
    "IB503",
    "iam-repository-cloud-mismatch",
    Severity.ERROR,
    """The repository is not a registry of the chosen cloud.

`--cloud aws` needs an ECR repository (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`), `gcp` an
Artifact Registry one (`LOCATION-docker.pkg.dev/PROJECT/REPOSITORY`), `azure` an ACR one
(`NAME.azurecr.io`). Other registries are reached with credentials (`authenticationType: basic`),
not cloud IAM.""",
)

CLOUD_MISMATCH = FindingKind(
    "IB504",
    "iam-cloud-mismatch",
    Severity.ERROR,
    """`--cloud` contradicts `authenticationType`.

The build task authenticates the way `imageBuilder.authenticationType` says (`aws`, `google`,
`azure`); permissions for another cloud would never be used. Change one of the two.""",
)

BAD_IDENTIFIER = FindingKind(
    "IB505",
    "iam-bad-identifier",
    Severity.ERROR,
    """An identifier given on the command line is malformed.

Account IDs are 12 digits, role names 1-64 of `A-Za-z0-9+=,.@_-`, Google service accounts are
e-mail addresses ending in `gserviceaccount.com`, Azure subscription and object IDs are GUIDs,
namespaces are DNS-1123 labels. chartgen refuses to write policies around a typo.""",
)

ACCOUNT_MISMATCH = FindingKind(
    "IB506",
    "iam-account-mismatch",
    Severity.ERROR,
    """The repository lives in another AWS account than the data plane.

Identity policies alone do not reach a repository in another account: the registry account must
also allow the data-plane roles in a repository policy. Pass `--cross-account` to get it. (A
warning when the other account comes from `global.AWS_ACCOUNT_ID` rather than
`--dataplane-account`.)""",
)

NOT_CROSS_ACCOUNT = FindingKind(
    "IB507",
    "iam-not-cross-account",
    Severity.WARNING,
    """`--cross-account` was given, but the data plane and the registry share one account.

The repository policy is then unnecessary: identity policies suffice within one account.""",
)

PLACEHOLDER = FindingKind(
    "IB508",
    "iam-placeholder",
    Severity.INFO,
    """Identifiers were not given; the output carries placeholders for them.

One finding lists every placeholder with the option that fills it in. JSON shows `${NAME}`
tokens (and lists them under `placeholders`), Terraform declares a `variable`, the shell script
refuses to run until `NAME` is set. Pass the options named in the finding to fill them in.""",
)

UNSCOPED_PREFIX = FindingKind(
    "IB509",
    "iam-unscoped-prefix",
    Severity.WARNING,
    """Permissions cannot be narrowed to the image prefix in the repository.

Artifact Registry grants roles per repository, so the identities can reach every image in it,
not only those under the prefix. On Azure, `AcrPush`/`AcrPull` apply to the whole registry; an
ABAC-enabled registry (role assignment permissions mode "RBAC Registry + ABAC Repository
Permissions"; check with `az acr show --name NAME --query roleAssignmentMode`, which says
`AbacRepositoryPermissions`) scopes "Container Registry Repository Writer/Reader" assignments
to the repositories under the path with a `repositories:name` condition: pass `--acr-abac` to
get them. There AcrPush/AcrPull are not honoured at all. Otherwise use a dedicated repository
(registry) for image builds if other images must stay out of reach.""",
)

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

FEDERATED_CREDENTIAL_LIMIT = FindingKind(
    "IB513",
    "iam-federated-credential-limit",
    Severity.WARNING,
    """The Azure user identity would need more federated credentials than it can hold.

A user-assigned managed identity holds at most 20 federated identity credentials, and
chartgen emits one per build namespace (Azure matches the subject exactly). A warning when the
plan fills all 20 (credentials the identity already has count too); an error beyond. Use
single-namespace mode, fewer build namespaces, or a second identity.""",
)

TRUST_ANY_NAMESPACE = FindingKind(
    "IB514",
    "iam-trust-any-namespace",
    Severity.WARNING,
    """A trust subject matches the service account in every namespace.

`--build-namespace '*'` lets any pod running as that service account name anywhere in the
cluster assume the user role (Union's own example trusts `system:serviceaccount:*`). Name the
build namespaces, or a pattern such as `*-development`.""",
)

AUDIT_MISSING = FindingKind(
    "IB515",
    "iam-audit-missing",
    Severity.ERROR,
    """`--audit`: a grant the Image Builder needs is missing from what the account has.

The finding points at the audited file and names the permission (action and resource, role
binding, role assignment) chartgen would emit, and where it would go. The run exits 1.""",
)

AUDIT_TOO_BROAD = FindingKind(
    "IB516",
    "iam-audit-too-broad",
    Severity.WARNING,
    """`--audit`: a grant is broader than the Image Builder needs.

A wildcard action (`ecr:*`, `*`), a wildcard or account-wide resource, a principal `*` or an
account root, a subject pattern that matches every namespace, a project-wide role or an
Owner/Contributor-style role, or an action the Image Builder never uses. The finding points at
the line that grants it and says what chartgen would grant instead.""",
)

AUDIT_WRONG_RESOURCE = FindingKind(
    "IB517",
    "iam-audit-wrong-resource",
    Severity.WARNING,
    """`--audit`: a grant the Image Builder needs is given on another resource.

The right permission, but on a different repository, registry or scope than the values name
(a typo in an ARN, another region or account). It does not count towards what is needed.""",
)

AUDIT_UNREADABLE = FindingKind(
    "IB518",
    "iam-audit-unreadable",
    Severity.ERROR,
    """`--audit`: a file is not one of the IAM outputs chartgen reads.

Accepted: an AWS policy document, `aws iam get-role-policy` or `get-policy-version` output,
`aws ecr get-repository-policy` output, a GCP `get-iam-policy` JSON, an Azure `az role
assignment list` JSON. Prefix the file with what it is when its shape does not say
(`user-role=policy.json`, `repository=iam.json`).""",
)

BAD_BASE_IMAGE = FindingKind(
    "IB512",
    "iam-bad-base-image",
    Severity.ERROR,
    """`--base-image` is not an image in the chosen cloud's registry.

Only a private base image in the cloud's own registry needs IAM (ECR, Artifact Registry, ACR, in
the same AWS partition); public images need nothing, other registries an image pull secret.""",
)

KINDS: tuple[FindingKind, ...] = (
    NO_REPOSITORY,
    BAD_REPOSITORY,
    REPOSITORY_CLOUD_MISMATCH,
    CLOUD_MISMATCH,
    BAD_IDENTIFIER,
    ACCOUNT_MISMATCH,
    NOT_CROSS_ACCOUNT,
    PLACEHOLDER,
    UNSCOPED_PREFIX,
    LEGACY_GCR,
    SIGNBLOB_PROJECT,
    FEDERATED_CREDENTIAL_LIMIT,
    TRUST_ANY_NAMESPACE,
    AUDIT_MISSING,
    AUDIT_TOO_BROAD,
    AUDIT_WRONG_RESOURCE,
    AUDIT_UNREADABLE,
    BAD_BASE_IMAGE,
)
