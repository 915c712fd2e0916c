"""``olygraph wikidata reconcile`` and the Wikidata side of ``olygraph export``
(``--profile wikidata``, ``--format quickstatements``, ``--qids``): docs/wikidata-profile.md."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click
from rdflib import URIRef

from olygraph import api
from olygraph.cli.common import (
    INPUTS,
    handled,
    print_summary,
    report_failures,
    violations,
    write_output,
)
from olygraph.errors import EXIT_INPUT, EXIT_VALIDATION, UsageError
from olygraph.vocab import DEFAULT_BASE, WIKIBASE_PREFIXES
from olygraph.write.rdf import serialize

QUICKSTATEMENTS = "quickstatements"


@click.group("wikidata")
def wikidata() -> None:
    """Link olygraph's entities to Wikidata items."""


@wikidata.command("reconcile")
@INPUTS
@click.option("--endpoint", metavar="URL", required=True,
              help="A SPARQL endpoint holding Wikidata (the WDQS, or a loaded dump).")  # fmt: skip
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the TSV here (atomically) instead of standard output.")  # fmt: skip
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="Query this named graph of the endpoint (as default-graph-uri).")  # fmt: skip
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for articles.")
@click.option("--timeout", default=60, show_default=True, help="Seconds per query.")
@handled
def reconcile_cmd(
    inputs: tuple[Path, ...], endpoint: str, output: Path | None, graphs: tuple[str, ...],
    base: str, timeout: int,
) -> None:  # fmt: skip
    """Find the Wikidata items of the events, Games, sports, NOCs and athletes of articles
    (none = the embedded seed): a TSV ``olygraph IRI<TAB>Q-id<TAB>how`` for ``export --qids``.
    Unmatched and ambiguous entities are listed in it with the reason, and counted on stderr."""
    from olygraph.query.remote import RemoteEngine
    from olygraph.wikidata.reconcile import reconcile

    articles, datasets = api.split_inputs(list(inputs))
    if datasets:
        raise UsageError("reconcile reads articles; datasets (CSV) are not reconciled")
    result = api.export(articles, base)
    engine = RemoteEngine(endpoint, graphs, timeout)
    found = reconcile(result.dataset, engine, base)
    data = found.tsv().encode("utf-8")
    write_output(output, data)
    matched = len(found.qids)
    reasons: dict[str, int] = {}
    for m in found.matches:
        if m.qid is None:
            reasons[m.how.split(":", 1)[0]] = reasons.get(m.how.split(":", 1)[0], 0) + 1
    others = ", ".join(f"{n} {why}" for why, n in sorted(reasons.items()))
    click.echo(f"olygraph: reconcile: {matched} matched" + (f", {others}" if others else ""),
               err=True)  # fmt: skip
    code = report_failures(result)
    if code:
        sys.exit(code)


def export_wikidata(
    result: api.Export, base: str, fmt: str, output: Path | None, qids_path: Path | None,
    create: bool, check: bool, force: bool, inputs: Sequence[Path] = (),
) -> None:  # fmt: skip
    """``export --profile wikidata``: the profile as RDF, or as QuickStatements; exits 1 on
    validation failure, 2 when some articles failed."""
    from olygraph.wikidata import profile_dataset
    from olygraph.wikidata.reconcile import read_qids

    qids: dict[URIRef, str] = read_qids(qids_path) if qids_path is not None else {}
    dataset = profile_dataset(result.dataset, base, qids)
    broken = check and violations(result, force, dataset)
    if fmt == QUICKSTATEMENTS:
        from olygraph.wikidata.quickstatements import quickstatements
        from olygraph.write.rdf import union_graph

        written = quickstatements(union_graph(dataset), base, create=create)
        data = written.text().encode("utf-8")
        for line in written.summary():
            click.echo(f"olygraph: quickstatements: {line}", err=True)
    else:
        data = serialize(dataset, fmt, WIKIBASE_PREFIXES)
    write_output(output, data)
    code = report_failures(result)
    print_summary(result, dataset, inputs)
    if code or broken:
        sys.exit(EXIT_INPUT if code else EXIT_VALIDATION)
