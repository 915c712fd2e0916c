"""``olygraph serve`` and ``olygraph site``: the graph as web pages (see olygraph.serve)."""

from __future__ import annotations

from pathlib import Path

import click

from olygraph.cli.common import INPUTS, handled
from olygraph.errors import UsageError
from olygraph.vocab import DEFAULT_BASE

BASE = click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    help="Base of the minted IRIs. Point it at this server (http://127.0.0.1:8000/id/) to make "
    "every IRI answer with its page, or its triples for Accept: text/turtle.",
)


def _say(text: str) -> None:
    click.echo(f"olygraph: {text}", err=True)


@click.command("serve")
@INPUTS
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Keep the store on disk in DIR; reused on the next start while the inputs "
              "are unchanged.")  # fmt: skip
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@BASE
@click.option("--row-limit", default=10_000, show_default=True, type=click.IntRange(1),
              help="Most rows (or triples) one /sparql answer gives.")  # fmt: skip
@click.option("--time-limit", default=10.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds one /sparql query may run.")  # fmt: skip
@handled
def serve_cmd(
    inputs: tuple[Path, ...],
    store_dir: Path | None,
    host: str,
    port: int,
    base: str,
    row_limit: int,
    time_limit: float,
) -> None:
    """Serve articles, datasets and RDF files (none: the seed) as web pages, a SPARQL endpoint
    (/sparql) and dereferenceable IRIs."""
    import uvicorn

    from olygraph.serve.app import create_app
    from olygraph.serve.data import open_served
    from olygraph.serve.sparql import Limits

    if not base.endswith(("/", "#")):
        raise UsageError(f"--base {base!r} must end with / or #")
    served = open_served(list(inputs), base, store_dir, _say)
    if served.reused:
        _say(f"reusing the store in {store_dir} (the inputs have not changed)")
    for note in served.notes:
        _say(f"note: {note.file}: {note.text}")
    _say(f"serving on http://{host}:{port}/ (Ctrl-C stops)")
    app = create_app(served, Limits(row_limit, time_limit))
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.command("site")
@INPUTS
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path),
              help="Directory to write the site into (replaced whole, once complete).")  # fmt: skip
@BASE
@handled
def site_cmd(inputs: tuple[Path, ...], out: Path, base: str) -> None:
    """Write the pages of `olygraph serve` as a static site (relative links)."""
    from olygraph.serve.data import open_served
    from olygraph.serve.site import write_site

    served = open_served(list(inputs), base, None, _say)
    for note in served.notes:
        _say(f"note: {note.file}: {note.text}")
    report = write_site(served, out, _say)
    _say(f"wrote {report.pages:,} pages to {report.out}")
