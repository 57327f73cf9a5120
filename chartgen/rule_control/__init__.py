"""Rule control: which findings a run reports, and how severe each kind is.

As in ruff, pylint or yamllint, the user says it in three places, keyed by the IDs of the one
catalogue (`chartgen.catalogue`; `chartgen docs` lists them):

1. a configuration file (`config`: `.chartgen.yaml`, or `[tool.chartgen]` in pyproject.toml,
   found from the current directory up to the git root; `--config FILE`, `--no-config`):
   `disable: [ID…]`, `enable: [ID…]`, `severity: {ID: error|warning|info}`;
2. the command line: `--disable ID[,ID…]`, `--enable ID[,ID…]`, `--severity ID=LEVEL`
   (each repeatable) — the command line wins over the file: `--enable IB402` switches back on
   what the file switched off, and a `--severity` replaces the file's for that ID;
3. a comment in a values file (`inline`): `# chartgen: disable=ID[,ID…]` on the line a finding
   points at, or alone on the line above it. It suppresses findings located on that line of
   that file only, whatever the command line says.

`Report` applies a `RuleControl` to every finding on its way in: the one place. A suppressed
finding is kept apart (`Report.suppressed`) with who suppressed it, so every report format
shows it as suppressed (JSON and SARIF list it, the others print a count) and the exit code
ignores it; a severity set by the user is the finding's severity everywhere — in what the
command does (`render` renders when the only errors were made warnings) and in its exit code.

What cannot be switched off or softened (`catalogue.fixed_kinds`): the findings that make the
values unusable — unreadable or malformed input, unevaluable templates, schema violations —
because no command can validate or render such values, so hiding them would only turn a
clear error into a silent failure later; and findings that mean a check could not run (exit
3) or the command line is wrong (exit 2). Naming one in `--disable` or `--severity` is a usage
error; in a comment, a finding.

Mistakes are never ignored: an unknown ID on the command line or in the file is a usage error
(exit 2) with the nearest ID as a suggestion; in a comment it is finding IB020. A comment that
suppresses nothing is finding IB021 (a warning, so it fails only under `--strict`), for the
cross-field rules, which every values check runs; one naming a finding of a later stage
(`--validate-manifests`, IAM, doctor) may suppress nothing in one command and something in
another, and is not reported.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from chartgen.findings import Finding, FindingKind, Severity, Suppressed, Suppression
from chartgen.record import field, record, replace

if TYPE_CHECKING:
    from chartgen.rule_control.inline import InlineDirective

INLINE_DIRECTIVE = FindingKind(
    "IB020",
    "inline-directive",
    Severity.WARNING,
    """A `# chartgen:` comment in a values file that chartgen cannot apply.

The comment is not `# chartgen: disable=ID[,ID…]`, names an ID no chartgen finding has, or
names a finding that cannot be switched off (the values could not be read, evaluated or
checked against the schema: fix the value instead). Nothing was suppressed by the parts it
names. `chartgen docs` lists every ID.""",
)

UNUSED_DIRECTIVE = FindingKind(
    "IB021",
    "inline-directive-unused",
    Severity.WARNING,
    """A `# chartgen: disable=ID` comment suppresses nothing.

