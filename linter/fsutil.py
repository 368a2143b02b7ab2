"""Reading and writing files safely, whatever is found at a path.

Reading: every file archlint reads from a repository (blueprints, policies,
configuration, baselines, the render manifest) goes through `open_regular`
or `read_regular`. A FIFO, device, folder or dangling symbolic link is refused
with a reason that names what it is, before anything could block on it, and
reads are bounded.

Writing: `atomic_write` writes a regular file through a temporary file in the
same folder and a rename, so an interrupted or failed write never leaves a
truncated file behind and the previous version stays intact until the new one
is complete. Character devices and FIFOs (`/dev/null`, `/dev/stdout`, a pipe)
are written directly and never replaced by a regular file. Every failure is a
`WriteError` naming the path; the temporary file is always removed.
"""
from __future__ import annotations

import errno
import fcntl
import os
import stat
from typing import BinaryIO

MIB = 1024 * 1024


class NotRegularFile(OSError):
    """A path that exists but is not a regular file (or a link to one)."""


class FileTooLarge(OSError):
    """A regular file larger than the reader's bound."""

    def __init__(self, size: int, limit: int):
        super().__init__(errno.EFBIG, f"file is {size} bytes; the limit is {limit // MIB} MiB")
        self.size, self.limit = size, limit


class WriteError(Exception):
    """A file archlint was asked to write could not be written (bad usage, exit status 2)."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"cannot write {path}: {reason}")


def _kind_of(mode: int) -> str:
    """What a non-regular file is, in words, such as `a FIFO`."""
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _dangling(path: str) -> NotRegularFile | None:
    """The error for a symbolic link whose target does not exist; None for any other path."""
    if not os.path.islink(path):
        return None
    return NotRegularFile(errno.ENOENT, f"is a symbolic link to {os.readlink(path)}, which does not exist", path)


def _refuse_unless_regular(path: str, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise NotRegularFile(errno.EINVAL, f"is {_kind_of(mode)}, not a regular file", path)


def open_regular(path: str) -> BinaryIO:
    """Open a regular file (or a link to one) for reading; raise OSError with the reason otherwise.

    The path is checked before it is opened (opening some devices has effects),
    and opened non-blocking, so that a FIFO swapped in meanwhile cannot block
    the open either; the open file is checked again before it is read.
    """
    try:
        _refuse_unless_regular(path, os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise _dangling(path) or FileNotFoundError(errno.ENOENT, "no such file", path) from None
    try:
        _refuse_unless_regular(path, os.fstat(fd).st_mode)
    except OSError:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_regular(path: str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError (FileTooLarge, NotRegularFile, ...) otherwise."""
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise FileTooLarge(size, limit)
        data = handle.read(limit + 1)  # bounded even if the file grows while it is read
    if len(data) > limit:
        raise FileTooLarge(len(data), limit)
    return data


def atomic_write(path: str, data: str | bytes) -> None:
    """Write `data` to `path`: regular files atomically, devices and FIFOs in place; WriteError on failure."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        target = _write_target(path)
        if target is None:
            _write_in_place(path, payload)
        else:
            _replace(target, payload)
    except OSError as exc:
        raise WriteError(path, exc.strerror or str(exc)) from None


def _write_target(path: str) -> str | None:
    """The regular file to replace (a symbolic link's target: the link is kept); None to write in place."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        dangling = _dangling(path)
        if dangling is not None:  # refused rather than created wherever the link points
            raise dangling from None
        return path
    except NotADirectoryError:
        raise _not_a_folder(os.path.dirname(os.path.abspath(path))) from None
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return None
    _refuse_unless_regular(path, info.st_mode)
    if _is_standard_stream(info):
        return None
    return os.path.realpath(path)


def _is_standard_stream(info: os.stat_result) -> bool:
    """Whether the file is already open as archlint's standard output or error: `--output /dev/stdout >
    report.txt` appends to the file the shell opened, instead of renaming a new file over it."""
    for fd in (1, 2):
        try:
            stream = os.fstat(fd)
        except OSError:
            continue
        if (stream.st_dev, stream.st_ino) == (info.st_dev, info.st_ino):
            return True
    return False


def _write_in_place(path: str, payload: bytes) -> None:
    try:  # non-blocking open: a FIFO nobody reads fails at once (ENXIO) instead of hanging
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "is a FIFO that nobody reads", path) from None
        raise
    with os.fdopen(fd, "wb") as handle:
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)  # a reader is there: wait for it
        handle.write(payload)


def _replace(target: str, payload: bytes) -> None:
    folder = os.path.dirname(os.path.abspath(target))
    _ensure_folder(folder)
    mode = _mode_for(target)
    import tempfile  # here, not at the top: printing a report to a terminal needs no temporary file
    fd, temp = tempfile.mkstemp(prefix=".archlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        if os.path.lexists(temp):
            os.unlink(temp)
        raise


def _ensure_folder(folder: str) -> None:
    try:
        os.makedirs(folder, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # something that is not a folder is in the way
        raise _not_a_folder(folder) from None


def _not_a_folder(folder: str) -> NotADirectoryError:
    """The error naming the nearest existing ancestor of `folder` (itself included), which is not a directory."""
    while not os.path.lexists(folder):
        folder = os.path.dirname(folder)
    return NotADirectoryError(errno.ENOTDIR, f"{folder} is not a directory")


def _mode_for(target: str) -> int:
    """An existing file keeps its permissions; a new one gets what open() would give (mkstemp makes 0600)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
