"""Output is reproducible and atomic, and never touches a file the generator did not write.

* Two strict builds of the same content are byte-identical trees (``SOURCE_DATE_EPOCH``
  fixes the only dates, in the sitemap); so are two ``render --out`` folders.
* ``render --out DIR`` refuses with exit 2 a folder that holds a file it did not write (never
  moving, overwriting or deleting it), and removes pages it no longer produces; its manifest
  lives beside DIR (``.DIR.explainer-manifest``), never inside; the tree is 0755/0644.
* No command writes into, or deletes from, an output folder that is or contains the project or
  is, contains or sits inside ``content/``, ``docs_dir``, ``custom_dir`` or ``.git``: exit 2,
  one line, and the whole project tree unchanged.
* ``build --site-dir SITE`` swaps a new site in only when ``mkdocs build --strict`` succeeded:
  a content error or a strict warning leaves SITE exactly as it was.
"""

from __future__ import annotations

import gzip
import os
import re
import stat
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ENV, ORPHAN_ACTOR, ROOT, generator, mkdocs_build, replace_once, run

from generator.writer import manifest_path

Edit = Callable[[str, str, str], None]

EPOCH = int(ENV["SOURCE_DATE_EPOCH"])  # 1431388800: 2015-05-12T00:00:00Z
SITE_URL = "https://example.org/explainer/"  # so that the sitemap lists every page with its date


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


def assert_same_tree(first: Path, second: Path) -> None:
    a, b = tree(first), tree(second)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []


# --------------------------------------------------------------------------- (a) reproducible


@pytest.mark.slow
def test_two_strict_builds_of_the_real_content_are_byte_identical(project: Path, tmp_path: Path) -> None:
    """Same content, same SOURCE_DATE_EPOCH, another PYTHONHASHSEED (so no set or dict order can leak in):
    the same bytes, sitemap.xml.gz, search index and the open data files included."""
    for name, seed in (("a", "1"), ("b", "2")):
        result = mkdocs_build(project, tmp_path / name, SITE_URL=SITE_URL, PYTHONHASHSEED=seed)
        assert result.returncode == 0, result.stderr
    files = tree(tmp_path / "a")
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "index.html", "feed.xml",
            "data/explainer.json", "data/timeline.json", "data/actors.csv", "data/quotes.csv"} <= set(files)
    assert_same_tree(tmp_path / "a", tmp_path / "b")


@pytest.mark.slow
def test_source_date_epoch_sets_the_sitemap_dates_and_nothing_else(project: Path, tmp_path: Path) -> None:
    """The sitemap's <lastmod> and the gzip header's mtime come from SOURCE_DATE_EPOCH; a build
    with another epoch differs in those two files only."""
    day = 86400
    for name, epoch in (("may-12", EPOCH), ("may-13", EPOCH + day)):
        result = mkdocs_build(project, tmp_path / name, SITE_URL=SITE_URL, SOURCE_DATE_EPOCH=str(epoch))
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
def test_without_source_date_epoch_the_last_commit_dates_the_build(project: Path, tmp_path: Path) -> None:
    """In a git checkout, with SOURCE_DATE_EPOCH unset, the hook takes the last commit's time, so two
    builds are still identical. The scratch project is made a repository with one commit of a known
    date, so the test needs neither the real project's content nor its history."""
    epoch = EPOCH + 3 * 86400  # 15 May 2015, not the date the tests otherwise set
    git = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.com", "-c", "commit.gpgsign=false"]
    dated = {"GIT_AUTHOR_DATE": f"@{epoch} +0000", "GIT_COMMITTER_DATE": f"@{epoch} +0000"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "The story"]):
        assert run([*git, *command], project, **dated).returncode == 0
    env = {k: v for k, v in ENV.items() if k != "SOURCE_DATE_EPOCH"} | {"SITE_URL": SITE_URL}
    for name in ("a", "b"):
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / name)]
        result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False,
                                timeout=300)
        assert result.returncode == 0, result.stderr
    assert_same_tree(tmp_path / "a", tmp_path / "b")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", (tmp_path / "a" / "sitemap.xml").read_text())) == {
        "2015-05-15"}


