"""``olygraph inspect``: what was extracted, the discrepancies, and what was not understood."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from olygraph import api
from olygraph.api.report import inspect_text
from olygraph.cli.common import INPUTS, handled, report_failures
from olygraph.errors import EXIT_INPUT
from olygraph.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    pass


@click.command("inspect")
@INPUTS
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI.")
@handled
def inspect_cmd(inputs: tuple[Path, ...], base: str) -> None:
    """Per article: what was extracted, the discrepancies, and what was not understood; per
    dataset: skipped rows, repeated keys, conflicting athletes, NOCs without a region."""
    articles, datasets = api.split_inputs(list(inputs))
    if datasets:
        from olygraph.tabular.report import inspect_lines

        report = api.inspect_datasets(datasets, base)
        click.echo("\n".join(inspect_lines(report)))
        if not articles:
            if report.skipped:
                sys.exit(EXIT_INPUT)
            return
    result = api.export(articles, base)
    facts = [a.facts for a in result.articles if a.facts is not None]
    click.echo(inspect_text(facts, result.dataset), nl=False)
    if datasets:
        from olygraph.merge.report import merge_lines

        click.echo("\n".join(merge_lines(api.merge_plan(result, datasets, base)[1])))
    code = report_failures(result)
    if code:
        sys.exit(code)
