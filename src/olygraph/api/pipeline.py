"""The library API: what the CLI and tests call. Nothing here exits the process."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from rdflib import Dataset

from olygraph.api.articles import ArticleStream
from olygraph.errors import InputError
from olygraph.extract import extract
from olygraph.facts import EventFacts
from olygraph.ids import Minter
from olygraph.mapping.article import build_dataset
from olygraph.read.article import parse_article, read_article_file
from olygraph.resources import SEED_NAME, seed_text
from olygraph.tabular.report import DatasetReport
from olygraph.tabular.stream import Progress, export_datasets, is_dataset
from olygraph.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    from olygraph.merge.plan import ExportPlan


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    """One input: its facts, or the error that stopped it."""

    file: str
    facts: EventFacts | None = None
    error: InputError | None = None


@dataclass(frozen=True, slots=True)
class Export:
    dataset: Dataset
    articles: tuple[ArticleOutcome, ...]

    @property
    def failures(self) -> tuple[ArticleOutcome, ...]:
        return tuple(a for a in self.articles if a.error is not None)


def expand_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Files as given; directories → every ``*.txt`` inside (recursively, sorted)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in inputs:
        if p.is_dir():
            found = sorted(q for q in p.rglob("*.txt") if q.is_file())
            if not found:
                raise InputError(str(p), "directory holds no *.txt article")
        else:
            found = [p]
        for q in found:
            try:
                key = q.resolve()
            except (OSError, RuntimeError):  # a symlink loop: reading it names the problem
                key = q.absolute()
            if key not in seen:  # the same file named twice is read once
                seen.add(key)
                out.append(q)
    return out


def read_seed() -> EventFacts:
    return extract(parse_article(seed_text(), SEED_NAME))


def read_article(path: Path) -> EventFacts:
    """Read and extract one article file; raises InputError for unreadable input."""
    return extract(read_article_file(path))


def read_articles(inputs: Sequence[Path]) -> list[ArticleOutcome]:
    """Each input read on its own: one bad file does not stop the others."""
    if not inputs:
        return [ArticleOutcome(SEED_NAME, read_seed())]
    outcomes: list[ArticleOutcome] = []
    for path in expand_inputs(inputs):
        try:
            outcomes.append(ArticleOutcome(path.name, read_article(path)))
        except InputError as err:
            # the graph names files by their name only; the user is told the path they gave
            where = InputError(str(path), err.problem, line=err.line)
            outcomes.append(ArticleOutcome(path.name, error=where))
    return outcomes


def export(inputs: Sequence[Path] = (), base: str = DEFAULT_BASE) -> Export:
    """Read articles (none = the embedded seed) and map them into one dataset."""
    minter = Minter(base)
    outcomes = read_articles(inputs)
    facts = [o.facts for o in outcomes if o.facts is not None]
    return Export(build_dataset(facts, minter), tuple(outcomes))


# --- datasets (CSV tables, docs/history-model.md) -------------------------------------------


def split_inputs(inputs: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """(articles, datasets): a dataset is a ``.csv``/``.csv.gz`` file or any file whose first
    line is the header of a known CSV kind; everything else (directories included) is read as
    articles, as before."""
    articles: list[Path] = []
    datasets: list[Path] = []
    for path in inputs:
        (datasets if is_dataset(path) else articles).append(path)
    return articles, datasets


def stream_export(
    datasets: Sequence[Path],
    fmt: str,
    out: BinaryIO,
    base: str = DEFAULT_BASE,
    *,
    articles: Export | ArticleStream | None = None,
    progress: Progress | None = None,
    merge: bool = True,
) -> DatasetReport:
    """Stream ``datasets`` (then the articles' dataset, if given) to ``out`` in ``fmt``; with
    ``merge`` the articles' nodes are first merged into the datasets' (docs/identity.md §4).

    Memory stays bounded whatever the size of the files; rows that cannot be used are in the
    report. Raises InputError for an unreadable file or an unknown header, before writing."""
    if isinstance(articles, ArticleStream):  # streamed (issue 19)
        stream = articles
        if merge:  # planned from the groups, applied as they are written
            stream.merge_into(datasets)
        return export_datasets(
            datasets, fmt, out, base, articles=lambda w: stream.write_to(w, fmt), progress=progress
        )
    ds = articles.dataset if articles is not None else None
    if ds is not None and merge:
        ds = merge_plan(articles, datasets, base)[0]  # type: ignore[arg-type]
    return export_datasets(datasets, fmt, out, base, articles=ds, progress=progress)


def merge_plan(articles: Export, datasets: Sequence[Path], base: str = DEFAULT_BASE) -> tuple[
    Dataset, ExportPlan
]:  # fmt: skip
    """The articles' dataset merged into the datasets' nodes (docs/identity.md §4), and the
    plan with every merge's evidence and every candidate pair."""
    from olygraph.merge import merge_articles

    return merge_articles(articles.dataset, datasets, base)


def inspect_datasets(datasets: Sequence[Path], base: str = DEFAULT_BASE) -> DatasetReport:
    """Read ``datasets`` as an export would, writing nothing: the report only."""
    with Path(os.devnull).open("wb") as sink:
        return export_datasets(datasets, "nt", sink, base)