#: PYTHONHASHSEEDs of the renders compared: with two, a set of two strings iterates in the same order
#: under both about half the time, so an order leaking from a set would often go unnoticed; with five,
#: in the same order under all of them about one time in sixteen.
RENDER_SEEDS = ("1", "2", "3", "4", "5")


def test_renders_are_byte_identical(project: Path, tmp_path: Path) -> None:
    """``render --out`` into one folder per PYTHONHASHSEED: the same files (pages, feed, open data), the
    same bytes, the same manifests (beside each folder, listing every file in it) as the first render."""
    for seed in RENDER_SEEDS:
        result = generator("render", "--out", str(tmp_path / seed), cwd=project, PYTHONHASHSEED=seed)
        assert result.returncode == 0, result.stderr
    first = RENDER_SEEDS[0]
    files = tree(tmp_path / first)
    assert {"index.md", "feed.xml", "data/explainer.json", "data/timeline.json", "data/actors.csv"} <= set(files)
    assert not [name for name in files if "manifest" in name]
    manifest = (tmp_path / f".{first}.explainer-manifest").read_text(encoding="utf-8")
    assert manifest.splitlines() == sorted(files)
    for seed in RENDER_SEEDS[1:]:
        assert (tmp_path / f".{seed}.explainer-manifest").read_text(encoding="utf-8") == manifest, seed
        assert_same_tree(tmp_path / first, tmp_path / seed)


# --------------------------------------------------------------------------- (b) render --out


def test_render_refuses_a_folder_with_foreign_files_and_changes_nothing(project: Path, tmp_path: Path) -> None:
    """Files, folders and symlinks the generator did not write, beside and among its pages: exit 2,
    one line naming one of them, nothing moved (same bytes, inode and mtime), before or after a render."""
    out = tmp_path / "out"
    assert generator("render", "--out", str(out), cwd=project).returncode == 0
    foreign = {"notes.txt": b"my notes\n", ".hidden": b"\x00\xff binary", "actors/notes-on-kerry.md": b"# Mine\n",
               "drafts/deep/draft.md": "é\r\n".encode()}
    for name, data in foreign.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    (out / "empty-folder").mkdir()
    (out / "link").symlink_to(tmp_path / "nowhere")
    before, meta = tree(out), stats(out)
    manifest = (tmp_path / ".out.explainer-manifest").read_bytes()
    result = generator("render", "--out", str(out), cwd=project)
    assert result.returncode == 2, result.stderr
    assert re.fullmatch(rf"error: {re.escape(str(out / '.hidden'))} was not written by the generator "
                        rf"\(8 such file\(s\) or folder\(s\) in .*\); nothing was changed: [^\n]*\n", result.stderr)
    assert (tree(out), stats(out)) == (before, meta)
    assert (out / "empty-folder").is_dir() and os.readlink(out / "link") == str(tmp_path / "nowhere")
    assert (tmp_path / ".out.explainer-manifest").read_bytes() == manifest
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("layout", "named"), [
    pytest.param({"quotes.md": b"mine\n"}, "quotes.md", id="file-at-a-page"),
    pytest.param({"actors": b"mine\n"}, "actors", id="file-at-a-page-folder"),
    pytest.param({"quotes.md/notes.txt": b"mine\n"}, "quotes.md", id="folder-at-a-page"),
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
        actors.write(ORPHAN_ACTOR)
    before, meta = tree(out), stats(out)
    result = generator("render", "--out", str(out), cwd=project)
    assert result.returncode == 2
    assert "actors/extra-person.md was not written by the generator" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tree(out), stats(out)) == (before, meta)
    assert leftovers(tmp_path) == []


