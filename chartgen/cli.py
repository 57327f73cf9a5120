"""The command line: typer commands that declare the options and hand over.

typer is the definition of chartgen's command line: options, help texts, errors. The `chartgen`
script starts in `chartgen.entry`, which answers the common command lines from a table generated
from this application (`python -m chartgen.codegen`) without importing typer, and hands every
other command line here; both run the same command bodies (`chartgen.dispatch`) with the same
arguments. Everything heavy (ruamel, jsonschema, jinja2) is imported inside the command that
needs it. Tests assert both.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

import typer

from chartgen import __version__
from chartgen.dispatch import VALUE_OPTIONS, ValueArgs, guarded

app = typer.Typer(
    name="chartgen",
    help=(
        "Validate, render and secure the Union/Flyte Image Builder: values checks with located "
        "findings, buildkitd manifests, least-privilege IAM, and a Helm chart."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# -- options shared by every command that reads values ---------------------------------------


def _value_parameter(name: str, flags: tuple[str, ...], help_text: str) -> inspect.Parameter:
    info = typer.Option(*flags, help=help_text) if flags else typer.Argument(help=help_text)
    return inspect.Parameter(
        name,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        default=None,
        annotation=Annotated[list[str] | None, info],
    )


# FILES, -f/--values and the --set family, declared once (chartgen.dispatch.VALUE_OPTIONS).
_VALUE_PARAMETERS = tuple(_value_parameter(*option) for option in VALUE_OPTIONS)


def value_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the value options: typer sees them as the command's first parameters
    (FILES, then -f/--values and the --set family); the command receives them as one
    `ValueArgs` in its `value_args` parameter."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "value_args"]
    parameters = [*_VALUE_PARAMETERS, *own]

    @functools.wraps(command)
    def with_value_options(**arguments: Any) -> None:
        given = [arguments.pop(parameter.name) for parameter in _VALUE_PARAMETERS]
        command(value_args=ValueArgs(*given), **arguments)

    with_value_options.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=parameters
    )
    with_value_options.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_value_options


StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only on errors.")
]
ReleaseOpt = Annotated[
    str, typer.Option("--release-name", help="Helm release name.", show_default=True)
]
NamespaceOpt = Annotated[
    str, typer.Option("--namespace", "-n", help="Namespace of the release.", show_default=True)
]
KubeVersionOpt = Annotated[
    str | None,
    typer.Option(
        "--kube-version",
        help="Kubernetes version to target (default: the oldest minor still in upstream support).",
    ),
]
ValidateManifestsOpt = Annotated[
    bool,
    typer.Option(
        "--validate-manifests",
        help="Check the rendered objects against the Kubernetes schemas (kubeconform when on "
        "PATH, else in process).",
    ),
]


def _invoke(command: str, arguments: dict[str, Any]) -> NoReturn:
    """Run a command body of chartgen.dispatch with the arguments typer parsed."""
    from chartgen.dispatch import run

    raise typer.Exit(run(command, arguments))


def _run(action: Callable[[], int]) -> NoReturn:
    """Run a command body; map every failure to an exit code, never a traceback."""
    raise typer.Exit(guarded(action))


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"chartgen {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Print the version."
        ),
    ] = None,
) -> None:
    """chartgen: the Image Builder's values, manifests, IAM and Helm chart, done right."""


@app.command()
@value_options
def validate(
    value_args: ValueArgs,
    output: Annotated[
        str,
        typer.Option("--output", "-o", help="Report format: text, json, github, sarif, junit."),
    ] = "text",
    strict: StrictOpt = False,
    each: Annotated[
        bool,
        typer.Option(
            "--each",
            help="Validate every FILE on its own (batch mode), each on top of the -f files.",
        ),
    ] = False,
    validate_manifests: ValidateManifestsOpt = False,
    release_name: ReleaseOpt = "union",
    namespace: NamespaceOpt = "union",
    kube_version: KubeVersionOpt = None,
) -> None:
    """Check values against the schema and the cross-field rules; report every finding."""
    _invoke("validate", locals())


