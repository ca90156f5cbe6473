"""Output is reproducible and atomic, and never touches a file the generator did not write.

* Two strict builds of the same content are byte-identical trees (``SOURCE_DATE_EPOCH``
  fixes the only dates, in the sitemap); so are two ``render --out`` folders.
* ``render --out DIR`` keeps foreign files (same bytes, same inode: moved, not copied),
  refuses with exit 2 to replace one, and removes pages it no longer produces.
* ``build --site-dir SITE`` swaps a new site in only when ``mkdocs build --strict`` succeeded:
  a content error or a strict warning leaves SITE exactly as it was.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ENV, ROOT, generator, run

Edit = Callable[[str, str, str], None]

EPOCH = int(ENV["SOURCE_DATE_EPOCH"])  # 1431388800: 2015-05-12T00:00:00Z
SITE_URL = "https://example.org/explainer/"  # so that the sitemap lists every page with its date

EXTRA_ACTOR = """\
  - id: extra-person
    name: Extra Person
    kind: person
    role: Someone the article mentions
    summary: Added for a test.
    evidence:
      - exact: "Putin is in Sochi meeting with Russian defense officials for a week."
"""


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (hidden ones too): relative POSIX path → bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def stats(root: Path) -> dict[str, tuple[int, int]]:
    """Every file's ``(inode, mtime_ns)``: unchanged means not rewritten, not even copied."""
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Staging or retired folders the writer left beside its output folder."""
    return sorted(p.name for p in folder.iterdir() if re.match(r"\..*\.(staging|old)-", p.name))


def strict_build(project: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], project, **env)


def assert_same_tree(first: Path, second: Path) -> None:
    a, b = tree(first), tree(second)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []


# --------------------------------------------------------------------------- (a) reproducible


@pytest.mark.slow
def test_two_strict_builds_of_the_real_content_are_byte_identical(project: Path, tmp_path: Path) -> None:
    """Same content, same SOURCE_DATE_EPOCH: the same bytes, sitemap.xml.gz and search index included."""
    for name in ("a", "b"):
        result = strict_build(project, tmp_path / name, SITE_URL=SITE_URL)
        assert result.returncode == 0, result.stderr
    files = tree(tmp_path / "a")
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "index.html"} <= set(files)
    assert_same_tree(tmp_path / "a", tmp_path / "b")


@pytest.mark.slow
def test_source_date_epoch_sets_the_sitemap_dates_and_nothing_else(project: Path, tmp_path: Path) -> None:
    """The sitemap's <lastmod> and the gzip header's mtime come from SOURCE_DATE_EPOCH; a build
    with another epoch differs in those two files only."""
    day = 86400
    for name, epoch in (("may-12", EPOCH), ("may-13", EPOCH + day)):
        result = strict_build(project, tmp_path / name, SITE_URL=SITE_URL, SOURCE_DATE_EPOCH=str(epoch))
        assert result.returncode == 0, result.stderr
    first, second = tree(tmp_path / "may-12"), tree(tmp_path / "may-13")
    sitemap = first["sitemap.xml"].decode()
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {"2015-05-12"}
    assert sitemap.count("<loc>") > 20  # every page, generated ones included
    assert int.from_bytes(first["sitemap.xml.gz"][4:8], "little") == EPOCH  # gzip MTIME field
    assert gzip.decompress(first["sitemap.xml.gz"]).decode() == sitemap
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", second["sitemap.xml"].decode())) == {"2015-05-13"}
    assert sorted(first) == sorted(second)
    assert sorted(n for n in first if first[n] != second[n]) == ["sitemap.xml", "sitemap.xml.gz"]


@pytest.mark.slow
def test_without_source_date_epoch_the_last_commit_dates_the_build(tmp_path: Path) -> None:
    """In the repository, with SOURCE_DATE_EPOCH unset, the hook takes the last commit's time,
    so two builds are still identical (run from the real project; the site goes to tmp_path)."""
    stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True,
                           check=False).stdout.strip()
    assert stamp.isdigit(), "the tests run from a git checkout with at least one commit (as CI does)"
    env = {k: v for k, v in ENV.items() if k != "SOURCE_DATE_EPOCH"} | {"SITE_URL": SITE_URL}
    for name in ("a", "b"):
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / name)]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300)
        assert result.returncode == 0, result.stderr
    assert_same_tree(tmp_path / "a", tmp_path / "b")
    day = datetime.fromtimestamp(int(stamp), UTC).strftime("%Y-%m-%d")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", (tmp_path / "a" / "sitemap.xml").read_text())) == {day}


def test_two_renders_are_byte_identical(project: Path, tmp_path: Path) -> None:
    """``render --out`` twice, into two folders: the same files, the same bytes (manifest included)."""
    for name in ("a", "b"):
        result = generator("render", "--out", str(tmp_path / name), cwd=project)
        assert result.returncode == 0, result.stderr
    files = tree(tmp_path / "a")
    assert ".explainer-manifest" in files
    assert files[".explainer-manifest"].decode().splitlines() == sorted(n for n in files if n != ".explainer-manifest")
    assert_same_tree(tmp_path / "a", tmp_path / "b")


# --------------------------------------------------------------------------- (b) render --out


def test_render_leaves_foreign_files_untouched(project: Path, tmp_path: Path) -> None:
    """Files the generator did not write, beside and among its pages, keep their bytes, inode and
    mtime across two renders."""
    out = tmp_path / "out"
    (out / "actors").mkdir(parents=True)
    foreign = {"notes.txt": b"my notes\n", ".hidden": b"\x00\xff binary", "actors/notes-on-kerry.md": b"# Mine\n",
               "drafts/deep/draft.md": "é\r\n".encode()}
    for name, data in foreign.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    before = {name: (out / name).stat() for name in foreign}
    for _ in range(2):
        result = generator("render", "--out", str(out), cwd=project)
        assert result.returncode == 0, result.stderr
        files = tree(out)
        assert {name: files[name] for name in foreign} == foreign
        assert "actors/john-kerry.md" in files
        for name, stat in before.items():
            now = (out / name).stat()
            assert (now.st_ino, now.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns), name
        manifest = files[".explainer-manifest"].decode().splitlines()
        assert not set(manifest) & set(foreign)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("layout", "named"), [
    pytest.param({"quotes.md": b"mine\n"}, "quotes.md", id="file-at-a-page"),
    pytest.param({"actors": b"mine\n"}, "actors", id="file-at-a-page-folder"),
    pytest.param({"quotes.md/notes.txt": b"mine\n"}, "quotes.md/notes.txt", id="folder-at-a-page"),
    pytest.param({".explainer-manifest": b"index.md\n", "index.md": b"mine\n", "source.md": b"mine too\n"},
                 "source.md", id="page-not-in-the-manifest"),
])
def test_foreign_file_in_the_way_fails_with_exit_2_and_changes_nothing(
        project: Path, tmp_path: Path, layout: dict[str, bytes], named: str) -> None:
    """A file the generator did not write, where a page (or a page's folder) would go: exit 2,
    a message naming it, no traceback, and the output folder exactly as it was."""
    out = tmp_path / "out"
    for name, data in layout.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    before, meta = tree(out), stats(out)
    result = generator("render", "--out", str(out), cwd=project)
    assert result.returncode == 2
    assert f"{out / named} was not written by the generator" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert tree(out) == before
    assert stats(out) == meta
    assert leftovers(tmp_path) == []


def test_new_page_over_a_file_added_after_a_render_fails_and_changes_nothing(
        project: Path, tmp_path: Path) -> None:
    """After a render, an editor saves notes as actors/extra-person.md; once the content gains
    that actor, render refuses (exit 2) instead of overwriting the notes, and writes nothing."""
    out = tmp_path / "out"
    assert generator("render", "--out", str(out), cwd=project).returncode == 0
    (out / "actors" / "extra-person.md").write_text("my notes\n", encoding="utf-8")
    with (project / "content" / "actors.yaml").open("a", encoding="utf-8") as actors:
        actors.write(EXTRA_ACTOR)
    before, meta = tree(out), stats(out)
    result = generator("render", "--out", str(out), cwd=project)
    assert result.returncode == 2
    assert "actors/extra-person.md was not written by the generator" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tree(out), stats(out)) == (before, meta)
    assert leftovers(tmp_path) == []


def test_pages_no_longer_produced_are_removed(project: Path, tmp_path: Path) -> None:
    """A page the generator wrote before but no longer produces goes; foreign files stay."""
    out = tmp_path / "out"
    actors = project / "content" / "actors.yaml"
    original = actors.read_text(encoding="utf-8")
    actors.write_text(original + EXTRA_ACTOR, encoding="utf-8")
    result = generator("render", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    assert (out / "actors" / "extra-person.md").is_file()
    (out / "actors" / "mine.txt").write_text("mine\n", encoding="utf-8")
    actors.write_text(original, encoding="utf-8")
    result = generator("render", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (out / "actors" / "extra-person.md").exists()
    assert "actors/extra-person.md" not in (out / ".explainer-manifest").read_text(encoding="utf-8")
    assert (out / "actors" / "mine.txt").read_text(encoding="utf-8") == "mine\n"
    fresh = tmp_path / "fresh"
    assert generator("render", "--out", str(fresh), cwd=project).returncode == 0
    assert {k: v for k, v in tree(out).items() if k != "actors/mine.txt"} == tree(fresh)
    assert leftovers(tmp_path) == []


def test_render_into_a_file_is_a_usage_error(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "file.md"
    target.write_text("mine\n", encoding="utf-8")
    result = generator("render", "--out", str(target), cwd=project)
    assert result.returncode == 2
    assert "exists and is not a folder" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert leftovers(tmp_path) == []


# --------------------------------------------------------------------------- (c) build --site-dir


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return generator("build", "--site-dir", str(site), cwd=project)


@pytest.fixture
def good_site(project: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes], dict[str, tuple[int, int]]]:
    """A site built once with ``python -m generator build``, and its files' bytes and stats."""
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").is_file()
    return site, tree(site), stats(site)


@pytest.mark.slow
def test_build_with_a_content_error_leaves_the_site_untouched(
        project: Path, edit: Edit, good_site: tuple[Path, dict[str, bytes], dict[str, tuple[int, int]]]) -> None:
    site, before, meta = good_site
    edit("quotes.yaml", "speaker: barack-obama", "speaker: barack-obamma")
    result = build(project, site)
    assert result.returncode != 0
    assert "content/quotes.yaml:4:14: quotes[0].speaker: unknown actor 'barack-obamma'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert tree(site) == before
    assert stats(site) == meta
    assert leftovers(site.parent) == []


@pytest.mark.slow
def test_build_with_a_strict_warning_leaves_the_site_untouched(
        project: Path, good_site: tuple[Path, dict[str, bytes], dict[str, tuple[int, int]]]) -> None:
    site, before, meta = good_site
    with (project / "content" / "pages" / "about.md").open("a", encoding="utf-8") as about:
        about.write("\nSee [the missing page](missing.md).\n")
    result = build(project, site)
    assert result.returncode != 0
    assert "missing.md" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert tree(site) == before
    assert stats(site) == meta
    assert leftovers(site.parent) == []


@pytest.mark.slow
def test_failed_first_build_creates_no_site(project: Path, edit: Edit, tmp_path: Path) -> None:
    edit("quotes.yaml", "speaker: barack-obama", "speaker: barack-obamma")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "site").exists()
    assert leftovers(tmp_path) == []


