"""Writing reports, schemas, graphs, baselines and diagrams wherever the user points: never a
traceback, never a device replaced by a regular file, never a temporary file left behind."""
from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys

import pytest

from fs_fixtures import BLUEPRINT, cli, devices, no_hang, still_a_device, temp_files  # noqa: F401  (pytest fixtures)

WRITERS = {
    "lint --output": ["lint", BLUEPRINT, "--no-config", "--output"],
    "lint --write-baseline": ["lint", BLUEPRINT, "--no-config", "--write-baseline"],
    "schema --output": ["schema", "--output"],
    "graph --output": ["graph", BLUEPRINT, "--no-config", "--output"],
    "report --output": ["report", BLUEPRINT, "--no-config", "--output"],
}


@pytest.fixture(params=sorted(WRITERS))
def writer(request) -> list:
    """The arguments of a command that writes to the path appended to them."""
    return WRITERS[request.param]


def test_null_device_is_written_and_stays_a_device(cli, writer, devices):
    code, _, err = cli(*writer, devices["null"])
    assert code in (0, 1) and "cannot write" not in err
    assert still_a_device(devices["null"])


def test_full_device_is_a_clear_error(cli, writer, devices):
    code, _, err = cli(*writer, devices["full"])
    assert code == 2 and f"archlint: cannot write {devices['full']}: No space left on device" in err
    assert still_a_device(devices["full"])


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_the_system_devices_are_never_replaced(cli, device):
    if not still_a_device(device):  # another program on this machine replaced it: nothing to learn here
        pytest.skip(f"{device} is not a device on this machine")
    code, _, _ = cli("lint", BLUEPRINT, "--no-config", "--fail-on", "never", "--output", device)
    assert code == (2 if device == "/dev/full" else 0) and still_a_device(device)


def test_folder_is_refused_and_left_alone(cli, writer, tmp_path):
    (tmp_path / "keep.txt").write_text("x")
    code, _, err = cli(*writer, tmp_path)
    assert code == 2 and f"cannot write {tmp_path}: is a directory" in err
    assert os.listdir(tmp_path) == ["keep.txt"]


def test_path_under_a_regular_file_is_refused(cli, writer, tmp_path):
    blocker = tmp_path / "report.txt"
    blocker.write_text("kept")
    code, _, err = cli(*writer, blocker / "out.json")
    assert code == 2 and f"cannot write {blocker / 'out.json'}" in err and f"{blocker} is not a directory" in err
    assert blocker.read_text() == "kept"


@pytest.mark.parametrize("target", ["/proc/archlint-report.json", "/sys/archlint-report.json", "/proc/version"])
def test_read_only_location_is_a_clear_error(cli, target):
    code, _, err = cli("schema", "--output", target)
    assert code == 2 and f"archlint: cannot write {target}:" in err
    assert not os.path.exists("/proc/archlint-report.json")


def test_dangling_link_is_refused_and_nothing_is_created(cli, tmp_path):
    link = tmp_path / "report.json"
    link.symlink_to(tmp_path / "elsewhere" / "target.json")
    code, _, err = cli("schema", "--output", link)
    assert code == 2 and f"cannot write {link}: is a symbolic link" in err
    assert link.is_symlink() and not (tmp_path / "elsewhere").exists()


def test_link_to_a_regular_file_is_kept_and_its_target_written(cli, tmp_path):
    target = tmp_path / "real" / "schema.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "schema.json"
    link.symlink_to(target)
    code, _, _ = cli("schema", "--output", link)
    assert code == 0 and link.is_symlink() and '"$schema"' in target.read_text()
    assert temp_files(tmp_path) == temp_files(target.parent) == []


def test_existing_file_keeps_its_permissions(cli, tmp_path):
    out = tmp_path / "schema.json"
    out.write_text("old")
    out.chmod(0o640)
    assert cli("schema", "--output", out)[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text() != "old"


def test_fifo_nobody_reads_fails_at_once(cli, tmp_path):
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    code, _, err = cli("schema", "--output", pipe)
    assert code == 2 and f"cannot write {pipe}: is a FIFO that nobody reads" in err
    assert stat.S_ISFIFO(os.stat(pipe).st_mode) and temp_files(tmp_path) == []


def test_fifo_with_a_reader_receives_the_output(cli, tmp_path):
    pipe = tmp_path / "graph.pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # the graph fits the pipe's buffer: no thread needed
    try:
        code, _, _ = cli("graph", BLUEPRINT, "--no-config", "--output", pipe)
        received = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert code == 0 and b'"nodes"' in received and stat.S_ISFIFO(os.stat(pipe).st_mode)


@pytest.mark.parametrize("stdout", ["pipe", "file"])
def test_standard_output_link_is_written_in_place(tmp_path, stdout):
    # /dev/stdout is this same link to /proc/self/fd/1; a private one keeps the machine's intact if this fails.
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    redirected = tmp_path / "out.txt"
    redirected.write_text("earlier output\n")
    before = redirected.stat().st_ino
    with open(redirected, "ab") as handle:
        done = subprocess.run([sys.executable, "-m", "linter", "schema", "--output", str(link)], timeout=60,
                              stdout=subprocess.PIPE if stdout == "pipe" else handle, stderr=subprocess.PIPE)
    written = done.stdout if stdout == "pipe" else redirected.read_bytes()
    assert done.returncode == 0 and b'"$schema"' in written and b"Traceback" not in done.stderr
    assert link.is_symlink() and redirected.stat().st_ino == before  # the shell's file, not one renamed over it
    assert redirected.read_bytes().startswith(b"earlier output\n")  # appended to what the shell opened
    assert temp_files(tmp_path) == []


def test_full_disk_while_writing_leaves_no_temp_file_and_the_old_file(cli, tmp_path, monkeypatch):
    out = tmp_path / "schema.json"
    out.write_text("previous")
    real_fdopen = os.fdopen
    def full_disk(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        def write(data):
            raise OSError(errno.ENOSPC, "No space left on device")
        handle.write = write
        return handle
    monkeypatch.setattr(os, "fdopen", full_disk)
    code, _, err = cli("schema", "--output", out)
    assert code == 2 and f"archlint: cannot write {out}: No space left on device" in err
    assert out.read_text() == "previous" and temp_files(tmp_path) == []


def test_failed_rename_leaves_no_temp_file(cli, tmp_path, monkeypatch):
    def refuse(source, target):
        raise OSError(errno.EROFS, "Read-only file system")
    monkeypatch.setattr(os, "replace", refuse)
    code, _, err = cli("lint", BLUEPRINT, "--no-config", "--write-baseline", tmp_path / "base.json")
    assert code == 2 and "cannot write" in err and "Read-only file system" in err
    assert os.listdir(tmp_path) == []


def test_render_into_a_device_or_file_is_a_clear_error(cli, tmp_path, devices):
    blocker = tmp_path / "diagrams"
    blocker.write_text("kept")
    for out_dir in (devices["null"], blocker):
        code, _, err = cli("render", BLUEPRINT, "--no-config", "--format", "dot", "-o", out_dir)
        assert code == 2 and f"{out_dir} is not a directory" in err
    assert still_a_device(devices["null"]) and blocker.read_text() == "kept"