def test_pages_no_longer_produced_are_removed(project: Path, tmp_path: Path) -> None:
    """A page the generator wrote before but no longer produces goes (with its manifest line)."""
    out = tmp_path / "out"
    actors = project / "content" / "actors.yaml"
    original = actors.read_text(encoding="utf-8")
    actors.write_text(original + ORPHAN_ACTOR, encoding="utf-8")
    result = generator("render", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    assert (out / "actors" / "extra-person.md").is_file()
    actors.write_text(original, encoding="utf-8")
    result = generator("render", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    assert not (out / "actors" / "extra-person.md").exists()
    assert "actors/extra-person.md" not in (tmp_path / ".out.explainer-manifest").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    assert generator("render", "--out", str(fresh), cwd=project).returncode == 0
    assert tree(out) == tree(fresh)
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
    assert ("content/quotes.yaml:4:14: quotes[0] (reset-ties-with-moscow).speaker: unknown actor 'barack-obamma'"
            in result.stderr)
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
def test_plain_mkdocs_build_stops_on_bad_content_before_touching_the_site(
        project: Path, edit: Edit, tmp_path: Path) -> None:
    """Plain ``mkdocs build`` (an editor's or another CI's, not ``generator build``): MkDocs empties
    ``site_dir`` right after ``on_pre_build``, so the hook checks the content there. A content error
    (strict or not) and, in a strict build, a content warning stop the build with the located problem,
    no traceback, and the last site and its manifest exactly as they were."""
    site = tmp_path / "site"
    good = mkdocs_build(project, site)
    assert good.returncode == 0, good.stderr
    manifest = manifest_path(site)
    before, meta, recorded = tree(site), stats(site), manifest.read_bytes()
    assert "index.html" in before and "sitemap.xml" in before

    with (project / "content" / "actors.yaml").open("a", encoding="utf-8") as actors:
        actors.write(ORPHAN_ACTOR)
    warned = mkdocs_build(project, site)
    assert (tree(site), stats(site), manifest.read_bytes()) == (before, meta, recorded)
    assert warned.returncode == 1
    assert "actors[31] (extra-person): actor 'extra-person' is not referenced" in warned.stderr, warned.stderr
    assert "Stopped: 1 content warning(s) (listed above), on which a strict build stops" in warned.stdout
    assert "Traceback" not in warned.stderr + warned.stdout

    edit("quotes.yaml", "speaker: barack-obama", "speaker: barack-obamma")
    said = ("content/quotes.yaml:4:14: quotes[0] (reset-ties-with-moscow).speaker: unknown actor 'barack-obamma'; ")
    for strict in (["--strict"], []):
        result = run([sys.executable, "-m", "mkdocs", "build", *strict, "--site-dir", str(site)], project)
        assert (tree(site), stats(site), manifest.read_bytes()) == (before, meta, recorded)
        assert result.returncode == 1, result.stdout + result.stderr
        assert said in result.stderr, result.stderr
        assert "Stopped: 1 content error (listed above); fix them and build again." in result.stdout
        assert "Traceback" not in result.stderr + result.stdout
        assert "Cleaning site directory" not in result.stderr + result.stdout


@pytest.mark.slow
def test_rebuild_replaces_the_site_but_never_a_foreign_file(
        project: Path, edit: Edit, good_site: tuple[Path, dict[str, bytes], dict[str, tuple[int, int]]]) -> None:
    """A good rebuild swaps the new site in (changed page, same file list). A file the generator
    did not write (a CNAME) stops the next build before anything is built or changed."""
    site, before, _ = good_site
    edit("actors.yaml", "name: John Kerry", "name: John F. Kerry")
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    after = tree(site)
    assert "John F. Kerry" in after["actors/john-kerry/index.html"].decode()
    assert set(after) == set(before)
    (site / "CNAME").write_text("explainer.example.org\n", encoding="utf-8")
    snapshot = (tree(site), stats(site))
    result = build(project, site)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: {site / 'CNAME'} was not written by the generator (1 such file(s) or folder(s) in {site}); "
        "nothing was changed: move them away or choose another output folder"]
    assert "Building documentation" not in result.stderr + result.stdout
    assert (tree(site), stats(site)) == snapshot
    assert leftovers(site.parent) == []


@pytest.mark.slow
def test_published_tree_is_readable_by_a_web_server_and_holds_no_manifest(project: Path, tmp_path: Path) -> None:
    """Under a strict umask (077) the site is still 0755 folders and 0644 files (a temporary folder
    would be 0700), and the manifest lies beside it. What GitHub's upload-pages-artifact packs
    (``tar --dereference`` of the folder, hidden files excluded) is exactly the site's pages."""
    site = tmp_path / "site"
    result = run(["sh", "-c", f"umask 077 && {sys.executable} -m generator build --site-dir {site}"], project)
    assert result.returncode == 0, result.stderr
    modes = {p.relative_to(site).as_posix(): stat.S_IMODE(p.lstat().st_mode) for p in [site, *site.rglob("*")]}
    assert {mode for name, mode in modes.items() if (site / name).is_dir()} == {0o755}
    assert {mode for name, mode in modes.items() if not (site / name).is_dir()} == {0o644}
    assert not [p for p in site.rglob("*") if p.is_symlink() or p.name.startswith(".")]
    manifest = (tmp_path / ".site.explainer-manifest").read_text(encoding="utf-8").splitlines()
    assert manifest == sorted(name for name in modes if (site / name).is_file())
    # The artifact, made as actions/upload-pages-artifact makes it.
    archive = tmp_path / "artifact.tar"
    packed = run(["tar", "--dereference", "--hard-dereference", "--directory", str(site), "-cf", str(archive),
                  "--exclude=.git", "--exclude=.github", "--exclude=.[^/]*", "."], tmp_path)
    assert packed.returncode == 0, packed.stderr
    with tarfile.open(archive) as tar:
        members = {m.name.removeprefix("./"): m for m in tar.getmembers() if m.name != "."}
    assert sorted(n for n, m in members.items() if m.isfile()) == manifest
    assert not [n for n in members if "manifest" in n]
    assert {m.mode for m in members.values() if m.isfile()} == {0o644}


# --------------------------------------------------------------------------- the writer itself


def _foreign_layout(out: Path) -> None:
    (out / "sub").mkdir(parents=True)
    (out / "a-notes.txt").write_text("a\n", encoding="utf-8")
    (out / "sub" / "b-notes.txt").write_text("b\n", encoding="utf-8")
    (out / "dangling").symlink_to(out / "nowhere")
    (out / "z-last.txt").write_text("z\n", encoding="utf-8")


def _page(folder: Path) -> None:
    (folder / "index.md").write_text("# Home\n", encoding="utf-8")


def test_publish_refuses_foreign_entries_and_leaves_nothing_when_staging_fails(tmp_path: Path) -> None:
    from generator.writer import OutputError, publish

    out = tmp_path / "out"
    _foreign_layout(out)
    before, link = tree(out), os.readlink(out / "dangling")
    with pytest.raises(OutputError, match=r"a-notes\.txt was not written by the generator"):
        publish(out, _page)
    assert (tree(out), os.readlink(out / "dangling")) == (before, link)

    def broken(folder: Path) -> None:
        _page(folder)
        raise RuntimeError("template error")

    fresh = tmp_path / "fresh"
    with pytest.raises(RuntimeError):
        publish(fresh, broken)
    assert not fresh.exists() and not (tmp_path / ".fresh.explainer-manifest").exists()
    assert leftovers(tmp_path) == []


def test_publish_refuses_a_file_saved_into_the_folder_during_the_build(tmp_path: Path) -> None:
    """The folder is checked again just before the swap: a file saved there meanwhile is never deleted."""
    from generator.writer import OutputError, publish

    out = tmp_path / "out"
    assert publish(out, _page) == ["index.md"]
    snapshot = (tree(out), stats(out))

    def slow(folder: Path) -> None:
        _page(folder)
        (out / "notes.txt").write_text("saved meanwhile\n", encoding="utf-8")

    with pytest.raises(OutputError, match=r"notes\.txt was not written by the generator"):
        publish(out, slow)
    assert tree(out) == {**snapshot[0], "notes.txt": b"saved meanwhile\n"}
    assert (tmp_path / ".out.explainer-manifest").read_text(encoding="utf-8") == "index.md\n"
    assert leftovers(tmp_path) == []


def test_publish_reads_an_old_manifest_inside_the_folder_and_moves_it_beside(tmp_path: Path) -> None:
    """A folder written by an older version (manifest inside) is taken over: its files are the
    generator's, the manifest moves beside the folder and out of what is published."""
    from generator.writer import publish

    out = tmp_path / "out"
    out.mkdir()
    (out / "old.md").write_text("old page\n", encoding="utf-8")
    (out / ".explainer-manifest").write_text("old.md\n", encoding="utf-8")
    assert publish(out, _page) == ["index.md"]
    assert tree(out) == {"index.md": b"# Home\n"}
    assert (tmp_path / ".out.explainer-manifest").read_text(encoding="utf-8") == "index.md\n"


def test_publish_refuses_a_symlinked_output_folder(tmp_path: Path) -> None:
    from generator.writer import OutputError, publish

    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "out").symlink_to(real)
    with pytest.raises(OutputError, match="is a symbolic link"):
        publish(tmp_path / "out", _page)
    assert list(real.iterdir()) == [] and leftovers(tmp_path) == []


