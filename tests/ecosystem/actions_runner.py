"""A stand-in for the GitHub Actions runner, enough to run a composite action's steps here.

What it does as the runner does: inputs with their defaults, `${{ }}` expressions in `env:`,
`with:`, `if:` and `outputs:` (property look-ups, string literals, `==`/`!=` ignoring case,
`!`, `&&`, `||`, `success()`/`failure()`/`always()`; anything else is refused, so the action
cannot use what this stand-in does not understand), `run:` scripts executed by
`bash --noprofile --norc -eo pipefail FILE` (GitHub's `shell: bash`) with `GITHUB_OUTPUT`,
`GITHUB_ENV`, `GITHUB_WORKSPACE`, `GITHUB_ACTION_PATH` and `RUNNER_TEMP`, step outputs read
back from `GITHUB_OUTPUT` (both its `name=value` and `name<<DELIMITER` forms), and a failed
step skipping the steps after it unless their `if:` says otherwise.

What it does not do: it runs no `uses:` step. The caller says what each stands for
(`uses`: a function that gets the evaluated `with:` and returns the step's outputs) — the
workflow's own actions (setup-python, the SARIF upload to GitHub's API) cannot run here.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))"
    r"|(?P<call>(?:success|failure|always)\(\))"
    r"|(?P<path>[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*))"
)
_EMBEDDED = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)


class UnsupportedExpression(Exception):
    pass


@dataclass
class StepResult:
    name: str
    ran: bool
    outcome: str  # success, failure, skipped
    exit_code: int | None = None
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    with_: dict[str, str] = field(default_factory=dict)


@dataclass
class Run:
    steps: list[StepResult]
    outputs: dict[str, str]

    def step(self, name: str) -> StepResult:
        [found] = [s for s in self.steps if s.name == name]
        return found

    @property
    def failed(self) -> bool:
        return any(s.outcome == "failure" for s in self.steps)

    @property
    def log(self) -> str:
        return "".join(s.stdout + s.stderr for s in self.steps)


class Expressions:
    def __init__(self, contexts: Mapping[str, Any], status: Callable[[], str]) -> None:
        self.contexts = contexts
        self.status = status

    def look_up(self, path: str) -> str:
        value: Any = self.contexts
        for part in path.split("."):
            value = value.get(part, "") if isinstance(value, Mapping) else ""
        return value if isinstance(value, str) else ""

    def evaluate(self, text: str) -> Any:
        tokens: list[tuple[str, str]] = []
        position = 0
        text = text.strip()
        while position < len(text):
            match = _TOKEN.match(text, position)
            if not match or match.end() == position:
                raise UnsupportedExpression(f"cannot read {text[position:]!r} in {text!r}")
            kind = match.lastgroup or ""
            tokens.append((kind, match.group(kind)))
            position = match.end()
        value, rest = self._or(tokens)
        if rest:
            raise UnsupportedExpression(f"left over {rest!r} in {text!r}")
        return value

    def _or(self, tokens: list[tuple[str, str]]) -> tuple[Any, list[tuple[str, str]]]:
        value, tokens = self._and(tokens)
        while tokens[:1] == [("op", "||")]:
            right, tokens = self._and(tokens[1:])
            value = value if truthy(value) else right
        return value, tokens

    def _and(self, tokens: list[tuple[str, str]]) -> tuple[Any, list[tuple[str, str]]]:
        value, tokens = self._compare(tokens)
        while tokens[:1] == [("op", "&&")]:
            right, tokens = self._compare(tokens[1:])
            value = right if truthy(value) else value
        return value, tokens

    def _compare(self, tokens: list[tuple[str, str]]) -> tuple[Any, list[tuple[str, str]]]:
        value, tokens = self._unary(tokens)
        while tokens[:1] in ([("op", "==")], [("op", "!=")]):
            operator = tokens[0][1]
            right, tokens = self._unary(tokens[1:])
            # GitHub compares strings ignoring case.
            equal = str(value).casefold() == str(right).casefold()
            value = equal if operator == "==" else not equal
        return value, tokens

    def _unary(self, tokens: list[tuple[str, str]]) -> tuple[Any, list[tuple[str, str]]]:
        if not tokens:
            raise UnsupportedExpression("expression ends early")
        kind, text = tokens[0]
        if (kind, text) == ("op", "!"):
            value, rest = self._unary(tokens[1:])
            return not truthy(value), rest
        if (kind, text) == ("op", "("):
            value, rest = self._or(tokens[1:])
            if rest[:1] != [("op", ")")]:
                raise UnsupportedExpression("unbalanced parentheses")
            return value, rest[1:]
        if kind == "string":
            return text[1:-1].replace("''", "'"), tokens[1:]
        if kind == "call":
            status = self.status()
            name = text[:-2]
            return {"always": True, "success": status == "success",
                    "failure": status == "failure"}[name], tokens[1:]
        if kind == "path":
            return self.look_up(text), tokens[1:]
        raise UnsupportedExpression(f"unexpected {text!r}")

    def interpolate(self, text: str) -> str:
        """A value with `${{ }}` parts, as the runner fills it in."""
        return _EMBEDDED.sub(lambda m: as_string(self.evaluate(m.group(1))), text)

    def condition(self, text: str | None) -> bool:
        if text is None:
            return self.status() == "success"
        text = text.strip()
        inner = _EMBEDDED.fullmatch(text)
        expression = inner.group(1) if inner else text
        # As the runner does: a condition without a status function means success() && it.
        if not re.search(r"\b(success|failure|always)\(\)", expression):
            return self.status() == "success" and truthy(self.evaluate(expression))
        return truthy(self.evaluate(expression))


def truthy(value: Any) -> bool:
    return bool(value)


def as_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read_outputs(path: Path) -> dict[str, str]:
    outputs: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").split("\n") if path.exists() else []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, _, delimiter = line.partition("<<")
            body = []
            while lines[index] != delimiter:
                body.append(lines[index])
                index += 1
            index += 1
            outputs[name] = "\n".join(body)
        else:
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


def run_action(
    action: Mapping[str, Any],
    *,
    inputs: Mapping[str, str],
    action_path: Path,
    workspace: Path,
    runner_temp: Path,
    env: Mapping[str, str],
    uses: Mapping[str, Callable[[dict[str, str]], dict[str, str]]],
    skip_steps: Mapping[str, StepResult] | None = None,
) -> Run:
    """Run a composite action's steps. `skip_steps` gives results for steps already run (by
    name), so an expensive one (an install) runs once for several runs."""
    given = {name: spec.get("default", "") for name, spec in action.get("inputs", {}).items()}
    unknown = set(inputs) - set(given)
    if unknown:
        raise KeyError(f"the action has no input {sorted(unknown)}")
    given.update(inputs)
    steps_context: dict[str, dict[str, Any]] = {}
    results: list[StepResult] = []

    def status() -> str:
        return "failure" if any(r.outcome == "failure" for r in results) else "success"

    contexts = {
        "inputs": given,
        "github": {"action_path": str(action_path), "workspace": str(workspace)},
        "runner": {"temp": str(runner_temp), "os": "Linux"},
        "steps": steps_context,
    }
    expressions = Expressions(contexts, status)
    for index, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {index}")
        if skip_steps and name in skip_steps:
            result = skip_steps[name]
        elif not expressions.condition(step.get("if")):
            result = StepResult(name, ran=False, outcome="skipped")
        elif "uses" in step:
            with_ = {k: expressions.interpolate(str(v)) for k, v in step.get("with", {}).items()}
            outputs = uses[step["uses"]](with_)
            result = StepResult(name, ran=True, outcome="success", outputs=outputs, with_=with_)
        else:
            if step.get("shell") != "bash":
                raise UnsupportedExpression(f"step {name!r}: only shell: bash runs here")
            step_env = {k: expressions.interpolate(str(v)) for k, v in step.get("env", {}).items()}
            script = runner_temp / f"step-{index}.sh"
            script.write_text(step["run"], encoding="utf-8")
            output_file = runner_temp / f"step-{index}.output"
            output_file.write_text("", encoding="utf-8")
            completed = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=workspace,
                env={
                    **env,
                    **step_env,
                    "GITHUB_OUTPUT": str(output_file),
                    "GITHUB_ENV": str(runner_temp / "github-env"),
                    "GITHUB_WORKSPACE": str(workspace),
                    "GITHUB_ACTION_PATH": str(action_path),
                    "RUNNER_TEMP": str(runner_temp),
                },
                capture_output=True,
                text=True,
                timeout=600,
            )
            result = StepResult(
                name,
                ran=True,
                outcome="success" if completed.returncode == 0 else "failure",
                exit_code=completed.returncode,
                stdout=completed.stdout,
                stderr=completed.stderr,
                outputs=read_outputs(output_file),
            )
        results.append(result)
        if "id" in step:
            steps_context[step["id"]] = {"outputs": result.outputs, "outcome": result.outcome}
    outputs = {
        name: expressions.interpolate(str(spec["value"]))
        for name, spec in action.get("outputs", {}).items()
    }
    return Run(results, outputs)


def environment_without_github() -> dict[str, str]:
    """This process's environment minus what a runner sets itself."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
