"""CI: the GitHub Pages workflow, .ci/run and the README agree, and the site follows the repository.

The workflow is validated offline against the GitHub workflow schema bundled with
check-jsonschema; the README's test command is read from its "Quick start" block and must be the
command that both .ci/run and the workflow run. The canonical URLs and the sitemap come from
``SITE_URL``, which CI sets from the repository's Pages address, so a fork publishes under its own.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ENV, ORPHAN_ACTOR, ROOT, mkdocs_build, run

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
CI_RUN = ROOT / ".ci" / "run"
README = ROOT / "README.md"
MAKEFILE = ROOT / "Makefile"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
#: The one condition under which the site is published (deploy job, configure-pages, upload).
ON_MAIN_PUSH = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


# --------------------------------------------------------------------------- helpers


def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(data: dict[str, Any]) -> Any:
    """The ``on:`` mapping (YAML 1.1, which PyYAML speaks, reads the key ``on`` as ``True``)."""
    return data["on"] if "on" in data else data[True]


def steps(job: str) -> list[dict[str, Any]]:
    found = workflow()["jobs"][job]["steps"]
    assert isinstance(found, list)
    return found


def step_using(job: str, action: str) -> dict[str, Any]:
    """The one step of ``job`` that uses ``action`` (any version)."""
    found = [s for s in steps(job) if str(s.get("uses", "")).split("@")[0] == action]
    assert len(found) == 1, f"{job} uses {action} {len(found)} times"
    return found[0]


def condition(expression: object) -> str:
    """An ``if:`` as written, without ``${{ }}`` and with its spaces normalised."""
    text = str(expression).strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    return " ".join(text.split())


def readme_test_command() -> str:
    """The test command of the README's "Quick start" code block (the line ``make test``)."""
    text = README.read_text(encoding="utf-8")
    start = re.search(r"^#+\s*Quick start\s*$", text, re.MULTILINE | re.IGNORECASE)
    assert start, "README.md has no 'Quick start' heading"
    block = re.search(r"^(```|~~~)[^\n]*\n(.*?)^\1\s*$", text[start.end():], re.MULTILINE | re.DOTALL)
    assert block, "README.md's Quick start has no fenced code block"
    section_end = re.search(r"^#+ ", text[start.end():], re.MULTILINE)
    assert section_end is None or block.start() < section_end.start(), "the code block is not under Quick start"
    commands = [" ".join(shlex.split(line, comments=True)) for line in block.group(2).splitlines()]
    commands = [c for c in commands if c]
    assert "make site" in commands, commands
    tests = [c for c in commands if c.split()[:2] == ["make", "test"]]
    assert len(tests) == 1, f"Quick start should give one test command, not {tests}"
    return tests[0]


def check_workflow(path: Path) -> tuple[int, str]:
    result = run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(path)], ROOT)
    return result.returncode, result.stdout + result.stderr


# --------------------------------------------------------------------------- the workflow file


def test_workflow_matches_the_github_workflow_schema() -> None:
    """check-jsonschema's bundled GitHub workflow schema (no network) accepts pages.yml."""
    assert CHECK_JSONSCHEMA.is_file(), f"{CHECK_JSONSCHEMA} is missing: install the test extras"
    status, output = check_workflow(WORKFLOW)
    assert status == 0, output


def _drop_runs_on(text: str) -> str:
    return re.sub(r"^    runs-on: .*\n", "", text, count=1, flags=re.MULTILINE)


def _unknown_job_key(text: str) -> str:
    return re.sub(r"^(  build:\n)", r"\1    run-on: ubuntu-latest\n", text, count=1, flags=re.MULTILINE)


def _step_with_uses_and_run(text: str) -> str:
    return re.sub(r"^(      - uses: actions/checkout@.*\n)", r"\1        run: echo both\n", text, count=1,
                  flags=re.MULTILINE)


@pytest.mark.parametrize("breakage", [_drop_runs_on, _unknown_job_key, _step_with_uses_and_run],
                         ids=["runs-on missing", "unknown job key", "step with uses and run"])
def test_schema_check_rejects_a_broken_workflow(tmp_path: Path, breakage: Any) -> None:
    """The schema check can fail: a broken copy of pages.yml is rejected."""
    original = WORKFLOW.read_text(encoding="utf-8")
    broken = breakage(original)
    assert broken != original, "the breakage did not apply; update this test to the workflow"
    copy = tmp_path / "pages.yml"
    copy.write_text(broken, encoding="utf-8")
    status, output = check_workflow(copy)
    assert status != 0, output
    assert "Schema validation errors" in output and "$.jobs.build" in output, output


