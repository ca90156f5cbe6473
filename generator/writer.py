"""Write an output folder all at once, and never touch files the generator did not write.

A new tree is *staged* in a temporary folder beside the output folder, then swapped in
with two renames. The generator records what it wrote in a manifest
(``.explainer-manifest``, one POSIX path per line, sorted) inside the output folder. On the
next write:

* files listed in the old manifest are the generator's own: they are replaced or, if no
  longer produced, removed with the old tree;
* any other file in the output folder (a *foreign* file) is carried over to the new tree
  unchanged (same bytes, same metadata: it is renamed, not copied);
* if a foreign file has the path of a file the generator would write, nothing is written and
  :class:`OutputError` says which file, so it is never overwritten.

If anything fails before the swap, the output folder is exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

MANIFEST = ".explainer-manifest"


class OutputError(Exception):
    """The output folder cannot be written without touching a file the generator did not write."""


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def _owned(out: Path) -> set[str]:
    manifest = out / MANIFEST
    if not manifest.is_file():
        return set()
    return {line for line in manifest.read_text(encoding="utf-8").splitlines() if line} | {MANIFEST}


def check_inside(root: Path, relative: str) -> Path:
    """``root / relative``, refusing any path that would leave ``root`` (``..``, absolute,
    through a symlink) or is ``root`` itself (``""``, ``.``, ``a/..``), which is no file.

    Raises :class:`OutputError` for such a path.
    """
    target, base = (root / relative).resolve(), root.resolve()
    if not target.is_relative_to(base) or target == base or Path(relative).is_absolute():
        raise OutputError(f"refusing to write outside {root}: {relative!r}")
    return root / relative


def publish(out: Path, stage: Callable[[Path], None]) -> list[str]:
    """Build a new ``out`` with ``stage(folder)`` and swap it in; return the files written.

    ``stage`` fills the empty temporary folder it is given (any exception it raises is
    passed on after the temporary folder is removed, ``out`` untouched). Raises
    :class:`OutputError` when a foreign file in ``out`` would be overwritten or ``out`` is
    not a folder.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        stage(staging)
        written = sorted(_tree(staging) - {MANIFEST})
        foreign = sorted(_tree(out) - _owned(out)) if out.exists() else []
        clashes = _in_the_way(foreign, written)
        if clashes:
            raise OutputError(
                f"{out / clashes[0]} was not written by the generator and would be overwritten "
                f"({len(clashes)} such file(s)); move it away or choose another output folder"
            )
        (staging / MANIFEST).write_text("".join(f"{p}\n" for p in written), encoding="utf-8")
        for name in foreign:
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(out / name, target)
    except BaseException:
        _restore_foreign(staging, out, foreign if "foreign" in locals() else [])
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, out)
    return written


def _in_the_way(foreign: list[str], written: list[str]) -> list[str]:
    """Foreign files that a written file would replace: at its path, at the path of one of its
    folders (a file ``actors`` when ``actors/x.md`` is written) or inside it (``x.md/notes``)."""
    files = set(written) | {MANIFEST}
    folders = {parent.as_posix() for name in written for parent in PurePosixPath(name).parents}
    return [name for name in foreign
            if name in files or name in folders
            or any(parent.as_posix() in files for parent in PurePosixPath(name).parents)]


def _restore_foreign(staging: Path, out: Path, foreign: list[str]) -> None:
    for name in foreign:
        moved = staging / name
        if os.path.lexists(moved) and not os.path.lexists(out / name):
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            os.rename(moved, out / name)


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(retired, out)
        raise
    shutil.rmtree(retired)
