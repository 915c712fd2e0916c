"""Streamed articles (issue 19): the same quads as the rdflib path, in every format, whatever
the input order or number of workers; validated part by part with the same results."""

from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset

from conftest import article_paths
from olygraph import api
from olygraph.api import article_scan
from olygraph.api.articles import ArticleStream, Checked, stream_articles
from olygraph.resources import seed_text
from olygraph.validate.outcome import ValidationResult
from olygraph.validate.run import validate
from olygraph.validate.stream import PartValidator, check_articles
from olygraph.write.rdf import FORMATS, serialize
from test_formats import assert_same, named_graphs, parse_back

FMTS = list(FORMATS)


def streamed(paths: list[Path] | None, fmt: str, jobs: int = 1) -> bytes:
    out = io.BytesIO()
    report = stream_articles(paths, fmt, out, jobs=jobs)
    assert not report.failures, [str(f.error) for f in report.failures]
    return out.getvalue()


def assert_same_quads(expected: Dataset, data: bytes, fmt: str) -> None:
    """The streamed output holds the rdflib path's quads (its triples, for one-graph formats)."""
    if FORMATS[fmt][2]:
        want = named_graphs(serialize(expected, fmt), fmt)
        got = named_graphs(data, fmt)
        assert sorted(got) == sorted(want)
        for name, graph in want.items():
            assert_same(graph, got[name])
    else:
        assert_same(parse_back(serialize(expected, fmt), fmt), parse_back(data, fmt))


@pytest.mark.parametrize("fmt", FMTS)
def test_seed_streams_the_same_quads_in_every_format(seed_dataset: Dataset, fmt: str) -> None:
    assert_same_quads(seed_dataset, streamed(None, fmt), fmt)


@pytest.mark.parametrize("fmt", FMTS)
def test_all_shared_articles_stream_the_same_quads(shared: Path, fmt: str) -> None:
    paths = article_paths()
    assert_same_quads(api.export(paths).dataset, streamed(paths, fmt), fmt)


@pytest.mark.parametrize("path", article_paths(), ids=lambda p: p.stem[:40])
def test_each_shared_article_streams_the_same_quads(shared: Path, path: Path) -> None:
    assert_same_quads(api.export([path]).dataset, streamed([path], "nq"), "nq")


@pytest.mark.parametrize("fmt", ["nq", "nt"])
def test_the_shared_seeds_stream_the_same_quads(shared: Path, fmt: str) -> None:
    """The mapping's plain-string terms, written by the stream or turned back into rdflib terms
    (``api.export``): the same quads for the seed articles of ../shared/seeds too."""
    paths = sorted((shared / "seeds").rglob("*.txt"))
    if not paths:
        pytest.skip("no seed articles in ../shared/seeds")
    assert_same_quads(api.export(paths).dataset, streamed(paths, fmt), fmt)


def test_single_graph_formats_write_each_shared_triple_once(shared: Path) -> None:
    """Games, NOCs and athletes named by several articles: one line each in N-Triples."""
    lines = streamed(article_paths(), "nt").decode().splitlines()
    assert len(lines) == len(set(lines))
    assert len(lines) == len(parse_back(serialize(api.export(article_paths()).dataset, "nt"), "nt"))


def variants(tmp: Path, shared: Path) -> list[Path]:
    """Articles that must be mapped together: the seed's event told by three files (one
    stating another number of competitors, one another host city), and a shared article twice
    under one name (the same title: numbered sources)."""
    seed = seed_text()
    assert "- Competitors: " in seed and "\n- Games: " in seed
    (tmp / "a").mkdir()
    (tmp / "b").mkdir()
    out = [tmp / "a" / "seed.txt", tmp / "b" / "seed-other-count.txt", tmp / "b" / "seed-city.txt"]
    out[0].write_text(seed, encoding="utf-8")
    count = seed.split("- Competitors: ", 1)
    out[1].write_text(count[0] + "- Competitors: 99" + count[1][2:], encoding="utf-8")
    games = seed.split("\n- Games: ", 1)
    out[2].write_text(games[0] + "\n- City: Rotterdam\n- Games: " + games[1], encoding="utf-8")
    article = article_paths()[0]
    for d in ("a", "b"):
        shutil.copy(article, tmp / d / article.name)
        out.append(tmp / d / article.name)
    return out


@pytest.mark.parametrize("fmt", ["nq", "ttl"])
def test_articles_of_one_event_and_same_titles_stream_the_same_quads(
    tmp_path: Path, shared: Path, fmt: str
) -> None:
    paths = variants(tmp_path, shared)
    expected = api.export(paths).dataset
    data = streamed(paths, fmt)
    assert_same_quads(expected, data, fmt)
    assert b"discrepancy" in data  # the disagreements were found across files


