"""``olygraph inspect``: what was extracted, the discrepancies, and what was not understood.

Articles stream (:func:`olygraph.api.inspection.inspect_articles`): read, extracted and mapped
in ``--jobs`` worker processes, a group at a time, in bounded memory. With datasets, the merge
plan needs the articles' graph: the stream writes it as N-Quads to a temporary file, read back
into one rdflib dataset for the plan (as ``export`` of merged articles does)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from olygraph import api
from olygraph.cli.articles import JOBS
from olygraph.cli.common import INPUTS, handled
from olygraph.errors import EXIT_INPUT
from olygraph.vocab import DEFAULT_BASE


@click.command("inspect")
@INPUTS
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI.")
@JOBS
@handled
def inspect_cmd(inputs: tuple[Path, ...], base: str, jobs: int | None) -> None:
    """Per article: what was extracted, the discrepancies, and what was not understood; per
    dataset: skipped rows, repeated keys, conflicting athletes, NOCs without a region."""
    from olygraph.api.inspection import inspect_articles

    articles, datasets = api.split_inputs(list(inputs))
    if datasets:
        from olygraph.tabular.report import inspect_lines

        report = api.inspect_datasets(datasets, base)
        click.echo("\n".join(inspect_lines(report)))
        if not articles:
            if report.skipped:
                sys.exit(EXIT_INPUT)
            return
    paths = api.expand_inputs(articles) if articles else None

    def echo(text: str) -> None:
        click.echo(text, nl=False)

    failures = inspect_articles(paths, echo, base, jobs=jobs, datasets=datasets)
    for failure in failures:
        click.echo(f"olygraph: error: {failure.error}", err=True)
    if failures:
        sys.exit(EXIT_INPUT)