def test_readme_ci_and_workflow_run_the_same_test_command() -> None:
    """README's Quick start test command is a line of .ci/run and the `run` of a workflow step."""
    command = readme_test_command()
    ci_lines = [line.strip() for line in CI_RUN.read_text(encoding="utf-8").splitlines()]
    assert command in ci_lines, f".ci/run does not run {command!r}"
    build = steps("build")
    runs = [str(s.get("run", "")).strip() for s in build]
    assert runs.count(command) == 1, f"the build job does not run {command!r} once: {runs}"
    assert runs.index(command) < runs.index("make site"), "the tests run before the site is built"


ZIZMOR = Path(sys.executable).parent / "zizmor"
SEVERITIES = ["Unknown", "Informational", "Low", "Medium", "High"]


def zizmor(path: Path) -> list[dict[str, Any]]:
    """zizmor's findings on ``path``, offline, with its most suspicious persona (``auditor``)."""
    assert ZIZMOR.is_file(), f"{ZIZMOR} is missing: install the test extras"
    result = run([str(ZIZMOR), "--offline", "--persona=auditor", "--format=json", str(path)], ROOT)
    assert result.returncode in (0, 11, 12, 13, 14), result.stdout + result.stderr  # 1x: findings
    findings = json.loads(result.stdout)
    assert isinstance(findings, list)
    return findings


def _severity(finding: dict[str, Any]) -> int:
    return SEVERITIES.index(finding["determinations"]["severity"])


def test_zizmor_reports_nothing_above_low() -> None:
    """The workflow passes zizmor's audits (template injection, credentials, pinning, permissions ...)."""
    above = [(f["ident"], f["determinations"]) for f in zizmor(WORKFLOW) if _severity(f) > SEVERITIES.index("Low")]
    assert not above, above


def test_zizmor_flags_a_tag_pinned_action_and_persisted_credentials(tmp_path: Path) -> None:
    """The audit can fail: checkout by tag and with its default persist-credentials is caught."""
    text = WORKFLOW.read_text(encoding="utf-8")
    broken = re.sub(r"      - uses: actions/checkout@[^\n]*\n(        [^\n]*\n)*",
                    "      - uses: actions/checkout@v4\n", text, count=1)
    assert broken != text and "persist-credentials" not in broken
    copy = tmp_path / "pages.yml"
    copy.write_text(broken, encoding="utf-8")
    found = {f["ident"] for f in zizmor(copy) if _severity(f) > SEVERITIES.index("Low")}
    assert {"unpinned-uses", "artipacked"} <= found, found


