"""Shell completion scripts (`archlint completion bash|zsh|fish`), made from the
command line parser itself so that they never fall behind the options.

    archlint completion bash > ~/.local/share/bash-completion/completions/archlint
    archlint completion zsh  > "${fpath[1]}/_archlint"
    archlint completion fish > ~/.config/fish/completions/archlint.fish
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field

SHELLS = ("bash", "zsh", "fish")


@dataclass
class Command:
    """What completes after `archlint NAME`."""

    name: str
    help: str
    options: list[str] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)  # option -> its values
    takes_files: bool = False


def commands_of(parser: argparse.ArgumentParser) -> list[Command]:
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help or "" for choice in subparsers._choices_actions}
    found = []
    for name, sub in subparsers.choices.items():
        command = Command(name, helps.get(name, ""))
        for action in sub._actions:
            if action.option_strings:
                command.options += [o for o in action.option_strings if o.startswith("--")]
                if action.choices:
                    for option in action.option_strings:
                        command.choices[option] = [str(c) for c in action.choices]
            elif action.nargs in ("*", "+", None) and action.dest not in ("id", "shell"):
                command.takes_files = True
        found.append(command)
    return found


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](commands_of(parser))


def _bash(commands: list[Command]) -> str:
    cases = []
    for command in commands:
        values = "".join(f"        {option}) COMPREPLY=($(compgen -W '{' '.join(choices)}' -- \"$cur\")); return;;\n"
                         for option, choices in command.choices.items())
        files = 'COMPREPLY=($(compgen -f -- "$cur"))' if command.takes_files else "COMPREPLY=()"
        cases.append(f"    {command.name})\n      case \"$prev\" in\n{values}      esac\n"
                     f"      if [[ \"$cur\" == -* ]]; then COMPREPLY=($(compgen -W '{' '.join(command.options)}' -- \"$cur\"));"
                     f" else {files}; fi;;")
    names = " ".join(c.name for c in commands)
    return ("# bash completion for archlint\n_archlint() {\n  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
            f"  if [[ $COMP_CWORD -eq 1 ]]; then COMPREPLY=($(compgen -W '{names} --version --help' -- \"$cur\")); return; fi\n"
            "  case \"${COMP_WORDS[1]}\" in\n" + "\n".join(cases) + "\n  esac\n}\ncomplete -o filenames -F _archlint archlint\n")


def _zsh_quote(text: str) -> str:
    return text.replace("'", "'\\''").replace(":", "\\:").replace("[", "\\[").replace("]", "\\]")


def _zsh(commands: list[Command]) -> str:
    described = " ".join(f"'{c.name}:{_zsh_quote(c.help)}'" for c in commands)
    cases = []
    for command in commands:
        specs = [f"'{o}[]" + (f":value:({' '.join(command.choices[o])})'" if o in command.choices else "'")
                 for o in command.options]
        if command.takes_files:
            specs.append("'*:file:_files'")
        cases.append(f"    {command.name}) _arguments {' '.join(specs)} ;;")
    return ("#compdef archlint\n_archlint() {\n  local -a commands\n"
            f"  commands=({described})\n"
            "  if (( CURRENT == 2 )); then _describe command commands; return; fi\n"
            "  case $words[2] in\n" + "\n".join(cases) + "\n  esac\n}\n_archlint \"$@\"\n")


def _fish(commands: list[Command]) -> str:
    lines = ["# fish completion for archlint", "complete -c archlint -f"]
    names = " ".join(c.name for c in commands)
    for command in commands:
        lines.append(f"complete -c archlint -n 'not __fish_seen_subcommand_from {names}' -a {command.name} "
                     f"-d '{command.help.replace(chr(39), '')}'")
        for option in command.options:
            values = f" -xa '{' '.join(command.choices[option])}'" if option in command.choices else ""
            lines.append(f"complete -c archlint -n '__fish_seen_subcommand_from {command.name}' -l {option[2:]}{values}")
        if command.takes_files:
            lines.append(f"complete -c archlint -n '__fish_seen_subcommand_from {command.name}' -F")
    return "\n".join(lines) + "\n"
