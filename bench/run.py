"""Benchmark: chartgen next to the tools a user would run instead, in one run on one machine.

Run it with the project's interpreter (the one that has chartgen and check-jsonschema), with the
helm binary on PATH or in .tools/bin:

    .venv/bin/python bench/run.py [--rounds N] [--files N] [--quick]

It prints, in this order:

1. the four goals of issue 13 as ratios, each measured in alternating rounds (chartgen, anchor,
   chartgen, anchor, ...) so both sides see the same machine state; the median of the per-round
   ratios and the ratio of the minimums;
2. more cold commands (a data-plane-sized file, the imports chartgen avoids on start-up);
3. where a file's time goes in batch mode, in one warm process (parse, merge, schema, model,
   rules, report);
4. how the cost scales with the file size (100 → 30,000 lines) and the batch size (1 → 3,000
   files), with the peak memory of each process.

Every cold row is the wall time of fresh processes, each command run once untimed first so the
OS file cache and the bytecode caches are warm, as for a user's second run. Inputs are generated
into bench/out/ (git-ignored) and are deterministic. Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import io
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SCHEMA = ROOT / "schemas" / "imagebuilder.values.schema.json"
EXAMPLE = ROOT / "values.example.yaml"
BIN = Path(sys.executable).parent


# -- inputs -----------------------------------------------------------------------------------

REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1"]


def write_batch(count: int, folder: str = "batch") -> list[Path]:
    """`count` realistic values files: the example with varied accounts, regions and sizes."""
    template = EXAMPLE.read_text(encoding="utf-8")
    rng = random.Random(300)
    batch = OUT / folder
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
        path = batch / f"values-{index:04d}.yaml"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
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


def write_dataplane(target_lines: int = 2900, name: str = "dataplane-values.yaml") -> Path:
    """A data-plane values file of about `target_lines` lines, the Image Builder section last."""
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
        lines.extend(component(rng, f"service{index:04d}"))
        index += 1
    lines.extend(example)
    path = OUT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def write_chart(chartgen: list[str]) -> Path:
    """The Helm chart `chartgen chart` writes for values.example.yaml (for `helm template`)."""
    chart = OUT / "chart"
    run = subprocess.run(
        [*chartgen, "chart", str(EXAMPLE), "--output-dir", str(chart), "--force"],
        capture_output=True, text=True, cwd=ROOT, env=ENV,
    )
    if run.returncode != 0:
        raise SystemExit(f"chartgen chart failed: {run.stderr}")
    return chart


# -- measuring --------------------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float
    returncode: int


# A user's Python writes bytecode caches; a benchmark run with PYTHONDONTWRITEBYTECODE set would
# otherwise compile every module on every run and measure that instead.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def once(argv: Sequence[str]) -> Sample:
    """One fresh process: its wall time and exit code."""
    start = time.perf_counter()
    returncode = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=ENV).returncode
    return Sample(time.perf_counter() - start, returncode)


TIME = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)


def peak_mib(argv: Sequence[str]) -> str:
    """The peak RSS of one run of `argv`, measured by /usr/bin/time (a small parent: the rusage
    of a child forked from this Python process would count this process's pages too)."""
    if TIME is None:
        return "n/a"
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as out:
        subprocess.run([TIME, "-f", "%M", "-o", out.name, *argv], cwd=ROOT, env=ENV,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        text = out.read().strip().splitlines()
    return f"{int(text[-1]) / 1024:.0f}" if text and text[-1].isdigit() else "n/a"


@dataclass
class Series:
    name: str
    samples: list[Sample] = field(default_factory=list)
    peak: str = ""  # MiB, from one extra run (peak_mib)

    @property
    def times_ms(self) -> list[float]:
        return [s.seconds * 1000 for s in self.samples]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def min_ms(self) -> float:
        return min(self.times_ms)

    @property
    def exit(self) -> str:
        codes = sorted({s.returncode for s in self.samples})
        return "exit " + "/".join(map(str, codes))


def alternate(a: tuple[str, Sequence[str]], b: tuple[str, Sequence[str]],
              rounds: int) -> tuple[Series, Series]:
    """`rounds` rounds of A then B (after one untimed run of each)."""
    left = Series(a[0], peak=peak_mib(a[1]))
    right = Series(b[0], peak=peak_mib(b[1]))
    for _ in range(rounds):
        left.samples.append(once(a[1]))
        right.samples.append(once(b[1]))
    return left, right


def cold(name: str, argv: Sequence[str], runs: int) -> Series:
    series = Series(name, peak=peak_mib(argv))  # also the untimed first run
    for _ in range(runs):
        series.samples.append(once(argv))
    return series


def warm(action: Callable[[], object], runs: int) -> float:
    """Median seconds of `runs` calls in this process (after one untimed call)."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command(tool: str, module: str) -> list[str]:
    """The installed console script, or `python -m module` when there is none."""
    script = BIN / tool
    return [str(script)] if script.exists() else [sys.executable, "-m", module]


def helm_binary() -> str | None:
    local = ROOT / ".tools" / "bin" / "helm"
    if local.exists():
        return str(local)
    return shutil.which("helm")


def table(header: list[str], rows: list[list[str]], align: str = "") -> None:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    align = align or "l" + "r" * (len(header) - 1)

    def line(cells: list[str]) -> str:
        out = []
        for index, cell in enumerate(cells):
            text = str(cell)
            out.append(text.ljust(widths[index]) if align[index] == "l"
                       else text.rjust(widths[index]))
        return "  ".join(out).rstrip()

    print(line(header))
    print("-" * len(line(header)))
    for row in rows:
        print(line(row))
    print()


# -- 1. the goals -----------------------------------------------------------------------------


@dataclass
class Goal:
    name: str
    ours: tuple[str, list[str]]
    anchor: tuple[str, list[str]]
    limit: float
    per_file: int = 0  # files in the run, to show per-file times


def goals(chartgen: list[str], check_jsonschema: list[str], helm: str | None,
          batch: list[str], rounds: int, batch_rounds: int) -> None:
    example = str(EXAMPLE.relative_to(ROOT))
    goals = [
        Goal("--help", ("chartgen --help", [*chartgen, "--help"]),
             ("python -c pass", [sys.executable, "-c", "pass"]), 3.0),
        Goal("validate one file", (f"chartgen validate {example}",
                                   [*chartgen, "validate", example]),
             (f"check-jsonschema {example}", [*check_jsonschema, example]), 0.3),
        Goal(f"validate --each, {len(batch)} files",
             (f"chartgen validate --each ({len(batch)} files)",
              [*chartgen, "validate", "--each", *batch]),
             (f"check-jsonschema ({len(batch)} files)", [*check_jsonschema, *batch]), 0.25,
             per_file=len(batch)),
        # The same batch in one process: what the goal row's `--jobs auto` adds over it.
        Goal("  the same, --jobs 1 (one process)",
             (f"chartgen validate --each --jobs 1 ({len(batch)} files)",
              [*chartgen, "validate", "--each", "--jobs", "1", *batch]),
             (f"check-jsonschema ({len(batch)} files)", [*check_jsonschema, *batch]), 0.25,
             per_file=len(batch)),
    ]
    if helm is not None:
        chart = write_chart(chartgen)
        render = [*chartgen, "render", example]
        # The chart requires Kubernetes >= 1.23 and helm assumes 1.20 unless told: render for
        # chartgen's default version, as `chartgen render` does.
        template = [helm, "template", "union", str(chart), "--namespace", "union",
                    "--kube-version", default_kube_version()]
        same_objects(render, template)
        goals.append(
            Goal("render", (f"chartgen render {example}", render),
                 ("helm template (v3 binary) of the generated chart", template), 1.0)
        )
    rows = []
    details = []
    for goal in goals:
        count = batch_rounds if goal.per_file else rounds
        ours, anchor = alternate(goal.ours, goal.anchor, count)
        ratios = [a / b for a, b in zip(ours.times_ms, anchor.times_ms, strict=True)]
        median_ratio = statistics.median(ratios)
        min_ratio = ours.min_ms / anchor.min_ms
        verdict = "met" if median_ratio <= goal.limit else "NOT met"
        rows.append([goal.name, f"{median_ratio:.2f}x", f"{min_ratio:.2f}x",
                     f"<= {goal.limit:g}x", verdict])
        for series in (ours, anchor):
            extra = ""
            if goal.per_file:
                extra = f", {series.median_ms / goal.per_file:.2f} ms/file"
            details.append([series.name, str(len(series.samples)), f"{series.median_ms:.1f}",
                            f"{series.min_ms:.1f}", series.peak,
                            series.exit + extra])
    print("Goals (issue 13): chartgen / anchor, alternating rounds")
    table(["goal", "median ratio", "ratio of mins", "goal", ""], rows, "lrrrl")
    print(f"`validate --each` runs as a user runs it: --jobs auto, {usable_cpus()} processes "
          "on this machine (one per usable CPU).\n")
    table(["command", "runs", "median ms", "min ms", "peak MiB", "note"], details, "lrrrrl")
    if helm is None:
        print("helm not found (.tools/bin/helm or PATH): the render goal was not measured\n")


def usable_cpus() -> int:
    from chartgen.parallel import usable_cpus

    return usable_cpus()


def default_kube_version() -> str:
    from chartgen.kube import DEFAULT_KUBE_VERSION

    return DEFAULT_KUBE_VERSION


def same_objects(render: list[str], template: list[str]) -> None:
    """Both commands of the render goal must produce the same objects, or the goal compares
    different work (helm failing fast, say)."""
    from ruamel.yaml import YAML

    outputs = []
    for argv in (render, template):
        run = subprocess.run(argv, cwd=ROOT, env=ENV, capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {run.stderr}")
        documents = [d for d in YAML(typ="safe").load_all(run.stdout) if d]
        outputs.append(sorted(documents, key=lambda d: (d["kind"], d["metadata"]["name"],
                                                        str(d["metadata"].get("namespace")))))
    if outputs[0] != outputs[1]:
        raise SystemExit("chartgen render and helm template differ: the goal would compare "
                         "different work")


# -- 2. more cold commands --------------------------------------------------------------------


def more(chartgen: list[str], check_jsonschema: list[str], dataplane: Path, runs: int) -> None:
    python = [sys.executable]
    rows = []
    baseline = cold("python -c pass", [*python, "-c", "pass"], runs)
    series = [
        baseline,
        cold(f"chartgen validate {dataplane.name}", [*chartgen, "validate", str(dataplane)],
             runs),
        cold(f"check-jsonschema {dataplane.name}", [*check_jsonschema, str(dataplane)], runs),
        cold("chartgen validate --help", [*chartgen, "validate", "--help"], runs),
        cold("chartgen explain IB201", [*chartgen, "explain", "IB201"], runs),
        cold("chartgen schema", [*chartgen, "schema"], runs),
    ]
    # What chartgen keeps off its start-up paths, for scale: each import in a fresh process.
    for module in ("typer", "jsonschema", "jinja2", "ruamel.yaml", "pydantic"):
        if importlib.util.find_spec(module.split(".")[0]) is None:
            continue
        series.append(cold(f"python -c 'import {module}'", [*python, "-c", f"import {module}"],
                           runs))
    series.append(cold("python: import the rule modules",
                       [*python, "-c", "import chartgen.rules as r; r.all_rules()"], runs))
    for item in series:
        over = item.median_ms - baseline.median_ms
        rows.append([item.name, str(len(item.samples)), f"{item.median_ms:.1f}",
                     f"{item.min_ms:.1f}", f"{item.median_ms / baseline.median_ms:.1f}",
                     "" if item is baseline else f"{over:+.1f}", item.peak,
                     item.exit])
    print("Cold commands and imports")
    table(["command", "runs", "median ms", "min ms", "x python", "ms over", "peak MiB", "note"],
          rows, "lrrrrrrl")


# -- 3. where a file's time goes in batch mode -----------------------------------------------


def breakdown(batch: list[Path], runs: int) -> None:
    """Per file, in one warm process: each stage of `chartgen validate --each`, as the pipeline
    runs it (chartgen.validate), timed over the whole batch."""
    from chartgen.generated.values_validator import is_valid
    from chartgen.kube import resolve_kube_version
    from chartgen.model import build_model
    from chartgen.report import Result, get_reporter
    from chartgen.rules import RuleContext, run_rules
    from chartgen.validate import validate_sources
    from chartgen.values.loader import ValueSources, load_values
    from chartgen.values.yaml_source import load_yaml

    sources = [ValueSources(files=[str(path)]) for path in batch]
    raws = [(path.read_bytes(), str(path)) for path in batch]
    loaded = [load_values(s) for s in sources]
    data = [item.data for item in loaded]
    assert all(d is not None and is_valid(d) for d in data), "the batch must be valid values"
    models = [build_model(d) for d in data if d is not None]
    kube = resolve_kube_version(None)
    contexts = [RuleContext(m, item.data, item.provenance, item.templated, kube)
                for m, item in zip(models, loaded, strict=True) if item.data is not None]
    reports = [validate_sources(s).report for s in sources]

    def report() -> None:
        reporter = get_reporter("text", io.StringIO(), color=False)
        for path, item in zip(batch, reports, strict=True):
            reporter.write(Result(str(path), item))
        reporter.flush()

    def parse() -> None:
        # As load_values parses: with the garbage collector paused.
        gc.disable()
        try:
            for raw, name in raws:
                load_yaml(raw, name)
        finally:
            gc.enable()

    def each(function: Callable[[Any], object], items: list[Any]) -> Callable[[], None]:
        # Each result dropped as soon as it is made, as `validate --each` drops a file's
        # values once its report is written: kept for the whole batch, hundreds of files'
        # values would make each pass of the garbage collector walk them all (+40% per file).
        def run() -> None:
            for item in items:
                function(item)

        return run

    count = len(batch)
    stages = [
        ("parse (YAML with positions)", parse),
        ("load (read, parse, merge, defaults, tpl)", each(load_values, sources)),
        ("schema (generated validator)", each(is_valid, data)),
        ("model", each(build_model, data)),
        ("rules", each(run_rules, contexts)),
        ("report (text)", report),
        ("validate_sources, end to end", each(validate_sources, sources)),
    ]
    measured = {name: warm(action, runs) * 1000 / count for name, action in stages}
    parse = measured["parse (YAML with positions)"]
    load = measured["load (read, parse, merge, defaults, tpl)"]
    rows = [
        ["parse (YAML with positions)", f"{parse:.3f}"],
        ["merge (read, merge, defaults, tpl: load minus parse)", f"{load - parse:.3f}"],
    ]
    for name in ("schema (generated validator)", "model", "rules", "report (text)"):
        rows.append([name, f"{measured[name]:.3f}"])
    total = sum(float(row[1]) for row in rows)
    rows.append(["sum of the stages", f"{total:.3f}"])
    end = measured["validate_sources, end to end"] + measured["report (text)"]
    rows.append(["validate_sources + report, end to end", f"{end:.3f}"])
    print(f"Per file in batch mode ({count} files, warm process, median of {runs} passes)")
    table(["stage", "ms/file"], rows)
    rule_costs(contexts, runs)


def rule_costs(contexts: list[Any], runs: int, shown: int = 10) -> None:
    """Each rule's own time per file, as `run_rules` runs them: every rule on one file, then
    the next file (the fastest of `runs` passes, each starting with empty caches)."""
    from chartgen.registry import parse_repository
    from chartgen.rules import all_rules

    rules = all_rules()
    best = {rule.id: float("inf") for rule in rules}
    for _ in range(runs):
        parse_repository.cache_clear()  # a file's repository is new to a batch
        spent = dict.fromkeys(best, 0.0)
        for context in contexts:
            for rule in rules:
                start = time.perf_counter()
                for _finding in rule.check(context):
                    pass
                spent[rule.id] += time.perf_counter() - start
        best = {rule_id: min(best[rule_id], spent[rule_id]) for rule_id in best}
    per_file = {rule_id: seconds * 1e6 / len(contexts) for rule_id, seconds in best.items()}
    by_cost = sorted(rules, key=lambda rule: per_file[rule.id], reverse=True)
    rows = [[f"{rule.id} {rule.name}", f"{per_file[rule.id]:.1f}"] for rule in by_cost[:shown]]
    rows.append([f"all {len(rules)} rules", f"{sum(per_file.values()):.1f}"])
    print(f"Rules: own time per file, the {shown} costliest (fastest of {runs} passes)")
    table(["rule", "us/file"], rows)


# -- 4. scale ---------------------------------------------------------------------------------


def scale(chartgen: list[str], sizes: list[int], batches: list[int], runs: int) -> None:
    """Cold runs over growing inputs. Linear means a constant cost per 1,000 lines (per file)
    over the smallest input's: the `marginal` column."""
    rows = []
    first: tuple[int, float] | None = None
    for lines in sizes:
        path = write_dataplane(lines, f"scale/values-{lines}.yaml")
        actual = path.read_bytes().count(b"\n")
        series = cold(f"{actual:,} lines", [*chartgen, "validate", str(path)], runs)
        marginal = ""
        if first is None:
            first = (actual, series.median_ms)
        else:
            marginal = f"{(series.median_ms - first[1]) / (actual - first[0]) * 1000:.1f}"
        rows.append([series.name, f"{path.stat().st_size / 1024:,.0f}",
                     f"{series.median_ms:.0f}", f"{series.min_ms:.0f}", marginal, series.peak,
                     series.exit])
    print(f"Scale with the file size: cold `chartgen validate FILE`, median of {runs}")
    table(["file", "KiB", "median ms", "min ms", "marginal ms/1k lines", "peak MiB", "note"],
          rows, "lrrrrrl")

    rows = []
    files = write_batch(max(batches), "scale-batch")
    base: tuple[int, float] | None = None
    for count in batches:
        chosen = [str(p) for p in files[:count]]
        series = cold(f"{count:,} files", [*chartgen, "validate", "--each", *chosen], runs)
        marginal = ""
        if base is None:
            base = (count, series.median_ms)
        else:
            marginal = f"{(series.median_ms - base[1]) / (count - base[0]):.2f}"
        rows.append([series.name, f"{series.median_ms:.0f}", f"{series.min_ms:.0f}", marginal,
                     series.peak, series.exit])
    print(f"Scale with the batch size: cold `chartgen validate --each FILES`, median of {runs}")
    table(["batch", "median ms", "min ms", "marginal ms/file", "peak MiB", "note"], rows,
          "lrrrrl")


# -- main -------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, load average {load:.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=20,
                        help="alternating rounds per goal and cold runs per command (20)")
    parser.add_argument("--batch-rounds", type=int, help="rounds of the batch goal (--rounds)")
    parser.add_argument("--files", type=int, default=300, help="files in the batch (300)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer rounds and smaller scale tables, to try the script")
    parser.add_argument("--skip-scale", action="store_true", help="leave out the scale tables")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else max(1, args.rounds)
    batch_rounds = max(1, args.batch_rounds or rounds)

    chartgen = command("chartgen", "chartgen")
    check_jsonschema = [
        *command("check-jsonschema", "check_jsonschema"), "--schemafile", str(SCHEMA)
    ]
    batch_paths = write_batch(args.files)
    batch = [str(p) for p in batch_paths]
    dataplane = write_dataplane()
    print(f"machine: {machine()}")
    arguments = " ".join(argv if argv is not None else sys.argv[1:])
    print(f"command: .venv/bin/python bench/run.py {arguments}".rstrip())
    print()
    goals(chartgen, check_jsonschema, helm_binary(), batch, rounds, batch_rounds)
    more(chartgen, check_jsonschema, dataplane, rounds)
    breakdown(batch_paths, 3 if args.quick else 5)
    if not args.skip_scale:
        sizes = [100, 1000, 3000] if args.quick else [100, 1000, 3000, 10000, 30000]
        batches = [1, 10, 100] if args.quick else [1, 10, 100, 1000, 3000]
        scale(chartgen, sizes, batches, 3 if args.quick else 5)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