#: A second hook, listed after the explainer's: writes what the explainer's ``on_files`` handed MkDocs
#: (every generated file's path and bytes) to the JSON file ``$HANDED``.
HANDED_HOOK = """\
import base64, json, os

def on_files(files, config):
    handed = {f.src_uri: base64.b64encode(f.content_bytes).decode() for f in files if f.generated_by}
    with open(os.environ["HANDED"], "w", encoding="utf-8") as out:
        json.dump({"use_directory_urls": config.use_directory_urls, "files": handed}, out)
    return files
"""


@pytest.mark.slow
def test_render_follows_site_url_as_the_mkdocs_hook_does(project: Path, tmp_path: Path) -> None:
    """With ``SITE_URL`` set (mkdocs.yml's ``site_url``), ``render --out`` writes the pages, feed and open
    data the hook hands MkDocs in a real ``mkdocs build``: another engine publishing them gets the same
    absolute links. The hook also passes mkdocs.yml's ``use_directory_urls`` to the feed, which the CLI
    cannot read: both agree because it is true, as MkDocs' default and this project's mkdocs.yml say."""
    import base64
    import json

    hook = tmp_path / "handed.py"
    hook.write_text(HANDED_HOOK, encoding="utf-8")
    config = project / "mkdocs.yml"
    replace_once(config, "  - generator/mkdocs_hook.py\n", f"  - generator/mkdocs_hook.py\n  - {hook}\n")
    handed_json = tmp_path / "handed.json"
    result = mkdocs_build(project, tmp_path / "site", SITE_URL=SITE_URL, HANDED=str(handed_json))
    assert result.returncode == 0, result.stderr
    handed = json.loads(handed_json.read_text(encoding="utf-8"))
    assert handed["use_directory_urls"] is True  # what the CLI assumes (generator/pages.py: page_url)
    hooked = {path: base64.b64decode(data) for path, data in handed["files"].items()}
    assert {"index.md", "feed.xml", "data/explainer.json"} <= set(hooked)
    assert SITE_URL.encode() in hooked["feed.xml"]  # the address shows in the output
    out = tmp_path / "out"
    assert generator("render", "--out", str(out), cwd=project, SITE_URL=SITE_URL).returncode == 0
    assert {path: (out / path).read_bytes() for path in hooked} == hooked


