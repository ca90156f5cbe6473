"""Share cards drawn in a worker process while the pages build (generator/share_cards.py, issue 15).

The cards are no MkDocs files any more: the hook starts drawing them in ``on_files`` and writes
them into the site in ``on_post_build``. Here: every page's card is written, byte for byte what
:func:`generator.share_image.render` draws, by ``mkdocs build`` and by ``render --out``, and the
manifest lists them; under ``mkdocs serve --dirty`` a save rewrites the changed card only; and no
worker process outlives a build that is stopped (Ctrl+C) or killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ENV, ROOT, generator, mkdocs_build, replace_once
from test_serve import Server, serve  # noqa: F401 (test_serve's fixture, for dirty_server)

from generator import pages, share_cards, share_image
from generator.content import load_content
from generator.render import render_pages
from generator.share_image import Card
from generator.site_files import site_files
from generator.writer import manifest_path


def expected_cards(project: Path, with_hand_written: bool = True) -> dict[str, Card]:
    """Site path → card, for the project's content as it is now."""
    content = load_content(project / "content")
    hand = project / "content" / "pages"
    hand_written = {p.relative_to(hand).as_posix(): p.read_text(encoding="utf-8") for p in sorted(hand.rglob("*.md"))}
    return site_files(content, list(render_pages(content)), hand_written if with_hand_written else None)[0]


def assert_cards(folder: Path, cards: dict[str, Card]) -> None:
    """``folder`` holds exactly these cards, each the bytes :func:`share_image.render` gives."""
    found = sorted(p.relative_to(folder).as_posix() for p in (folder / "assets/share").rglob("*.png"))
    assert found == sorted(cards)
    for path, card in cards.items():
        assert (folder / path).read_bytes() == share_image.render(card), path


# --------------------------------------------------------------------------- without MkDocs


def test_drawing_gives_what_render_gives_from_a_worker_and_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many new cards go to a worker process (this process cannot draw them: its ``render``
    raises), a few are drawn here; the bytes are ``render``'s, in the order given, and a second
    drawing of the same cards takes them from the cache."""
    monkeypatch.setattr(share_cards, "_CACHE", {})
    render = share_image.render
    cards = {f"assets/share/{i}.png": Card(f"Title {i}", "Kicker", "The story", "Place · date")
             for i in range(share_cards.INLINE + 3)}
    cards["assets/share/again.png"] = cards["assets/share/0.png"]  # the same card on two pages
    drawing = share_cards.Drawing(cards)
    assert drawing.worker is not None

    def unavailable(card: Card) -> bytes:
        raise AssertionError(f"drawn in the test process: {card}")

    monkeypatch.setattr(share_image, "render", unavailable)
    drawn = drawing.result()
    monkeypatch.setattr(share_image, "render", render)
    assert list(drawn) == list(cards)
    assert all(drawn[path] == render(card) for path, card in cards.items())
    cards["assets/share/new.png"] = Card("A new one", "Kicker", "The story", "Place · date")
    warm = share_cards.Drawing(cards)
    assert warm.worker is None  # one new card: drawn here
    again = warm.result()
    assert again["assets/share/0.png"] is drawn["assets/share/0.png"]  # from the cache
    assert again["assets/share/new.png"] == share_image.render(cards["assets/share/new.png"])
    assert set(share_cards._CACHE) == set(cards.values())  # one site's cards, no more


def test_a_cancelled_drawing_ends_its_worker_and_gives_no_cards() -> None:
    """What the hook does when a build stops between ``on_files`` and ``on_post_build``."""
    cards = {f"assets/share/{i}.png": Card(f"Cancelled {i}", "", "Story", "Band")
             for i in range(share_cards.INLINE + 1)}
    drawing = share_cards.Drawing(cards)
    pid = drawing.worker
    assert pid is not None
    drawing.cancel()
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
    with pytest.raises(RuntimeError, match="cancelled"):
        drawing.result()


def test_write_rewrites_only_changed_or_missing_cards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As under ``mkdocs serve --dirty``: the site folder keeps the last build's files. What was
    written into one folder says nothing about another: there every card is written."""
    monkeypatch.setattr(share_cards, "_WRITTEN", ("", {}))
    site, other = tmp_path / "site", tmp_path / "other"
    cards = {"assets/share/a.png": b"a", "assets/share/b/c.png": b"c", "assets/share/d.png": b"d"}
    (other / "assets/share/b").mkdir(parents=True)
    (other / "assets/share/b/c.png").write_bytes(b"stale")  # what an earlier, different build left
    assert share_cards.write(site, cards) == list(cards)
    for path in cards:
        os.utime(site / path, ns=(0, 0))
    (site / "assets/share/d.png").unlink()
    assert share_cards.write(site, {**cards, "assets/share/a.png": b"A"}) == ["assets/share/a.png",
                                                                             "assets/share/d.png"]
    assert (site / "assets/share/a.png").read_bytes() == b"A"
    assert (site / "assets/share/d.png").read_bytes() == b"d"
    unchanged = (site / "assets/share/b/c.png").stat()
    assert (unchanged.st_atime_ns, unchanged.st_mtime_ns) == (0, 0)  # not written again
    assert share_cards.write(other, cards) == list(cards)  # another folder: everything
    assert {path: (other / path).read_bytes() for path in cards} == cards


