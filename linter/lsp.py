"""`archlint server`: a Language Server (LSP over standard input and output).

The editor's text of a blueprint is linted on open, change and save, as
`archlint lint` would lint the saved file (the same configuration — the
nearest one above the file, unless `--config` names one — rules, waivers and
`extends`); findings and load errors are published as
diagnostics. Hover on a finding shows its rule's documentation. Two quick
fixes per finding: an inline `# archlint: ignore[ID]` on its line, or a
waiver (rule, element and a reason to fill in) at the end of `waivers`.

Built on pygls, which is imported only by this command.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlparse

from .findings import Finding, LoadProblem, Report

SOURCE = "archlint"
WAIVER_REASON = "TODO: why this is accepted, and until when"


@dataclass(frozen=True)
class Problem:
    """A finding or a load error, as the editor shows it: 0-based line, column in code points."""

    line: int
    column: int
    message: str
    severity: str
    code: str
    element: str = ""


def problems_of(report: Report, shown: str) -> list[Problem]:
    """The document's problems; those located in another file (a base it extends) are shown on its first line."""
    return [_load_problem(e, shown) for e in report.errors] + [_finding_problem(f, shown) for f in report.findings]


def _where(file: str, line: int, column: int, shown: str) -> tuple[int, int, str]:
    if file == shown:
        return line - 1, column - 1, ""
    return 0, 0, f"{file}:{line}:{column}: "


def _load_problem(problem: LoadProblem, shown: str) -> Problem:
    line, column, prefix = _where(problem.file, problem.line, problem.column, shown)
    return Problem(line, column, prefix + problem.message, "error", "LOAD")


def _finding_problem(finding: Finding, shown: str) -> Problem:
    line, column, prefix = _where(finding.file, finding.line, finding.column, shown)
    return Problem(line, column, f"{prefix}{finding.message} ({finding.element})", finding.severity, finding.rule, finding.element)


class Linter:
    """Lints editor buffers, each under the configuration `archlint lint` would use for its file:
    `--config` when given, else the nearest configuration file above the buffer's file (so one
    server serves every project of a multi-root workspace), read once per configuration file."""

    def __init__(self, args: argparse.Namespace):
        self.config_file: str | None = args.config
        self.search = not args.no_config
        self.engines: dict[str | None, Any] = {}
        if self.config_file is not None:  # a configuration named on the command line is checked at start
            self.engine_for(self.config_file)

    def engine_for(self, path: str) -> Any:
        """The engine of the configuration that applies to `path` (built on first use)."""
        source = self.config_file
        if source is None and self.search:
            from .config import find_config_file
            found = find_config_file(os.path.dirname(os.path.abspath(path)))
            source = found[0] if found else None
        if source not in self.engines:
            self.engines[source] = self._engine(source)
        return self.engines[source]

    @staticmethod
    def _engine(source: str | None) -> Any:
        from .engine import Engine
        from .session import configured_options, read_configuration
        configured = read_configuration(source, search=False)
        for message in configured.broken_plugins:
            print(f"archlint: {message}", file=sys.stderr)
        return Engine(dataclasses.replace(configured_options(configured.config), today=datetime.date.today()))

    def problems(self, path: str, text: str) -> list[Problem]:
        from .config import ConfigError
        from .loading import display_path
        from .unsaved import unsaved_text
        from .yaml_reader import LoadError
        try:
            engine = self.engine_for(path)
        except ConfigError as exc:  # shown on the buffer, which cannot be linted until it is fixed
            return [Problem(0, 0, f"archlint cannot lint this file: {exc}", "error", "LOAD")]
        except LoadError as exc:  # the configuration's policies do not validate
            return [Problem(0, 0, f"archlint cannot lint this file: {problem}", "error", "LOAD") for problem in exc.problems]
        with unsaved_text(path, text):
            report = engine.lint_files([path], Report())
        return problems_of(report, display_path(path))

    def rules_for(self, path: str) -> Any:
        """The rule set hover documents for `path`'s findings."""
        return self.engine_for(path).rules


def path_of(uri: str) -> str:
    return unquote(urlparse(uri).path)


def utf16_column(line_text: str, column: int) -> int:
    """LSP counts characters in UTF-16 code units; archlint counts code points."""
    return len(line_text[:column].encode("utf-16-le")) // 2


