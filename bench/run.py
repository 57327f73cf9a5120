"""Benchmark: chartgen's cold start and batch validation, side by side with check-jsonschema.

Run it with the project's interpreter (the one that has chartgen and check-jsonschema):

    .venv/bin/python bench/run.py [--runs N] [--files N]

Every command row is the wall time of N fresh processes (after one untimed warm-up run, so
the OS file cache and the bytecode caches are warm, as they are for a user who runs the tool
twice). The last rows time loading a large data-plane values file inside one warm process.
Inputs are generated into bench/out/ (git-ignored) and are deterministic.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SCHEMA = ROOT / "schemas" / "imagebuilder.values.schema.json"
EXAMPLE = ROOT / "values.example.yaml"
BIN = Path(sys.executable).parent


@dataclass
class Row:
    name: str
    times: list[float]
    note: str = ""

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.times) * 1000

    @property
    def min_ms(self) -> float:
        return min(self.times) * 1000


# -- inputs -----------------------------------------------------------------------------------

REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1"]


def write_batch(count: int) -> list[Path]:
    """`count` realistic values files: the example with varied accounts, regions and sizes."""
    template = EXAMPLE.read_text(encoding="utf-8")
    rng = random.Random(300)
    batch = OUT / "batch"
    batch.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        account = f"{rng.randrange(10**11, 10**12):012d}"
        region = rng.choice(REGIONS)
        text = (
            template.replace("123456789012", account)
            .replace("us-east-2", region)
            .replace("replicaCount: 2", f"replicaCount: {rng.randrange(2, 6)}")
        )
        path = batch / f"values-{index:03d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


ENDPOINTS = ("admin", "catalog", "events", "data", "auth", "metrics", "artifacts", "secrets")
SETTINGS = [
    "cache-size", "workers", "retry-attempts", "backoff", "enable-metrics", "metrics-port",
    "profiler", "leader-election", "lease-duration", "renew-deadline", "max-in-flight",
    "event-rate", "event-capacity", "gc-interval", "max-ttl", "shard-count",
]


def component(rng: random.Random, name: str) -> list[str]:
    """One service section of a data-plane values file, in the reference chart's style."""
    cpu = rng.choice(["100m", "250m", "500m", "1", "2"])
    memory = rng.choice(["128Mi", "256Mi", "500Mi", "1Gi", "2Gi"])
    lines = [
        f"# -- {name} contains the configuration of the {name} service.",
        f"{name}:",
        f"  # -- Enable or disable the {name} service.",
        "  enabled: true",
        f"  # -- Replicas of the {name} deployment.",
        f"  replicaCount: {rng.randrange(1, 4)}",
        "  image:",
        f"    # -- Docker image for the {name} deployment.",
        f"    repository: public.ecr.aws/unionai/{name}",
        f'    tag: "2025.{rng.randrange(1, 12)}.{rng.randrange(0, 9)}"',
        "    pullPolicy: IfNotPresent",
        f"  # -- Override service account values for the {name} service.",
        "  serviceAccount:",
        "    create: true",
        '    name: ""',
        "    annotations: { }",
        f"  # -- Additional pod annotations for the {name} service.",
        "  podAnnotations: { }",
        "  # -- Additional pod environment variables.",
        "  podEnv:",
        "    - name: GOMAXPROCS",
        f'      value: "{rng.randrange(1, 8)}"',
        "    - name: CONTROL_PLANE_HOST",
        "      value: '{{ tpl .Values.host . }}'",
        "  # -- nodeSelector constraints for the pods.",
        "  nodeSelector: { }",
        "  # -- tolerations for the pods.",
        "  tolerations: [ ]",
        "  #  - key: \"key1\"",
        "  #    operator: \"Equal\"",
        "  # -- affinity configurations for the pods.",
        "  affinity: { }",
        "  # -- Kubernetes resource configuration.",
        "  resources:",
        "    limits:",
        f'      cpu: "{cpu}"',
        f'      memory: "{memory}"',
        "    requests:",
        f'      cpu: "{cpu}"',
        f'      memory: "{memory}"',
        "  # -- Service configuration.",
        "  config:",
        "    server:",
        f"      httpPort: {rng.randrange(8000, 9000)}",
        f"      grpcPort: {rng.randrange(9000, 10000)}",
        "      kube-config: \"\"",
        "    queue:",
        f"      rate: {rng.randrange(10, 1000)}",
        f"      capacity: {rng.randrange(100, 10000)}",
        f"      base-delay: {rng.randrange(1, 10)}s",
        "      max-delay: 120s",
        "    connection:",
        "      host: 'dns:///{{ tpl .Values.host . }}'",
        "      insecure: false",
        "    # -- Feature flags and tuning, as the real services carry dozens of them.",
        "    settings:",
        *[
            f"      {setting}-{name}: "
            + rng.choice(["true", "false", f'"{rng.randrange(1, 10**6)}"', "30s", "100Mi"])
            for setting in SETTINGS
        ],
        "    endpoints:",
        *[
            f"      - {{name: {endpoint}, url: 'dns:///{endpoint}.{name}.svc:8089', timeout: 5s}}"
            for endpoint in ENDPOINTS
        ],
        "  # -- Templates of objects this service creates.",
        "  templates:",
        f"    - key: a_{name}_namespace",
        "      value: |",
        "        apiVersion: v1",
        "        kind: Namespace",
        "        metadata:",
        "          name: {{ namespace }}",
        "",
    ]
    return lines