# --------------------------------------------------------------------------- real builds


@pytest.mark.slow
def test_mkdocs_build_writes_every_card_and_records_it_in_the_manifest(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    cards = expected_cards(project)
    assert pages.share_image("about.md") in cards  # hand-written pages have cards too
    assert_cards(site, cards)
    manifest = set(manifest_path(site).read_text(encoding="utf-8").splitlines())
    assert set(cards) <= manifest


@pytest.mark.slow
def test_render_out_writes_every_card(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = generator("render", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    assert_cards(out, expected_cards(project))
    assert set(expected_cards(project)) <= set(manifest_path(out).read_text(encoding="utf-8").splitlines())


def _session(leader: int) -> list[int]:
    """Processes (not zombies) of the session ``leader`` started: any left behind by it."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == leader and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


#: A build in miniature, in a fresh interpreter: it hands the worker 1000 distinct cards (about
#: 10 s of drawing), prints the worker's process id once every card is handed over, then waits
#: ("building": the pages build meanwhile; "waiting": for the cards, in ``Drawing.result``). An exit
#: handler registered before ``share_cards`` is imported runs after share_cards' own and keeps the
#: interpreter alive 20 s more, so on Ctrl+C the worker's watch for a dead parent cannot be what
#: ends it. It is killed at once after printing: also before the worker has started watching.
_STOPPED_BUILD = """
import atexit, sys, threading, time
atexit.register(time.sleep, 20)
from generator import share_cards
from generator.share_image import Card
drawing = share_cards.Drawing({f"assets/share/{i}.png": Card(f"Card {i}", "Kicker", "The story", "Place")
                               for i in range(1000)})
for thread in threading.enumerate():
    if thread is not threading.main_thread():
        thread.join()
print(drawing.worker, flush=True)
if sys.argv[1] == "waiting":
    drawing.result()
else:
    time.sleep(60)
"""


def _ignores_sigint(pid: int) -> bool:
    """Whether process ``pid`` ignores SIGINT (its ``SigIgn`` mask in ``/proc``)."""
    status = Path(f"/proc/{pid}/status").read_text()
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigIgn:"))
    return bool(int(mask, 16) & 1 << (signal.SIGINT - 1))


#: Seconds a worker may outlive a stopped build: far below the 10 s its drawing takes.
ORPHAN = 3.0


@pytest.mark.slow
@pytest.mark.parametrize(("stop", "phase"), [(signal.SIGKILL, "building"), (signal.SIGINT, "building"),
                                             (signal.SIGINT, "waiting")],
                         ids=["killed", "ctrl-c-while-building", "ctrl-c-while-waiting"])
def test_a_stopped_build_leaves_no_worker_drawing(stop: signal.Signals, phase: str) -> None:
    """A build killed, or stopped with Ctrl+C (to its whole process group, as a terminal sends it,
    which the worker ignores), while its worker draws: the worker is gone within ``ORPHAN`` s,
    whether its parent lingers (Ctrl+C: ended at exit, or at once in ``result``) or is gone (killed:
    the worker watches its parent)."""
    build = subprocess.Popen([sys.executable, "-c", _STOPPED_BUILD, phase], env={**ENV, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        assert build.stdout is not None
        worker = int(build.stdout.readline())
        assert worker in _session(build.pid)
        if stop == signal.SIGINT:  # once the worker ignores Ctrl+C (before, Ctrl+C simply ends it)
            deadline = time.monotonic() + 60
            while not _ignores_sigint(worker):
                assert time.monotonic() < deadline, "the worker did not start within 60 s"
                time.sleep(0.02)
        (os.killpg if stop == signal.SIGINT else os.kill)(build.pid, stop)
        deadline = time.monotonic() + ORPHAN
        while worker in _session(build.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert worker not in _session(build.pid), f"the worker {worker} still runs {ORPHAN} s after {stop.name}"
        if stop == signal.SIGINT:
            assert build.poll() is None  # still in its last exit handler: the worker did not leave on its own
    finally:
        for pid in _session(build.pid):
            os.kill(pid, signal.SIGKILL)
        build.wait()
        if build.stdout is not None:
            build.stdout.close()


@pytest.fixture
def dirty_server(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Server, Path]:
    """``mkdocs serve --dirty`` of the project (test_serve's ``serve``), and the temporary site
    folder it serves."""
    start: Callable[..., Server] = request.getfixturevalue("serve")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server = start("--dirty", env={"TMPDIR": str(temporary)})
    assert server.running(), server.log()
    sites = list(temporary.glob("mkdocs_*"))
    assert len(sites) == 1, sites
    return server, sites[0]


@pytest.mark.slow
def test_serve_dirty_rewrites_the_changed_card_and_leaves_the_others(
        dirty_server: tuple[Server, Path], project: Path) -> None:
    """A save that renames an actor rewrites that actor's card only; the server serves it."""
    server, site = dirty_server
    assert_cards(site, expected_cards(project))
    card = pages.share_image(pages.actor("john-kerry"))
    before = {p: p.stat().st_mtime_ns for p in (site / "assets/share").rglob("*.png")}
    mark = len(server.log())
    replace_once(project / "content/actors.yaml", "name: John Kerry", "name: John F. Kerry")
    server.wait_until(lambda: "Reloading browsers" in server.log()[mark:], "the rebuild")
    cards = expected_cards(project)
    assert cards[card].title == "John F. Kerry"
    assert_cards(site, cards)
    after = {p: p.stat().st_mtime_ns for p in (site / "assets/share").rglob("*.png")}
    assert [p.relative_to(site).as_posix() for p in after if after[p] != before[p]] == [card]
    with urllib.request.urlopen(server.base + card, timeout=30) as response:
        assert response.read() == share_image.render(cards[card])


# --------------------------------------------------------------------------- after a reload, stopped early


def test_cards_of_a_reloaded_card_class_are_drawn_by_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under ``mkdocs serve`` a change of the generator's code reloads its modules while the last good
    build's cards stay instances of the old ``Card`` class; the worker still draws them (they travel as
    plain fields: pickling such a card fails, which used to leave the worker and the build waiting)."""
    import dataclasses
    import pickle

    old = dataclasses.make_dataclass("Card", [("title", str), ("kicker", str), ("story", str), ("band", str)],
                                     frozen=True)
    old.__module__, old.__qualname__ = Card.__module__, "Card"  # as the class before the reload looked
    with pytest.raises(pickle.PicklingError):
        pickle.dumps(old("t", "k", "s", "b"))
    monkeypatch.setattr(share_cards, "_CACHE", {})
    cards = {f"assets/share/{k}.png": old(f"Title {k}", "Issue", "The story", "Sochi")
             for k in range(share_cards.INLINE + 6)}
    drawing = share_cards.Drawing(cards)  # type: ignore[arg-type]
    assert drawing.worker is not None
    drawn = drawing.result()
    assert drawn == {path: share_image.render(Card(*dataclasses.astuple(card))) for path, card in cards.items()}
    assert drawing.result() == drawn  # a second call gives the same answer without drawing again


def test_cancelling_while_the_cards_are_sent_raises_nothing() -> None:
    """A build that stops at once (``on_build_error``) cancels a drawing whose cards are still being
    written to the worker: the build's own error is reported, not a broken pipe."""
    cards = {f"assets/share/{k}.png": Card(f"Title {k} " + "x" * 200, "Issue", "The story " * 20, "Sochi")
             for k in range(3000)}  # more than the pipe holds: the feeding thread is still writing
    for _ in range(3):
        drawing = share_cards.Drawing(cards)
        assert drawing.worker is not None
        time.sleep(0.05)
        drawing.cancel()
        with pytest.raises(RuntimeError, match="cancelled"):
            drawing.result()
