"""The command line as a shell user meets it: option values named in --help, and completion.

Completion is click's, through typer (`--install-completion`, `--show-completion`): the script
`--show-completion bash` prints is sourced into a real bash, whose completion function runs the
`chartgen` console script (`chartgen.entry`, the fast path, which must hand such a run to typer)
with the environment click's completion reads. No network, no shell configuration touched
outside a temporary HOME.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from conftest import in_ci, run_cli

from chartgen import entry
from chartgen.cli import app

COMMANDS = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_says_what_it_takes(command: str) -> None:
    """No `<str>`, TEXT or INTEGER in --help: each value names what to pass (FILE, KEY=VALUE,
    ACCOUNT_ID, ...)."""
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    for param in click_command.params:
        if getattr(param, "is_flag", False):
            continue
        assert param.metavar, f"{command} {param.opts}: no metavar"
    result = run_cli(command, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for generic in ("<str>", "<int>", "TEXT", "INTEGER"):
        assert generic not in result.stdout, (command, generic)


# -- completion ---------------------------------------------------------------------------------


@pytest.fixture
def shell(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH finds a `chartgen` script that starts where the console
    script does (chartgen.entry:main), with a HOME of its own."""
    if shutil.which("bash") is None:
        if in_ci():
            pytest.fail("bash is required under CI=true")
        pytest.skip("bash is not installed")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "chartgen"
    script.write_text(f"#!{sys.executable}\nfrom chartgen.entry import main\nmain()\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "_CHARTGEN"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", HOME=str(home),
               SHELL="/bin/bash")
    return env


def bash(script: str, env: dict[str, str], cwd: Path) -> str:
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], env=env, cwd=cwd,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


# Complete `chartgen WORDS...` as bash would: COMP_WORDS/COMP_CWORD, then the function
# `complete -F` registered, with the command, the word and the previous word.
COMPLETE = """
source <(chartgen --show-completion bash)
complete -p chartgen >/dev/null
complete_words() {
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
    _chartgen_completion chartgen "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s\\n' "${COMPREPLY[@]}"
    echo ---
}
complete_words chartgen val
complete_words chartgen validate --dis
complete_words chartgen iam-policy --dataplane-acc
complete_words chartgen ''
"""


def test_bash_completes_commands_and_options(shell: dict[str, str], tmp_path: Path) -> None:
    command, option, cloud_option, every, _ = bash(COMPLETE, shell, tmp_path).split("---\n")
    assert command.split() == ["validate"]
    assert option.split() == ["--disable"]
    assert cloud_option.split() == ["--dataplane-account"]
    assert set(every.split()) == set(COMMANDS)


def test_install_completion_writes_the_script_for_bash(
    shell: dict[str, str], tmp_path: Path
) -> None:
    output = bash("chartgen --install-completion bash", shell, tmp_path)
    assert "bash completion installed" in output
    home = Path(shell["HOME"])
    installed = home / ".bash_completions" / "chartgen.sh"
    assert f"source '{installed}'" in (home / ".bashrc").read_text()
    # What it installed completes like the script --show-completion prints.
    completed = bash(COMPLETE.replace("<(chartgen --show-completion bash)", str(installed)),
                     shell, tmp_path)
    assert completed.split("---\n")[0].split() == ["validate"]


def test_the_fast_path_hands_completion_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command line the fast path would run itself is click's while completing."""
    assert entry.parse("validate", ["values.yaml"]) is not None
    monkeypatch.setenv("_CHARTGEN_COMPLETE", "complete_bash")
    assert entry.fast(["validate", "values.yaml"]) is None
    assert entry.fast(["--help"]) is None
