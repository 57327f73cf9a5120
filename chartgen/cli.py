"""The command line: thin typer commands that parse options and hand over.

Startup speed matters (`chartgen --help`, `chartgen validate FILE`), so this module imports only
typer and the standard library; everything heavy (ruamel, jsonschema, pydantic, jinja2) is
imported inside the command that needs it. A test asserts it.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn

import typer

from chartgen import __version__
from chartgen.clouds import CLOUDS, OPTION_GROUPS
from chartgen.commands.common import FINDING_OPTIONS, FindingOptions
from chartgen.commands.option_groups import GroupedHelp, with_option_groups
from chartgen.iam.formats import FORMATS as IAM_FORMATS
from chartgen.stdio import GuardedOutput, StreamFailed, silence

app = typer.Typer(
    name="chartgen",
    help=(
        "Validate, render and secure the Union/Flyte Image Builder: values checks with located "
        "findings, buildkitd manifests, least-privilege IAM, and a Helm chart."
    ),
    no_args_is_help=True,
    # `--install-completion` / `--show-completion` (bash, zsh, fish, PowerShell), and
    # completion of commands and options: click's, driven by _CHARTGEN_COMPLETE.
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# -- options shared by every command that reads values ---------------------------------------

Files = Annotated[
    list[str] | None,
    typer.Argument(
        help="Values files, merged in order like `helm -f` (later wins); - is stdin.",
        metavar="FILE...",
    ),
]
ValuesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--values", "-f", help="Values file (repeatable), merged after FILES.", metavar="FILE"
    ),
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="Set values like Helm: a.b=c,x[0]=y.", metavar="KEY=VALUE"),
]
SetStringOpt = Annotated[
    list[str] | None,
    typer.Option("--set-string", help="Like --set, values stay strings.", metavar="KEY=VALUE"),
]
SetJsonOpt = Annotated[
    list[str] | None,
    typer.Option("--set-json", help='Set a key to a JSON value: a={"b":1}.', metavar="KEY=JSON"),
]
SetFileOpt = Annotated[
    list[str] | None,
    typer.Option("--set-file", help="Set a key to a file's content: a=path.", metavar="KEY=FILE"),
]
SetLiteralOpt = Annotated[
    list[str] | None,
    typer.Option("--set-literal", help="Set a key to a literal string.", metavar="KEY=VALUE"),
]
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


def _finding_parameter(
    name: str, flags: tuple[str, ...], metavar: str | None, help_text: str
) -> inspect.Parameter:
    annotation: Any
    if metavar is None:
        annotation = Annotated[bool, typer.Option(*flags, help=help_text)]
        default: Any = False
    elif name == "config":
        annotation = Annotated[str | None, typer.Option(*flags, help=help_text, metavar=metavar)]
        default = None
    else:
        annotation = Annotated[
            list[str] | None, typer.Option(*flags, help=help_text, metavar=metavar)
        ]
        default = None
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


# --disable, --enable, --severity, --config, --no-config, --show-suppressed, --quiet: declared
# once (chartgen.commands.common.FINDING_OPTIONS).
_FINDING_PARAMETERS = tuple(_finding_parameter(*option) for option in FINDING_OPTIONS)


def finding_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command that reports findings the rule-control and report options: typer sees
    them as its last options; the command receives them as one `FindingOptions` in its
    `finding_options` parameter."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "finding_options"]

    @functools.wraps(command)
    def with_finding_options(**arguments: Any) -> None:
        given = {p.name: arguments.pop(p.name) for p in _FINDING_PARAMETERS}
        options = FindingOptions(
            disable=tuple(given["disable"] or ()),
            enable=tuple(given["enable"] or ()),
            severity=tuple(given["severity"] or ()),
            config=given["config"],
            no_config=given["no_config"],
            show_suppressed=given["show_suppressed"],
            quiet=given["quiet"],
        )
        command(finding_options=options, **arguments)

    with_finding_options.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*own, *_FINDING_PARAMETERS]
    )
    return with_finding_options
ValidateManifestsOpt = Annotated[
    bool,
    typer.Option(
        "--validate-manifests",
        help="Check the rendered objects against the Kubernetes schemas (kubeconform when on "
        "PATH, else in process).",
    ),
]


def _sources(
    files: list[str] | None,
    values: list[str] | None,
    set_: list[str] | None,
    set_string: list[str] | None,
    set_json: list[str] | None,
    set_file: list[str] | None,
    set_literal: list[str] | None,
) -> object:
    from chartgen.values.loader import ValueSources

    return ValueSources(
        files=[*(files or []), *(values or [])],
        set_values=list(set_ or []),
        set_string=list(set_string or []),
        set_json=list(set_json or []),
        set_file=list(set_file or []),
        set_literal=list(set_literal or []),
    )


def _run(action: Callable[[], int]) -> NoReturn:
    """Run a command body; map every failure to an exit code, never a traceback."""
    real_stdout = sys.stdout
    sys.stdout = GuardedOutput(real_stdout)
    try:
        code = action()
        sys.stdout.flush()
    except KeyboardInterrupt as exc:
        # SIGINT, or SIGTERM/SIGHUP while output was written (chartgen.output.Stopped).
        signum = getattr(exc, "signum", 2)
        sys.stderr.write("chartgen: interrupted\n")
        raise typer.Exit(128 + signum) from None
    except typer.Exit:
        raise
    except BrokenPipeError:
        # The reader went away (`chartgen render | head`): not an error of ours.
        silence(real_stdout)
        raise typer.Exit(0) from None
    except StreamFailed as exc:
        silence(real_stdout)
        sys.stderr.write(f"chartgen: error: {exc.reason}\n")
        raise typer.Exit(3) from None
    except Exception as exc:  # the last line of defence: report, do not dump a traceback
        if os.environ.get("CHARTGEN_DEBUG"):
            raise
        sys.stderr.write(
            f"chartgen: internal error: {type(exc).__name__}: {exc}\n"
            "Set CHARTGEN_DEBUG=1 to see the traceback, and please report it.\n"
        )
        raise typer.Exit(3) from None
    finally:
        sys.stdout = real_stdout
    raise typer.Exit(code)


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
@finding_options
def validate(
    files: Files = None,
    values: ValuesOpt = None,
    set_: SetOpt = None,
    set_string: SetStringOpt = None,
    set_json: SetJsonOpt = None,
    set_file: SetFileOpt = None,
    set_literal: SetLiteralOpt = None,
    output: ReportFormatOpt = "text",
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
    finding_options: FindingOptions | None = None,
) -> None:
    """Check values against the schema and the cross-field rules; report every finding."""

    def body() -> int:
        from chartgen.commands.validate import run_validate

        return run_validate(
            files=list(files or []),
            base_files=list(values or []),
            sources=_sources(None, None, set_, set_string, set_json, set_file, set_literal),
            output=output,
            strict=strict,
            each=each,
            validate_manifests=validate_manifests,
            release_name=release_name,
            namespace=namespace,
            kube_version=kube_version,
            finding_options=finding_options or FindingOptions(),
        )

    _run(body)


@app.command()
@finding_options
def render(
    files: Files = None,
    values: ValuesOpt = None,
    set_: SetOpt = None,
    set_string: SetStringOpt = None,
    set_json: SetJsonOpt = None,
    set_file: SetFileOpt = None,
    set_literal: SetLiteralOpt = None,
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

    def body() -> int:
        from chartgen.commands.render import run_render

        return run_render(
            sources=_sources(files, values, set_, set_string, set_json, set_file, set_literal),
            output=output,
            output_dir=output_dir,
            force=force,
            release_name=release_name,
            namespace=namespace,
            kube_version=kube_version,
            target_namespaces=list(target_namespace or []),
            validate_manifests=validate_manifests,
            strict=strict,
            finding_options=finding_options or FindingOptions(),
        )

    _run(body)


@app.command()
def schema() -> None:
    """Print the values JSON Schema (draft 2020-12)."""

    def body() -> int:
        from chartgen.resources import values_schema_path

        sys.stdout.write(values_schema_path().read_text(encoding="utf-8"))
        return 0

    _run(body)


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

    def body() -> int:
        from chartgen.commands.explain import run_explain

        return run_explain(subject)

    _run(body)


@app.command()
def docs() -> None:
    """Print the values reference and the rule list in Markdown (generated from the schema)."""

    def body() -> int:
        from chartgen.docs import render_docs

        sys.stdout.write(render_docs())
        return 0

    _run(body)


@app.command()
def init(
    cloud: Annotated[
        str,
        typer.Option("--cloud", help="aws, gcp, azure or none.", show_default=True,
                     metavar="CLOUD"),
    ] = "aws",
) -> None:
    """Print a starter values file for a cloud; it validates and marks what to replace."""

    def body() -> int:
        from chartgen.commands.scaffold import run_init

        return run_init(cloud)

    _run(body)


def _choices(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1]


@app.command("iam-policy", cls=GroupedHelp)
@with_option_groups(OPTION_GROUPS)
@finding_options
def iam_policy(
    files: Files = None,
    values: ValuesOpt = None,
    set_: SetOpt = None,
    set_string: SetStringOpt = None,
    set_json: SetJsonOpt = None,
    set_file: SetFileOpt = None,
    set_literal: SetLiteralOpt = None,
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
            sources=_sources(files, values, set_, set_string, set_json, set_file, set_literal),
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
@finding_options
def chart(
    files: Files = None,
    values: ValuesOpt = None,
    set_: SetOpt = None,
    set_string: SetStringOpt = None,
    set_json: SetJsonOpt = None,
    set_file: SetFileOpt = None,
    set_literal: SetLiteralOpt = None,
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

    def body() -> int:
        if not output_dir:
            sys.stderr.write("chartgen: error: --output-dir DIR is required\n")
            return 2
        from chartgen.commands.chart import run_chart

        return run_chart(
            sources=_sources(files, values, set_, set_string, set_json, set_file, set_literal),
            output_dir=output_dir,
            check=check,
            force=force,
            target_namespaces=list(target_namespace or []),
            strict=strict,
            finding_options=finding_options or FindingOptions(),
        )

    _run(body)


@app.command()
@finding_options
def diff(
    files: Files = None,
    values: ValuesOpt = None,
    set_: SetOpt = None,
    set_string: SetStringOpt = None,
    set_json: SetJsonOpt = None,
    set_file: SetFileOpt = None,
    set_literal: SetLiteralOpt = None,
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

    def body() -> int:
        from chartgen.commands.diff import new_side_sources, run_diff
        from chartgen.values.loader import ValueSources

        old = _sources(files, values, set_, set_string, set_json, set_file, set_literal)
        assert isinstance(old, ValueSources)
        return run_diff(
            old_sources=old,
            new_sources=new_side_sources(
                old, list(to or []), list(to_set or []), list(to_set_string or []),
                list(to_set_json or []), list(to_set_file or []), list(to_set_literal or []),
            ),
            deployed=list(deployed or []),
            output=output,
            release_name=release_name,
            namespace=namespace,
            kube_version=kube_version,
            target_namespaces=list(target_namespace or []),
            context=context,
            finding_options=finding_options or FindingOptions(),
        )

    _run(body)


@app.command()
@finding_options
def doctor(
    files: Files = None,
    values: ValuesOpt = None,
    set_: SetOpt = None,
    set_string: SetStringOpt = None,
    set_json: SetJsonOpt = None,
    set_file: SetFileOpt = None,
    set_literal: SetLiteralOpt = None,
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

    def body() -> int:
        from chartgen.commands.doctor import run_doctor

        return run_doctor(
            sources=_sources(files, values, set_, set_string, set_json, set_file, set_literal),
            cluster=list(cluster or []),
            print_commands=print_commands,
            output=output,
            strict=strict,
            release_name=release_name,
            namespace=namespace,
            kube_version=kube_version,
            finding_options=finding_options or FindingOptions(),
        )

    _run(body)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