@pytest.mark.parametrize("fmt", FMTS)
def test_same_bytes_whatever_the_input_order(tmp_path: Path, shared: Path, fmt: str) -> None:
    paths = variants(tmp_path, shared) + article_paths()
    shuffled = paths[:]
    random.Random(19).shuffle(shuffled)
    assert streamed(paths, fmt) == streamed(shuffled, fmt) == streamed(paths[::-1], fmt)


def test_same_bytes_with_one_or_two_workers(tmp_path: Path, shared: Path) -> None:
    paths = variants(tmp_path, shared) + article_paths()
    assert streamed(paths, "trig", jobs=1) == streamed(paths, "trig", jobs=2)


def test_an_unreadable_article_is_reported_and_the_others_written(
    tmp_path: Path, shared: Path
) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    good = article_paths()[:2]
    out = io.BytesIO()
    report = stream_articles([bad, *good], "nq", out, jobs=1)
    assert [f.file for f in report.failures] == ["empty.txt"]
    assert str(bad) in str(report.failures[0].error)
    assert report.read == 2
    assert_same_quads(api.export(good).dataset, out.getvalue(), "nq")


def _key(r: ValidationResult) -> tuple[str, ...]:
    return (r.severity, r.focus_node, r.message, r.path or "", r.value or "", r.source_shape or "")


@pytest.mark.parametrize("part_triples", [300, 60_000])
def test_validation_part_by_part_finds_what_the_whole_graph_shows(
    tmp_path: Path, shared: Path, part_triples: int
) -> None:
    """Small parts split the corpus many times: the results are still those of the whole."""
    paths = variants(tmp_path, shared) + article_paths()
    with ArticleStream(paths, jobs=2) as stream:
        stream.read()
        tee = PartValidator(stream.submit, stream.base, part_triples)
        stream.write("nt", io.BytesIO(), tee)
    assert tee.outcome is not None
    whole = validate(api.export(paths).dataset)
    assert sorted(map(_key, tee.outcome.results)) == sorted(map(_key, whole.results))
    assert any("Rotterdam" in r.message for r in whole.results)  # a cross-article discrepancy


@pytest.mark.parametrize(("jobs", "size"), [(1, 1), (2, 6_000), (2, 1 << 24)])
def test_validation_in_pass_one_finds_what_the_whole_graph_shows(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, size: int
) -> None:
    """Each task's articles validated together in the worker that read them (tasks of one
    article, of a few, of all): the lone articles' results come from there, those of the
    articles mapped again in pass 2 (one event, one title) from pass 2, and all of them are
    those of the whole graph."""
    monkeypatch.setattr(article_scan, "EARLY_BYTES", size)
    paths = variants(tmp_path, shared) + article_paths()
    early: list[Checked] = []

    class Seen(PartValidator):
        def early(self, checked: Checked) -> None:
            early.append(checked)
            super().early(checked)

    with ArticleStream(paths, jobs=jobs) as stream:
        stream.read("nt", keep_graphs=False, check=True, early=check_articles)
        tee = Seen(stream.submit, stream.base)
        stream.write("nt", io.BytesIO(), tee)
    assert tee.outcome is not None
    whole = validate(api.export(paths).dataset)
    assert sorted(map(_key, tee.outcome.results)) == sorted(map(_key, whole.results))
    # the article under two names and the seed's three files are mapped again: the others not
    assert len(early) == len(article_paths()) - 1
    assert sum(len(c.results) for c in early) > 10
    assert any("Rotterdam" in r.message for r in whole.results)  # a cross-article discrepancy


HISTORY = Path(__file__).resolve().parent / "data" / "history"


@pytest.mark.parametrize("fmt", ["nq", "ttl"])
def test_articles_after_a_history_slice_stream_the_same_quads(shared: Path, fmt: str) -> None:
    """``export --no-merge`` of datasets and articles: the articles streamed after the
    datasets hold what the articles' rdflib dataset held."""
    datasets = [HISTORY / "athlete_events_slice.csv", HISTORY / "noc_regions.csv"]
    assert datasets
    paths = article_paths()
    before = io.BytesIO()
    api.stream_export(datasets, fmt, before, articles=api.export(paths), merge=False)
    after = io.BytesIO()
    with ArticleStream(paths, jobs=1) as stream:
        stream.read()
        api.stream_export(datasets, fmt, after, articles=stream, merge=False)
    if FORMATS[fmt][2]:
        want, got = named_graphs(before.getvalue(), fmt), named_graphs(after.getvalue(), fmt)
        assert sorted(got) == sorted(want)
        for name, graph in want.items():
            assert_same(graph, got[name])
    else:
        assert_same(parse_back(before.getvalue(), fmt), parse_back(after.getvalue(), fmt))
