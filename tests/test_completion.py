"""`archlint completion`: scripts made from the parser complete commands, options and option values."""
from __future__ import annotations

import subprocess

import pytest

from linter.cli import build_parser, main
from linter.completion import commands_of


def completions(script: str, words: list[str]) -> list[str]:
    """What bash offers after `words` (the last one being completed)."""
    program = (f"{script}\nCOMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
               "_archlint; printf '%s\\n' \"${COMPREPLY[@]}\"")
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.fixture
def bash_script(capsys) -> str:
    assert main(["completion", "bash"]) == 0
    return capsys.readouterr().out


def test_bash_completes_commands_options_and_values(bash_script):
    assert {"lint", "render", "report", "completion"} <= set(completions(bash_script, ["archlint", ""]))
    assert "--fail-on" in completions(bash_script, ["archlint", "lint", "--fa"])
    assert completions(bash_script, ["archlint", "lint", "--format", ""]) == ["text", "json", "sarif", "junit", "github"]
    assert completions(bash_script, ["archlint", "report", "--format", "m"]) == ["markdown"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_every_command_and_option_is_in_the_script(shell, capsys):
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for command in commands_of(build_parser()):
        assert command.name in script
        assert all(option in script or option[2:] in script for option in command.options)


def test_unknown_shell_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["completion", "powershell"])
    assert exited.value.code == 2
