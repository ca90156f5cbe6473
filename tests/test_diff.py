"""``python -m generator diff [REV]``: facts added, removed and changed, on a scratch git repository.

The repository holds the two-source fixture story on ``main``; a branch then makes known
edits (a field changed, an event added, a quote removed, a position's stance changed, a
change-log entry appended) and the command must list exactly those, by record and field.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, generator, replace_once, run

from generator.diff import md_escape

TWO = ROOT / "tests" / "fixtures" / "two"


def git(repo: Path, *args: str) -> str:
    result = run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], repo)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the story committed on main, then a branch with known edits (uncommitted)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(TWO, repo / "content")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "story")
    git(repo, "switch", "-q", "-c", "work")
    content = repo / "content"
    replace_once(content / "actors.yaml", "role: Local newspaper", "role: Local daily newspaper")
    replace_once(content / "issues.yaml", "stance: Said repairs would take about three months.",
         "stance: Said the repairs would take about three months.")
    replace_once(content / "quotes.yaml", "quotes:\n", "quotes: []\n")
    quotes = (content / "quotes.yaml").read_text(encoding="utf-8")
    (content / "quotes.yaml").write_text(quotes.split("quotes: []\n")[0] + "quotes: []\n", encoding="utf-8")
    with (content / "timeline.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: bridge-inspected\n    date: \"2021-06-01\"\n    as_written: \"Tuesday, June 1, 2021\"\n"
                "    title: Engineers find a crack\n    evidence:\n      - exact: \"engineers found a crack\"\n")
    with (content / "changes.yaml").open("a", encoding="utf-8") as f:
        f.write("  - date: \"2021-06-05\"\n    kind: update\n    records: [bridge-inspected]\n")
    return repo


EXPECTED_TEXT = """\
Facts changed since merge base with main: 2 added, 1 removed, 2 changed

~ actor vale-gazette (actors.yaml) changed: role
    role: Local newspaper → Local daily newspaper
~ position repair-time:lena-ortiz (issues.yaml) changed: stance
    stance: Said repairs would take about three months. → Said the repairs would take about three months.
+ event bridge-inspected (timeline.yaml) added
+ change change-2021-06-05-1 (changes.yaml) added
- quote ortiz-nobody-crosses (quotes.yaml) removed
"""


def test_diff_lists_records_and_fields_against_the_merge_base(repo: Path) -> None:
    """Default REV is the merge base with main; every known edit is listed, nothing else."""
    result = generator("diff", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED_TEXT


def test_diff_lists_glossary_terms(repo: Path) -> None:
    """A glossary added on the branch: each term is a record of its own (term:<id>, glossary.yaml)."""
    (repo / "content" / "glossary.yaml").write_text(
        "terms:\n  - id: bridge\n    term: bridge\n    definition: The Vale bridge.\n"
        "    evidence:\n      - exact: \"engineers found a crack\"\n", encoding="utf-8")
    result = generator("diff", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "+ term bridge (glossary.yaml) added\n" in result.stdout
    assert result.stdout.splitlines()[0] == "Facts changed since merge base with main: 3 added, 1 removed, 2 changed"


def test_diff_against_a_named_revision_and_committed_work(repo: Path) -> None:
    """Committed edits count too; against HEAD (after committing) nothing changed."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edits")
    assert generator("diff", cwd=repo).stdout == EXPECTED_TEXT
    assert generator("diff", "main", cwd=repo).stdout == EXPECTED_TEXT.replace("merge base with main", "main")
    assert generator("diff", "HEAD", cwd=repo).stdout == "No facts changed since HEAD.\n"


def test_diff_as_markdown_escapes_yaml_text(repo: Path) -> None:
    """--format markdown gives tables; text from YAML cannot become markup or break a table."""
    replace_once(repo / "content" / "actors.yaml", "role: Local daily newspaper", 'role: "<b>|Local|</b> [x](y)"')
    result = generator("diff", "--format", "markdown", cwd=repo)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "### Facts changed since merge base with main"
    assert "| changed | actor vale\\-gazette | actors\\.yaml | role |" in lines
    assert ("| actor vale\\-gazette | role | Local newspaper | \\<b\\>\\|Local\\|\\</b\\> \\[x\\]\\(y\\) |"
            in lines)
    assert "<b>" not in result.stdout


def test_md_escape_leaves_no_markup() -> None:
    assert md_escape("a|b *c* `d`\n<e>") == "a\\|b \\*c\\* \\`d\\` \\<e\\>"


@pytest.mark.parametrize(("args", "message"), [
    (["no-such-rev"], "'no-such-rev' is not a commit in this repository"),
    (["--", "--output=x"], "'--output=x' is not a revision"),
])
def test_bad_revision_is_a_usage_error(repo: Path, args: list[str], message: str) -> None:
    result = generator("diff", *args, cwd=repo)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_without_main_a_revision_must_be_named(repo: Path) -> None:
    git(repo, "branch", "-q", "-m", "main", "trunk")
    result = generator("diff", cwd=repo)
    assert result.returncode == 2
    assert "no merge base with main or origin/main" in result.stderr


def test_broken_yaml_in_the_working_tree_is_a_located_error(repo: Path) -> None:
    replace_once(repo / "content" / "actors.yaml", "role: Local daily newspaper", "role: [unclosed")
    result = generator("diff", cwd=repo)
    assert result.returncode == 1
    assert result.stderr.startswith("content/actors.yaml:")


def test_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    shutil.copytree(TWO, tmp_path / "content")
    result = generator("diff", "HEAD", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr


def test_ci_writes_the_diff_to_pull_request_summaries() -> None:
    """The workflow runs `generator diff` with --format markdown into $GITHUB_STEP_SUMMARY for pull requests."""
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert "python -m generator diff" in workflow
    assert "--format markdown" in workflow
    assert '>> "$GITHUB_STEP_SUMMARY"' in workflow
    assert "if: github.event_name == 'pull_request'" in workflow
    assert "fetch-depth: 0" in workflow  # the base branch's history, for the merge base
