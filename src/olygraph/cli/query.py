"""``olygraph query``: a named query or a ``.rq`` file on local data or an endpoint."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from olygraph.cli.common import PROFILE, handled
from olygraph.errors import EXIT_INPUT
from olygraph.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    pass


@click.command("query")
@click.argument("query", required=False)
@click.argument("data", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter (repeatable); see --list for each query's parameters.",
)
@click.option("--endpoint", metavar="URL", help="Ask this SPARQL 1.1 endpoint, not local data.")
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI",
    help="With --endpoint: the graph holding the data, if not the default graph.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    help="Output of SELECT and ASK results [default: table]; RDF results are Turtle.",
)
@click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    help="Base IRI of the data: short ids in parameters and articles resolve here.",
)
@click.option(
    "--engine",
    type=click.Choice(["oxigraph", "rdflib"]),
    default="oxigraph",
    show_default=True,
    help="Local SPARQL engine.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the bundled queries and exit.")
@PROFILE
@handled
def query_cmd(
    query: str | None, data: tuple[Path, ...], params: tuple[str, ...], endpoint: str | None,
    graphs: tuple[str, ...], fmt: str | None, base: str, engine: str, list_queries: bool,
    profile: str,
) -> None:  # fmt: skip
    """Run a bundled query (by NAME) or a FILE.rq on DATA (RDF files or articles; none = the
    embedded seed) or on a SPARQL --endpoint. --profile wikidata: the queries of
    queries/wikidata/, on the Wikidata profile of DATA (or an endpoint holding profile data)."""
    from olygraph.query.engines import OWN, execute
    from olygraph.query.named import listing
    from olygraph.query.results import Triples, render
    from olygraph.query.run import parse_assignments
    from olygraph.wikidata.query import WIKIDATA

    if list_queries:
        click.echo(listing(profile), nl=False)
        return
    if query is None:
        raise click.UsageError("give a query NAME or FILE.rq (olygraph query --list)")
    outcome = execute(query, list(data), parse_assignments(params), endpoint=endpoint,
                      graphs=graphs, base=base, engine=engine,
                      profile=WIKIDATA if profile == WIKIDATA.name else OWN)  # fmt: skip
    for failure in outcome.failures:
        click.echo(f"olygraph: error: {failure.error}", err=True)
    if outcome.answer is None:
        sys.exit(EXIT_INPUT)
    answer = outcome.answer
    if isinstance(answer.result, Triples) and fmt not in (None, "table"):
        raise click.UsageError("CONSTRUCT and DESCRIBE results are RDF (Turtle); drop --format")
    text = render(answer.result, fmt or "table", base=base, hide=answer.hidden())
    click.echo(text, nl=False)
    if outcome.failures:
        sys.exit(EXIT_INPUT)
