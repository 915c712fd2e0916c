"""``olygraph export``: articles (and datasets) to RDF in six formats, validated first."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rdflib import Dataset

from olygraph import api
from olygraph.cli.common import INPUTS, PROFILE, fail, handled, report_failures
from olygraph.errors import EXIT_INPUT, EXIT_VALIDATION
from olygraph.vocab import DEFAULT_BASE, PREFIXES, WIKIBASE_PREFIXES
from olygraph.write.files import write_atomic
from olygraph.write.rdf import FORMATS, serialize

if TYPE_CHECKING:
    pass


@click.command("export")
@INPUTS
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="ttl",
    show_default=True,
    help="Output format.",
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
@handled
def export_cmd(
    inputs: tuple[Path, ...], fmt: str, output: Path | None, base: str, check: bool | None,
    force: bool, progress: bool | None, no_merge: bool, profile: str,
) -> None:  # fmt: skip
    """Export articles (files, or directories of *.txt) and datasets (CSV files of a known kind:
    athlete_events.csv[.gz], noc_regions.csv) as RDF; none = the embedded seed."""
    articles, datasets = api.split_inputs(list(inputs))
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
    result = api.export(articles, base)
    if result.failures and len(result.failures) == len(result.articles):
        report_failures(result)
        sys.exit(EXIT_INPUT)
    dataset, prefixes = result.dataset, PREFIXES
    if profile == "wikidata":
        from olygraph.wikidata import profile_dataset

        dataset, prefixes = profile_dataset(result.dataset, base), WIKIBASE_PREFIXES
    broken = check and _violations(result, force, dataset if profile == "wikidata" else None)
    data = serialize(dataset, fmt, prefixes)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(output, data)
    code = report_failures(result)
    if code or broken:
        sys.exit(code or EXIT_VALIDATION)


def _violations(result: api.Export, force: bool, profiled: Dataset | None = None) -> bool:
    """Validate an export (or its ``profiled`` data against the profile's shapes); on
    violations print them, and exit 1 unless ``force``."""
    from olygraph.validate.outcome import Severity
    from olygraph.validate.report import summary, text
    from olygraph.validate.run import validate

    if profiled is not None:
        from olygraph.wikidata.validate import validate_profile

        outcome = validate_profile(profiled)
    else:
        outcome = validate(result.dataset)
    if outcome.conforms:
        return False
    click.echo(text(outcome, [Severity.VIOLATION]), err=True, nl=False)
    if not force:
        report_failures(result)
        fail(
            f"validation failed ({summary(outcome)}); nothing written "
            "(--force writes anyway, --no-validate skips the check)",
            EXIT_VALIDATION,
        )
    return True