@app.command()
@value_options
def render(
    value_args: ValueArgs,
    output: Annotated[
        str, typer.Option("--output", "-o", help="Manifest format: yaml or json.")
    ] = "yaml",
    output_dir: Annotated[
        str | None,
        typer.Option("--output-dir", help="Write one file per object into this directory."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output.")] = False,
    release_name: ReleaseOpt = "union",
    namespace: NamespaceOpt = "union",
    kube_version: KubeVersionOpt = None,
    target_namespace: Annotated[
        list[str] | None,
        typer.Option(
            "--target-namespace",
            help="Also render the build-image ConfigMap into this namespace (repeatable).",
        ),
    ] = None,
    validate_manifests: ValidateManifestsOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Render the Kubernetes objects (validates first; never renders invalid values)."""
    _invoke("render", locals())


@app.command()
def schema() -> None:
    """Print the values JSON Schema (draft 2020-12)."""
    _invoke("schema", locals())


@app.command()
def explain(
    subject: Annotated[
        str,
        typer.Argument(
            help="A values key (imageBuilder.buildkit.rootless), a rule ID (IB201) or a topic "
            "(private-registries)."
        ),
    ],
) -> None:
    """Print the documentation of one values key, one rule or one topic."""
    _invoke("explain", locals())


@app.command()
def docs() -> None:
    """Print the values reference and the rule list in Markdown (generated from the schema)."""
    _invoke("docs", locals())


@app.command()
def init(
    cloud: Annotated[
        str, typer.Option("--cloud", help="aws, gcp, azure or none.", show_default=True)
    ] = "aws",
) -> None:
    """Print a starter values file for a cloud; it validates and marks what to replace."""
    _invoke("init", locals())


@app.command("iam-policy")
@value_options
def iam_policy(
    value_args: ValueArgs,
    cloud: Annotated[
        str | None,
        typer.Option(
            "--cloud",
            help="aws, gcp or azure (default: from authenticationType; noop and basic print "
            "what must allow what, and the image-pull-secret steps of a private registry).",
        ),
    ] = None,
    output: Annotated[
        str, typer.Option("--output", "-o", help="Format: json, terraform or shell.")
    ] = "json",
    output_dir: Annotated[
        str | None,
        typer.Option(
            "--output-dir",
            help="Write the output as files into this directory (atomic; shell: one script "
            "per account).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output.")] = False,
    strict: StrictOpt = False,
    audit: Annotated[
        list[str] | None,
        typer.Option(
            "--audit",
            help="Compare what an account already grants (a policy document, get-role-policy, "
            "get-policy-version, get-repository-policy, get-iam-policy or az role assignment "
            "list output; [KIND=]FILE, repeatable) with what chartgen would emit; exit 1 when "
            "something needed is missing.",
        ),
    ] = None,
    repository: Annotated[
        str | None,
        typer.Option("--repository", help="Repository to grant on (default: defaultRepository)."),
    ] = None,
    base_image: Annotated[
        str | None,
        typer.Option("--base-image", help="A private base image: pull access to its repository."),
    ] = None,
    namespace: NamespaceOpt = "union",
    build_namespace: Annotated[
        list[str] | None,
        typer.Option(
            "--build-namespace",
            help="A namespace build tasks run in (repeatable; AWS also takes patterns such as "
            "'*-development'). Default: the release namespace in single-namespace mode; "
            "Union's PROJECT-DOMAIN namespaces otherwise.",
        ),
    ] = None,
    service_account: Annotated[
        str | None,
        typer.Option(
            "--service-account",
            help="The Kubernetes service account build tasks run as (default: union in "
            "single-namespace mode, default otherwise).",
        ),
    ] = None,
    cross_account: Annotated[
        bool,
        typer.Option(
            "--cross-account",
            help="AWS: the registry is in another account; also emit its repository policy.",
        ),
    ] = False,
    dataplane_account: Annotated[
        str | None,
        typer.Option(
            "--dataplane-account",
            help="AWS: account of the data-plane roles (default: global.AWS_ACCOUNT_ID).",
        ),
    ] = None,
    dataplane_profile: Annotated[
        str | None,
        typer.Option("--dataplane-profile", help="AWS: CLI profile of the data-plane account."),
    ] = None,
    registry_profile: Annotated[
        str | None,
        typer.Option("--registry-profile", help="AWS: CLI profile of the registry account."),
    ] = None,
    base_image_profile: Annotated[
        str | None,
        typer.Option(
            "--base-image-profile", help="AWS: CLI profile of the base image's account."
        ),
    ] = None,
    user_role: Annotated[
        str | None,
        typer.Option("--user-role", help="AWS: the build tasks' role [default: union-user-role]."),
    ] = None,
    node_role: Annotated[
        str | None,
        typer.Option("--node-role", help="AWS: the node role [default: union-node-role]."),
    ] = None,
    operator_proxy_role: Annotated[
        str | None,
        typer.Option(
            "--operator-proxy-role",
            help="AWS: the operator-proxy role [default: union-operator-proxy-role].",
        ),
    ] = None,
    trust_policy: Annotated[
        bool,
        typer.Option(
            "--trust-policy", help="AWS: also the user role's IRSA trust policy."
        ),
    ] = False,
    oidc_provider: Annotated[
        str | None,
        typer.Option(
            "--oidc-provider", help="AWS: the cluster's OIDC provider (oidc.eks.REGION...)."
        ),
    ] = None,
    ecr_create_on_push: Annotated[
        bool,
        typer.Option(
            "--ecr-create-on-push",
            help="AWS: a repository creation template so the first push of NAME/IMAGE "
            "creates that repository.",
        ),
    ] = False,
    ecr_create_repository: Annotated[
        list[str] | None,
        typer.Option(
            "--ecr-create-repository",
            help="AWS: create the repository NAME/IMAGE for this image (repeatable).",
        ),
    ] = None,
    user_gsa: Annotated[
        str | None, typer.Option("--user-gsa", help="GCP: the build tasks' service account.")
    ] = None,
    node_sa: Annotated[
        str | None, typer.Option("--node-sa", help="GCP: the GKE node service account.")
    ] = None,
    operator_proxy_gsa: Annotated[
        str | None,
        typer.Option("--operator-proxy-gsa", help="GCP: the operator-proxy service account."),
    ] = None,
    signblob_scope: Annotated[
        str | None,
        typer.Option(
            "--signblob-scope",
            help="GCP: Token Creator for signBlob on the user GSA itself (self, default) or "
            "the whole project (project; warns).",
        ),
    ] = None,
    subscription: Annotated[
        str | None, typer.Option("--subscription", help="Azure: the registry's subscription ID.")
    ] = None,
    resource_group: Annotated[
        str | None,
        typer.Option("--resource-group", help="Azure: the registry's resource group."),
    ] = None,
    user_identity: Annotated[
        str | None,
        typer.Option(
            "--user-identity", help="Azure: the build tasks' managed identity (name or ID)."
        ),
    ] = None,
    kubelet_identity: Annotated[
        str | None,
        typer.Option(
            "--kubelet-identity", help="Azure: the kubelet identity (object ID, name or ID)."
        ),
    ] = None,
    operator_proxy_identity: Annotated[
        str | None,
        typer.Option(
            "--operator-proxy-identity", help="Azure: the operator-proxy managed identity."
        ),
    ] = None,
    oidc_issuer: Annotated[
        str | None,
        typer.Option("--oidc-issuer", help="Azure: the cluster's OIDC issuer URL."),
    ] = None,
    acr_abac: Annotated[
        bool,
        typer.Option(
            "--acr-abac",
            help="Azure: the registry is ABAC-enabled; grant the repository-scoped roles "
            "(Container Registry Repository Writer/Reader) instead of AcrPush/AcrPull.",
        ),
    ] = False,
    secret_name: Annotated[
        str | None,
        typer.Option(
            "--secret-name",
            help="Private registries: the name of the Union image_pull secret.",
        ),
    ] = None,
) -> None:
    """Emit least-privilege IAM for the chosen cloud (validates the values first)."""

    def body() -> int:
        from chartgen.commands.iam import run_iam_policy
        from chartgen.iam.inputs import IamOptions

        return run_iam_policy(
            sources=value_args.sources(),
            options=IamOptions(
                cloud=cloud,
                output=output,
                repository=repository,
                base_image=base_image,
                namespace=namespace,
                build_namespaces=tuple(build_namespace or ()),
                service_account=service_account,
                cross_account=cross_account,
                dataplane_account=dataplane_account,
                user_role=user_role,
                node_role=node_role,
                operator_proxy_role=operator_proxy_role,
                trust_policy=trust_policy,
                oidc_provider=oidc_provider,
                dataplane_profile=dataplane_profile,
                registry_profile=registry_profile,
                base_image_profile=base_image_profile,
                ecr_create_on_push=ecr_create_on_push,
                ecr_create_repositories=tuple(ecr_create_repository or ()),
                user_gsa=user_gsa,
                node_sa=node_sa,
                operator_proxy_gsa=operator_proxy_gsa,
                signblob_scope=signblob_scope,
                subscription=subscription,
                resource_group=resource_group,
                user_identity=user_identity,
                kubelet_identity=kubelet_identity,
                operator_proxy_identity=operator_proxy_identity,
                oidc_issuer=oidc_issuer,
                acr_abac=acr_abac,
                secret_name=secret_name,
                strict=strict,
                output_dir=output_dir,
                force=force,
                audit=tuple(audit or ()),
            ),
        )

    _run(body)


@app.command()
@value_options
def chart(
    value_args: ValueArgs,
    output_dir: Annotated[
        str, typer.Option("--output-dir", help="The chart directory to write (or check).")
    ] = "",
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; exit 1 with a diff summary when --output-dir is not current.",
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing chart.")] = False,
    target_namespace: Annotated[
        list[str] | None,
        typer.Option(
            "--target-namespace",
            help="Also put the build-image ConfigMap into this namespace (repeatable; the "
            "chart value targetNamespaces).",
        ),
    ] = None,
    strict: StrictOpt = False,
) -> None:
    """Write a Helm chart whose `helm template` equals `chartgen render` (validates first)."""
    _invoke("chart", locals())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
