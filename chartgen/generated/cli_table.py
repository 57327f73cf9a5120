"""The command line as data, for the fast path of chartgen.entry (chartgen/codegen/cli.py).

GENERATED from the typer application in chartgen/cli.py by `python -m chartgen.codegen`.
Do not edit by hand: change the source and regenerate (tests/test_generated.py fails
while this file is stale).
"""


from __future__ import annotations

# Read on the start-up path of `chartgen --help`: even `typing` costs milliseconds there.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Help texts by command ("" is the program's), as click prints them on a terminal of
# 80 columns or more, for the program name `chartgen`.
HELP: dict[str, str] = {
    "": (
        "Usage: chartgen [OPTIONS] COMMAND [ARGS]...\n"
        "\n"
        "  Validate, render and secure the Union/Flyte Image Builder: values checks\n"
        "  with located findings, buildkitd manifests, least-privilege IAM, and a Helm\n"
        "  chart.\n"
        "\n"
        "Options:\n"
        "  --version             Print the version.\n"
        "  --install-completion  Install completion for the current shell.\n"
        "  --show-completion     Show completion for the current shell, to copy it or\n"
        "                        customize the installation.\n"
        "  -h, --help            Show this message and exit.\n"
        "\n"
        "Commands:\n"
        "  validate    Check values against the schema and the cross-field rules;...\n"
        "  render      Render the Kubernetes objects (validates first; never...\n"
        "  schema      Print the values JSON Schema (the contract, or its editor...\n"
        "  explain     Print the documentation of one values key, one rule or one...\n"
        "  docs        Print the values reference and the rule list in Markdown...\n"
        "  init        Print a starter values file for a cloud: hardened, and it...\n"
        "  iam-policy  Emit least-privilege IAM for the chosen cloud (validates...\n"
        "  chart       Write a Helm chart whose `helm template` equals `chartgen...\n"
        "  diff        Compare the objects of two value sets, or of the values and...\n"
        "  doctor      Check the values against a cluster's facts (nodes,..."
    ),
    "validate": (
        "Usage: chartgen validate [OPTIONS] [FILE...]\n"
        "\n"
        "  Check values against the schema and the cross-field rules; report every\n"
        "  finding.\n"
        "\n"
        "Arguments:\n"
        "  FILE...  Values files, merged in order like `helm -f` (later wins); - is\n"
        "           stdin.\n"
        "\n"
        "Options:\n"
        "  -f, --values FILE          Values file (repeatable), merged after FILES.\n"
        "  --set KEY=VALUE            Set values like Helm: a.b=c,x[0]=y.\n"
        "  --set-string KEY=VALUE     Like --set, values stay strings.\n"
        "  --set-json KEY=JSON        Set a key to a JSON value: a={\"b\":1}.\n"
        "  --set-file KEY=FILE        Set a key to a file's content: a=path.\n"
        "  --set-literal KEY=VALUE    Set a key to a literal string.\n"
        "  -o, --output FORMAT        Report format: text, json, github, sarif, junit.\n"
        "                             [default: text]\n"
        "  --strict                   Fail (exit 1) on warnings too, not only on\n"
        "                             errors.\n"
        "  --each                     Validate every FILE on its own (batch mode), each\n"
        "                             on top of the -f files.\n"
        "  -j, --jobs N               With --each: validate in N processes (default:\n"
        "                             auto, one per CPU; the output is the same for any\n"
        "                             N).\n"
        "  --validate-manifests       Check the rendered objects against the Kubernetes\n"
        "                             schemas (kubeconform when on PATH, else in\n"
        "                             process).\n"
        "  --release-name NAME        Helm release name.  [default: union]\n"
        "  -n, --namespace NAMESPACE  Namespace of the release.  [default: union]\n"
        "  --kube-version VERSION     Kubernetes version to target (default: the oldest\n"
        "                             minor still in upstream support).\n"
        "  --disable ID[,ID...]       Switch these findings off (repeatable); reports\n"
        "                             list them as suppressed and the exit code ignores\n"
        "                             them.\n"
        "  --enable ID[,ID...]        Switch findings back on that the configuration\n"
        "                             file switches off (repeatable).\n"
        "  --severity ID=LEVEL        Report finding ID as error, warning or info\n"
        "                             (repeatable).\n"
        "  --config FILE              Rule control from FILE (.chartgen.yaml format, or\n"
        "                             a .toml file's [tool.chartgen]) instead of the\n"
        "                             nearest .chartgen.yaml or pyproject.toml.\n"
        "  --no-config                Read no configuration file.\n"
        "  --show-suppressed          List the suppressed findings where the report\n"
        "                             would only count them.\n"
        "  -q, --quiet                Findings only: no summary, no counts, no 'wrote'\n"
        "                             lines (JSON, SARIF and JUnit stay complete\n"
        "                             documents).\n"
        "  -h, --help                 Show this message and exit."
    ),
    "render": (
        "Usage: chartgen render [OPTIONS] [FILE...]\n"
        "\n"
        "  Render the Kubernetes objects (validates first; never renders invalid\n"
        "  values).\n"
        "\n"
        "Arguments:\n"
        "  FILE...  Values files, merged in order like `helm -f` (later wins); - is\n"
        "           stdin.\n"
        "\n"
        "Options:\n"
        "  -f, --values FILE             Values file (repeatable), merged after FILES.\n"
        "  --set KEY=VALUE               Set values like Helm: a.b=c,x[0]=y.\n"
        "  --set-string KEY=VALUE        Like --set, values stay strings.\n"
        "  --set-json KEY=JSON           Set a key to a JSON value: a={\"b\":1}.\n"
        "  --set-file KEY=FILE           Set a key to a file's content: a=path.\n"
        "  --set-literal KEY=VALUE       Set a key to a literal string.\n"
        "  -o, --output FORMAT           Manifest format: yaml or json.  [default:\n"
        "                                yaml]\n"
        "  --output-dir DIR              Write one file per object into this directory.\n"
        "  --force                       Replace an existing output.\n"
        "  --release-name NAME           Helm release name.  [default: union]\n"
        "  -n, --namespace NAMESPACE     Namespace of the release.  [default: union]\n"
        "  --kube-version VERSION        Kubernetes version to target (default: the\n"
        "                                oldest minor still in upstream support).\n"
        "  --target-namespace NAMESPACE  Also render the build-image ConfigMap into\n"
        "                                this namespace (repeatable).\n"
        "  --validate-manifests          Check the rendered objects against the\n"
        "                                Kubernetes schemas (kubeconform when on PATH,\n"
        "                                else in process).\n"
        "  --strict                      Fail (exit 1) on warnings too, not only on\n"
        "                                errors.\n"
        "  --disable ID[,ID...]          Switch these findings off (repeatable);\n"
        "                                reports list them as suppressed and the exit\n"
        "                                code ignores them.\n"
        "  --enable ID[,ID...]           Switch findings back on that the configuration\n"
        "                                file switches off (repeatable).\n"
        "  --severity ID=LEVEL           Report finding ID as error, warning or info\n"
        "                                (repeatable).\n"
        "  --config FILE                 Rule control from FILE (.chartgen.yaml format,\n"
        "                                or a .toml file's [tool.chartgen]) instead of\n"
        "                                the nearest .chartgen.yaml or pyproject.toml.\n"
        "  --no-config                   Read no configuration file.\n"
        "  --show-suppressed             List the suppressed findings where the report\n"
        "                                would only count them.\n"
        "  -q, --quiet                   Findings only: no summary, no counts, no\n"
        "                                'wrote' lines (JSON, SARIF and JUnit stay\n"
        "                                complete documents).\n"
        "  -h, --help                    Show this message and exit."
    ),
    "schema": (
        "Usage: chartgen schema [OPTIONS]\n"
        "\n"
        "  Print the values JSON Schema (the contract, or its editor or chart form).\n"
        "\n"
        "Options:\n"
        "  --for contract|editor|chart  contract: the values after the chart's defaults\n"
        "                               (what chartgen validates); editor: a values\n"
        "                               file as written, for editors and check-\n"
        "                               jsonschema (defaulted keys optional); chart:\n"
        "                               the values.schema.json `chartgen chart` writes.\n"
        "                               [default: contract]\n"
        "  -h, --help                   Show this message and exit."
    ),
    "explain": (
        "Usage: chartgen explain [OPTIONS] {KEY|ID|TOPIC}\n"
        "\n"
        "  Print the documentation of one values key, one rule or one topic.\n"
        "\n"
        "Arguments:\n"
        "  KEY|ID|TOPIC  A values key (imageBuilder.buildkit.rootless), a rule ID\n"
        "                (IB201, any case) or a topic (private-registries).  [required]\n"
        "\n"
        "Options:\n"
        "  -h, --help  Show this message and exit."
    ),
    "docs": (
        "Usage: chartgen docs [OPTIONS]\n"
        "\n"
        "  Print the values reference and the rule list in Markdown (generated from the\n"
        "  schema).\n"
        "\n"
        "Options:\n"
        "  -h, --help  Show this message and exit."
    ),
    "init": (
        "Usage: chartgen init [OPTIONS]\n"
        "\n"
        "  Print a starter values file for a cloud: hardened, and it marks what to\n"
        "  replace.\n"
        "\n"
        "Options:\n"
        "  --cloud CLOUD           aws, gcp, azure or none.  [default: aws]\n"
        "  -o, --output-file FILE  Write the starter to this file (all at once) instead\n"
        "                          of standard output.\n"
        "  --force                 Replace the --output-file if it exists.\n"
        "  -h, --help              Show this message and exit."
    ),
    "iam-policy": (
        "Usage: chartgen iam-policy [OPTIONS] [FILE...]\n"
        "\n"
        "  Emit least-privilege IAM for the chosen cloud (validates the values first).\n"
        "\n"
        "Arguments:\n"
        "  FILE...  Values files, merged in order like `helm -f` (later wins); - is\n"
        "           stdin.\n"
        "\n"
        "Options:\n"
        "  -f, --values FILE          Values file (repeatable), merged after FILES.\n"
        "  --set KEY=VALUE            Set values like Helm: a.b=c,x[0]=y.\n"
        "  --set-string KEY=VALUE     Like --set, values stay strings.\n"
        "  --set-json KEY=JSON        Set a key to a JSON value: a={\"b\":1}.\n"
        "  --set-file KEY=FILE        Set a key to a file's content: a=path.\n"
        "  --set-literal KEY=VALUE    Set a key to a literal string.\n"
        "  --cloud CLOUD              aws, gcp or azure (default: from\n"
        "                             authenticationType; noop and basic print what\n"
        "                             must allow what, and the image-pull-secret steps\n"
        "                             of a private registry).\n"
        "  -o, --output FORMAT        Format: json, terraform or shell.  [default:\n"
        "                             json]\n"
        "  --output-dir DIR           Write the output as files into this directory\n"
        "                             (atomic; shell: one script per account).\n"
        "  --force                    Replace an existing output.\n"
        "  --strict                   Fail (exit 1) on warnings too, not only on\n"
        "                             errors.\n"
        "  --audit [KIND=]FILE        Compare what an account already grants (a policy\n"
        "                             document, get-role-policy, get-policy-version,\n"
        "                             get-repository-policy, get-iam-policy or az role\n"
        "                             assignment list output; [KIND=]FILE, repeatable)\n"
        "                             with what chartgen would emit; exit 1 when\n"
        "                             something needed is missing.\n"
        "  --repository REPOSITORY    Repository to grant on (default:\n"
        "                             defaultRepository).\n"
        "  --base-image IMAGE         A private base image: pull access to its\n"
        "                             repository.\n"
        "  -n, --namespace NAMESPACE  Namespace of the release.  [default: union]\n"
        "  --disable ID[,ID...]       Switch these findings off (repeatable); reports\n"
        "                             list them as suppressed and the exit code ignores\n"
        "                             them.\n"
        "  --enable ID[,ID...]        Switch findings back on that the configuration\n"
        "                             file switches off (repeatable).\n"
        "  --severity ID=LEVEL        Report finding ID as error, warning or info\n"
        "                             (repeatable).\n"
        "  --config FILE              Rule control from FILE (.chartgen.yaml format, or\n"
        "                             a .toml file's [tool.chartgen]) instead of the\n"
        "                             nearest .chartgen.yaml or pyproject.toml.\n"
        "  --no-config                Read no configuration file.\n"
        "  --show-suppressed          List the suppressed findings where the report\n"
        "                             would only count them.\n"
        "  -q, --quiet                Findings only: no summary, no counts, no 'wrote'\n"
        "                             lines (JSON, SARIF and JUnit stay complete\n"
        "                             documents).\n"
        "  -h, --help                 Show this message and exit.\n"
        "\n"
        "AWS options:\n"
        "  --cross-account                 The registry is in another account; also\n"
        "                                  emit its repository policy.\n"
        "  --dataplane-account ACCOUNT_ID  Account of the data-plane roles (default:\n"
        "                                  global.AWS_ACCOUNT_ID).\n"
        "  --dataplane-profile PROFILE     CLI profile of the data-plane account.\n"
        "  --registry-profile PROFILE      CLI profile of the registry account.\n"
        "  --base-image-profile PROFILE    CLI profile of the base image's account.\n"
        "  --user-role ROLE                The build tasks' role [default: union-user-\n"
        "                                  role].\n"
        "  --node-role ROLE                The node role [default: union-node-role].\n"
        "  --operator-proxy-role ROLE      The operator-proxy role [default: union-\n"
        "                                  operator-proxy-role].\n"
        "  --trust-policy                  Also the user role's IRSA trust policy.\n"
        "  --oidc-provider PROVIDER        The cluster's OIDC provider\n"
        "                                  (oidc.eks.REGION...).\n"
        "  --ecr-create-on-push            A repository creation template so the first\n"
        "                                  push of NAME/IMAGE creates that repository.\n"
        "  --ecr-create-repository NAME/IMAGE\n"
        "                                  Create the repository NAME/IMAGE for this\n"
        "                                  image (repeatable).\n"
        "\n"
        "Workload identity options:\n"
        "  --build-namespace NAMESPACE  A namespace build tasks run in (repeatable; AWS\n"
        "                               also takes patterns such as '*-development').\n"
        "                               Default: the release namespace in single-\n"
        "                               namespace mode; Union's PROJECT-DOMAIN\n"
        "                               namespaces otherwise.\n"
        "  --service-account NAME       The Kubernetes service account build tasks run\n"
        "                               as (default: union in single-namespace mode,\n"
        "                               default otherwise).\n"
        "\n"
        "GCP options:\n"
        "  --user-gsa EMAIL               The build tasks' service account.\n"
        "  --node-sa EMAIL                The GKE node service account.\n"
        "  --operator-proxy-gsa EMAIL     The operator-proxy service account.\n"
        "  --signblob-scope self|project  Token Creator for signBlob on the user GSA\n"
        "                                 itself (self, default) or the whole project\n"
        "                                 (project; warns).\n"
        "\n"
        "Azure options:\n"
        "  --subscription SUBSCRIPTION_ID  The registry's subscription ID.\n"
        "  --resource-group GROUP          The registry's resource group.\n"
        "  --user-identity IDENTITY        The build tasks' managed identity (name or\n"
        "                                  ID).\n"
        "  --kubelet-identity IDENTITY     The kubelet identity (object ID, name or\n"
        "                                  ID).\n"
        "  --operator-proxy-identity IDENTITY\n"
        "                                  The operator-proxy managed identity.\n"
        "  --oidc-issuer URL               The cluster's OIDC issuer URL.\n"
        "  --acr-abac                      The registry is ABAC-enabled; grant the\n"
        "                                  repository-scoped roles (Container Registry\n"
        "                                  Repository Writer/Reader) instead of\n"
        "                                  AcrPush/AcrPull.\n"
        "\n"
        "Private registry options:\n"
        "  --secret-name NAME  The name of the Union image_pull secret."
    ),
    "chart": (
        "Usage: chartgen chart [OPTIONS] [FILE...]\n"
        "\n"
        "  Write a Helm chart whose `helm template` equals `chartgen render` (validates\n"
        "  first).\n"
        "\n"
        "Arguments:\n"
        "  FILE...  Values files, merged in order like `helm -f` (later wins); - is\n"
        "           stdin.\n"
        "\n"
        "Options:\n"
        "  -f, --values FILE             Values file (repeatable), merged after FILES.\n"
        "  --set KEY=VALUE               Set values like Helm: a.b=c,x[0]=y.\n"
        "  --set-string KEY=VALUE        Like --set, values stay strings.\n"
        "  --set-json KEY=JSON           Set a key to a JSON value: a={\"b\":1}.\n"
        "  --set-file KEY=FILE           Set a key to a file's content: a=path.\n"
        "  --set-literal KEY=VALUE       Set a key to a literal string.\n"
        "  --output-dir DIR              The chart directory to write (or check).\n"
        "  --check                       Write nothing; exit 1 with a diff summary when\n"
        "                                --output-dir is not current.\n"
        "  --force                       Replace an existing chart.\n"
        "  --target-namespace NAMESPACE  Also put the build-image ConfigMap into this\n"
        "                                namespace (repeatable; the chart value\n"
        "                                targetNamespaces).\n"
        "  --strict                      Fail (exit 1) on warnings too, not only on\n"
        "                                errors.\n"
        "  --disable ID[,ID...]          Switch these findings off (repeatable);\n"
        "                                reports list them as suppressed and the exit\n"
        "                                code ignores them.\n"
        "  --enable ID[,ID...]           Switch findings back on that the configuration\n"
        "                                file switches off (repeatable).\n"
        "  --severity ID=LEVEL           Report finding ID as error, warning or info\n"
        "                                (repeatable).\n"
        "  --config FILE                 Rule control from FILE (.chartgen.yaml format,\n"
        "                                or a .toml file's [tool.chartgen]) instead of\n"
        "                                the nearest .chartgen.yaml or pyproject.toml.\n"
        "  --no-config                   Read no configuration file.\n"
        "  --show-suppressed             List the suppressed findings where the report\n"
        "                                would only count them.\n"
        "  -q, --quiet                   Findings only: no summary, no counts, no\n"
        "                                'wrote' lines (JSON, SARIF and JUnit stay\n"
        "                                complete documents).\n"
        "  -h, --help                    Show this message and exit."
    ),
    "diff": (
        "Usage: chartgen diff [OPTIONS] [FILE...]\n"
        "\n"
        "  Compare the objects of two value sets, or of the values and what is\n"
        "  deployed.\n"
        "\n"
        "  Exit 0 when nothing changes, 1 when something does (like diff). FILES, -f\n"
        "  and --set... are the old side (the new side with --deployed); --to and --to-\n"
        "  set... the new side.\n"
        "\n"
        "Arguments:\n"
        "  FILE...  Values files, merged in order like `helm -f` (later wins); - is\n"
        "           stdin.\n"
        "\n"
        "Options:\n"
        "  -f, --values FILE             Values file (repeatable), merged after FILES.\n"
        "  --set KEY=VALUE               Set values like Helm: a.b=c,x[0]=y.\n"
        "  --set-string KEY=VALUE        Like --set, values stay strings.\n"
        "  --set-json KEY=JSON           Set a key to a JSON value: a={\"b\":1}.\n"
        "  --set-file KEY=FILE           Set a key to a file's content: a=path.\n"
        "  --set-literal KEY=VALUE       Set a key to a literal string.\n"
        "  --to FILE                     Values file of the new side (repeatable,\n"
        "                                merged in order).\n"
        "  --to-set KEY=VALUE            --set for the new side only.\n"
        "  --to-set-string KEY=VALUE     --set-string for the new side only.\n"
        "  --to-set-json KEY=JSON        --set-json for the new side only.\n"
        "  --to-set-file KEY=FILE        --set-file for the new side only.\n"
        "  --to-set-literal KEY=VALUE    --set-literal for the new side only.\n"
        "  --deployed FILE               What is deployed: `helm get manifest` or\n"
        "                                `kubectl get ... -o yaml|json` output (a file,\n"
        "                                a directory of them, or - for stdin;\n"
        "                                repeatable). The values are then the new side.\n"
        "  -o, --output FORMAT           text (unified diffs), json, or the findings as\n"
        "                                github, sarif, junit.  [default: text]\n"
        "  -U, --context LINES           Lines of context in each unified diff.\n"
        "                                [default: 3]\n"
        "  --release-name NAME           Helm release name.  [default: union]\n"
        "  -n, --namespace NAMESPACE     Namespace of the release.  [default: union]\n"
        "  --kube-version VERSION        Kubernetes version to target (default: the\n"
        "                                oldest minor still in upstream support).\n"
        "  --target-namespace NAMESPACE  Also render the build-image ConfigMap into\n"
        "                                this namespace (repeatable).\n"
        "  --disable ID[,ID...]          Switch these findings off (repeatable);\n"
        "                                reports list them as suppressed and the exit\n"
        "                                code ignores them.\n"
        "  --enable ID[,ID...]           Switch findings back on that the configuration\n"
        "                                file switches off (repeatable).\n"
        "  --severity ID=LEVEL           Report finding ID as error, warning or info\n"
        "                                (repeatable).\n"
        "  --config FILE                 Rule control from FILE (.chartgen.yaml format,\n"
        "                                or a .toml file's [tool.chartgen]) instead of\n"
        "                                the nearest .chartgen.yaml or pyproject.toml.\n"
        "  --no-config                   Read no configuration file.\n"
        "  --show-suppressed             List the suppressed findings where the report\n"
        "                                would only count them.\n"
        "  -q, --quiet                   Findings only: no summary, no counts, no\n"
        "                                'wrote' lines (JSON, SARIF and JUnit stay\n"
        "                                complete documents).\n"
        "  -h, --help                    Show this message and exit."
    ),
    "doctor": (
        "Usage: chartgen doctor [OPTIONS] [FILE...]\n"
        "\n"
        "  Check the values against a cluster's facts (nodes, namespaces, CRDs, ...),\n"
        "  offline.\n"
        "\n"
        "Arguments:\n"
        "  FILE...  Values files, merged in order like `helm -f` (later wins); - is\n"
        "           stdin.\n"
        "\n"
        "Options:\n"
        "  -f, --values FILE          Values file (repeatable), merged after FILES.\n"
        "  --set KEY=VALUE            Set values like Helm: a.b=c,x[0]=y.\n"
        "  --set-string KEY=VALUE     Like --set, values stay strings.\n"
        "  --set-json KEY=JSON        Set a key to a JSON value: a={\"b\":1}.\n"
        "  --set-file KEY=FILE        Set a key to a file's content: a=path.\n"
        "  --set-literal KEY=VALUE    Set a key to a literal string.\n"
        "  --cluster PATH             Cluster facts: kubectl -o json output, a\n"
        "                             directory of it, or - for stdin (repeatable).\n"
        "  --print-commands           Print the kubectl commands that produce the\n"
        "                             cluster facts, and exit.\n"
        "  -o, --output FORMAT        Report format: text, json, github, sarif, junit.\n"
        "                             [default: text]\n"
        "  --strict                   Fail (exit 1) on warnings too, not only on\n"
        "                             errors.\n"
        "  --release-name NAME        Helm release name.  [default: union]\n"
        "  -n, --namespace NAMESPACE  Namespace of the release.  [default: union]\n"
        "  --kube-version VERSION     Kubernetes version to render for (default: the\n"
        "                             cluster's, from version.json).\n"
        "  --disable ID[,ID...]       Switch these findings off (repeatable); reports\n"
        "                             list them as suppressed and the exit code ignores\n"
        "                             them.\n"
        "  --enable ID[,ID...]        Switch findings back on that the configuration\n"
        "                             file switches off (repeatable).\n"
        "  --severity ID=LEVEL        Report finding ID as error, warning or info\n"
        "                             (repeatable).\n"
        "  --config FILE              Rule control from FILE (.chartgen.yaml format, or\n"
        "                             a .toml file's [tool.chartgen]) instead of the\n"
        "                             nearest .chartgen.yaml or pyproject.toml.\n"
        "  --no-config                Read no configuration file.\n"
        "  --show-suppressed          List the suppressed findings where the report\n"
        "                             would only count them.\n"
        "  -q, --quiet                Findings only: no summary, no counts, no 'wrote'\n"
        "                             lines (JSON, SARIF and JUnit stay complete\n"
        "                             documents).\n"
        "  -h, --help                 Show this message and exit."
    ),
}

