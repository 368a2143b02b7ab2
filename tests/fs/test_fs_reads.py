"""Paths that are not regular files, wherever archlint reads one: refused by name, exit 2, never blocking."""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from fs_fixtures import BLUEPRINT, KINDS, cli, dangling, fifo, no_hang, not_a_file  # noqa: F401  (pytest fixtures)

import linter.baseline
import linter.config


def refused(err: str, path: Path, what: str) -> bool:
    """The message names the path and what it is, and does not claim the path is missing."""
    return str(path) in err and what in err and "no such file" not in err.lower()


@pytest.mark.parametrize("not_a_file", KINDS, indirect=True)
@pytest.mark.parametrize("command", ["graph", "report"])
def test_blueprint_that_is_not_a_regular_file(cli, not_a_file, command):
    path, what = not_a_file
    code, out, err = cli(command, path, "--no-config")
    assert code == 2 and out == "" and refused(err, path, what)


@pytest.mark.parametrize("not_a_file", ["fifo", "device", "dangling"], indirect=True)  # a folder is searched
def test_lint_of_a_path_that_is_not_a_regular_file(cli, not_a_file):
    path, what = not_a_file
    code, out, err = cli("lint", path, "--no-config")
    assert code == 2 and refused(out + err, path, what)


@pytest.mark.parametrize("not_a_file", ["fifo", "device", "dangling"], indirect=True)
def test_render_of_a_blueprint_that_is_not_a_regular_file(cli, not_a_file, tmp_path):
    path, what = not_a_file
    code, _, err = cli("render", path, "--no-config", "--format", "dot", "-o", tmp_path / "out")
    assert code == 2 and refused(err, path, what)
    assert not (tmp_path / "out").exists()


def test_fifo_found_by_directory_discovery_is_reported_not_read(cli, tmp_path, fifo):
    shutil.copy(BLUEPRINT, tmp_path / "good.yaml")
    code, out, err = cli("lint", tmp_path, "--no-config")
    assert code == 2 and refused(out + err, fifo, "is a FIFO")
    assert "Found 2 files" in out  # the good blueprint was still linted


def test_dangling_link_found_by_directory_discovery_is_reported(cli, tmp_path, dangling):
    code, out, err = cli("lint", tmp_path, "--no-config")
    assert code == 2 and refused(out + err, dangling, "is a symbolic link")


def test_unreadable_file_found_by_discovery_is_reported_not_skipped(cli, tmp_path, monkeypatch):
    # Root reads any file whatever its mode: refuse the open itself to stand in for permissions.
    shutil.copy(BLUEPRINT, tmp_path / "locked.yaml")
    real_open = os.open
    def deny(path, *args, **kwargs):
        if str(path).endswith("locked.yaml"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr(os, "open", deny)
    code, out, err = cli("lint", tmp_path, "--no-config")
    assert code == 2 and "locked.yaml" in out + err and "Permission denied" in out + err


@pytest.mark.parametrize("not_a_file", KINDS, indirect=True)
def test_extends_naming_something_that_is_not_a_regular_file(cli, not_a_file, tmp_path):
    path, what = not_a_file
    child = tmp_path / "child.yaml"
    child.write_text(f"extends: {path}\nblueprint: child\n")
    config = tmp_path / "archlint.toml"  # lets `extends` reach /dev/zero: what is refused is the file's kind
    config.write_text("allow-extends-outside = true\n")
    code, out, err = cli("lint", child, "--config", config)
    assert code == 2 and "child.yaml:1:" in out + err and refused(out + err, path, what)


@pytest.mark.parametrize("not_a_file", KINDS, indirect=True)
def test_config_that_is_not_a_regular_file(cli, not_a_file):
    path, what = not_a_file
    code, _, err = cli("lint", BLUEPRINT, "--config", path)
    assert code == 2 and refused(err, path, what)


def test_config_found_by_walking_up_that_is_a_fifo_is_reported_not_skipped(cli, tmp_path, monkeypatch):
    os.mkfifo(tmp_path / "archlint.toml")
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("lint", BLUEPRINT)
    assert code == 2 and refused(err, Path("archlint.toml"), "is a FIFO")


def test_config_larger_than_the_bound_is_refused_unread(cli, tmp_path, monkeypatch):
    config = tmp_path / "archlint.toml"
    config.write_text("select = ['ALL']\n" + "# padding\n" * 100)
    monkeypatch.setattr(linter.config, "MAX_CONFIG_BYTES", 1000)
    code, _, err = cli("lint", BLUEPRINT, "--config", config)
    assert code == 2 and str(config) in err and "limit" in err


@pytest.mark.parametrize("not_a_file", KINDS, indirect=True)
def test_baseline_that_is_not_a_regular_file(cli, not_a_file):
    path, what = not_a_file
    code, out, err = cli("lint", BLUEPRINT, "--no-config", "--baseline", path)
    assert code == 2 and out == "" and refused(err, path, what)


def test_baseline_larger_than_the_bound_is_refused_unread(cli, tmp_path, monkeypatch):
    baseline = tmp_path / "base.json"
    baseline.write_text('{"archlint-baseline": 1, "findings": []}' + " " * 2000)
    monkeypatch.setattr(linter.baseline, "MAX_BASELINE_BYTES", 1000)
    code, _, err = cli("lint", BLUEPRINT, "--no-config", "--baseline", baseline)
    assert code == 2 and str(baseline) in err and "limit" in err


def test_policy_file_that_is_a_fifo(cli, tmp_path, monkeypatch):
    (tmp_path / "policies").mkdir()
    os.mkfifo(tmp_path / "policies" / "org.yaml")
    (tmp_path / "archlint.toml").write_text("rules-dirs = ['policies']\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("lint", BLUEPRINT)
    assert code == 2 and refused(err, Path("policies/org.yaml"), "is a FIFO")


def test_render_manifest_that_is_a_fifo_does_not_block(cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / ".archlint-render.json")
    code, stdout, _ = cli("render", BLUEPRINT, "--no-config", "--format", "dot", "--check", "-o", out)
    assert code == 1 and "missing" in stdout  # an unreadable manifest means nothing is up to date


def test_missing_file_is_still_no_such_file(cli, tmp_path):
    code, _, err = cli("graph", tmp_path / "absent.yaml", "--no-config")
    assert code == 2 and "no such file" in err.lower()
