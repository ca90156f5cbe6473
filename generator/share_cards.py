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
  ``__main__`` guard). Cards go in and PNGs come back pickled through its stdin and stdout. It
  ignores Ctrl+C (which reaches the whole process group): this process ends it, in
  :meth:`Drawing.cancel` when a build stops and at exit; and it exits by itself within a fraction of
  a second if this process dies without cleaning up (killed). (Not
  ``concurrent.futures.ProcessPoolExecutor``: at interpreter exit it waits for all queued work.)
* :func:`write` puts drawn cards into a built site folder: only those that changed since it last
  wrote them there, or are missing (``mkdocs serve --dirty`` keeps the folder between builds).
"""

from __future__ import annotations

import atexit
import os
import pickle
import signal
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
from generator.writer import check_inside

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
        if len(self._todo) > INLINE:
            package = Path(share_image.__file__).resolve().parent.parent  # the folder holding this generator
            path = os.pathsep.join([str(package), *filter(None, [os.environ.get("PYTHONPATH")])])
            self._process = subprocess.Popen(
                [sys.executable, "-c", "from generator.share_cards import _worker; _worker()"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": path})
            _RUNNING.add(self._process)
            # Fed from a thread: the pipe holds 64 KiB, and the worker reads only once it has started.
            threading.Thread(target=_feed, args=(self._process.stdin, self._todo), daemon=True).start()

    @property
    def worker(self) -> int | None:
        """The worker process's id while one draws the cards, else ``None``."""
        return self._process.pid if self._process is not None else None

    def result(self) -> dict[str, bytes]:
        """Wait for the cards: ``{site path: PNG bytes}`` in the order given. Keeps them in the cache.

        Raises :class:`RuntimeError` (with the worker's traceback) if the worker failed or was ended.
        """
        if self._cancelled:
            raise RuntimeError("the share cards were cancelled")
        if self._process is None:
            drawn = [share_image.render(card) for card in self._todo]
        else:
            try:
                assert self._process.stdout is not None
                status, payload = pickle.load(self._process.stdout)
            except (EOFError, pickle.UnpicklingError):
                raise RuntimeError("the share-card worker process ended before it sent the cards") from None
            finally:
                self._end(wait=True)
            if status != "ok":
                raise RuntimeError(f"the share-card worker process failed:\n{payload}")
            drawn = payload
        known = {**self._known, **dict(zip(self._todo, drawn, strict=True))}
        _CACHE.clear()  # only this site's cards: the cache never grows past one site
        _CACHE.update((card, known[card]) for card in self._cards.values())
        return {path: known[card] for path, card in self._cards.items()}

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
                stream.close()
        _RUNNING.discard(process)


#: Workers not yet ended: killed at exit, so that none draws on for nobody.
_RUNNING: set[subprocess.Popen[bytes]] = set()


@atexit.register
def _kill_workers() -> None:
    for process in list(_RUNNING):
        process.kill()
        process.wait()


def _feed(stream: IO[bytes] | None, cards: list[Card]) -> None:
    assert stream is not None
    try:
        pickle.dump(cards, stream, protocol=pickle.HIGHEST_PROTOCOL)
        stream.close()
    except (OSError, ValueError):  # the worker was ended first
        pass


def _worker() -> None:
    """The worker's main: read the pickled cards on stdin, write ``("ok", [PNG bytes, …])`` or
    ``("error", traceback)`` pickled on stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole process group: the parent ends us
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not garble the answer
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        reply: tuple[str, object] = ("ok", [share_image.render(card) for card in pickle.load(sys.stdin.buffer)])
    except Exception:
        reply = ("error", traceback.format_exc())
    pickle.dump(reply, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.close()


def _exit_with_parent(parent: int) -> None:
    """Exit as soon as the process that started this one is gone (it was killed)."""
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
    written = []
    for path, data in cards.items():
        target = check_inside(site_dir, path)
        if last.get(path) == data and target.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(path)
    _WRITTEN = (folder, dict(cards))
    return written
