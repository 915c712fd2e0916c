"""The ``olygraph`` command: parses options, calls the library, maps errors to exit codes.

Exit codes: 0 ok, 1 validation failed, 2 bad input or usage, 3 internal error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click
from rdflib import Dataset

from olygraph import __version__, api
from olygraph.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_VALIDATION, OlygraphError
from olygraph.report import inspect_text
from olygraph.vocab import DEFAULT_BASE, PREFIXES, WIKIBASE_PREFIXES
from olygraph.write import FORMATS, serialize, write_atomic

if TYPE_CHECKING:
    from olygraph.load import Progress
    from olygraph.load_http import Credentials

P = ParamSpec("P")
R = TypeVar("R")


def _fail(message: str, code: int) -> None:
    click.echo(f"olygraph: error: {message}", err=True)
    sys.exit(code)


def handled(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn olygraph errors into one line and an exit code; anything else is a bug (3)."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except OlygraphError as err:
            _fail(str(err), err.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            sys.exit(0)
        except Exception as err:  # a bug: say so, in one line, with exit 3
            _fail(f"internal error ({type(err).__name__}: {err}); please report it", EXIT_INTERNAL)
        raise AssertionError("unreachable")

    return wrapper


INPUTS = click.argument(
    "inputs", nargs=-1, type=click.Path(path_type=Path, exists=False, dir_okay=True)
)
PROFILE = click.option(
    "--profile",
    type=click.Choice(["own", "wikidata"]),
    default="own",
    show_default=True,
    help="own: olygraph's ontology; wikidata: the Wikibase RDF model (statements, qualifiers, "
    "references), see docs/wikidata-profile.md.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="olygraph")
def main() -> None:
    """Turn Olympic event articles into a validated linked-data knowledge graph.

    Exit codes: 0 ok, 1 validation failed, 2 bad input or usage, 3 internal error.
    """


def _report_failures(export: api.Export) -> int:
    for failure in export.failures:
        click.echo(f"olygraph: error: {failure.error}", err=True)
    return EXIT_INPUT if export.failures else 0


@main.command("export")
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
        from olygraph.cli_datasets import export_datasets

        export_datasets(articles, datasets, fmt, output, base, check, force, progress, not no_merge)
        return
    check = True if check is None else check
    result = api.export(articles, base)
    if result.failures and len(result.failures) == len(result.articles):
        _report_failures(result)
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
    code = _report_failures(result)
    if code or broken:
        sys.exit(code or EXIT_VALIDATION)


def _violations(result: api.Export, force: bool, profiled: Dataset | None = None) -> bool:
    """Validate an export (or its ``profiled`` data against the profile's shapes); on
    violations print them, and exit 1 unless ``force``."""
    from olygraph.validate import Severity, validate
    from olygraph.validate_report import summary, text

    if profiled is not None:
        from olygraph.wikidata.validate import validate_profile

        outcome = validate_profile(profiled)
    else:
        outcome = validate(result.dataset)
    if outcome.conforms:
        return False
    click.echo(text(outcome, [Severity.VIOLATION]), err=True, nl=False)
    if not force:
        _report_failures(result)
        _fail(
            f"validation failed ({summary(outcome)}); nothing written "
            "(--force writes anyway, --no-validate skips the check)",
            EXIT_VALIDATION,
        )
    return True


@main.command("inspect")
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
    code = _report_failures(result)
    if code:
        sys.exit(code)


@main.command("query")
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
    from olygraph.endpoint import execute
    from olygraph.query import listing
    from olygraph.query_format import Triples, render
    from olygraph.query_run import parse_assignments

    if list_queries:
        click.echo(listing(profile), nl=False)
        return
    if query is None:
        raise click.UsageError("give a query NAME or FILE.rq (olygraph query --list)")
    outcome = execute(query, list(data), parse_assignments(params), endpoint=endpoint,
                      graphs=graphs, base=base, engine=engine, profile=profile)  # fmt: skip
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


@main.command("validate")
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
    from olygraph.validate import choose_engine, load_inputs, load_rdf, validate
    from olygraph.validate_report import render

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


@main.command("load")
@click.argument("data", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The store: its root URL (oxigraph, virtuoso) or SPARQL endpoint (generic).",
)
@click.option(
    "--graph",
    metavar="IRI",
    help="Target graph [default: <base>graph/olygraph]; 'default': the default graph.",
)
@click.option(
    "--store",
    type=click.Choice(["oxigraph", "virtuoso", "generic"]),
    default="oxigraph",
    show_default=True,
    help="What kind of store it is.",
)
@click.option("--user", metavar="NAME", help="User name for the store.")
@click.option(
    "--password-env",
    metavar="VAR",
    help="Environment variable holding the password (else asked on a terminal).",
)
@click.option("--append", is_flag=True, help="Add to the target graphs instead of replacing them.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for articles.")
@click.option(
    "--chunk-size",
    type=int,
    metavar="N",
    help="Triples per request [default: 50,000; generic: 1,000].",
)
@click.option(
    "--timeout",
    type=float,
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="Longest wait for one answer of the store.",
)
@click.option("--query-url", metavar="URL", help="SPARQL query endpoint, if not the usual one.")
@click.option("--update-url", metavar="URL", help="SPARQL Update endpoint, if not the usual one.")
@click.option(
    "--checkpoint/--no-checkpoint",
    default=True,
    show_default=True,
    help="Virtuoso: ask for a checkpoint after the load, so that it survives a crash.",
)
@click.option("--prune", is_flag=True, help="Drop graphs of the last load that no input holds.")
@click.option("--force", is_flag=True, help="Send every graph, even those unchanged.")
@PROFILE
@handled
def load_cmd(
    data: tuple[Path, ...], endpoint: str, graph: str | None, store: str, user: str | None,
    password_env: str | None, append: bool, base: str, chunk_size: int | None, timeout: float,
    query_url: str | None, update_url: str | None, checkpoint: bool, prune: bool, force: bool,
    profile: str,
) -> None:  # fmt: skip
    """Load DATA (RDF files, format by extension, or articles; none = the embedded seed) into a
    triple store, graph by graph: TriG and N-Quads keep each named graph in its own graph, the
    rest goes to the target graph. Only graphs whose content changed since the last load (the
    manifest <target>/.olygraph-manifest) are sent; a new graph goes straight in, an existing
    one is staged, counted and switched over."""
    from olygraph.errors import LoadError
    from olygraph.load import describe, load

    credentials = _credentials(user, password_env)
    secret = credentials.password if credentials else None
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        report = load(list(data), endpoint=endpoint, store=store, graph=graph, base=base,
                      append=append, credentials=credentials, chunk_size=chunk_size,
                      timeout=timeout, query_url=query_url, update_url=update_url,
                      checkpoint=checkpoint, progress=bar, profile=profile, prune=prune,
                      force=force)  # fmt: skip
    except Exception as err:
        if secret and secret in str(err):  # never print a password, whatever failed
            raise LoadError(str(err).replace(secret, "***")) from None
        raise
    finally:
        if bar is not None:
            bar.close()
    for line in describe(report):
        click.echo(line)
    for warning in report.warnings:
        click.echo(f"olygraph: warning: {warning}", err=True)


def _credentials(user: str | None, password_env: str | None) -> Credentials | None:
    """The password from the environment variable, or asked on a terminal; never echoed."""
    from olygraph.errors import UsageError
    from olygraph.load_http import Credentials

    if user is None:
        if password_env is not None:
            raise UsageError("--password-env needs --user NAME")
        return None
    if password_env is not None:
        password = os.environ.get(password_env)
        if not password:
            state = "is not set" if password is None else "is empty"
            raise UsageError(f"--password-env {password_env}: the environment variable "
                             f"{password_env} {state}")  # fmt: skip
        return Credentials(user, password)
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise UsageError(f"--user {user} needs --password-env VAR (no terminal to ask on)")
    return Credentials(user, click.prompt(f"password for {user}", hide_input=True, err=True))


class _ProgressBar:
    """A progress bar on standard error (by input bytes read), drawn after each chunk."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.done = 0

    def __call__(self, progress: Progress) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=max(progress.total, 1), label="loading",
                                         file=sys.stderr, show_eta=True)  # fmt: skip
            self.bar.__enter__()
        self.bar.update(progress.read - self.done)
        self.done = progress.read

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
