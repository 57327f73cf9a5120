"""Least-privilege IAM for the Image Builder: `chartgen iam-policy`.

The package owns the IAM documents and commands for AWS, GCP and Azure, and the findings about
their inputs (IB5xx, documented below as data for `chartgen explain`). One module per cloud
builds a `plan.Plan` as data — `aws`, `gcp`, `azure`, plus `guidance` for `noop`/`basic`
authentication — from the validated values and the identifiers in `inputs.IamOptions`; one module
per output format writes it: `json_writer`, `terraform_writer`, `shell_writer`.

This module stays import-light: `chartgen.checks` imports it to list the checks.
"""

from __future__ import annotations

from chartgen.checks import Check
from chartgen.findings import Severity

NO_REPOSITORY = "IB501"
BAD_REPOSITORY = "IB502"
REPOSITORY_CLOUD_MISMATCH = "IB503"
CLOUD_MISMATCH = "IB504"
BAD_IDENTIFIER = "IB505"
ACCOUNT_MISMATCH = "IB506"
NOT_CROSS_ACCOUNT = "IB507"
PLACEHOLDER = "IB508"
UNSCOPED_PREFIX = "IB509"
LEGACY_GCR = "IB510"
SIGNBLOB_PROJECT = "IB511"
BAD_BASE_IMAGE = "IB512"

CHECKS: tuple[Check, ...] = (
    Check(
        NO_REPOSITORY,
        "iam-no-repository",
        Severity.ERROR,
        """There is no repository to grant access to.

`imageBuilder.defaultRepository` is empty and cannot be derived (AWS needs
`global.AWS_ACCOUNT_ID` and `storage.region`; GCP needs `storage.region` and
`storage.gcp.projectId`). Set `defaultRepository`, the missing keys, or pass `--repository URI`.""",
    ),
    Check(
        BAD_REPOSITORY,
        "iam-bad-repository",
        Severity.ERROR,
        """The repository cannot be a push target.

A tag or digest, upper-case letters, a URL scheme, ECR Public (`public.ecr.aws`), an invalid
repository name or an Artifact Registry path without project and repository: permissions
cannot be written for it. Write the bare repository, e.g.
`123456789012.dkr.ecr.us-east-1.amazonaws.com/union/builds`.""",
    ),
    Check(
        REPOSITORY_CLOUD_MISMATCH,
        "iam-repository-cloud-mismatch",
        Severity.ERROR,
        """The repository is not a registry of the chosen cloud.

`--cloud aws` needs an ECR repository (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`), `gcp` an
Artifact Registry one (`LOCATION-docker.pkg.dev/PROJECT/REPOSITORY`), `azure` an ACR one
(`NAME.azurecr.io`). Other registries are reached with credentials (`authenticationType: basic`),
not cloud IAM.""",
    ),
    Check(
        CLOUD_MISMATCH,
        "iam-cloud-mismatch",
        Severity.ERROR,
        """`--cloud` contradicts `authenticationType`.

The build task authenticates the way `imageBuilder.authenticationType` says (`aws`, `google`,
`azure`); permissions for another cloud would never be used. Change one of the two.""",
    ),
    Check(
        BAD_IDENTIFIER,
        "iam-bad-identifier",
        Severity.ERROR,
        """An identifier given on the command line is malformed.

Account IDs are 12 digits, role names 1-64 of `A-Za-z0-9+=,.@_-`, Google service accounts are
e-mail addresses ending in `gserviceaccount.com`, Azure subscription and object IDs are GUIDs,
namespaces are DNS-1123 labels. chartgen refuses to write policies around a typo.""",
    ),
    Check(
        ACCOUNT_MISMATCH,
        "iam-account-mismatch",
        Severity.ERROR,
        """The repository lives in another AWS account than the data plane.

Identity policies alone do not reach a repository in another account: the registry account must
also allow the data-plane roles in a repository policy. Pass `--cross-account` to get it. (A
warning when the other account comes from `global.AWS_ACCOUNT_ID` rather than
`--dataplane-account`.)""",
    ),
    Check(
        NOT_CROSS_ACCOUNT,
        "iam-not-cross-account",
        Severity.WARNING,
        """`--cross-account` was given, but the data plane and the registry share one account.

The repository policy is then unnecessary: identity policies suffice within one account.""",
    ),
    Check(
        PLACEHOLDER,
        "iam-placeholder",
        Severity.INFO,
        """An identifier was not given; the output carries a placeholder.

JSON shows `${NAME}` tokens (and lists them under `placeholders`), Terraform declares a
`variable`, the shell script refuses to run until `NAME` is set. Pass the option named in the
finding to fill it in.""",
    ),
    Check(
        UNSCOPED_PREFIX,
        "iam-unscoped-prefix",
        Severity.WARNING,
        """Permissions cannot be narrowed to the image prefix in the repository.

Artifact Registry grants roles per repository and ACR per registry, so the identities can reach
every image in it, not only those under the prefix. Use a dedicated repository (registry) for
image builds if other images must stay out of reach.""",
    ),
    Check(
        LEGACY_GCR,
        "iam-legacy-gcr",
        Severity.WARNING,
        """The repository is on legacy Container Registry (`gcr.io`).

Container Registry is shut down; `gcr.io` names are served by Artifact Registry repositories
named after the host (`gcr.io`, `us.gcr.io`, ...), which the bindings target. Move to a
`LOCATION-docker.pkg.dev` repository.""",
    ),
    Check(
        SIGNBLOB_PROJECT,
        "iam-signblob-project",
        Severity.WARNING,
        """`--signblob-scope project` grants Service Account Token Creator on the whole project.

That lets the user service account impersonate *every* service account in the project. The
default (`self`) binds the role on the user service account itself, which is all signBlob needs.""",
    ),
    Check(
        BAD_BASE_IMAGE,
        "iam-bad-base-image",
        Severity.ERROR,
        """`--base-image` is not an image in the chosen cloud's registry.

Only a private base image in the cloud's own registry needs IAM (ECR, Artifact Registry, ACR, in
the same AWS partition); public images need nothing, other registries an image pull secret.""",
    ),
)