def write_dataplane(target_lines: int = 2900) -> Path:
    """A data-plane-sized values file (~2,900 lines), with the Image Builder section last."""
    rng = random.Random(2870)
    lines = [
        "# -- Set the control plane host for your Union dataplane installation.",
        'host: "acme.unionai.cloud"',
        'clusterName: "acme-prod"',
        'orgName: "acme"',
        "",
    ]
    example = EXAMPLE.read_text(encoding="utf-8").splitlines()
    index = 0
    while len(lines) + len(example) < target_lines:
        lines.extend(component(rng, f"service{index:02d}"))
        index += 1
    lines.extend(example)
    path = OUT / "dataplane-values.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- measuring --------------------------------------------------------------------------------


def cold(name: str, argv: Sequence[str], runs: int, note: str = "") -> Row:
    """Wall time of `runs` fresh processes running `argv` (after one untimed warm-up)."""
    first = subprocess.run(argv, capture_output=True, cwd=ROOT)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return Row(name, times, note or f"exit {first.returncode}")


def warm(name: str, action: Callable[[], object], runs: int, note: str = "") -> Row:
    action()  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return Row(name, times, note)


def command(tool: str, module: str) -> list[str]:
    """The installed console script, or `python -m module` when there is none."""
    script = BIN / tool
    return [str(script)] if script.exists() else [sys.executable, "-m", module]


def print_table(rows: list[Row], baseline: float) -> None:
    width = max(len(r.name) for r in rows)
    header = (
        f"{'case'.ljust(width)}  {'runs':>4}  {'mean ms':>9}  {'min ms':>9}  {'x python':>8}  note"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        in_process = row.note == "in-process"
        ratio = " " * 8 if in_process else f"{row.mean_ms / baseline:8.1f}"
        print(
            f"{row.name.ljust(width)}  {len(row.times):>4}  {row.mean_ms:9.1f}  "
            f"{row.min_ms:9.1f}  {ratio}  {row.note}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=10, help="cold runs per command (default 10)")
    parser.add_argument(
        "--batch-runs", type=int, help="cold runs of the two batch commands (default: --runs)"
    )
    parser.add_argument("--files", type=int, default=300, help="files in the batch (default 300)")
    parser.add_argument("--loads", type=int, default=5, help="warm loads of the large file")
    args = parser.parse_args(argv)
    if not EXAMPLE.exists():
        print(f"missing {EXAMPLE.relative_to(ROOT)}", file=sys.stderr)
        return 2

    chartgen = command("chartgen", "chartgen")
    check_jsonschema = [
        *command("check-jsonschema", "check_jsonschema"), "--schemafile", str(SCHEMA)
    ]
    batch = [str(p) for p in write_batch(args.files)]
    dataplane = write_dataplane()
    example = str(EXAMPLE.relative_to(ROOT))
    runs = max(1, args.runs)
    batch_runs = max(1, args.batch_runs or runs)
    per_file = "per file: {:.1f} ms"

    rows = [
        cold("python -c pass", [sys.executable, "-c", "pass"], runs),
        cold("chartgen --help", [*chartgen, "--help"], runs),
        cold(f"chartgen validate {example}", [*chartgen, "validate", example], runs),
        cold(f"check-jsonschema {example}", [*check_jsonschema, example], runs),
        cold(f"chartgen validate {dataplane.name}", [*chartgen, "validate", str(dataplane)], runs),
        cold(
            f"chartgen validate --each ({len(batch)} files)",
            [*chartgen, "validate", "--each", *batch],
            batch_runs,
        ),
        cold(f"check-jsonschema ({len(batch)} files)", [*check_jsonschema, *batch], batch_runs),
    ]
    for row in rows[-2:]:
        row.note += ", " + per_file.format(row.mean_ms / len(batch))
    baseline = rows[0].mean_ms

    raw = dataplane.read_bytes()
    lines = raw.count(b"\n")
    from chartgen.values.yaml_source import load_yaml

    def load() -> object:
        return load_yaml(raw, "dataplane-values.yaml")

    rows.append(warm(f"load_yaml, {lines:,}-line values", load, args.loads, "in-process"))
    rows.extend(compose_rows(raw.decode("utf-8"), lines, args.loads))

    print(f"python {sys.version.split()[0]} at {sys.executable}")
    nodes = count_nodes(raw.decode("utf-8"))
    print(
        f"inputs: {example}; {len(batch)} generated files; {dataplane.relative_to(ROOT)} "
        f"({lines:,} lines, {len(raw) / 1024:.0f} KiB, {nodes:,} nodes)"
    )
    print()
    print_table(rows, baseline)
    return 0


def compose_rows(text: str, lines: int, loads: int) -> list[Row]:
    """The parsers alone on the same file, for scale: what load_yaml adds on top of composing."""
    from ruamel.yaml import YAML

    rows = []

    def ruamel_compose() -> object:
        loader = YAML(typ="safe", pure=False)
        loader.version = (1, 1)
        return loader.compose(text)

    rows.append(
        warm(f"  ruamel C compose only, {lines:,} lines", ruamel_compose, loads, "in-process")
    )
    try:
        import yaml

        if getattr(yaml, "__with_libyaml__", False):
            rows.append(
                warm(f"  PyYAML libyaml compose only, {lines:,} lines",
                     lambda: yaml.compose(text, Loader=yaml.CSafeLoader), loads, "in-process")
            )
    except ImportError:
        pass
    return rows


def count_nodes(text: str) -> int:
    from ruamel.yaml import YAML

    loader = YAML(typ="safe", pure=False)
    stack = [loader.compose(text)]
    count = 0
    while stack:
        node = stack.pop()
        count += 1
        kind = type(node).__name__
        if kind == "MappingNode":
            stack.extend(child for pair in node.value for child in pair)
        elif kind == "SequenceNode":
            stack.extend(node.value)
    return count


if __name__ == "__main__":
    sys.exit(main())