def inline_ignore_edit(line_text: str, rule: str) -> tuple[int, str]:
    """Where on the line and what to insert for `# archlint: ignore[rule]` (joining an existing ignore)."""
    from .loading import _IGNORE_RE  # the loader's own reading of inline ignores
    existing = _IGNORE_RE.search(line_text)
    if existing:
        return existing.end(1), f", {rule}"
    return len(line_text.rstrip()), f"  # archlint: ignore[{rule}]"


def waiver_text(text: str, rule: str, element: str) -> tuple[int, str]:
    """(0-based line, text) that adds a waiver: after the last line of `waivers`, or a new `waivers:` at the end."""
    lines = text.splitlines()
    item = f"  - rule: {rule}\n    element: {element}\n    reason: \"{WAIVER_REASON}\"\n"
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "waivers:"), None)
    if start is None:
        return len(lines), ("" if not lines or text.endswith("\n") else "\n") + "waivers:\n" + item
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith((" ", "-", "#"))):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end, item


def build_server(args: argparse.Namespace) -> Any:
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    from . import __version__

    server = LanguageServer("archlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
    linter = Linter(args)
    published: dict[str, list[Problem]] = {}
    severities = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
                  "info": types.DiagnosticSeverity.Information}

    def line_of(uri: str, number: int) -> str:
        lines = server.workspace.get_text_document(uri).source.splitlines()
        return lines[number] if 0 <= number < len(lines) else ""

    def diagnostic(uri: str, problem: Problem) -> Any:
        text = line_of(uri, problem.line)
        start = types.Position(problem.line, utf16_column(text, problem.column))
        end = types.Position(problem.line, max(utf16_column(text, len(text)), start.character))
        return types.Diagnostic(range=types.Range(start, end), message=problem.message, severity=severities[problem.severity],
                                code=problem.code, source=SOURCE, data={"element": problem.element})

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        problems = linter.problems(path_of(uri), document.source)
        published[uri] = problems
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=document.version, diagnostics=[diagnostic(uri, p) for p in problems]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: Any, params: types.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: Any, params: types.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: Any, params: types.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: Any, params: types.DidCloseTextDocumentParams) -> None:
        published.pop(params.text_document.uri, None)
        server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: Any, params: types.HoverParams) -> types.Hover | None:
        here = [p for p in published.get(params.text_document.uri, []) if p.line == params.position.line and p.code != "LOAD"]
        if not here:  # nothing of archlint's on this line (a configuration error is a LOAD problem)
            return None
        known = linter.rules_for(path_of(params.text_document.uri))
        rules = [rule for rule in map(known.find, dict.fromkeys(p.code for p in here)) if rule is not None]
        if not rules:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                        value="\n\n---\n\n".join(rule.help_text for rule in rules)))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: Any, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        actions = []
        for diag in params.context.diagnostics:
            if diag.source != SOURCE or not diag.code or diag.code == "LOAD":
                continue
            actions.append(quick_fix(uri, f"Ignore {diag.code} on this line", diag, *ignore_edit(uri, diag)))
            element = (diag.data or {}).get("element") if isinstance(diag.data, dict) else None
            if element:
                actions.append(quick_fix(uri, f"Waive {diag.code} for `{element}` (with a reason)", diag,
                                         *waiver_edit(uri, str(diag.code), element)))
        return actions

    def ignore_edit(uri: str, diag: Any) -> tuple[int, int, str]:
        text = line_of(uri, diag.range.start.line)
        column, insert = inline_ignore_edit(text, str(diag.code))
        return diag.range.start.line, utf16_column(text, column), insert

    def waiver_edit(uri: str, rule: str, element: str) -> tuple[int, int, str]:
        line, insert = waiver_text(server.workspace.get_text_document(uri).source, rule, element)
        return line, 0, insert

    def quick_fix(uri: str, title: str, diag: Any, line: int, character: int, insert: str) -> types.CodeAction:
        at = types.Position(line, character)
        edit = types.WorkspaceEdit(changes={uri: [types.TextEdit(range=types.Range(at, at), new_text=insert)]})
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diag], edit=edit)

    return server


def serve(args: argparse.Namespace) -> int:
    build_server(args).start_io()
    return 0

