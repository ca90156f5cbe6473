"""Share cards drawn in a worker process while the pages are built, and written into a site folder.

A card (:func:`generator.share_image.render`) costs about 10 ms, most of it Pillow's PNG encoder,
which holds the GIL: a thread does not overlap with the page build, a second *process* does. At
N = 1000 records per kind a site has about 2000 cards (≈ 22 s); on a machine with two cores a
worker draws them while MkDocs builds the pages, and the build waits only for what is left.

* :class:`Drawing` starts drawing the cards it is given; :meth:`Drawing.result` waits for their
  bytes. A few new cards (a save under ``mkdocs serve``) are drawn in this process instead, at
  :meth:`Drawing.result`: starting a worker costs more than they do.
* One cache, :data:`_CACHE`: the bytes of the last drawing's cards (the bytes depend on the card
  alone), so ``mkdocs serve``'s rebuilds draw only the cards that changed. It never holds more
  than one site's cards. Warm or cold, the bytes are the same.
* The worker is a fresh interpreter (``python -c``, the same executable and the same ``generator``
  package): it inherits no lock from this process's threads, runs the generator's code as it is on
  disk now (which matters under ``mkdocs serve``) and, unlike :mod:`multiprocessing`'s ``spawn`` and
  ``forkserver``, never runs this process's main module again (``python -m generator`` has no
  ``__main__`` guard). Cards go in as JSON and PNGs come back length-prefixed through its stdin
  and stdout (plain data, no pickle: see :data:`_LENGTH`). It
  ignores Ctrl+C (which reaches the whole process group): this process ends it, in
  :meth:`Drawing.cancel` when a build stops and at exit; and it exits by itself within a fraction of
  a second if this process dies without cleaning up (killed). (Not
  ``concurrent.futures.ProcessPoolExecutor``: at interpreter exit it waits for all queued work.)
* :func:`write` puts drawn cards into a built site folder: only those that changed since it last
  wrote them there, or are missing (``mkdocs serve --dirty`` keeps the folder between builds).
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import json
import os
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import IO

from generator import share_image
from generator.share_image import Card
from generator.writer import check_inside, write_files

#: At most this many cards missing from the cache are drawn in this process (≈ 10 ms each).
INLINE = 24
#: The cards of the last :meth:`Drawing.result`: card → PNG bytes.
_CACHE: dict[Card, bytes] = {}
#: The folder :func:`write` last wrote into, and what it wrote there (site path → bytes).
_WRITTEN: tuple[str, dict[str, bytes]] = ("", {})


class Drawing:
    """The cards ``cards`` (site path → :class:`Card`) being drawn; those in the cache are reused."""

    def __init__(self, cards: Mapping[str, Card]) -> None:
        self._cards = dict(cards)
        self._todo = [card for card in dict.fromkeys(self._cards.values()) if card not in _CACHE]
        self._known = {card: _CACHE[card] for card in self._cards.values() if card in _CACHE}
        self._process: subprocess.Popen[bytes] | None = None
        self._cancelled = False
        self._result: dict[str, bytes] | None = None
        if len(self._todo) > INLINE:
            package = Path(share_image.__file__).resolve().parent.parent  # the folder holding this generator
            path = os.pathsep.join([str(package), *filter(None, [os.environ.get("PYTHONPATH")])])
            self._process = subprocess.Popen(  # -P: the current folder is not put first on sys.path
                [sys.executable, "-P", "-c", f"from generator.share_cards import _worker; _worker({os.getpid()})"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": path})
            _RUNNING.add(self._process)
            # Fed from a thread: the pipe holds 64 KiB, and the worker reads only once it has started.
            threading.Thread(target=_feed, args=(self._process.stdin, self._todo), daemon=True).start()

    @property
    def worker(self) -> int | None:
        """The worker process's id while one draws the cards, else ``None``."""
        return self._process.pid if self._process is not None else None

    def result(self) -> dict[str, bytes]:
        """Wait for the cards: ``{site path: PNG bytes}`` in the order given. Keeps them in the cache;
        a second call gives the same answer.

        Raises :class:`RuntimeError` (with the worker's traceback) if the worker failed or was ended.
        """
        if self._cancelled:
            raise RuntimeError("the share cards were cancelled")
        if self._result is not None:
            return self._result
        if self._process is None:
            drawn = [share_image.render(card) for card in self._todo]
        else:
            try:
                assert self._process.stdout is not None
                drawn = _read_reply(self._process.stdout, len(self._todo))
            except BaseException as exc:  # Ctrl+C while waiting: end the worker now, do not wait for its cards
                self._end(wait=isinstance(exc, Exception))
                raise
            self._end(wait=True)
        known = {**self._known, **dict(zip(self._todo, drawn, strict=True))}
        _CACHE.clear()  # only this site's cards: the cache never grows past one site
        _CACHE.update((card, known[card]) for card in self._cards.values())
        self._result = {path: known[card] for path, card in self._cards.items()}
        return self._result

    def cancel(self) -> None:
        """End the worker, if any (a build that stopped); :meth:`result` then raises."""
        self._cancelled = True
        self._end(wait=False)

    def _end(self, wait: bool) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            process.wait(10 if wait else 0)  # after sending the cards it exits
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):  # a pipe the ended worker no longer reads
                    stream.close()
        _RUNNING.discard(process)


