"""The ``olygraph`` command: parses options, calls the library, maps errors to exit codes.

Exit codes: 0 ok, 1 validation failed, 2 bad input or usage, 3 internal error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from olygraph import __version__, api
from olygraph.errors import EXIT_INPUT, EXIT_INTERNAL, OlygraphError
from olygraph.report import inspect_text
from olygraph.vocab import DEFAULT_BASE
from olygraph.write import FORMATS, serialize, write_atomic

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
@handled
def export_cmd(inputs: tuple[Path, ...], fmt: str, output: Path | None, base: str) -> None:
    """Export articles (files, or directories of *.txt) as RDF; none = the embedded seed."""
    result = api.export(list(inputs), base)
    if result.failures and len(result.failures) == len(result.articles):
        _report_failures(result)
        sys.exit(EXIT_INPUT)
    data = serialize(result.dataset, fmt)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(output, data)
    code = _report_failures(result)
    if code:
        sys.exit(code)


@main.command("inspect")
@INPUTS
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI.")
@handled
def inspect_cmd(inputs: tuple[Path, ...], base: str) -> None:
    """Per article: what was extracted, the discrepancies, and what was not understood."""
    result = api.export(list(inputs), base)
    facts = [a.facts for a in result.articles if a.facts is not None]
    click.echo(inspect_text(facts, result.dataset), nl=False)
    code = _report_failures(result)
    if code:
        sys.exit(code)