@pytest.mark.slow
def test_rebuild_replaces_the_site_and_keeps_foreign_files(
        project: Path, edit: Edit, good_site: tuple[Path, dict[str, bytes], dict[str, tuple[int, int]]]) -> None:
    """A good rebuild swaps the new site in (changed page, same everything else) and keeps a
    file the generator did not write, such as a CNAME."""
    site, before, _ = good_site
    (site / "CNAME").write_text("explainer.example.org\n", encoding="utf-8")
    edit("actors.yaml", "name: John Kerry", "name: John F. Kerry")
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    after = tree(site)
    assert after["CNAME"] == b"explainer.example.org\n"
    assert "John F. Kerry" in after["actors/john-kerry/index.html"].decode()
    assert set(after) == set(before) | {"CNAME"}
    assert leftovers(site.parent) == []


# --------------------------------------------------------------------------- the writer itself


def _foreign_layout(out: Path) -> None:
    (out / "sub").mkdir(parents=True)
    (out / "a-notes.txt").write_text("a\n", encoding="utf-8")
    (out / "sub" / "b-notes.txt").write_text("b\n", encoding="utf-8")
    (out / "dangling").symlink_to(out / "nowhere")
    (out / "z-last.txt").write_text("z\n", encoding="utf-8")


def _page(folder: Path) -> None:
    (folder / "index.md").write_text("# Home\n", encoding="utf-8")


