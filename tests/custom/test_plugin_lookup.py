"""Finding plugins: the entry points importlib.metadata would find, without importing it."""
from __future__ import annotations

import importlib
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from linter.custom import plugins


def as_pairs(points) -> list[tuple[str, str]]:
    return sorted((point.name, point.value) for point in points)


@pytest.mark.parametrize("group", [plugins.GROUP, "console_scripts", "pytest11"])
def test_installed_entry_points_match_importlib_metadata(group):
    assert as_pairs(plugins.entry_points(group)) == as_pairs(metadata.entry_points(group=group))


def distribution(folder: Path, name: str, entry_points: str | None) -> None:
    info = folder / name
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name.split('-')[0]}\nVersion: 1.0\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)


@pytest.fixture
def site_folders(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    distribution(first, "Acme_Rules-1.0.dist-info",
                 "[console_scripts]\nacme = acme:main\n\n# comment\n[archlint.rules]\nacme = acme.rules\n"
                 "acme-extra = acme.more:register [fast]\n")
    distribution(first, "scripts_only-2.0.dist-info", "[console_scripts]\nx = x:main\n")
    distribution(first, "no_entry_points-1.0.dist-info", None)
    distribution(first, "legacy-0.1.egg-info", "[archlint.rules]\nlegacy=legacy_rules\n")
    distribution(second, "acme.rules-0.9.dist-info", "[archlint.rules]\nshadowed = acme_old.rules\n")  # same name as Acme_Rules
    distribution(second, "other-1.0.dist-info", "[archlint.rules]\n  other = other.rules  \n")
    monkeypatch.setattr(sys, "path", [str(first), str(tmp_path / "missing"), str(second)])
    importlib.invalidate_caches()


def test_lookup_follows_importlib_metadata(site_folders):
    found = as_pairs(plugins.entry_points(plugins.GROUP))
    assert found == as_pairs(metadata.entry_points(group=plugins.GROUP))
    assert found == [("acme", "acme.rules"), ("acme-extra", "acme.more:register [fast]"),
                     ("legacy", "legacy_rules"), ("other", "other.rules")]


def test_entry_point_loads_module_and_attribute():
    point = plugins.EntryPoint("x", "os.path:join", plugins.GROUP)
    assert point.load() is __import__("os").path.join
    assert plugins.EntryPoint("x", "os.path", plugins.GROUP).load() is __import__("os").path
    with pytest.raises(ValueError):
        plugins.EntryPoint("x", "not a reference!", plugins.GROUP).load()


def test_listing_plugin_rules_does_not_import_importlib_metadata():
    probe = ("import sys\nfrom linter.cli import main\ntry:\n    main(['rules', '--no-config'])\nexcept SystemExit:\n    pass\n"
             "print('importlib.metadata' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).parent)
    assert "EXP001" in done.stdout  # the example plugin's rule is found
    assert done.stderr.strip() == "False"
