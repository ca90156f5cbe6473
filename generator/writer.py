"""Write an output folder all at once, and never move, overwrite or delete a file the generator
did not write.

A new tree is *staged* in a temporary folder beside the output folder, then swapped in with
two renames; the old tree is then deleted. That is safe only because the old tree holds
nothing but the generator's own files: the generator records what it wrote in a *manifest*
beside the output folder (``.<name>.explainer-manifest``, one POSIX path per line, sorted;
``site/`` has ``.site.explainer-manifest``), never inside it, so it is not published. Before
anything is written, and again just before the swap:

* any file, symlink or folder in the output folder that the manifest does not account for (a
  *foreign* one) stops the write with :class:`OutputError`, which names it: it is never moved,
  overwritten or deleted. An output folder written by an older version, with its manifest
  ``.explainer-manifest`` inside, is read the same way;
* an output folder that is a symlink, or not a folder, is refused the same way.

:func:`check_output_folder` refuses, before anything is touched, an output folder that is or
contains the project, or is, contains or sits inside one of its protected folders.

The published tree gets ordinary permissions: folders 0755, files 0644 (a temporary folder is
created 0700, which another user's web server could not read). If anything fails before the
swap, the output folder is exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath

#: The manifest's name inside the output folder, as versions before 0.2 kept it (still read).
LEGACY_MANIFEST = ".explainer-manifest"
DIR_MODE, FILE_MODE = 0o755, 0o644


class OutputError(Exception):
    """The output folder cannot be written without touching a file the generator did not write."""


def manifest_path(out: Path) -> Path:
    """Where the manifest of the output folder ``out`` lives: beside it, ``.<name>.explainer-manifest``."""
    return out.parent / f".{out.name}{LEGACY_MANIFEST}"


def _entries(root: Path) -> set[str]:
    """Every file, symlink and folder under ``root`` (relative POSIX paths), symlinks not followed."""
    found: set[str] = set()
    for folder, dirs, files in os.walk(root):
        base = Path(folder).relative_to(root)
        found.update((base / name).as_posix() for name in [*dirs, *files])
    return found


def _read_manifest(path: Path) -> set[str]:
    if not path.is_file() or path.is_symlink():
        return set()
    return {line for line in path.read_text(encoding="utf-8").splitlines() if line}


def _owned(out: Path) -> set[str]:
    """The paths the generator wrote into ``out``, with the folders that hold them."""
    files = _read_manifest(manifest_path(out)) | _read_manifest(out / LEGACY_MANIFEST)
    if (out / LEGACY_MANIFEST).is_file():
        files.add(LEGACY_MANIFEST)
    return files | {parent.as_posix() for name in files for parent in PurePosixPath(name).parents} - {"."}


def _refuse_foreign(out: Path, folder: Path | None = None) -> None:
    """Raise :class:`OutputError` if the output folder ``out`` (its tree at ``folder``, by
    default ``out`` itself) holds an entry its manifest does not account for."""
    if out.is_symlink():
        raise OutputError(f"{out} is a symbolic link; give the folder itself, or another output folder")
    folder = folder or out
    if not folder.exists():
        return
    if not folder.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    owned = _read_manifest(manifest_path(out)) | _read_manifest(folder / LEGACY_MANIFEST)
    if (folder / LEGACY_MANIFEST).is_file():
        owned.add(LEGACY_MANIFEST)
    owned |= {parent.as_posix() for name in owned for parent in PurePosixPath(name).parents} - {"."}
    foreign = sorted(_entries(folder) - owned)
    if foreign:
        raise OutputError(
            f"{out / foreign[0]} was not written by the generator ({len(foreign)} such file(s) or folder(s) "
            f"in {out}); nothing was changed: move them away or choose another output folder"
        )


def refuse_foreign(out: Path) -> None:
    """Raise :class:`OutputError` (one line, nothing touched) if the output folder ``out`` is a
    symlink, is not a folder, or holds a file or folder its manifest does not account for: the
    rule :func:`publish` applies, for a tool that empties ``out`` itself (``mkdocs build``)."""
    _refuse_foreign(Path(out))


def record(out: Path) -> list[str]:
    """Write the manifest of ``out`` listing every file now in it (written by the caller, such as
    ``mkdocs build`` through the hook), so that the next build or ``clean`` accepts them; return them."""
    written = sorted(name for name in _entries(out) if not (out / name).is_dir())
    _write_manifest(out, written)
    return written


def check_inside(root: Path, relative: str) -> Path:
    """``root / relative``, refusing any path that would leave ``root`` (``..``, absolute,
    through a symlink) or is ``root`` itself (``""``, ``.``, ``a/..``), which is no file.

    Raises :class:`OutputError` for such a path.
    """
    target, base = (root / relative).resolve(), root.resolve()
    if not target.is_relative_to(base) or target == base or Path(relative).is_absolute():
        raise OutputError(f"refusing to write outside {root}: {relative!r}")
    return root / relative


def write_files(root: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` (path under ``root``, ``/``-separated → bytes) into ``root``, making folders.

    Raises :class:`OutputError` for a path that would leave ``root`` (:func:`check_inside`)."""
    for path, data in files.items():
        target = check_inside(root, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def check_output_folder(out: Path, protected: Iterable[tuple[str, Path, bool]]) -> None:
    """Refuse (:class:`OutputError`, one line) an output folder ``out`` that is or contains one
    of the ``protected`` folders, or sits inside one whose third item is true. Each is a
    ``(what it is, path, inside refused)`` triple (see :func:`generator.project.protected_folders`).

    Paths are compared after resolving symlinks, so a link to a protected folder is caught too.
    Nothing is touched.
    """
    target = Path(os.path.abspath(out)).resolve()
    folders = [(what, Path(os.path.abspath(folder)).resolve(), inside) for what, folder, inside in protected]

    def relation(where: Path, inside: bool) -> str | None:
        if target == where:
            return "is"
        if where.is_relative_to(target):
            return "contains"
        return "is inside" if inside and target.is_relative_to(where) else None

    found = [(rank, kind, what, where) for what, where, inside in folders
             if (kind := relation(where, inside)) for rank in [("is", "contains", "is inside").index(kind)]]
    if found:
        # "is" first, then the outermost folder it contains, then the innermost it sits inside
        _, kind, what, where = min(found, key=lambda item: (item[0], len(item[3].parts) * (1 if item[0] < 2 else -1)))
        raise OutputError(f"refusing output folder {out}: it {kind} {what} ({where}); "
                          f"choose a folder of its own, such as site/ in the project")


def _normalise_modes(root: Path) -> None:
    """Folders 0755 and files 0644 under ``root`` (and ``root`` itself), whatever the umask."""
    os.chmod(root, DIR_MODE)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            os.chmod(os.path.join(folder, name), DIR_MODE)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, FILE_MODE)


