"""``olygraph inspect`` of articles streams (issue 19): the same report, character for
character, as the rdflib path's :func:`olygraph.api.report.inspect_text` over the articles'
whole graph (and its merge plan, with a dataset), without that graph being built."""

from __future__ import annotations

from pathlib import Path

import pytest

import olygraph.extract as extraction
from conftest import article_paths
from olygraph import api
from olygraph.api.inspection import inspect_articles
from olygraph.api.report import inspect_text
from olygraph.extract.title import TitleInfo
from olygraph.merge.report import merge_lines
from olygraph.tabular.report import inspect_lines
from test_article_stream import HISTORY, variants
from test_merge import cli

SLICE = HISTORY / "athlete_events_slice.csv"


def before(paths: list[Path]) -> str:
    """The report as the rdflib path makes it: every article in one dataset."""
    result = api.export(paths)
    return inspect_text([a.facts for a in result.articles if a.facts is not None], result.dataset)


def streamed(paths: list[Path] | None, jobs: int = 1) -> str:
    chunks: list[str] = []
    failures = inspect_articles(paths, chunks.append, jobs=jobs)
    assert not failures
    return "".join(chunks)


def refuse_rdflib_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the articles' whole graph is never built: ``api.export`` refuses to run."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("api.export called: the articles' whole graph was built")

    monkeypatch.setattr(api, "export", refuse)


@pytest.fixture
def no_rdflib_path(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_rdflib_path(monkeypatch)


def test_seed(seed_export: api.Export, no_rdflib_path: None) -> None:
    facts = [a.facts for a in seed_export.articles if a.facts is not None]
    assert streamed(None) == inspect_text(facts, seed_export.dataset)


@pytest.mark.parametrize("path", article_paths(), ids=lambda p: p.stem[:40])
def test_each_shared_article(shared: Path, path: Path) -> None:
    assert streamed([path]) == before([path])


def test_all_shared_articles_and_cross_article_discrepancies(tmp_path: Path, shared: Path) -> None:
    """The seed told three ways (a discrepancy inside the group of its event, another on its
    Games, which only the whole corpus shows) besides every shared article."""
    paths = variants(tmp_path, shared) + article_paths()
    want = before(paths)
    assert "Rotterdam" in want and want.count("discrepancy in ") >= 3
    assert streamed(paths, jobs=2) == want
    assert streamed(article_paths()) == before(article_paths())


def test_each_article_is_extracted_once(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its lines come from the pass that maps it (one worker: every call is seen here); only
    the articles mapped again together (one event, one title) are extracted again."""
    paths = article_paths()
    want = before(paths)
    calls: list[str] = []
    real = extraction.parse_title  # called once by each extraction, whoever asks for it

    def counted(title: str) -> TitleInfo:
        calls.append(title)
        return real(title)

    monkeypatch.setattr(extraction, "parse_title", counted)
    assert streamed(paths) == want
    assert len(calls) == len(paths)
    calls.clear()
    paths = variants(tmp_path, shared)
    streamed(paths)
    # pass 1, then all five again in their two groups, and the two files with one title and
    # one file name once more, to put them in order
    assert len(calls) == 2 * len(paths) + 2


def test_cli_never_builds_the_whole_graph(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI prints what the rdflib path prints, without building the whole graph."""
    paths = variants(tmp_path, shared) + article_paths()
    want = before(api.expand_inputs(paths))
    refuse_rdflib_path(monkeypatch)
    result = cli("inspect", *paths, "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == want


def test_cli_with_a_dataset_prints_what_it_printed(shared: Path) -> None:
    """Datasets' report, the articles' report, then the merge plan."""
    paths = article_paths()
    exported = api.export(paths)
    facts = [a.facts for a in exported.articles if a.facts is not None]
    want = "\n".join(inspect_lines(api.inspect_datasets([SLICE]))) + "\n"
    want += inspect_text(facts, exported.dataset)
    want += "\n".join(merge_lines(api.merge_plan(exported, [SLICE])[1])) + "\n"
    result = cli("inspect", *paths, SLICE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == want


def test_an_unreadable_article_is_reported_after_the_others(tmp_path: Path, shared: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    good = article_paths()[:2]
    result = cli("inspect", bad, *good)
    assert result.exit_code == 2
    assert result.stdout == before(good)
    assert result.stderr.startswith(f"olygraph: error: {bad}")
