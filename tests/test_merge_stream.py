"""Articles merged into datasets, streamed (issue 19): planned from the mapped groups and
applied as they are written, never the articles' whole rdflib graph. The output holds the
quads the rdflib path (``api.export`` + :func:`olygraph.merge.merge_articles`) writes, in
every format, with the same plan, whatever the number of workers."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pytest

from conftest import article_paths
from olygraph import api
from olygraph.api.articles import ArticleStream
from olygraph.merge import ExportPlan
from olygraph.write.rdf import FORMATS
from test_formats import assert_same, named_graphs, parse_back

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src" / "olygraph" / "data" / "seed.txt"
HISTORY = ROOT / "tests" / "data" / "history"
SLICE = HISTORY / "athlete_events_slice.csv"


def before(paths: list[Path], datasets: list[Path], fmt: str) -> tuple[bytes, ExportPlan]:
    """The rdflib path: the articles' dataset, merged, written after the datasets."""
    out = io.BytesIO()
    articles = api.export(paths)
    plan = api.merge_plan(articles, datasets)[1]
    api.stream_export(datasets, fmt, out, articles=articles, merge=True)
    return out.getvalue(), plan


def after(
    paths: list[Path], datasets: list[Path], fmt: str, jobs: int = 1
) -> tuple[bytes, ExportPlan]:
    out = io.BytesIO()
    with ArticleStream(paths, jobs=jobs) as stream:
        assert not stream.read(None, keep_graphs=False)
        plan = stream.merge_into(datasets)
        api.stream_export(datasets, fmt, out, articles=stream, merge=False)
    return out.getvalue(), plan


def assert_same_output(want: bytes, got: bytes, fmt: str) -> None:
    if FORMATS[fmt][2]:
        graphs, found = named_graphs(want, fmt), named_graphs(got, fmt)
        assert sorted(found) == sorted(graphs)
        for name, graph in graphs.items():
            assert_same(graph, found[name])
    else:
        assert_same(parse_back(want, fmt), parse_back(got, fmt))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_seed_merged_into_the_slice_streams_the_same_quads(fmt: str) -> None:
    want, plan = before([SEED], [SLICE], fmt)
    got, streamed_plan = after([SEED], [SLICE], fmt)
    assert streamed_plan == plan
    assert {m.kind for m in plan.merges} >= {"event", "athlete", "games"}  # a real merge
    assert_same_output(want, got, fmt)


@pytest.fixture(scope="module")
def history_of_the_articles(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rows of the full history CSV for the Games and sports of the shared articles
    (and the seed's), as one small athlete table."""
    wanted = {
        ("1896", "Athletics"), ("1928", "Diving"), ("1936", "Fencing"), ("1920", "Figure Skating"),
        ("1896", "Gymnastics"), ("1908", "Rowing"), ("1920", "Shooting"),
        ("1928", "Speed Skating"), ("1960", "Swimming"), ("1920", "Tennis"),
        ("1896", "Weightlifting"), ("1928", "Cycling"),
    }  # fmt: skip
    out = tmp_path_factory.mktemp("history") / "athlete_events.csv"
    with gzip.open(shared / "data" / "athlete_events.csv.gz", "rt", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        kept = [r for r in rows if (r[9], r[12]) in wanted]
    with out.open("w", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(header)
        writer.writerows(kept)
    assert len(kept) > 1000
    return out


@pytest.mark.parametrize("fmt", ["nq", "nt"])
def test_the_shared_articles_merged_into_the_history_stream_the_same_quads(
    history_of_the_articles: Path, fmt: str
) -> None:
    paths = [*article_paths(), SEED]
    datasets = [history_of_the_articles, HISTORY / "noc_regions.csv"]
    want, plan = before(paths, datasets, fmt)
    got, streamed_plan = after(paths, datasets, fmt, jobs=2)
    assert streamed_plan == plan
    kinds = {m.kind for m in plan.merges}
    assert {"event", "athlete", "games", "noc"} <= kinds, kinds
    assert_same_output(want, got, fmt)


def test_the_merged_export_is_the_same_bytes_whatever_the_order(
    history_of_the_articles: Path,
) -> None:
    paths = [*article_paths(), SEED]
    datasets = [history_of_the_articles]
    first = after(paths, datasets, "nq", jobs=2)[0]
    assert after(list(reversed(paths)), datasets, "nq", jobs=1)[0] == first


def test_inspect_explains_the_streamed_merge_as_the_rdflib_path_plans_it(
    history_of_the_articles: Path,
) -> None:
    """``olygraph inspect ARTICLES DATASETS`` plans from the stream: its merge section is the
    rdflib path's plan, line for line."""
    from click.testing import CliRunner

    from olygraph.cli import main
    from olygraph.merge.report import merge_lines

    paths = [*article_paths(), SEED]
    datasets = [history_of_the_articles]
    plan = api.merge_plan(api.export(paths), datasets)[1]
    result = CliRunner().invoke(main, ["inspect", *map(str, paths), *map(str, datasets)])
    assert result.exit_code == 0, result.output
    section = "\n".join(merge_lines(plan)) + "\n"
    assert len(plan.merges) > 20
    assert result.stdout.endswith(section)


def test_an_event_told_by_two_files_is_mapped_again_and_merged_the_same(tmp_path: Path) -> None:
    """Two files of one event (the seed, and a copy under another name) are one group, mapped
    again together before the plan; the write takes that group as the plan read it."""
    copy = tmp_path / "seed-copy.txt"
    copy.write_bytes(SEED.read_bytes())
    paths = [SEED, copy]
    want, plan = before(paths, [SLICE], "nq")
    out = io.BytesIO()
    with ArticleStream(paths, jobs=2) as stream:
        assert not stream.read(None, keep_graphs=False)
        assert stream.merge_into([SLICE]) == plan
        assert stream._made  # the group mapped again, kept for the write
        api.stream_export([SLICE], "nq", out, articles=stream, merge=False)
    assert {m.kind for m in plan.merges} >= {"event", "athlete"}
    assert_same_output(want, out.getvalue(), "nq")


def test_the_plan_reads_no_predicate_the_groups_leave_out() -> None:
    """``PLAN_PREDICATES`` is what the streamed merge keeps of each group: every predicate that
    ``event_sides`` looks up (through ``identity.article`` and the plan) must be among them,
    or the streamed plan would silently differ from the rdflib one."""
    from typing import ClassVar

    from rdflib import Graph

    from olygraph.merge.groups import PLAN_PREDICATES
    from olygraph.merge.plan import event_sides
    from olygraph.write.rdf import union_graph

    class Recording(Graph):
        read: ClassVar[set[str | None]] = set()

        def triples(self, triple, path=None):  # type: ignore[no-untyped-def,override]
            Recording.read.add(None if triple[1] is None else str(triple[1]))
            return super().triples(triple)

    union = union_graph(api.export([*article_paths(), SEED]).dataset)
    g = Recording()
    for t in union:
        g.add(t)
    assert len(event_sides(g)) >= 10
    assert Recording.read, "nothing was looked up"
    assert Recording.read <= PLAN_PREDICATES, Recording.read - PLAN_PREDICATES