No finding with that ID points at the line the comment applies to — the line it ends, or, for
a comment alone on its line, the next line that is not a comment. Usually the value was fixed
and the comment stayed behind; remove it (a stale suppression would hide the next real
finding on that line). Reported for the cross-field rules (IB2xx, IB3xx), which every values
check runs once the values pass the schema; a comment naming a finding of
`--validate-manifests`, `iam-policy` or `doctor` is not, since it applies to some commands
only.""",
)

KINDS: tuple[FindingKind, ...] = (INLINE_DIRECTIVE, UNUSED_DIRECTIVE)

LEVELS = tuple(severity.value for severity in Severity)


class RuleControlError(Exception):
    """The rule control asked for cannot be applied: a usage error (exit 2)."""


@record
class Layer:
    """What one source — the configuration file or the command line — says, by rule ID; each
    entry keeps where it was said (`--disable IB402`, `.chartgen.yaml:2:11`)."""

    by: str  # "config" or "cli"
    disable: dict[str, str] = field(default_factory=dict)
    enable: dict[str, str] = field(default_factory=dict)
    severity: dict[str, tuple[Severity, str]] = field(default_factory=dict)

    def check(self) -> None:
        """One source may not say two things about one ID."""
        for kind_id, where in self.disable.items():
            if kind_id in self.enable:
                raise RuleControlError(
                    f"{where} and {self.enable[kind_id]}: {kind_id} is both disabled and "
                    "enabled; keep one of the two")
            if kind_id in self.severity:
                raise RuleControlError(
                    f"{where} and {self.severity[kind_id][1]}: {kind_id} is disabled and given "
                    "a severity; keep one of the two")


class RuleControl:
    """The rule control of one run: the layers resolved, and the inline comments of the values
    files read so far (`learn`). `apply` is what `Report` calls for every finding."""

    def __init__(self, layers: Sequence[Layer] = ()) -> None:
        self.disabled: dict[str, Suppression] = {}
        self.severities: dict[str, Severity] = {}
        for layer in layers:  # in rising precedence: the file, then the command line
            for kind_id, where in layer.disable.items():
                self.disabled[kind_id] = Suppression(layer.by, where)
            for kind_id in layer.enable:
                self.disabled.pop(kind_id, None)
            for kind_id, (severity, _) in layer.severity.items():
                self.severities[kind_id] = severity
        self._directives: dict[tuple[str, int], list[tuple[InlineDirective, str]]] = {}
        self._learned: set[InlineDirective] = set()
        self._used: set[tuple[InlineDirective, str]] = set()

    def apply(self, finding: Finding) -> Finding | Suppressed:
        if finding.environment or finding.usage:
            return finding  # exit codes 3 and 2 are not opinions about the input
        location = finding.location
        if location is not None and location.line is not None:
            for directive, kind_id in self._directives.get((location.file, location.line), ()):
                if kind_id == finding.rule:
                    self._used.add((directive, kind_id))
                    return Suppressed(finding, Suppression(
                        "inline", str(directive.location), directive.reason))
        suppression = self.disabled.get(finding.rule)
        if suppression is not None:
            return Suppressed(finding, suppression)
        severity = self.severities.get(finding.rule)
        if severity is not None and severity is not finding.severity:
            return replace(finding, severity=severity)
        return finding

    def learn(self, directives: Iterable[InlineDirective]) -> list[Finding]:
        """Take the inline comments of values files just read; a finding for each one (or each
        ID in one) that cannot be applied."""
        findings = []
        for directive in directives:
            if directive in self._learned:
                continue  # the same file read again (diff reads both sides)
            self._learned.add(directive)
            if directive.problem is not None:
                findings.append(_directive_finding(directive, directive.problem,
                                                   "Write `# chartgen: disable=ID[,ID...]`."))
                continue
            for kind_id in directive.ids:
                problem = id_problem(kind_id)
                if problem is not None:
                    findings.append(_directive_finding(directive, problem[0], problem[1]))
                    continue
                key = (directive.location.file, directive.target_line)
                self._directives.setdefault(key, []).append((directive, kind_id))
        return findings

    def learned_from(self, files: Collection[str]) -> bool:
        """Whether the inline comments of any of `files` were taken (`learn`): what this
        control does with the next values read from them then depends on what came before."""
        return any(directive.location.file in files for directive in self._learned)

    def unused(self, directives: Iterable[InlineDirective], checked: frozenset[str],
               ) -> list[Finding]:
        """IB021 for each ID of `directives` among `checked` (the IDs of the checks that ran
        over the whole values: the cross-field rules) that suppressed nothing."""
        findings = []
        for directive in dict.fromkeys(directives):
            for kind_id in directive.ids:
                registered = (directive, kind_id) in self._directives.get(
                    (directive.location.file, directive.target_line), ())
                if registered and kind_id in checked and (directive, kind_id) not in self._used:
                    findings.append(Finding(
                        UNUSED_DIRECTIVE.id,
                        UNUSED_DIRECTIVE.severity,
                        f"'# chartgen: disable={kind_id}' suppresses nothing: no {kind_id} "
                        f"finding points at line {directive.target_line}",
                        hint="Remove the comment (or the ID) if the value was fixed; check the "
                        "line if the finding moved.",
                        location=directive.location,
                    ))
        return findings


def _directive_finding(directive: InlineDirective, message: str, hint: str) -> Finding:
    return Finding(INLINE_DIRECTIVE.id, INLINE_DIRECTIVE.severity, message, hint=hint,
                   location=directive.location)


# -- IDs -------------------------------------------------------------------------------------


def id_problem(kind_id: str, *, enabling: bool = False) -> tuple[str, str] | None:
    """Why an ID cannot be controlled — (what is wrong, what to do) — or None. Enabling a kind
    that cannot be switched off is harmless: it is always on."""
    from chartgen.catalogue import all_kinds, find_kind, fixed_kinds

    known = {kind.id: kind for kind in all_kinds()}
    kind = known.get(kind_id.upper())
    if kind is None:
        named = find_kind(kind_id)
        if named is not None:
            return (f"{kind_id!r} is a rule name, not an ID",
                    f"Name it by its ID: {named.id} ({named.name}).")
        near = near_ids(kind_id, list(known))
        guess = " or ".join(f"{i} ({known[i].name})" for i in near)
        return (f"{kind_id!r} is not the ID of any chartgen finding",
                (f"Did you mean {guess}? " if guess else "")
                + "`chartgen docs` lists every ID; `chartgen explain ID` explains one.")
    reason = fixed_kinds().get(kind.id)
    if reason is not None and not enabling:
        return (f"{kind.id} ({kind.name}) cannot be switched off or given another severity: "
                f"{reason}", "Fix what the finding points at instead.")
    return None


def near_ids(text: str, known: list[str]) -> list[str]:
    """The IDs a mistyped one most likely meant: the letters O, I and L read as the digits
    they resemble, then every ID one typo away (a character changed, added, dropped, or two
    neighbours swapped) — at most three, in order."""
    wanted = text.strip().upper()
    wanted = wanted[:2] + wanted[2:].translate(str.maketrans("OIL", "011"))
    if wanted in known:
        return [wanted]
    return sorted(candidate for candidate in known if _one_typo(wanted, candidate))[:3]


def _one_typo(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        return len(differ) == 1 or (
            len(differ) == 2 and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]]
        )
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _checked_id(text: str, where: str, *, enabling: bool = False) -> str:
    """`text` as a controllable ID (upper case); RuleControlError otherwise."""
    problem = id_problem(text.strip(), enabling=enabling)
    if problem is not None:
        raise RuleControlError(f"{where}: {problem[0]}. {problem[1]}")
    return text.strip().upper()


def _ids(items: Iterable[str], option: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in items:
        for part in item.split(","):
            if not part.strip():
                raise RuleControlError(
                    f"{option} {item!r}: an empty ID; pass IDs separated by commas, e.g. "
                    f"{option} IB402,IB303")
            kind_id = _checked_id(part, f"{option} {part.strip()}", enabling=option == "--enable")
            found.setdefault(kind_id, f"{option} {kind_id}")
    return found


def _level(text: str, where: str) -> Severity:
    try:
        return Severity(text.strip().lower())
    except ValueError:
        raise RuleControlError(
            f"{where}: {text!r} is not a severity; use {', '.join(LEVELS[:-1])} or "
            f"{LEVELS[-1]}") from None


def command_line_layer(disable: Iterable[str], enable: Iterable[str],
                       severity: Iterable[str]) -> Layer:
    """The `--disable`, `--enable` and `--severity` options."""
    layer = Layer("cli", _ids(disable, "--disable"), _ids(enable, "--enable"))
    for item in severity:
        for part in item.split(","):
            kind_text, equals, level = part.partition("=")
            if not equals or not kind_text.strip():
                raise RuleControlError(
                    f"--severity {part!r}: pass ID=LEVEL, e.g. --severity IB303=error (levels: "
                    f"{', '.join(LEVELS)})")
            kind_id = _checked_id(kind_text, f"--severity {part}")
            where = f"--severity {kind_id}={level.strip().lower()}"
            layer.severity[kind_id] = (_level(level, f"--severity {part}"), where)
    layer.check()
    return layer


# -- the configuration file --------------------------------------------------------------------


def file_layer(path: str) -> Layer:
    """The configuration file's settings; RuleControlError (located) when it cannot be used."""
    import difflib

    from chartgen.rule_control.config import KEYS, ConfigError, read

    try:
        data, locate = read(path)
    except ConfigError as exc:
        raise RuleControlError(str(exc)) from None

    def fail(where: tuple[object, ...], message: str, *, key: bool = False) -> RuleControlError:
        return RuleControlError(f"{locate(where, key)}: {message}")

    layer = Layer("config")
    for key, value in data.items():
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1, cutoff=0.6)
            guess = f"; did you mean {close[0]!r}?" if close else ""
            raise fail((key,), f"unknown key {key!r}{guess} (chartgen reads "
                       f"{', '.join(KEYS)})", key=True)
        if key in ("disable", "enable"):
            if not isinstance(value, list):
                raise fail((key,), f"{key} must be a list of rule IDs, e.g. {key}: [IB402]")
            target = layer.disable if key == "disable" else layer.enable
            for index, item in enumerate(value):
                if not isinstance(item, str):
                    raise fail((key, index), f"{key}[{index}] must be a rule ID such as IB402")
                problem = id_problem(item.strip(), enabling=key == "enable")
                if problem is not None:
                    raise fail((key, index), f"{problem[0]}. {problem[1]}")
                target.setdefault(item.strip().upper(), str(locate((key, index), False)))
        else:
            if not isinstance(value, dict):
                raise fail((key,), "severity must be a mapping of rule IDs to levels, e.g. "
                           "severity: {IB303: error}")
            for kind_text, level in value.items():
                problem = id_problem(str(kind_text).strip())
                if problem is not None:
                    raise fail((key, kind_text), f"{problem[0]}. {problem[1]}", key=True)
                if not isinstance(level, str):
                    raise fail((key, kind_text), f"the severity of {kind_text} must be one of "
                               f"{', '.join(LEVELS)}")
                where = str(locate((key, kind_text), False))
                layer.severity[str(kind_text).strip().upper()] = (_level(level, where), where)
    layer.check()
    return layer


def build(*, disable: Iterable[str] = (), enable: Iterable[str] = (),
          severity: Iterable[str] = (), config: str | None = None, no_config: bool = False,
          cwd: str | None = None) -> RuleControl:
    """The rule control of a command: the configuration file (`config`, else the one found from
    `cwd`, unless `no_config`) under the command line's options. RuleControlError for a usage
    error."""
    if config is not None and no_config:
        raise RuleControlError("--config FILE and --no-config contradict each other; pass one")
    layers = []
    path: str | None
    if config is not None:
        path = config
        if not os.path.isfile(path):
            what = "a directory" if os.path.isdir(path) else "no such file"
            raise RuleControlError(f"--config {config}: {what}; pass the path of a "
                                   ".chartgen.yaml or pyproject.toml")
    elif no_config:
        path = None
    else:
        from chartgen.rule_control.config import discover

        path = discover(cwd or os.getcwd())
    if path is not None:
        layers.append(file_layer(path))
    disable, enable, severity = list(disable), list(enable), list(severity)
    if disable or enable or severity:
        layers.append(command_line_layer(disable, enable, severity))
    return RuleControl(layers)
