"""One graph from many sources: merge article nodes into dataset nodes on certain evidence.

:func:`merge_articles` is the whole step (docs/identity.md §4): collect the dataset side of the
(Games, sport) pairs the articles mention (:mod:`~olygraph.merge.collect`, one streaming pass),
plan (:mod:`~olygraph.merge.plan`), and rewrite the articles' dataset with the evidence added
(:mod:`~olygraph.merge.apply`). :mod:`~olygraph.merge.report` prints a plan for ``inspect``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Dataset

from olygraph.identity.aliases import AliasTable
from olygraph.identity.article import article_events
from olygraph.merge.apply import apply_plan
from olygraph.merge.collect import DatasetSide, collect
from olygraph.merge.plan import ExportPlan, plan_merge
from olygraph.vocab import DEFAULT_BASE
from olygraph.write.rdf import union_graph

__all__ = ["DatasetSide", "ExportPlan", "apply_plan", "collect", "merge_articles", "plan_merge"]


def merge_articles(
    articles: Dataset,
    datasets: Sequence[Path],
    base: str = DEFAULT_BASE,
    aliases: AliasTable | None = None,
) -> tuple[Dataset, ExportPlan]:
    """The articles' dataset merged into the datasets' nodes, and the plan that did it."""
    g = union_graph(articles)
    wanted = {(e.games, e.sport) for e in article_events(g)}
    side = collect(datasets, wanted, base)
    plan = plan_merge(g, side, aliases, base)
    return apply_plan(articles, plan, base), plan