# Options by command: option → (parameter, flag | value | multiple | typed).
OPTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "validate": {
        "--values": ("values", "multiple"),
        "-f": ("values", "multiple"),
        "--set": ("set_", "multiple"),
        "--set-string": ("set_string", "multiple"),
        "--set-json": ("set_json", "multiple"),
        "--set-file": ("set_file", "multiple"),
        "--set-literal": ("set_literal", "multiple"),
        "--output": ("output", "value"),
        "-o": ("output", "value"),
        "--strict": ("strict", "flag"),
        "--each": ("each", "flag"),
        "--jobs": ("jobs", "value"),
        "-j": ("jobs", "value"),
        "--validate-manifests": ("validate_manifests", "flag"),
        "--release-name": ("release_name", "value"),
        "--namespace": ("namespace", "value"),
        "-n": ("namespace", "value"),
        "--kube-version": ("kube_version", "value"),
        "--disable": ("disable", "multiple"),
        "--enable": ("enable", "multiple"),
        "--severity": ("severity", "multiple"),
        "--config": ("config", "value"),
        "--no-config": ("no_config", "flag"),
        "--show-suppressed": ("show_suppressed", "flag"),
        "--quiet": ("quiet", "flag"),
        "-q": ("quiet", "flag"),
    },
    "render": {
        "--values": ("values", "multiple"),
        "-f": ("values", "multiple"),
        "--set": ("set_", "multiple"),
        "--set-string": ("set_string", "multiple"),
        "--set-json": ("set_json", "multiple"),
        "--set-file": ("set_file", "multiple"),
        "--set-literal": ("set_literal", "multiple"),
        "--output": ("output", "value"),
        "-o": ("output", "value"),
        "--output-dir": ("output_dir", "value"),
        "--force": ("force", "flag"),
        "--release-name": ("release_name", "value"),
        "--namespace": ("namespace", "value"),
        "-n": ("namespace", "value"),
        "--kube-version": ("kube_version", "value"),
        "--target-namespace": ("target_namespace", "multiple"),
        "--validate-manifests": ("validate_manifests", "flag"),
        "--strict": ("strict", "flag"),
        "--disable": ("disable", "multiple"),
        "--enable": ("enable", "multiple"),
        "--severity": ("severity", "multiple"),
        "--config": ("config", "value"),
        "--no-config": ("no_config", "flag"),
        "--show-suppressed": ("show_suppressed", "flag"),
        "--quiet": ("quiet", "flag"),
        "-q": ("quiet", "flag"),
    },
    "schema": {
        "--for": ("for_", "value"),
    },
    "explain": {
    },
    "docs": {
    },
    "init": {
        "--cloud": ("cloud", "value"),
        "--output-file": ("output_file", "value"),
        "-o": ("output_file", "value"),
        "--force": ("force", "flag"),
    },
    "iam-policy": {
        "--values": ("values", "multiple"),
        "-f": ("values", "multiple"),
        "--set": ("set_", "multiple"),
        "--set-string": ("set_string", "multiple"),
        "--set-json": ("set_json", "multiple"),
        "--set-file": ("set_file", "multiple"),
        "--set-literal": ("set_literal", "multiple"),
        "--cloud": ("cloud", "value"),
        "--output": ("output", "value"),
        "-o": ("output", "value"),
        "--output-dir": ("output_dir", "value"),
        "--force": ("force", "flag"),
        "--strict": ("strict", "flag"),
        "--audit": ("audit", "multiple"),
        "--repository": ("repository", "value"),
        "--base-image": ("base_image", "value"),
        "--namespace": ("namespace", "value"),
        "-n": ("namespace", "value"),
        "--disable": ("disable", "multiple"),
        "--enable": ("enable", "multiple"),
        "--severity": ("severity", "multiple"),
        "--config": ("config", "value"),
        "--no-config": ("no_config", "flag"),
        "--show-suppressed": ("show_suppressed", "flag"),
        "--quiet": ("quiet", "flag"),
        "-q": ("quiet", "flag"),
        "--cross-account": ("cross_account", "flag"),
        "--dataplane-account": ("dataplane_account", "value"),
        "--dataplane-profile": ("dataplane_profile", "value"),
        "--registry-profile": ("registry_profile", "value"),
        "--base-image-profile": ("base_image_profile", "value"),
        "--user-role": ("user_role", "value"),
        "--node-role": ("node_role", "value"),
        "--operator-proxy-role": ("operator_proxy_role", "value"),
        "--trust-policy": ("trust_policy", "flag"),
        "--oidc-provider": ("oidc_provider", "value"),
        "--ecr-create-on-push": ("ecr_create_on_push", "flag"),
        "--ecr-create-repository": ("ecr_create_repositories", "multiple"),
        "--build-namespace": ("build_namespaces", "multiple"),
        "--service-account": ("service_account", "value"),
        "--user-gsa": ("user_gsa", "value"),
        "--node-sa": ("node_sa", "value"),
        "--operator-proxy-gsa": ("operator_proxy_gsa", "value"),
        "--signblob-scope": ("signblob_scope", "value"),
        "--subscription": ("subscription", "value"),
        "--resource-group": ("resource_group", "value"),
        "--user-identity": ("user_identity", "value"),
        "--kubelet-identity": ("kubelet_identity", "value"),
        "--operator-proxy-identity": ("operator_proxy_identity", "value"),
        "--oidc-issuer": ("oidc_issuer", "value"),
        "--acr-abac": ("acr_abac", "flag"),
        "--secret-name": ("secret_name", "value"),
    },
    "chart": {
        "--values": ("values", "multiple"),
        "-f": ("values", "multiple"),
        "--set": ("set_", "multiple"),
        "--set-string": ("set_string", "multiple"),
        "--set-json": ("set_json", "multiple"),
        "--set-file": ("set_file", "multiple"),
        "--set-literal": ("set_literal", "multiple"),
        "--output-dir": ("output_dir", "value"),
        "--check": ("check", "flag"),
        "--force": ("force", "flag"),
        "--target-namespace": ("target_namespace", "multiple"),
        "--strict": ("strict", "flag"),
        "--disable": ("disable", "multiple"),
        "--enable": ("enable", "multiple"),
        "--severity": ("severity", "multiple"),
        "--config": ("config", "value"),
        "--no-config": ("no_config", "flag"),
        "--show-suppressed": ("show_suppressed", "flag"),
        "--quiet": ("quiet", "flag"),
        "-q": ("quiet", "flag"),
    },
    "diff": {
        "--values": ("values", "multiple"),
        "-f": ("values", "multiple"),
        "--set": ("set_", "multiple"),
        "--set-string": ("set_string", "multiple"),
        "--set-json": ("set_json", "multiple"),
        "--set-file": ("set_file", "multiple"),
        "--set-literal": ("set_literal", "multiple"),
        "--to": ("to", "multiple"),
        "--to-set": ("to_set", "multiple"),
        "--to-set-string": ("to_set_string", "multiple"),
        "--to-set-json": ("to_set_json", "multiple"),
        "--to-set-file": ("to_set_file", "multiple"),
        "--to-set-literal": ("to_set_literal", "multiple"),
        "--deployed": ("deployed", "multiple"),
        "--output": ("output", "value"),
        "-o": ("output", "value"),
        "--context": ("context", "typed"),
        "-U": ("context", "typed"),
        "--release-name": ("release_name", "value"),
        "--namespace": ("namespace", "value"),
        "-n": ("namespace", "value"),
        "--kube-version": ("kube_version", "value"),
        "--target-namespace": ("target_namespace", "multiple"),
        "--disable": ("disable", "multiple"),
        "--enable": ("enable", "multiple"),
        "--severity": ("severity", "multiple"),
        "--config": ("config", "value"),
        "--no-config": ("no_config", "flag"),
        "--show-suppressed": ("show_suppressed", "flag"),
        "--quiet": ("quiet", "flag"),
        "-q": ("quiet", "flag"),
    },
    "doctor": {
        "--values": ("values", "multiple"),
        "-f": ("values", "multiple"),
        "--set": ("set_", "multiple"),
        "--set-string": ("set_string", "multiple"),
        "--set-json": ("set_json", "multiple"),
        "--set-file": ("set_file", "multiple"),
        "--set-literal": ("set_literal", "multiple"),
        "--cluster": ("cluster", "multiple"),
        "--print-commands": ("print_commands", "flag"),
        "--output": ("output", "value"),
        "-o": ("output", "value"),
        "--strict": ("strict", "flag"),
        "--release-name": ("release_name", "value"),
        "--namespace": ("namespace", "value"),
        "-n": ("namespace", "value"),
        "--kube-version": ("kube_version", "value"),
        "--disable": ("disable", "multiple"),
        "--enable": ("enable", "multiple"),
        "--severity": ("severity", "multiple"),
        "--config": ("config", "value"),
        "--no-config": ("no_config", "flag"),
        "--show-suppressed": ("show_suppressed", "flag"),
        "--quiet": ("quiet", "flag"),
        "-q": ("quiet", "flag"),
    },
}

