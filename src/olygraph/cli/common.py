"""What every command shares: errors to exit codes, and the common arguments."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from olygraph import api
from olygraph.errors import EXIT_INPUT, EXIT_INTERNAL, OlygraphError

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int) -> None:
    click.echo(f"olygraph: error: {message}", err=True)
    sys.exit(code)


def handled(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn olygraph errors into one line and an exit code; anything else is a bug (3)."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except OlygraphError as err:
            fail(str(err), err.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            sys.exit(0)
        except Exception as err:  # a bug: say so, in one line, with exit 3
            fail(f"internal error ({type(err).__name__}: {err}); please report it", EXIT_INTERNAL)
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


def report_failures(export: api.Export) -> int:
    for failure in export.failures:
        click.echo(f"olygraph: error: {failure.error}", err=True)
    return EXIT_INPUT if export.failures else 0
