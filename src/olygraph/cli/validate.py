"""``olygraph validate``: RDF files or articles against the SHACL shapes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from olygraph.cli.common import handled
from olygraph.errors import EXIT_INPUT, EXIT_VALIDATION
from olygraph.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    pass


@click.command("validate")
@click.argument("data", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--shapes",
    "extra_shapes",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="More SHACL shapes (an RDF file, format by extension); repeatable.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "ttl", "json"]),
    default="text",
    show_default=True,
    help="Report: plain text, the SHACL report graph as Turtle, or JSON.",
)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for articles.")
@click.option(
    "--engine",
    type=click.Choice(["fast", "pyshacl"]),
    default="fast",
    show_default=True,
    help="SHACL engine: olygraph's shapes compiled to SPARQL on pyoxigraph, or pySHACL.",
)
@handled
def validate_cmd(
    data: tuple[Path, ...], extra_shapes: tuple[Path, ...], fmt: str, base: str, engine: str
) -> None:
    """Check DATA (RDF files, format by extension, or articles; none = the embedded seed)
    against the SHACL shapes. Exit 0 without violations (warnings allowed), 1 with."""
    from olygraph.validate.report import render
    from olygraph.validate.run import choose_engine, load_inputs, validate
    from olygraph.write.rdf import load_rdf

    shapes = [load_rdf(path) for path in extra_shapes]
    used, note = choose_engine(engine, shapes)
    if note:
        click.echo(f"olygraph: note: {note}", err=True)
    loaded = load_inputs(list(data), base, used)
    for failure in loaded.failures:
        click.echo(f"olygraph: error: {failure}", err=True)
    if not loaded.loaded:
        sys.exit(EXIT_INPUT)
    outcome = validate(loaded.graph, shapes, used)
    click.echo(render(outcome, fmt), nl=False)
    if loaded.failures:
        sys.exit(EXIT_INPUT)
    if not outcome.conforms:
        sys.exit(EXIT_VALIDATION)
