"""What every command shares: errors to exit codes, and the common arguments."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, ParamSpec, TypeVar

import click
from rdflib import Dataset

from olygraph import api
from olygraph.cli.rdflog import rdflib_warnings
from olygraph.cli.signals import (
    Interrupted,
    describe_os_error,
    detach_stdout,
    stopping_signals_raise,
)
from olygraph.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_VALIDATION, OlygraphError
from olygraph.write.files import open_atomic, write_atomic

if TYPE_CHECKING:
    from olygraph.validate.outcome import ValidationOutcome

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: int) -> None:
    click.echo(f"olygraph: error: {message}", err=True)
    sys.exit(code)


def warn(message: str) -> None:
    click.echo(f"olygraph: warning: {message}", err=True)


def handled(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn olygraph errors into one line and an exit code; anything else is a bug (3)."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            # SIGINT/SIGTERM/SIGHUP: clean up, exit 128+N; rdflib's warnings: one line
            with stopping_signals_raise(), rdflib_warnings(warn):
                return fn(*args, **kwargs)
        except OlygraphError as err:
            fail(str(err), err.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Interrupted as stop:
            fail(str(stop), stop.exit_code)
        except BrokenPipeError:  # `olygraph … | head`: quiet, like other tools
            detach_stdout()
            sys.exit(0)
        except OSError as err:  # the environment (a full disk), not a bug: one line, exit 2
            detach_stdout()
            fail(describe_os_error(err), EXIT_INPUT)
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


def violations(result: api.Export, force: bool, profiled: Dataset | None = None) -> bool:
    """Validate an export (or its ``profiled`` data against the profile's shapes); on
    violations print them, and exit 1 unless ``force``."""
    from olygraph.validate.run import validate

    if profiled is not None:
        from olygraph.wikidata.validate import validate_profile

        outcome = validate_profile(profiled)
    else:
        outcome = validate(result.dataset)
    return refused(outcome, force, lambda: report_failures(result))


def refused(outcome: ValidationOutcome, force: bool, before: Callable[[], object]) -> bool:
    """Whether ``outcome`` has violations; if so they are printed, and unless ``force`` the run
    ends here with exit 1 (after ``before``, which reports what else went wrong): nothing is
    written, a temporary output is removed on the way out."""
    from olygraph.validate.outcome import Severity
    from olygraph.validate.report import summary, text

    if outcome.conforms:
        return False
    click.echo(text(outcome, [Severity.VIOLATION]), err=True, nl=False)
    if not force:
        before()
        fail(
            f"validation failed ({summary(outcome)}); nothing written "
            "(--force writes anyway, --no-validate skips the check)",
            EXIT_VALIDATION,
        )
    return True


def print_summary(result: api.Export, dataset: Dataset, inputs: Sequence[Path]) -> None:
    """The one line every article export ends with on stderr: what was written, and how many
    values were not understood, with the ``olygraph inspect`` command that lists them."""
    from olygraph.api.report import export_summary

    facts = [a.facts for a in result.articles if a.facts is not None]
    click.echo(f"olygraph: {export_summary(facts, dataset, inspect_command(inputs))}", err=True)


#: the longest ``olygraph inspect …`` an export's summary line spells out in full
INSPECT_WIDTH = 200


def inspect_command(inputs: Sequence[Path]) -> str:
    """The ``olygraph inspect`` command on the same inputs, for the summary line: in full when
    short, else the first and last input and how many there are (a corpus of files named one
    by one would make that one line as long as all their names)."""
    quoted = [shlex.quote(str(p)) for p in inputs]
    command = " ".join(["olygraph inspect", *quoted])
    if len(command) <= INSPECT_WIDTH or len(quoted) < 3:
        return command
    return f"olygraph inspect {quoted[0]} … {quoted[-1]} (the same {len(quoted):,} inputs)"


@contextmanager
def output_target(output: Path | None) -> Iterator[BinaryIO]:
    """Standard output, or the ``-o`` file written atomically (a device or pipe directly)."""
    if output is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    else:
        with open_atomic(output) as fh:
            yield fh


def write_output(output: Path | None, data: bytes) -> None:
    """All of ``data`` to standard output, or atomically to the ``-o`` file."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(output, data)
