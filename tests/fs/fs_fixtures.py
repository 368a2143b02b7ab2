"""Fixtures for the filesystem tests: every case runs through the real CLI, under a time limit.

Not a conftest.py (a second `conftest` module would shadow tests/conftest.py):
test modules import what they use from here.
"""
from __future__ import annotations

import os
import resource
import signal
import stat
from pathlib import Path

import pytest

from linter.cli import main

BLUEPRINT = Path(__file__).parent.parent / "fixtures" / "spec_example.yaml"
TIME_LIMIT = 20  # seconds: a blocked open() or read() fails the test instead of hanging the suite
MEMORY_LIMIT = 1 << 30  # bytes of address space a case may add


class Hung(Exception):
    pass


@pytest.fixture(autouse=True)
def no_hang():
    """Fail, rather than hang or exhaust the machine, when a read blocks or has no bound (/dev/zero)."""
    def give_up(signum, frame):
        raise Hung(f"archlint did not finish within {TIME_LIMIT} s")
    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(TIME_LIMIT)
    memory = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_address_space() + MEMORY_LIMIT, memory[1]))
    yield
    resource.setrlimit(resource.RLIMIT_AS, memory)
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _address_space() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * resource.getpagesize()


@pytest.fixture
def cli(capsys):
    """Run `archlint ARGS`; return (exit status, stdout, stderr) and check no traceback escaped."""
    def run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err
    return run


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.fixture
def dangling(tmp_path: Path) -> Path:
    path = tmp_path / "gone.yaml"
    path.symlink_to(tmp_path / "missing-target.yaml")
    return path


@pytest.fixture
def not_a_file(request, tmp_path: Path, fifo: Path, dangling: Path) -> tuple[Path, str]:
    """(path, what the message must say) for each kind of path that is not a regular file."""
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    kinds = {"fifo": (fifo, "is a FIFO"), "device": (Path("/dev/zero"), "is a character device"),
             "folder": (folder, "is a directory"), "dangling": (dangling, "is a symbolic link")}
    return kinds[request.param]


@pytest.fixture
def devices(tmp_path: Path) -> dict[str, str]:
    """Private copies of /dev/null and /dev/full (root may make device nodes): a test that
    replaced one by mistake would show it without breaking the machine for everything else."""
    nodes = {"null": tmp_path / "null", "full": tmp_path / "full"}
    for path, minor in zip(nodes.values(), (3, 7), strict=True):
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return {name: str(path) for name, path in nodes.items()}


def still_a_device(path: str) -> bool:
    return stat.S_ISCHR(os.stat(path).st_mode)


def temp_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.startswith(".archlint-")]


KINDS = ["fifo", "device", "folder", "dangling"]
