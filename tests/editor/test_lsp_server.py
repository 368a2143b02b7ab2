"""`archlint server` driven by a real LSP client (pytest-lsp) over stdio."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

BAD = (Path(__file__).parents[1] / "ci" / "bad_blueprint.yaml").read_text()  # AZ001 at 12:14, LP003 at 17:3
PROJECT = Path(__file__).parent / "lsp_project"  # no configuration: every rule runs


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "linter", "server", "--no-config"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=PROJECT.as_uri()))
    yield
    await lsp_client.shutdown_session()


def uri(name: str) -> str:
    return (PROJECT / name).as_uri()


async def open_document(client: LanguageClient, name: str, text: str) -> list[types.Diagnostic]:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri(name), language_id="yaml", version=1, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri(name)]


def by_code(diagnostics) -> dict:
    return {d.code: d for d in diagnostics}


@pytest.mark.asyncio
async def test_findings_on_open_at_their_lines(client: LanguageClient):
    diagnostics = by_code(await open_document(client, "unsaved.yaml", BAD))
    assert {"AZ001", "LP003"} <= set(diagnostics)
    assert diagnostics["AZ001"].range.start == types.Position(11, 13)
    assert diagnostics["AZ001"].severity == types.DiagnosticSeverity.Error
    assert diagnostics["LP003"].severity == types.DiagnosticSeverity.Warning
    assert not (PROJECT / "unsaved.yaml").exists()  # the buffer is linted, nothing is written


@pytest.mark.asyncio
async def test_change_relints_and_load_errors_are_diagnostics(client: LanguageClient):
    await open_document(client, "doc.yaml", BAD)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri("doc.yaml"), version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="blueprint: x\nblueprint: y\n")]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    [load] = client.diagnostics[uri("doc.yaml")]
    assert load.code == "LOAD" and load.range.start.line == 1 and load.severity == types.DiagnosticSeverity.Error


@pytest.mark.asyncio
async def test_hover_shows_the_rule_documentation(client: LanguageClient):
    await open_document(client, "hover.yaml", BAD)
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri("hover.yaml")), position=types.Position(11, 15)))
    assert result is not None and result.contents.value.startswith("AZ001 single-az")
    assert "How to fix" in result.contents.value
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri("hover.yaml")), position=types.Position(0, 0)))
    assert nothing is None


def applied(text: str, edit: types.TextEdit) -> str:
    lines = text.splitlines(keepends=True)
    at = edit.range.start
    offset = sum(len(line) for line in lines[:at.line]) + at.character
    return text[:offset] + edit.new_text + text[offset:]


@pytest.mark.asyncio
async def test_quick_fixes_silence_the_finding(client: LanguageClient, tmp_path):
    diagnostics = by_code(await open_document(client, "fix.yaml", BAD))
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri("fix.yaml")), range=diagnostics["AZ001"].range,
        context=types.CodeActionContext(diagnostics=[diagnostics["AZ001"]])))
    assert [a.kind for a in actions] == [types.CodeActionKind.QuickFix] * 2
    ignore, waiver = actions
    for action, expected_line in ((ignore, "# archlint: ignore[AZ001]"), (waiver, "element: worker")):
        [edit] = action.edit.changes[uri("fix.yaml")]
        fixed = applied(BAD, edit)
        assert expected_line in fixed
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri("fix.yaml"), version=3),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        codes = {d.code for d in client.diagnostics[uri("fix.yaml")]}
        assert "AZ001" not in codes and "LOAD" not in codes, codes
