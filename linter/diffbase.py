"""`--diff-base REF`: report only the findings that are new since git revision REF.

The blueprints linted now are also linted as they were at REF: each one, and
every base it `extends` (as it was at REF), is read with `git cat-file` into a
temporary folder that mirrors the repository layout, and linted there with
the same options from the matching working folder, so that paths, per-file
ignores and overlays behave exactly as they did. Findings are then compared by
identity (rule, repository-relative file, element), never by line. A file
that did not exist at REF has nothing to compare with: all its findings are new.
"""
from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from typing import Callable

from .findings import Report
from .loading import LoadError
from .yaml_reader import YMap, parse
from .repo import identity

Lint = Callable[[list[str]], Report]


class DiffBaseError(Exception):
    """Not in a git repository, git missing, or an unknown revision (bad usage)."""


def keep_new_findings(report: Report, ref: str, lint: Lint) -> None:
    """Drop from `report` every finding also present when its blueprints are linted at `ref`."""
    top = git_toplevel()
    commit = resolve_commit(top, ref)
    old = previous_identities(top, commit, report.files, lint)
    report.findings = [f for f in report.findings if identity(f, top) not in old]


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffBaseError("--diff-base needs git, and `git` is not on PATH") from None


def git_toplevel(start: str = ".") -> str:
    done = _git(["rev-parse", "--show-toplevel"], os.path.abspath(start))
    if done.returncode != 0:
        raise DiffBaseError(f"--diff-base needs a git repository; {os.path.abspath(start)} is not inside one")
    return os.path.realpath(done.stdout.decode("utf-8").strip())


def resolve_commit(top: str, ref: str) -> str:
    # A ref starting with `-` would be read as an option by git: it is never a revision.
    done = None if ref.startswith("-") else _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    if done is None or done.returncode != 0:
        raise DiffBaseError(f"--diff-base: unknown git revision `{ref}`")
    return done.stdout.decode("ascii").strip()


def previous_identities(top: str, commit: str, files: list[str], lint: Lint) -> set[tuple[str, str, str]]:
    """Identities of the findings of `files` as they were at `commit`."""
    wanted = [rel for rel in (_in_repo(path, top) for path in files) if rel is not None]
    with tempfile.TemporaryDirectory(prefix="archlint-diff-base-") as temp:
        mirror = os.path.realpath(temp)
        # The mirror stands for the repository: `extends` may reach as far as it does now.
        open(os.path.join(mirror, ".git"), "w").close()
        present = materialise(top, commit, wanted, mirror)
        if not present:
            return set()
        workdir = os.path.join(mirror, _in_repo(os.getcwd(), top) or "")
        os.makedirs(workdir, exist_ok=True)
        # Linting from the mirrored working folder gives the same display paths as now.
        with contextlib.chdir(workdir):
            old = lint([os.path.join(mirror, rel) for rel in present])
            return {identity(f, mirror) for f in old.findings}


def _in_repo(path: str, top: str) -> str | None:
    """`path` relative to the repository top (`.` for the top itself); None when outside it."""
    relative = os.path.relpath(os.path.realpath(path), top)
    return None if relative == ".." or relative.startswith(".." + os.sep) else relative


def materialise(top: str, commit: str, paths: list[str], mirror: str) -> list[str]:
    """Write each path (and the bases it extends) as it was at `commit` under `mirror`;
    return those of `paths` that existed then."""
    pending, seen = list(paths), set()
    while pending:
        rel = os.path.normpath(pending.pop())
        if rel in seen:
            continue
        seen.add(rel)
        data = _blob(top, commit, rel)
        if data is None:
            continue
        target = os.path.join(mirror, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
        base = _extends(data, rel)
        inside = None if base is None else _in_repo(os.path.join(top, base), top)
        if inside is not None:  # a base outside the repository has no version at `commit`
            pending.append(inside)
    return [os.path.normpath(rel) for rel in paths if os.path.isfile(os.path.join(mirror, rel))]


def _blob(top: str, commit: str, rel: str) -> bytes | None:
    """The file's bytes at `commit`; None when it did not exist (or was not a file) there."""
    done = _git(["cat-file", "blob", f"{commit}:{rel.replace(os.sep, '/')}"], top)
    return done.stdout if done.returncode == 0 else None


def _extends(data: bytes, rel: str) -> str | None:
    """The path of the base a blueprint extends (relative to the repository top, unless absolute)."""
    try:
        root = parse(data.decode("utf-8"), rel).root
    except (LoadError, UnicodeDecodeError):
        return None  # the lint at REF reports the file as unloadable; it has no old findings
    base = root.get("extends") if isinstance(root, YMap) else None
    return os.path.normpath(os.path.join(os.path.dirname(rel), base)) if isinstance(base, str) else None