def test_publish_rolls_back_every_moved_file_when_a_move_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If carrying foreign files over fails halfway, those already moved (a dangling symlink
    too) are put back and the output folder is as it was."""
    from generator import writer

    out = tmp_path / "out"
    _foreign_layout(out)
    before, link = tree(out), os.readlink(out / "dangling")
    real_rename = os.rename

    def failing_rename(source: os.PathLike[str] | str, target: os.PathLike[str] | str) -> None:
        if Path(source).name == "z-last.txt":
            raise OSError("disk full")
        real_rename(source, target)

    monkeypatch.setattr(writer.os, "rename", failing_rename)
    with pytest.raises(OSError, match="disk full"):
        writer.publish(out, _page)
    monkeypatch.undo()
    assert tree(out) == before
    assert os.readlink(out / "dangling") == link
    assert leftovers(tmp_path) == []


def test_publish_keeps_foreign_symlinks_and_leaves_nothing_when_staging_fails(tmp_path: Path) -> None:
    from generator.writer import publish

    out = tmp_path / "out"
    _foreign_layout(out)
    before, link = tree(out), os.readlink(out / "dangling")

    def broken(folder: Path) -> None:
        _page(folder)
        raise RuntimeError("template error")

    with pytest.raises(RuntimeError):
        publish(out, broken)
    assert (tree(out), os.readlink(out / "dangling")) == (before, link)
    assert publish(out, _page) == ["index.md"]
    assert os.readlink(out / "dangling") == link
    assert tree(out) == {**before, "index.md": b"# Home\n", ".explainer-manifest": b"index.md\n"}
    assert leftovers(tmp_path) == []
