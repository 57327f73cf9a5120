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
from chartgen.clouds import CLOUDS, OPTION_GROUPS
from chartgen.commands.common import FINDING_OPTIONS, FindingOptions
from chartgen.commands.option_groups import GroupedHelp, with_option_groups
from chartgen.dispatch import VALUE_OPTIONS, ValueArgs, guarded
from chartgen.iam.formats import FORMATS as IAM_FORMATS

app = typer.Typer(
    name="chartgen",
    help=(
        "Validate, render and secure the Union/Flyte Image Builder: values checks with located "
        "findings, buildkitd manifests, least-privilege IAM, and a Helm chart."
    ),
    no_args_is_help=True,
    # `--install-completion` / `--show-completion` (bash, zsh, fish, PowerShell), and
    # completion of commands and options: click's, driven by _CHARTGEN_COMPLETE (the fast
    # path of chartgen.entry hands such a run to typer).
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# -- options shared by every command that reads values ---------------------------------------


def _value_parameter(
    name: str, flags: tuple[str, ...], metavar: str, help_text: str
) -> inspect.Parameter:
    info = (
        typer.Option(*flags, help=help_text, metavar=metavar)
        if flags
        else typer.Argument(help=help_text, metavar=metavar)
    )
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


def _finding_parameter(
    name: str, flags: tuple[str, ...], metavar: str | None, help_text: str
) -> inspect.Parameter:
    annotation: Any
    if metavar is None:  # a switch
        annotation, default = Annotated[bool, typer.Option(*flags, help=help_text)], False
    elif name in FindingOptions.REPEATABLE:
        option = typer.Option(*flags, help=help_text, metavar=metavar)
        annotation, default = Annotated[list[str] | None, option], None
    else:
        option = typer.Option(*flags, help=help_text, metavar=metavar)
        annotation, default = Annotated[str | None, option], None
    return inspect.Parameter(
        name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=annotation
    )


# --disable, --enable, --severity, --config, --no-config, --show-suppressed and --quiet, declared
# once (chartgen.dispatch.FINDING_OPTIONS).
_FINDING_PARAMETERS = tuple(_finding_parameter(*option) for option in FINDING_OPTIONS)


def finding_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command that reports findings the rule-control and report options: typer sees
    them as the command's last parameters; the command receives them as one `FindingOptions`
    in its `finding_options` parameter."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "finding_options"]
    parameters = [*own, *_FINDING_PARAMETERS]

    @functools.wraps(command)
    def with_finding_options(**arguments: Any) -> None:
        given = {parameter.name: arguments.pop(parameter.name)
                 for parameter in _FINDING_PARAMETERS}
        command(finding_options=FindingOptions.from_arguments(given), **arguments)

    with_finding_options.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=parameters
    )
    with_finding_options.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_finding_options


StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only on errors.")
]
ReleaseOpt = Annotated[
    str,
    typer.Option("--release-name", help="Helm release name.", show_default=True, metavar="NAME"),
]
NamespaceOpt = Annotated[
    str,
    typer.Option(
        "--namespace", "-n", help="Namespace of the release.", show_default=True,
        metavar="NAMESPACE",
    ),
]
KubeVersionOpt = Annotated[
    str | None,
    typer.Option(
        "--kube-version",
        help="Kubernetes version to target (default: the oldest minor still in upstream support).",
        metavar="VERSION",
    ),
]
TargetNamespaceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--target-namespace",
        help="Also render the build-image ConfigMap into this namespace (repeatable).",
        metavar="NAMESPACE",
    ),
]
ReportFormatOpt = Annotated[
    str,
    typer.Option(
        "--output", "-o", help="Report format: text, json, github, sarif, junit.",
        metavar="FORMAT",
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
@finding_options
def validate(
    value_args: ValueArgs,
    output: ReportFormatOpt = "text",
    strict: StrictOpt = False,
    each: Annotated[
        bool,
        typer.Option(
            "--each",
            help="Validate every FILE on its own (batch mode), each on top of the -f files.",
        ),
    ] = False,
    jobs: Annotated[
        str | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="With --each: validate in N processes (default: auto, one per CPU; "
            "the output is the same for any N).",
        ),
    ] = None,
    validate_manifests: ValidateManifestsOpt = False,
    release_name: ReleaseOpt = "union",
    namespace: NamespaceOpt = "union",
    kube_version: KubeVersionOpt = None,
    finding_options: FindingOptions | None = None,
) -> None:
    """Check values against the schema and the cross-field rules; report every finding."""
    _invoke("validate", locals())


@app.command()
@value_options
@finding_options
def render(
    value_args: ValueArgs,
    output: Annotated[
        str, typer.Option("--output", "-o", help="Manifest format: yaml or json.", metavar="FORMAT")
    ] = "yaml",
    output_dir: Annotated[
        str | None,
        typer.Option(
            "--output-dir", help="Write one file per object into this directory.", metavar="DIR"
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output.")] = False,
    release_name: ReleaseOpt = "union",
    namespace: NamespaceOpt = "union",
    kube_version: KubeVersionOpt = None,
    target_namespace: TargetNamespaceOpt = None,
    validate_manifests: ValidateManifestsOpt = False,
    strict: StrictOpt = False,
    finding_options: FindingOptions | None = None,
) -> None:
    """Render the Kubernetes objects (validates first; never renders invalid values)."""
    _invoke("render", locals())


@app.command()
def schema(
    for_: Annotated[
        str,
        typer.Option(
            "--for",
            help="contract: the values after the chart's defaults (what chartgen validates); "
            "editor: a values file as written, for editors and check-jsonschema (defaulted "
            "keys optional); chart: the values.schema.json `chartgen chart` writes.",
            show_default=True,
            metavar="contract|editor|chart",
        ),
    ] = "contract",
) -> None:
    """Print the values JSON Schema (the contract, or its editor or chart form)."""
    _invoke("schema", locals())


@app.command()
def explain(
    subject: Annotated[
        str,
        typer.Argument(
            help="A values key (imageBuilder.buildkit.rootless), a rule ID (IB201, any case) or "
            "a topic (private-registries).",
            metavar="KEY|ID|TOPIC",
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
        str,
        typer.Option("--cloud", help="aws, gcp, azure or none.", show_default=True,
                     metavar="CLOUD"),
    ] = "aws",
    output_file: Annotated[
        str | None,
        typer.Option(
            "--output-file",
            "-o",
            help="Write the starter to this file (all at once) instead of standard output.",
            metavar="FILE",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --output-file if it exists.")
    ] = False,
) -> None:
    """Print a starter values file for a cloud: hardened, and it marks what to replace."""
    _invoke("init", locals())


def _choices(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1]


@app.command("iam-policy", cls=GroupedHelp)
@value_options
@with_option_groups(OPTION_GROUPS)
@finding_options
def iam_policy(
    value_args: ValueArgs,
    cloud: Annotated[
        str | None,
        typer.Option(
            "--cloud",
            help=f"{_choices([c.NAME for c in CLOUDS])} (default: from authenticationType; noop "
            "and basic print what must allow what, and the image-pull-secret steps of a private "
            "registry).",
            metavar="CLOUD",
        ),
    ] = None,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help=f"Format: {_choices(list(IAM_FORMATS))}.", metavar="FORMAT"
        ),
    ] = "json",
    output_dir: Annotated[
        str | None,
        typer.Option(
            "--output-dir",
            help="Write the output as files into this directory (atomic; shell: one script "
            "per account).",
            metavar="DIR",
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
            metavar="[KIND=]FILE",
        ),
    ] = None,
    repository: Annotated[
        str | None,
        typer.Option(
            "--repository", help="Repository to grant on (default: defaultRepository).",
            metavar="REPOSITORY",
        ),
    ] = None,
    base_image: Annotated[
        str | None,
        typer.Option(
            "--base-image", help="A private base image: pull access to its repository.",
            metavar="IMAGE",
        ),
    ] = None,
    namespace: NamespaceOpt = "union",
    # The cloud-specific options, declared by the cloud modules (`chartgen.clouds`) and listed
    # under their cloud's heading: one instance per option group.
    groups: tuple[object, ...] = (),
    finding_options: FindingOptions | None = None,
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
                strict=strict,
                output_dir=output_dir,
                force=force,
                audit=tuple(audit or ()),
                groups=groups,
            ),
            finding_options=finding_options or FindingOptions(),
        )

    _run(body)


@app.command()
@value_options
@finding_options
def chart(
    value_args: ValueArgs,
    output_dir: Annotated[
        str,
        typer.Option("--output-dir", help="The chart directory to write (or check).",
                     metavar="DIR"),
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
            metavar="NAMESPACE",
        ),
    ] = None,
    strict: StrictOpt = False,
    finding_options: FindingOptions | None = None,
) -> None:
    """Write a Helm chart whose `helm template` equals `chartgen render` (validates first)."""
    _invoke("chart", locals())


@app.command()
@value_options
@finding_options
def diff(
    value_args: ValueArgs,
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to", help="Values file of the new side (repeatable, merged in order).",
            metavar="FILE",
        ),
    ] = None,
    to_set: Annotated[
        list[str] | None,
        typer.Option("--to-set", help="--set for the new side only.", metavar="KEY=VALUE"),
    ] = None,
    to_set_string: Annotated[
        list[str] | None,
        typer.Option(
            "--to-set-string", help="--set-string for the new side only.", metavar="KEY=VALUE"
        ),
    ] = None,
    to_set_json: Annotated[
        list[str] | None,
        typer.Option(
            "--to-set-json", help="--set-json for the new side only.", metavar="KEY=JSON"
        ),
    ] = None,
    to_set_file: Annotated[
        list[str] | None,
        typer.Option(
            "--to-set-file", help="--set-file for the new side only.", metavar="KEY=FILE"
        ),
    ] = None,
    to_set_literal: Annotated[
        list[str] | None,
        typer.Option(
            "--to-set-literal", help="--set-literal for the new side only.", metavar="KEY=VALUE"
        ),
    ] = None,
    deployed: Annotated[
        list[str] | None,
        typer.Option(
            "--deployed",
            help="What is deployed: `helm get manifest` or `kubectl get ... -o yaml|json` "
            "output (a file, a directory of them, or - for stdin; repeatable). The values are "
            "then the new side.",
            metavar="FILE",
        ),
    ] = None,
    output: Annotated[
        str,
        typer.Option("--output", "-o", help="text (unified diffs), json, or the findings as "
                     "github, sarif, junit.", metavar="FORMAT"),
    ] = "text",
    context: Annotated[
        int,
        typer.Option(
            "--context", "-U", help="Lines of context in each unified diff.", metavar="LINES"
        ),
    ] = 3,
    release_name: ReleaseOpt = "union",
    namespace: NamespaceOpt = "union",
    kube_version: KubeVersionOpt = None,
    target_namespace: TargetNamespaceOpt = None,
    finding_options: FindingOptions | None = None,
) -> None:
    """Compare the objects of two value sets, or of the values and what is deployed.

    Exit 0 when nothing changes, 1 when something does (like diff). FILES, -f and --set... are
    the old side (the new side with --deployed); --to and --to-set... the new side.
    """

    _invoke("diff", locals())


@app.command()
@value_options
@finding_options
def doctor(
    value_args: ValueArgs,
    cluster: Annotated[
        list[str] | None,
        typer.Option(
            "--cluster",
            help="Cluster facts: kubectl -o json output, a directory of it, or - for stdin "
            "(repeatable).",
            metavar="PATH",
        ),
    ] = None,
    print_commands: Annotated[
        bool,
        typer.Option("--print-commands", help="Print the kubectl commands that produce the "
                     "cluster facts, and exit."),
    ] = False,
    output: ReportFormatOpt = "text",
    strict: StrictOpt = False,
    release_name: ReleaseOpt = "union",
    namespace: NamespaceOpt = "union",
    kube_version: Annotated[
        str | None,
        typer.Option(
            "--kube-version",
            help="Kubernetes version to render for (default: the cluster's, from version.json).",
            metavar="VERSION",
        ),
    ] = None,
    finding_options: FindingOptions | None = None,
) -> None:
    """Check the values against a cluster's facts (nodes, namespaces, CRDs, ...), offline."""

    _invoke("doctor", locals())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
