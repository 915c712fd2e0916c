"""``olygraph export``: articles (and datasets) to RDF in six formats, validated first."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from olygraph import api
from olygraph.cli.articles import JOBS, export_articles
from olygraph.cli.common import (
    INPUTS,
    PROFILE,
    handled,
    print_summary,
    report_failures,
    violations,
    write_output,
)
from olygraph.errors import EXIT_INPUT, EXIT_VALIDATION
from olygraph.vocab import DEFAULT_BASE, PREFIXES
from olygraph.write.rdf import FORMATS, format_of, serialize

if TYPE_CHECKING:
    pass


@click.command("export")
@INPUTS
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice([*FORMATS, "quickstatements"]),
    default=None,
    help="Output format [default: the -o file's extension (.nt, .nq, .trig, .jsonld, .rdf …), "
    "else ttl] (quickstatements: QuickStatements v1, with --profile wikidata).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file (atomically) instead of standard output.",
)
@click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    help="Base IRI of the minted data IRIs (must end in / or #).",
)
@click.option(
    "--qids",
    type=click.Path(path_type=Path, dir_okay=False),
    help="With --profile "
    "wikidata: write these entities as their Q-ids (olygraph wikidata reconcile).",
)
@click.option("--create", is_flag=True, help="With --format quickstatements: CREATE blocks for "
              "new items whose statements need no other new item.")  # fmt: skip
@click.option(
    "--validate/--no-validate",
    "check",
    default=None,
    help="Check the graph against the SHACL shapes; on violations write nothing and exit 1. "
    "[default: validate articles; datasets (CSV) only with --validate]",
)
@click.option("--force", is_flag=True, help="Write the output even when validation fails.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="A progress bar on stderr while reading datasets. [default: when stderr is a terminal]",
)
@click.option(
    "--no-merge",
    is_flag=True,
    help="With articles and datasets: keep the sources' nodes apart (no identity merge).",
)
@PROFILE
@JOBS
@handled
def export_cmd(
    inputs: tuple[Path, ...], fmt: str | None, output: Path | None, base: str, check: bool | None,
    force: bool, progress: bool | None, no_merge: bool, profile: str, qids: Path | None,
    create: bool, jobs: int | None,
) -> None:  # fmt: skip
    """Export articles (files, or directories of *.txt) and datasets (CSV files of a known kind:
    athlete_events.csv[.gz], noc_regions.csv) as RDF; none = the embedded seed."""
    articles, datasets = api.split_inputs(list(inputs))
    fmt = fmt or format_of(output) or "ttl"
    if profile != "wikidata" and (fmt == "quickstatements" or qids or create):
        raise click.UsageError("--format quickstatements, --qids, --create: --profile wikidata")
    if datasets:
        if profile != "own":
            raise click.UsageError(
                "--profile wikidata is made from articles; datasets (CSV) stream in the own "
                "profile only"
            )
        from olygraph.cli.datasets import export_datasets

        export_datasets(articles, datasets, fmt, output, base, check, force, progress, not no_merge)
        return
    check = True if check is None else check
    if profile == "own":  # streamed, in bounded memory (issue 19)
        export_articles(articles, fmt, output, base, check, force, jobs)
        return
    result = api.export(articles, base)
    if result.failures and len(result.failures) == len(result.articles):
        report_failures(result)
        sys.exit(EXIT_INPUT)
    if profile == "wikidata":
        from olygraph.cli.wikidata import export_wikidata

        return export_wikidata(result, base, fmt, output, qids, create, check, force, inputs)
    broken = check and violations(result, force)
    data = serialize(result.dataset, fmt, PREFIXES)
    write_output(output, data)
    code = report_failures(result)
    print_summary(result, result.dataset, inputs)
    if code or broken:
        sys.exit(code or EXIT_VALIDATION)
