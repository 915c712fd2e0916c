"""``olygraph validate``: RDF files or articles against the SHACL shapes.

Articles alone, against olygraph's shapes with the fast engine, stream: validated part by part
in ``--jobs`` workers (:func:`olygraph.validate.articles.validate_articles`), in bounded memory.
With RDF files, other shapes or pySHACL, the articles are streamed to N-Triples and validated
as one graph with the rest (:func:`olygraph.validate.inputs.load_inputs`); a note says so.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from olygraph.cli.articles import JOBS
from olygraph.cli.common import handled
from olygraph.errors import EXIT_INPUT, EXIT_VALIDATION
from olygraph.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    from olygraph.errors import InputError
    from olygraph.validate.outcome import ValidationOutcome


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
@click.option(
    "--builtin-shapes/--no-builtin-shapes",
    default=True,
    show_default=True,
    help="Check against olygraph's own shapes too; --no-builtin-shapes: the --shapes files only.",
)
@JOBS
@handled
def validate_cmd(
    data: tuple[Path, ...],
    extra_shapes: tuple[Path, ...],
    fmt: str,
    base: str,
    engine: str,
    builtin_shapes: bool,
    jobs: int | None,
) -> None:
    """Check DATA (RDF files, format by extension, or articles; none = the embedded seed)
    against the SHACL shapes. Exit 0 without violations (warnings and notes allowed), 1 with;
    the report's sh:conforms is false whenever there is any result, as SHACL says."""
    from olygraph.errors import UsageError
    from olygraph.validate.inputs import split_inputs
    from olygraph.validate.report import render
    from olygraph.validate.run import choose_engine, load_inputs, validate
    from olygraph.validate.shapes import load_shapes

    if not builtin_shapes and not extra_shapes:
        raise UsageError("--no-builtin-shapes needs at least one --shapes file")
    given = load_shapes(list(extra_shapes))
    shapes = [given.graph] if extra_shapes else []
    used, note = choose_engine(engine, shapes, builtin_shapes)
    for line in (*given.notes, *([note] if note else [])):
        click.echo(f"olygraph: note: {line}", err=True)
    rdf, articles = split_inputs(list(data))
    if articles or not rdf:
        whole = _whole_graph(rdf, extra_shapes, builtin_shapes, used)
        if whole is None:
            outcome, failures = _streamed(articles, base, jobs, fmt == "ttl")
            click.echo(render(outcome, fmt), nl=False)
            _exit(outcome.conforms, bool(failures))
            return
        if engine == "fast":  # pySHACL asked for validates one graph, as it always does
            note = f"articles validated as one graph, not part by part: {whole}"
            click.echo(f"olygraph: note: {note}", err=True)
    loaded = load_inputs(list(data), base, used)
    for failure in loaded.failures:
        click.echo(f"olygraph: error: {failure}", err=True)
    if not loaded.loaded:
        sys.exit(EXIT_INPUT)
    outcome = validate(loaded.graph, shapes, used, builtin_shapes)
    click.echo(render(outcome, fmt), nl=False)
    _exit(outcome.conforms, bool(loaded.failures))


def _whole_graph(
    rdf: Sequence[Path], extra_shapes: Sequence[Path], builtin: bool, engine: str
) -> str | None:
    """Why articles cannot be validated part by part (None: they can)."""
    if extra_shapes or not builtin:
        return "only olygraph's own shapes are checked part by part"
    if engine != "fast":
        return "pySHACL validates the whole graph"
    if rdf:
        return "RDF files are validated with them"
    return None


def _streamed(
    articles: Sequence[Path], base: str, jobs: int | None, report: bool
) -> tuple[ValidationOutcome, tuple[InputError, ...]]:
    """The streamed validation of ``articles`` (none: the seed), their failures printed; exit
    2 when none could be read."""
    from olygraph import api
    from olygraph.validate.articles import validate_articles

    paths = api.expand_inputs(articles) if articles else None
    done = validate_articles(paths, base, jobs=jobs, report=report)
    for failure in done.failures:
        click.echo(f"olygraph: error: {failure}", err=True)
    if done.outcome is None:
        sys.exit(EXIT_INPUT)
    return done.outcome, done.failures


def _exit(conforms: bool, failed: bool) -> None:
    if failed:
        sys.exit(EXIT_INPUT)
    if not conforms:
        sys.exit(EXIT_VALIDATION)