# --------------------------------------------------------------------------- clean


def test_clean_removes_only_what_the_generator_wrote(project: Path, tmp_path: Path) -> None:
    """``generator clean`` (``make clean``) deletes a rendered folder and its manifest; a file saved
    there by hand stops it before anything is deleted (exit 2, one line)."""
    out = tmp_path / "out"
    assert generator("render", "--out", str(out), cwd=project).returncode == 0
    (out / "CNAME").write_text("explainer.example.org\n", encoding="utf-8")
    before = (tree(out), stats(out))
    result = generator("clean", "--site-dir", str(out), cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {out / 'CNAME'} was not written by the generator")
    assert len(result.stderr.splitlines()) == 1
    assert (tree(out), stats(out)) == before
    (out / "CNAME").unlink()
    result = generator("clean", "--site-dir", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    assert not out.exists() and not (tmp_path / ".out.explainer-manifest").exists()
    assert leftovers(tmp_path) == []
    result = generator("clean", "--site-dir", str(project / "content"), cwd=project)
    assert result.returncode == 2 and "it is the content folder" in result.stderr


def test_make_clean_never_deletes_site_wholesale() -> None:
    result = run(["make", "-n", "clean"], ROOT)
    assert result.returncode == 0, result.stderr
    assert "-m generator clean --site-dir site" in result.stdout
    assert not [line for line in result.stdout.splitlines() if "rm " in line and "site" in line.split("rm ", 1)[1]]


def test_publish_keeps_a_file_saved_at_the_last_moment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file saved into the output folder after the last check, just before the old tree is renamed
    aside, is found in the renamed tree: the old tree goes back, nothing is deleted, the manifest is as before."""
    from generator import writer

    out = tmp_path / "out"
    assert writer.publish(out, _page) == ["index.md"]
    real_rename = os.rename

    def late_save(source: os.PathLike[str] | str, target: os.PathLike[str] | str) -> None:
        if Path(source) == out and not (out / "late.txt").exists():
            (out / "late.txt").write_text("saved at the last moment\n", encoding="utf-8")
        real_rename(source, target)

    monkeypatch.setattr(writer.os, "rename", late_save)
    with pytest.raises(writer.OutputError, match=r"late\.txt was not written by the generator"):
        writer.publish(out, _page)
    monkeypatch.undo()
    assert tree(out) == {"index.md": b"# Home\n", "late.txt": b"saved at the last moment\n"}
    assert (tmp_path / ".out.explainer-manifest").read_text(encoding="utf-8") == "index.md\n"
    assert leftovers(tmp_path) == []


LONG = "n" * 300


@pytest.mark.parametrize(("args", "said"), [
    (["build", "--site-dir", "README.md/x"], "README.md: file exists; a file is in the way"),
    (["render", "--out", "README.md/x"], "README.md: file exists; a file is in the way"),
    (["render", "--out", "/dev/null/x"], "/dev/null: file exists; a file is in the way"),
    (["build", "--site-dir", "/proc/x"], "no such file or directory; no such folder"),
    (["render", "--out", "/sys/kernel/x"], "you cannot write there"),
    (["new", "/proc/new", "--source", "content/sources/kerry-putin-sochi-2015-05-12.txt"], "no such folder"),
    (["build", "--site-dir", LONG], "file name too long; choose a shorter name"),
    (["render", "--out", LONG], "file name too long; choose a shorter name"),
], ids=["build-under-file", "render-under-file", "render-under-dev-null", "build-proc", "render-sys",
        "new-proc", "build-long-name", "render-long-name"])
def test_an_impossible_output_path_is_one_line_and_exit_2(project: Path, args: list[str], said: str) -> None:
    """A path under a file, in a place nobody can write, or with a name too long: no traceback."""
    (project / "README.md").write_text("mine\n", encoding="utf-8")
    before = sorted(os.listdir(project)), tree(project / "content")
    result = generator(*args, cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and said in lines[0], result.stderr
    assert (sorted(os.listdir(project)), tree(project / "content")) == before


def test_clean_of_a_missing_folder_says_there_is_nothing_to_remove(project: Path) -> None:
    result = generator("clean", "--site-dir", "/nonexistent/deep", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["nothing to remove: /nonexistent/deep does not exist"]
