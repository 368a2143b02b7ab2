"""`archlint render` end to end: files, formats, incremental state, safety, errors."""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from linter.cli import main

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` is not installed (apt-get install graphviz)")
diagrams = pytest.importorskip("diagrams", reason="the `render` extra (diagrams) is not installed")


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A copy of the web-shop blueprint in a folder of its own."""
    folder = tmp_path / "bp"
    folder.mkdir()
    shutil.copy(FIXTURES / "web_shop.yaml", folder / "shop.yaml")
    return folder / "shop.yaml"


def render(*args: str) -> int:
    return main(["render", "--no-config", *args])


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


# -- formats ---------------------------------------------------------------------------
def has_pure() -> bool:
    from linter.render.output import pure_available
    return pure_available()


needs_pure = pytest.mark.skipif(not has_pure(), reason="the `pure` extra is not installed (pip install '.[pure]')")
ENGINES = [pytest.param("dot", marks=needs_dot), pytest.param("pure", marks=needs_pure)]


@pytest.mark.parametrize("engine", ENGINES)
def test_png_is_a_valid_png_of_plausible_size(shop, tmp_path, engine):
    out = tmp_path / "out"
    assert render(str(shop), "-o", str(out), "--engine", engine) == 0
    data = (out / "shop.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert 400 < width < 32767 and 300 < height < 32767
    assert len(data) > 20_000  # icons drawn, not an empty canvas


@pytest.mark.parametrize("engine", ENGINES)
def test_svg_stands_alone(shop, tmp_path, engine):
    out = tmp_path / "out"
    assert render(str(shop), "-o", str(out), "--format", "svg", "--engine", engine) == 0
    svg = (out / "shop.svg").read_text()
    from linter.render.icons import icon_root
    assert icon_root() not in svg and "site-packages" not in svg and "resources/" not in svg
    hrefs = [part.split('"', 1)[0] for part in svg.split('xlink:href="')[1:]]
    assert hrefs and all(h.startswith("data:image/png;base64,") for h in hrefs)


@pytest.mark.parametrize("engine", ENGINES)
def test_same_blueprint_gives_identical_bytes(shop, tmp_path, engine):
    for name in ("one", "two"):
        assert render(str(shop), "-o", str(tmp_path / name), "--format", "png,svg,dot", "--engine", engine) == 0
    assert listing(tmp_path / "one") == listing(tmp_path / "two")


@needs_pure
def test_auto_engine_uses_pure_where_there_is_no_dot(shop, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    assert render(str(shop), "-o", str(out)) == 0
    assert (out / "shop.png").read_bytes()[:4] == b"\x89PNG"


def test_pure_engine_without_its_extra_says_how_to_install(shop, tmp_path, monkeypatch, capsys):
    from linter.render import output
    monkeypatch.setattr(output, "pure_available", lambda: False)
    out = tmp_path / "out"
    assert render(str(shop), "-o", str(out), "--engine", "pure") == 2
    assert "pip install '.[pure]'" in capsys.readouterr().err
    assert not out.exists()


def test_fail_on_change_fails_only_when_something_was_drawn(shop, tmp_path):
    out = tmp_path / "out"
    assert render(str(shop), "-o", str(out), "--format", "dot", "--fail-on-change") == 1
    assert (out / "shop.dot").exists()
    assert render(str(shop), "-o", str(out), "--format", "dot", "--fail-on-change") == 0


def test_dot_format_needs_no_graphviz(shop, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    assert render(str(shop), "-o", str(out), "--format", "dot") == 0
    text = (out / "shop.dot").read_text()
    assert text.startswith("// archlint diagram") and "digraph" in text


def test_unknown_format_is_usage_error(shop, tmp_path, capsys):
    assert render(str(shop), "-o", str(tmp_path / "out"), "--format", "gif") == 2
    assert "--format" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# -- incremental state and --check -------------------------------------------------------
@needs_dot
def test_unchanged_diagram_is_not_redrawn(shop, tmp_path, capsys):
    out = tmp_path / "out"
    assert render(str(shop), "-o", str(out)) == 0
    assert "drew" in capsys.readouterr().out
    before = os.stat(out / "shop.png").st_mtime_ns
    assert render(str(shop), "-o", str(out)) == 0
    assert capsys.readouterr().out == ""
    assert os.stat(out / "shop.png").st_mtime_ns == before
    assert render(str(shop), "-o", str(out), "--no-highlight") == 0  # the highlight state is part of the key
    assert "drew" in capsys.readouterr().out


@needs_dot
def test_check_names_missing_and_stale_diagrams(shop, tmp_path, capsys):
    out = tmp_path / "out"
    assert render(str(shop), "-o", str(out), "--check") == 1
    assert "shop.png: missing" in capsys.readouterr().out
    assert not out.exists()  # --check draws nothing
    assert render(str(shop), "-o", str(out)) == 0
    capsys.readouterr()
    assert render(str(shop), "-o", str(out), "--check") == 0
    shop.write_text(shop.read_text().replace("{type: aws.cloudtrail}", "{type: aws.cloudtrail, label: Audit trail}"))
    before = listing(out)
    assert render(str(shop), "-o", str(out), "--check") == 1
    assert "shop.png: stale" in capsys.readouterr().out
    assert listing(out) == before


def test_check_is_keyed_on_dot_source_not_on_graphviz(shop, tmp_path, monkeypatch):
    """`--check` gives the same verdict without Graphviz: it never runs `dot`."""
    out = tmp_path / "out"
    assert render(str(shop), "-o", str(out), "--format", "dot") == 0
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert render(str(shop), "-o", str(out), "--format", "dot", "--check") == 0


# -- failures and safety ------------------------------------------------------------------
@needs_dot
def test_failed_render_keeps_the_previous_diagram(shop, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert render(str(shop), "-o", str(out), "--format", "png,svg") == 0
    before = listing(out)
    shop.write_text(shop.read_text().replace("{type: aws.cloudtrail}", "{type: aws.cloudtrail, label: Audit trail}"))
    from linter.render import output
    real = output.run_dot

    def fail_on_svg(source: str, fmt: str) -> bytes:
        if fmt == "svg":  # png already drawn in memory: nothing of it may reach the disk
            raise output.RenderError("dot -Tsvg failed: simulated crash")
        return real(source, fmt)

    monkeypatch.setattr(output, "run_dot", fail_on_svg)
    assert render(str(shop), "-o", str(out), "--format", "png,svg") == 2
    assert "simulated crash" in capsys.readouterr().err
    assert listing(out) == before  # same files, same bytes, no temporary files, manifest untouched
    monkeypatch.setattr(output, "run_dot", real)
    assert render(str(shop), "-o", str(out), "--format", "png,svg", "--check") == 1  # still stale


@pytest.mark.parametrize("engine", ["dot", "auto"])
def test_missing_graphviz_says_how_to_install(shop, tmp_path, monkeypatch, capsys, engine):
    from linter.render import output
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(output, "pure_available", lambda: False)
    out = tmp_path / "out"
    assert render(str(shop), "-o", str(out), "--engine", engine) == 2
    err = capsys.readouterr().err
    assert "apt-get install graphviz" in err and "brew install graphviz" in err and ".[pure]" in err
    assert not out.exists()


def test_file_names_come_from_the_sanitized_file_stem(tmp_path):
    folder = tmp_path / "bp"
    folder.mkdir()
    weird = folder / "..evil name;$(rm).yaml"
    weird.write_text((FIXTURES / "web_shop.yaml").read_text().replace("trail:", "trail..v1.x:"))
    out = tmp_path / "out"
    assert render(str(weird), "-o", str(out), "--format", "dot") == 0
    assert sorted(p.name for p in out.iterdir()) == [".archlint-render.json", "evil_name___rm_.dot"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bp", "out"]


def test_safe_stem_never_leaves_the_folder():
    from linter.render import safe_stem
    assert safe_stem("../../etc/passwd.yaml") == "passwd"
    assert safe_stem("..yaml") == "yaml"
    assert safe_stem("....") == "blueprint"
    assert safe_stem("a/b/.hidden.yml") == "hidden"
    assert safe_stem("x\\..\\y z.yaml") == "x_.._y_z"


def test_two_blueprints_with_one_stem_are_refused(tmp_path, capsys):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(FIXTURES / "web_shop.yaml", tmp_path / sub / "shop.yaml")
    out = tmp_path / "out"
    assert render(str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out), "--format", "dot") == 2
    assert "both be drawn as `shop`" in capsys.readouterr().err
    assert not out.exists()


def test_broken_blueprint_is_reported_and_others_drawn(shop, tmp_path, capsys):
    (shop.parent / "broken.yaml").write_text("blueprint: broken\ncomponents: {a: {type: aws.nope}}\n")
    out = tmp_path / "out"
    assert render(str(shop.parent), "-o", str(out), "--format", "dot") == 2
    assert "broken.yaml" in capsys.readouterr().err
    assert (out / "shop.dot").exists() and not (out / "broken.dot").exists()


def test_default_output_folder_comes_from_configuration(shop, tmp_path, monkeypatch):
    (tmp_path / "archlint.toml").write_text('paths = ["bp"]\ndiagrams-out = "pictures"\n')
    monkeypatch.chdir(tmp_path / "bp")  # the configuration is found walking up; its paths are relative to it
    assert main(["render", "--format", "dot"]) == 0
    assert (tmp_path / "pictures" / "shop.dot").exists()


# -- the lint path stays light ------------------------------------------------------------------
def test_lint_never_imports_diagrams():
    code = ("import sys; from linter.cli import main; "
            f"main(['lint', '--no-config', {str(FIXTURES / 'web_shop.yaml')!r}]); "
            "print(sorted(m for m in sys.modules if m == 'diagrams' or m.startswith(('diagrams.', 'graphviz'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=HERE.parent.parent)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_diagrams_out_is_fresh_for_every_blueprint(monkeypatch, capsys) -> None:
    """diagrams_out/ holds an up-to-date diagram of every blueprint (what `archlint render --check` gates)."""
    root = HERE.parents[1]
    monkeypatch.chdir(root)
    code = main(["render", "--check", "blueprints"])
    assert code == 0, capsys.readouterr().out