# Positional arguments by command: (parameter, count (-1: any), required).
ARGUMENTS: dict[str, tuple[tuple[str, int, bool], ...]] = {
    "validate": (("files", -1, False),),
    "render": (("files", -1, False),),
    "schema": (),
    "explain": (("subject", 1, True),),
    "docs": (),
    "init": (),
    "iam-policy": (("files", -1, False),),
    "chart": (("files", -1, False),),
    "diff": (("files", -1, False),),
    "doctor": (("files", -1, False),),
}

# What typer passes for an option that is not given.
DEFAULTS: dict[str, dict[str, Any]] = {
    "validate": {
        "values": None,
        "set_": None,
        "set_string": None,
        "set_json": None,
        "set_file": None,
        "set_literal": None,
        "output": "text",
        "strict": False,
        "each": False,
        "jobs": None,
        "validate_manifests": False,
        "release_name": "union",
        "namespace": "union",
        "kube_version": None,
        "disable": None,
        "enable": None,
        "severity": None,
        "config": None,
        "no_config": False,
        "show_suppressed": False,
        "quiet": False,
    },
    "render": {
        "values": None,
        "set_": None,
        "set_string": None,
        "set_json": None,
        "set_file": None,
        "set_literal": None,
        "output": "yaml",
        "output_dir": None,
        "force": False,
        "release_name": "union",
        "namespace": "union",
        "kube_version": None,
        "target_namespace": None,
        "validate_manifests": False,
        "strict": False,
        "disable": None,
        "enable": None,
        "severity": None,
        "config": None,
        "no_config": False,
        "show_suppressed": False,
        "quiet": False,
    },
    "schema": {
        "for_": "contract",
    },
    "explain": {
    },
    "docs": {
    },
    "init": {
        "cloud": "aws",
        "output_file": None,
        "force": False,
    },
    "iam-policy": {
        "values": None,
        "set_": None,
        "set_string": None,
        "set_json": None,
        "set_file": None,
        "set_literal": None,
        "cloud": None,
        "output": "json",
        "output_dir": None,
        "force": False,
        "strict": False,
        "audit": None,
        "repository": None,
        "base_image": None,
        "namespace": "union",
        "disable": None,
        "enable": None,
        "severity": None,
        "config": None,
        "no_config": False,
        "show_suppressed": False,
        "quiet": False,
        "cross_account": False,
        "dataplane_account": None,
        "dataplane_profile": None,
        "registry_profile": None,
        "base_image_profile": None,
        "user_role": None,
        "node_role": None,
        "operator_proxy_role": None,
        "trust_policy": False,
        "oidc_provider": None,
        "ecr_create_on_push": False,
        "ecr_create_repositories": None,
        "build_namespaces": None,
        "service_account": None,
        "user_gsa": None,
        "node_sa": None,
        "operator_proxy_gsa": None,
        "signblob_scope": None,
        "subscription": None,
        "resource_group": None,
        "user_identity": None,
        "kubelet_identity": None,
        "operator_proxy_identity": None,
        "oidc_issuer": None,
        "acr_abac": False,
        "secret_name": None,
    },
    "chart": {
        "values": None,
        "set_": None,
        "set_string": None,
        "set_json": None,
        "set_file": None,
        "set_literal": None,
        "output_dir": "",
        "check": False,
        "force": False,
        "target_namespace": None,
        "strict": False,
        "disable": None,
        "enable": None,
        "severity": None,
        "config": None,
        "no_config": False,
        "show_suppressed": False,
        "quiet": False,
    },
    "diff": {
        "values": None,
        "set_": None,
        "set_string": None,
        "set_json": None,
        "set_file": None,
        "set_literal": None,
        "to": None,
        "to_set": None,
        "to_set_string": None,
        "to_set_json": None,
        "to_set_file": None,
        "to_set_literal": None,
        "deployed": None,
        "output": "text",
        "context": 3,
        "release_name": "union",
        "namespace": "union",
        "kube_version": None,
        "target_namespace": None,
        "disable": None,
        "enable": None,
        "severity": None,
        "config": None,
        "no_config": False,
        "show_suppressed": False,
        "quiet": False,
    },
    "doctor": {
        "values": None,
        "set_": None,
        "set_string": None,
        "set_json": None,
        "set_file": None,
        "set_literal": None,
        "cluster": None,
        "print_commands": False,
        "output": "text",
        "strict": False,
        "release_name": "union",
        "namespace": "union",
        "kube_version": None,
        "disable": None,
        "enable": None,
        "severity": None,
        "config": None,
        "no_config": False,
        "show_suppressed": False,
        "quiet": False,
    },
}
