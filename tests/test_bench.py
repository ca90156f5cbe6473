"""``make bench`` (benchmarks/bench.py) runs end to end and its table is what the README quotes.

The benchmark's numbers are not checked here (speed targets live in the benchmark, not in timed
tests); what is checked is that it runs on this checkout, writes its report and copies the
report's first table into the README between the bench markers.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench


def test_readme_quotes_the_first_table_of_the_committed_results() -> None:
    results = (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = readme.split(bench.README_START, 1)[1].split(bench.README_END, 1)[0]
    assert quoted == bench.first_table(results)
    assert quoted.startswith("| N per kind | full build | floor | ratio")


def test_quote_in_readme_replaces_only_the_block_between_the_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{bench.README_START}| old |\n{bench.README_END}outro\n", encoding="utf-8")
    bench.quote_in_readme(readme, "# Results\n\ntext\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n| second |\n")
    assert readme.read_text(encoding="utf-8") == (
        f"intro\n{bench.README_START}| a | b |\n|---|---|\n| 1 | 2 |\n{bench.README_END}outro\n")


def test_only_a_run_that_writes_the_published_results_quotes_them_in_the_readme(tmp_path: Path) -> None:
    assert bench.readme_for(bench.RESULTS, None) == ROOT / "README.md"
    assert bench.readme_for(tmp_path / "RESULTS.md", None) is None  # a scratch run
    assert bench.readme_for(tmp_path / "RESULTS.md", tmp_path / "README.md") == tmp_path / "README.md"


def test_a_readme_without_markers_is_refused_before_anything_is_measured(tmp_path: Path) -> None:
    """Refused at once, not after an hour of measuring: no measurement starts (it would print its
    ``N=`` progress lines and make its explainer-bench-* scratch folder in ``TMPDIR``)."""
    readme = tmp_path / "README.md"
    readme.write_text("no markers\n", encoding="utf-8")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = run([sys.executable, str(ROOT / "benchmarks" / "bench.py"), "5", "--no-serve", "--runs", "1",
                  "--readme", str(readme), "--out", str(tmp_path / "RESULTS.md")], tmp_path, TMPDIR=str(scratch))
    assert result.returncode != 0 and "bench:start" in result.stderr
    assert "N=" not in result.stdout
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "RESULTS.md").exists()
    assert readme.read_text(encoding="utf-8") == "no markers\n"


def test_stages_are_timed_cold_in_a_fresh_interpreter(tmp_path: Path) -> None:
    """Each sample parses every file afresh: this process's parse cache (which ``mkdocs serve``
    reuses, and which would make a second sample look faster than a build) is never consulted."""
    from generator import yamlsource

    bench.make_content(tmp_path / "content", 6)
    before = dict(yamlsource._PARSED)
    timings = bench.stages(tmp_path / "content")
    assert list(timings) == ["load", "validate", "provenance", "render"]
    assert all(seconds > 0 for seconds in timings.values())
    assert before == yamlsource._PARSED


@pytest.mark.slow
def test_bench_runs_and_writes_its_report_and_the_readme_table(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    shutil.copy2(ROOT / "README.md", readme)
    out = tmp_path / "RESULTS.md"
    result = run([sys.executable, str(ROOT / "benchmarks" / "bench.py"), "8", "12", "--runs", "1",
                  "--out", str(out), "--readme", str(readme)], tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    report = out.read_text(encoding="utf-8")
    for heading in ("## Full build against the floor", "## Generator stages (each sample in a fresh interpreter)",
                    "## What readers download", "## Against the targets of issue 15"):
        assert heading in report
    table = bench.first_table(report)
    rows = [line for line in table.splitlines() if line.startswith("| 8 ") or line.startswith("| 12 ")]
    assert len(rows) == 2, table
    assert all("not measured" not in row for row in rows), rows  # edit-to-reload was measured at each N
    quoted = readme.read_text(encoding="utf-8").split(bench.README_START, 1)[1].split(bench.README_END, 1)[0]
    assert quoted == table