def _write_manifest(out: Path, names: Iterable[str]) -> None:
    """Replace the manifest of ``out`` atomically (a temporary file renamed over it)."""
    target = manifest_path(out)
    fd, temporary = tempfile.mkstemp(prefix=f"{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write("".join(f"{name}\n" for name in sorted(set(names))))
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def publish(out: Path, stage: Callable[[Path], None]) -> list[str]:
    """Build a new ``out`` with ``stage(folder)`` and swap it in; return the files written.

    ``stage`` fills the empty temporary folder it is given (any exception it raises is
    passed on after the temporary folder is removed, ``out`` untouched). Raises
    :class:`OutputError`, before writing anything, when ``out`` holds a foreign file or
    folder, is a symlink or is not a folder.
    """
    out = Path(out)
    _refuse_foreign(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        stage(staging)
        written = sorted(name for name in _entries(staging) if not (staging / name).is_dir())
        _normalise_modes(staging)
        _refuse_foreign(out)  # again: a file may have been saved there while the site was built
        old = {name for name in _owned(out) if not (out / name).is_dir()} if out.exists() else set()
        _write_manifest(out, old | set(written))  # covers both trees until the swap is done
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if "old" in locals():  # the union manifest was (or may have been) written: undo it
            if out.exists():
                _write_manifest(out, old)
            else:
                manifest_path(out).unlink(missing_ok=True)
        raise
    _write_manifest(out, written)
    return written


def _swap(staging: Path, out: Path) -> None:
    """Rename ``staging`` to ``out``; the old ``out`` (only the generator's files) is deleted.

    The old tree is checked once more after it was renamed aside, where nothing saves into it:
    a file saved into ``out`` at the last moment puts the old tree back and stops the swap.
    """
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    os.rename(out, retired)
    try:
        _refuse_foreign(out, retired)
        os.rename(staging, out)
    except BaseException:
        os.rename(retired, out)
        raise
    shutil.rmtree(retired)


def unpublish(out: Path) -> list[str]:
    """Delete the output folder ``out`` and its manifest, as the generator wrote them; return the
    files removed (sorted). Raises :class:`OutputError`, deleting nothing, when ``out`` holds a
    file or folder the manifest does not account for, is a symlink or is not a folder.
    """
    out = Path(out)
    _refuse_foreign(out)
    removed = []
    if out.exists():
        removed = sorted(name for name in _entries(out) if not (out / name).is_dir())
        retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        retired.rmdir()
        os.rename(out, retired)
        shutil.rmtree(retired)
    manifest = manifest_path(out)
    if manifest.is_file() and not manifest.is_symlink():
        manifest.unlink()
    return removed
