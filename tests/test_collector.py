"""The cyclic garbage collector while the generator loads and renders (generator/collector.py): off meanwhile, under
``mkdocs build``, ``mkdocs serve``'s rebuilds and the command line, and as it was found afterwards, also after a
failed build; nothing is frozen, and no rebuild keeps an earlier one's objects alive."""

from __future__ import annotations

import gc
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, ORPHAN_ACTOR, replace_once, run

from generator import cli, collector


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The collector on before the test, nothing frozen; on again after it, whatever the test did."""
    assert gc.isenabled() and gc.get_freeze_count() == 0
    yield
    gc.enable()


def test_paused_turns_the_collector_off_for_the_block(collector_on: None) -> None:
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():  # nested: the outer block's end turns it on again, not the inner's
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_collector_turned_off_by_the_caller_stays_off(collector_on: None) -> None:
    gc.disable()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_paused_gives_the_collector_back_after_an_exception(collector_on: None) -> None:
    with pytest.raises(RuntimeError), collector.paused():
        assert not gc.isenabled()
        raise RuntimeError("a command failed")
    assert gc.isenabled()


def test_the_command_line_loads_with_the_collector_paused_and_gives_it_back(collector_on: None, project: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    load = cli.load_content
    monkeypatch.setattr(cli, "load_content", lambda folder: (seen.append(gc.isenabled()), load(folder))[1])
    assert cli._load(CONTENT).story is not None
    replace_once(project / "content" / "quotes.yaml", "speaker: barack-obama", "speaker: j-kerry")
    with pytest.raises(SystemExit):  # the content's errors reported, exit 1
        cli._load(project / "content")
    assert seen == [False, False] and gc.isenabled()


#: Builds the project in the current folder with MkDocs, in this interpreter, as ``mkdocs build`` (one build)
#: or ``mkdocs serve`` (``on_startup`` once, then a build per save, the config loaded again each time) does; after
#: each build prints how it ended, whether the collector is on, how many objects are frozen, how many collection
#: passes ran during the hook's ``on_pre_build`` and ``on_files``, which load and render the content (with the
#: pause: at most the young pass that the collector, on again, makes at once, after each), and, after a full pass, which
#: builds' ``Files`` are still alive. argv: "build" or "serve", the site folder, the number of builds, "off" to turn the
#: collector off first, and a content file and the text appended to it before each build after the first.
_BUILDS = """
import gc, json, sys, weakref
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import PluginCollection

command, site, builds, off, edited, appended = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], *sys.argv[5:]
files_of_build, passes, loading = [], [], [False]
gc.callbacks.append(lambda phase, info: passes.__setitem__(-1, passes[-1] + 1) if phase == "start" and loading[0]
                    else None)
def watching(event):
    original = getattr(PluginCollection, event)
    def watch(self, *args, **kwargs):
        if event == "on_files":
            files_of_build.append(weakref.ref(args[0]))
        loading[0] = True
        try:
            return original(self, *args, **kwargs)
        finally:
            loading[0] = False
    setattr(PluginCollection, event, watch)
for event in ("on_pre_build", "on_files"):
    watching(event)
if off == "off":
    gc.disable()
load_config("mkdocs.yml", site_dir=site).plugins.on_startup(command=command, dirty=False)
for k in range(builds):
    if k:
        with open(edited, "a", encoding="utf-8") as file:
            file.write(appended)
    passes.append(0)
    try:
        build(load_config("mkdocs.yml", site_dir=site))
        outcome = "built"
    except BaseException as exc:
        outcome = type(exc).__name__
    state = {"outcome": outcome, "enabled": gc.isenabled(), "frozen": gc.get_freeze_count(),
             "passes while loading": passes[-1]}
    gc.collect()
    state["alive"] = [ref() is not None for ref in files_of_build]
    print(json.dumps(state), flush=True)
"""


def builds(project: Path, command: str, count: int = 1, off: bool = False, edit: tuple[str, str] = ("", ""),
           ) -> list[dict[str, Any]]:
    result = run([sys.executable, "-c", _BUILDS, command, str(project.parent / "site"), str(count),
                  "off" if off else "on", str(project / edit[0]), edit[1]], project, PYTHONPATH=str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


@pytest.mark.slow
def test_without_the_pause_collections_run_while_the_content_loads(project: Path) -> None:
    """The count below can fail: with a paused() that does nothing, passes run while the fixture story loads."""
    (project / "generator").unlink()  # a copy of the generator, whose pause does nothing
    shutil.copytree(Path(collector.__file__).parent, project / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    replace_once(project / "generator" / "collector.py", "    gc.disable()\n", "")
    [state] = builds(project, "build")
    assert state["outcome"] == "built" and state["passes while loading"] > 10, state


@pytest.mark.slow
@pytest.mark.parametrize("off", [False, True], ids=["collector on", "collector off"])
def test_mkdocs_build_pauses_the_collector_and_gives_it_back(project: Path, off: bool) -> None:
    [state] = builds(project, "build", off=off)
    assert state.pop("passes while loading") <= 2
    assert state == {"outcome": "built", "enabled": not off, "frozen": 0, "alive": [True]}


@pytest.mark.slow
@pytest.mark.parametrize("off", [False, True], ids=["collector on", "collector off"])
def test_a_failed_build_gives_the_collector_back(project: Path, off: bool) -> None:
    replace_once(project / "content" / "quotes.yaml", "speaker: barack-obama", "speaker: j-kerry")
    [state] = builds(project, "build", off=off)
    assert state.pop("passes while loading") <= 2
    # Stopped in on_pre_build, before MkDocs empties the site folder: no Files were made.
    assert state == {"outcome": "Abort", "enabled": not off, "frozen": 0, "alive": []}


@pytest.mark.slow
def test_serve_rebuilds_pause_the_collector_and_keep_no_earlier_build(project: Path) -> None:
    """Four builds as ``mkdocs serve`` makes them, the content edited between them (an actor nothing
    references, then the same again: a warning, then errors, on which the preview shows the last good
    pages): each loads with the collector paused and ends with it on, nothing frozen; after a full pass
    no build's files are left but the last good one's (the first: the preview falls back on it), as
    without the pause."""
    states = builds(project, "serve", 4, edit=("actors.yaml", ORPHAN_ACTOR))
    assert [s.pop("passes while loading") <= 2 for s in states] == [True] * 4
    assert [{k: v for k, v in s.items() if k != "alive"} for s in states] == [
        {"outcome": "built", "enabled": True, "frozen": 0}] * 4
    assert [s["alive"] for s in states] == [[True] + [False] * k for k in range(4)]