def test_every_action_is_pinned_to_a_commit_with_its_tag() -> None:
    """``uses: owner/repo@<40 hex digits>  # vX.Y.Z``: a tag can be moved to other code, a commit cannot."""
    uses = re.findall(r"^\s*(?:- )?uses:\s*(.*)$", WORKFLOW.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(uses) == 5, uses
    for line in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+# v\d+(\.\d+)*", line.strip()), line


def test_checkout_keeps_no_credentials() -> None:
    assert step_using("build", "actions/checkout")["with"]["persist-credentials"] is False


def test_runs_of_one_ref_are_serialised_in_order() -> None:
    """Workflow-level concurrency per ref: a newer run on main waits for the older one (never cancels it
    halfway) and replaces any run still waiting, so an older build never deploys over a newer one."""
    assert workflow()["concurrency"] == {
        "group": "${{ github.workflow }}-${{ github.ref }}",
        "cancel-in-progress": "${{ github.ref != 'refs/heads/main' }}",
    }


def test_workflow_triggers_and_default_permissions() -> None:
    data = workflow()
    assert set(triggers(data)) == {"push", "pull_request", "workflow_dispatch"}
    assert data["permissions"] == {"contents": "read"}
    assert data["jobs"]["build"]["runs-on"] == "ubuntu-latest"


def test_build_job_tests_then_builds_and_uploads_the_site() -> None:
    python = step_using("build", "actions/setup-python")["with"]
    assert str(python["python-version"]) == "3.11"
    assert python["cache"] == "pip"
    assert python["cache-dependency-path"] == "requirements.lock"
    step_using("build", "actions/checkout")

    configure = step_using("build", "actions/configure-pages")
    assert configure["id"] == "pages"
    assert condition(configure["if"]) == ON_MAIN_PUSH, "configure-pages must not run for pull requests"

    site = next(s for s in steps("build") if str(s.get("run", "")).strip() == "make site")
    assert "steps.pages.outputs.base_url" in site["env"]["SITE_URL"]
    assert site["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert site["env"]["EDIT_URI"] == "edit/${{ github.event.repository.default_branch }}/content/pages/"

    upload = step_using("build", "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site"
    assert condition(upload["if"]) == ON_MAIN_PUSH
    build = steps("build")
    assert build.index(configure) < build.index(site) < build.index(upload)

    build_permissions = workflow()["jobs"]["build"]["permissions"]
    assert build_permissions == {"contents": "read", "pages": "read"}, "configure-pages needs pages: read"


def test_deploy_job_publishes_only_main_with_pages_permissions() -> None:
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert condition(deploy["if"]) == ON_MAIN_PUSH
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    step = step_using("deploy", "actions/deploy-pages")
    assert deploy["environment"]["name"] == "github-pages"
    assert condition(deploy["environment"]["url"]) == f"steps.{step['id']}.outputs.page_url"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}


# --------------------------------------------------------------------------- the site follows SITE_URL


def _pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page of the built site by its directory URL (``""``, ``"actors/"``, ...)."""
    pages = {}
    for path in sorted(site.rglob("index.html")):
        relative = PurePosixPath(path.relative_to(site).parent.as_posix())
        url = "" if str(relative) == "." else f"{relative}/"
        pages[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return pages


def _canonical(page: BeautifulSoup) -> str | None:
    links = [link for link in page.find_all("link") if "canonical" in (link.get("rel") or [])]
    assert len(links) <= 1
    return str(links[0]["href"]) if links else None


def _sitemap(site: Path) -> list[str]:
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    return [str(loc.text).strip() for loc in root.iterfind("s:url/s:loc", SITEMAP_NS)]


@pytest.mark.slow
def test_canonical_urls_and_sitemap_follow_site_url(project: Path, tmp_path: Path) -> None:
    """As CI builds a fork: every canonical link and sitemap URL is under the fork's Pages address."""
    base = "https://example.github.io/fork/"
    repo = "https://github.com/example/fork"
    site = tmp_path / "site"
    result = mkdocs_build(project, site,
                          SITE_URL=base, REPO_URL=repo, EDIT_URI="edit/main/content/pages/")
    assert result.returncode == 0, result.stdout + result.stderr

    pages = _pages(site)
    assert {"", "actors/", "actors/john-kerry/", "quotes/", "about/"} <= set(pages)
    canonical = {url: _canonical(page) for url, page in pages.items()}
    assert canonical == {url: base + url for url in pages}
    locations = _sitemap(site)
    assert locations, "the sitemap lists no page"
    assert all(loc.startswith(base) for loc in locations), locations
    assert set(locations) == {base + url for url in pages}

    # The edit buttons open the YAML file the page comes from (or the hand-written page).
    def edit_link(url: str) -> str:
        links = [a for a in pages[url].find_all("a", href=True) if a.get("title") == "Edit this page"]
        assert len(links) == 1, url
        return str(links[0]["href"])

    assert edit_link("actors/john-kerry/") == f"{repo}/edit/main/content/actors.yaml"
    assert edit_link("quotes/") == f"{repo}/edit/main/content/quotes.yaml"
    assert edit_link("about/") == f"{repo}/edit/main/content/pages/about.md"


@pytest.mark.slow
@pytest.mark.parametrize("site_url", [None, ""], ids=["unset", "empty as in pull requests"])
def test_build_without_site_url_works(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      site_url: str | None) -> None:
    """A local build, or CI's build of a pull request, has no site_url: no canonical link, an empty sitemap."""
    for name in ("SITE_URL", "REPO_URL", "EDIT_URI"):
        monkeypatch.delitem(ENV, name, raising=False)
    env = {} if site_url is None else {"SITE_URL": site_url}
    site = tmp_path / "site"
    result = mkdocs_build(project, site, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = _pages(site)
    assert "actors/john-kerry/" in pages
    assert {url: _canonical(page) for url, page in pages.items()} == dict.fromkeys(pages)
    assert _sitemap(site) == []
    assert "None" not in (site / "sitemap.xml").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- make check


def test_make_check_runs_the_generator_check_and_ci_build_and_nothing_quiet() -> None:
    """`make check` (what an editor runs before pushing) is one command: the content check, then the
    strict build through the same code as `generator build` (CI's `make site`), never --quiet."""
    result = run(["make", "-n", "check"], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    commands = [line for line in result.stdout.splitlines() if re.search(r"\bgenerator\b|\bmkdocs\b|pytest", line)]
    assert len(commands) == 1, result.stdout  # (the install steps come first when the venv is stale)
    assert re.search(r"-m generator check --coverage --build$", commands[0]), commands[0]
    site = run(["make", "-n", "site"], ROOT)
    assert re.search(r"-m generator build$", site.stdout.strip().splitlines()[-1]), site.stdout



def _make_check(project: Path, tmp: Path) -> Any:
    """The Makefile's `check` in ``project``, with this environment's interpreter and no install step."""
    return run(["make", "-f", str(MAKEFILE), "check", "STAMP=", f"BIN={Path(sys.executable).parent}"], project,
               TMPDIR=str(tmp))


@pytest.mark.slow
def test_make_check_fails_on_a_content_warning_as_ci_does(project: Path, tmp_path: Path) -> None:
    """A content warning (an actor nothing references) fails `make check` (its `generator check` says the
    strict build stops on it and runs no build), as CI's `generator build` does; a clean project passes."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    good = _make_check(project, tmp)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "strict build: ok" in good.stdout
    assert list(tmp.iterdir()) == [], "make check left its temporary site behind"

    with (project / "content" / "actors.yaml").open("a", encoding="utf-8") as actors:
        actors.write(ORPHAN_ACTOR)
    warning = "warning: actors[31] (extra-person): actor 'extra-person' is not referenced"
    bad = _make_check(project, tmp)
    assert bad.returncode != 0, bad.stdout + bad.stderr
    assert warning in bad.stderr and "1 warning: make site and CI's strict build stop on warnings" in bad.stderr
    assert "strict build: ok" not in bad.stdout
    assert list(tmp.iterdir()) == []
    ci = run([sys.executable, "-m", "generator", "build", "--site-dir", str(tmp_path / "site")], project)
    assert ci.returncode != 0 and warning in ci.stderr, ci.stdout + ci.stderr


# --------------------------------------------------------------------------- the hashed lock file

LOCK = ROOT / "requirements.lock"


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[=<>!~;\[ ]", requirement, maxsplit=1)[0]).lower()


def _locked() -> dict[str, tuple[str, list[str]]]:
    """``{normalised name: (version, [sha256 hashes])}`` of every package in requirements.lock."""
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    found: dict[str, tuple[str, list[str]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        assert match, f"requirements.lock: not a pinned requirement: {line!r}"
        found[_name(match[1])] = (match[2], re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
    return found


def _pins() -> dict[str, str]:
    """Every ``name==version`` of pyproject.toml: dependencies, every extra and the build system."""
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = [*data["project"]["dependencies"], *data["build-system"]["requires"]]
    for extra in data["project"]["optional-dependencies"].values():
        requirements += extra
    pins = {}
    for requirement in requirements:
        name, sep, version = requirement.partition("==")
        assert sep, f"pyproject.toml: {requirement!r} is not pinned with =="
        pins[_name(name)] = version.split(";")[0].strip()
    return pins


def test_lock_file_pins_every_pyproject_pin_with_hashes() -> None:
    """requirements.lock holds each pin of pyproject.toml at the same version, pip and setuptools
    included, and every package in it (direct or indirect) has at least one sha256 hash."""
    locked = _locked()
    stale = {name: (version, locked.get(name, ("missing",))[0]) for name, version in _pins().items()
             if locked.get(name, ("",))[0] != version}
    assert not stale, f"requirements.lock is stale (pyproject, lock): {stale}; run `make lock`"
    assert {"pip", "setuptools", "click", "pydantic-core"} <= set(locked)
    assert all(hashes for _, hashes in locked.values()), [n for n, (_, h) in locked.items() if not h]


def test_installed_packages_are_the_locked_versions() -> None:
    """The environment running the tests was installed from the lock (no resolver picked versions)."""
    from importlib import metadata

    installed = {_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    drift = {name: (version, installed[name]) for name, (version, _) in _locked().items()
             if name in installed and installed[name] != version}
    assert not drift, f"installed versions differ from requirements.lock (lock, installed): {drift}"
    assert set(_pins()) - {"setuptools"} <= set(installed), set(_pins()) - set(installed)


def test_make_installs_only_from_the_lock_with_hashes() -> None:
    """`make` installs every package from requirements.lock with --require-hashes, the project itself
    without resolving (--no-deps, no isolated build environment), then `pip check`."""
    result = run(["make", "-n", "-B", "site"], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    pip = [line for line in result.stdout.splitlines() if " -m pip " in line]
    assert len(pip) == 3, pip
    assert "--require-hashes" in pip[0].split() and "requirements.lock" in pip[0].split(), pip[0]
    assert {"--no-deps", "--no-build-isolation", "-e", "."} <= set(pip[1].split()), pip[1]
    assert pip[2].split()[-2:] == ["pip", "check"], pip[2]