#: Workers not yet ended: killed at exit, so that none draws on for nobody.
_RUNNING: set[subprocess.Popen[bytes]] = set()


@atexit.register
def _kill_workers() -> None:
    for process in list(_RUNNING):
        process.kill()
        process.wait()


# The worker's two pipes carry plain data, never pickled objects: after `mkdocs serve` reloads the
# generator's modules, the last good build's cards are instances of the old Card class.
#   in:  JSON, a list of [title, kicker, story, band] (Card's fields in order), then end of file;
#   out: b"OK" and, per card, its PNG's length (4 bytes, big-endian) and bytes; or b"ER" and the
#        length and UTF-8 text of the worker's traceback.
_LENGTH = struct.Struct(">I")


def _feed(stream: IO[bytes] | None, cards: list[Card]) -> None:
    assert stream is not None
    try:
        stream.write(json.dumps([dataclasses.astuple(card) for card in cards]).encode("utf-8"))
    except (OSError, ValueError):  # the worker was ended first
        pass
    finally:
        with contextlib.suppress(OSError, ValueError):
            stream.close()  # end of file: the worker starts drawing (or stops waiting)


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise RuntimeError("the share-card worker process ended before it sent the cards")
    return data


def _read_reply(stream: IO[bytes], count: int) -> list[bytes]:
    """The ``count`` PNGs the worker sends on ``stream``; raises :class:`RuntimeError` when it failed."""
    status = _read_exactly(stream, 2)
    if status == b"ER":
        (size,) = _LENGTH.unpack(_read_exactly(stream, _LENGTH.size))
        raise RuntimeError(f"the share-card worker process failed:\n{_read_exactly(stream, size).decode('utf-8')}")
    if status != b"OK":
        raise RuntimeError("the share-card worker process sent something else than cards")
    return [_read_exactly(stream, _LENGTH.unpack(_read_exactly(stream, _LENGTH.size))[0]) for _ in range(count)]


def _worker(parent: int) -> None:
    """The worker's main (``parent``: the id of the process that started it): read the cards on
    stdin, write their PNGs (or its traceback) on stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole process group: the parent ends us
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not garble the answer
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    try:
        drawn = [share_image.render(Card(*fields)) for fields in json.loads(sys.stdin.buffer.read())]
    except Exception:
        text = traceback.format_exc().encode("utf-8")
        out.write(b"ER" + _LENGTH.pack(len(text)) + text)
    else:
        out.write(b"OK" + b"".join(_LENGTH.pack(len(png)) + png for png in drawn))
    out.close()


def _exit_with_parent(parent: int) -> None:
    """Exit as soon as ``parent``, the process that started this one, is gone (it was killed), also
    if it was gone before this thread started."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def write(site_dir: Path, cards: Mapping[str, bytes]) -> list[str]:
    """Write ``cards`` (site path → bytes) into ``site_dir``, except those this function last wrote
    there with the same bytes and that are still there; return the paths written.

    Raises :class:`generator.writer.OutputError` for a path that would leave ``site_dir``.
    """
    global _WRITTEN
    folder = str(Path(site_dir).resolve())
    last = _WRITTEN[1] if _WRITTEN[0] == folder else {}
    changed = {path: data for path, data in cards.items()
               if last.get(path) != data or not check_inside(site_dir, path).is_file()}
    write_files(site_dir, changed)
    _WRITTEN = (folder, dict(cards))
    return list(changed)
