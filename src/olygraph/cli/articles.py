"""``olygraph export`` of articles: streamed, a group of articles at a time (issue 19).

Articles are read and extracted in ``--jobs`` worker processes, mapped and written through
the streaming writers (:mod:`olygraph.api.articles`), and validated as they are read or
written (:mod:`olygraph.validate.stream`), so memory stays bounded whatever the number of
articles.
With validation, output goes to a temporary file first (the target's, renamed at the end, or
one copied to standard output), so that nothing reaches the target when the graph has
violations (unless ``--force``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import click

from olygraph import api
from olygraph.api.articles import ArticleStream, EarlyCheck, Failure
from olygraph.api.report import summary_line
from olygraph.cli.common import inspect_command, output_target, refused
from olygraph.errors import EXIT_INPUT, EXIT_VALIDATION
from olygraph.write.files import is_special, open_atomic
from olygraph.write.rdf import FORMATS

JOBS = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Worker processes reading, mapping and validating articles. [default: the cores]",
)


def export_articles(
    articles: Sequence[Path], fmt: str, output: Path | None, base: str, check: bool,
    force: bool, jobs: int | None,
) -> None:  # fmt: skip
    """Exit 2 when articles failed (or all of them did: nothing written), 1 when the output
    has violations (nothing written unless ``force``)."""
    paths = api.expand_inputs(articles) if articles else None
    with ArticleStream(paths, base, jobs) as stream:
        failures = stream.read(fmt, keep_graphs=False, check=check, early=_early(check))
        if failures and not stream.read_count:
            _report(failures)
            sys.exit(EXIT_INPUT)
        broken = False
        if not check:
            if output is None:
                stream.write(fmt, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                with open_atomic(output) as fh:
                    stream.write(fmt, fh)
        elif output is None or is_special(output):
            with tempfile.TemporaryDirectory() as tmp:  # validated before it reaches the target
                path = Path(tmp) / f"export.{FORMATS[fmt][1]}"
                with path.open("wb", buffering=1 << 20) as written:
                    broken = _write_checked(stream, fmt, written, force, failures)
                with path.open("rb") as back, output_target(output) as target:
                    shutil.copyfileobj(back, target, 1 << 20)
        else:
            with open_atomic(output) as fh:
                broken = _write_checked(stream, fmt, fh, force, failures)
    _report(failures)
    command = inspect_command(articles)
    line = summary_line(stream.written, stream.read_count, stream.not_understood, command)
    click.echo(f"olygraph: {line}", err=True)
    if failures or broken:
        sys.exit(EXIT_INPUT if failures else EXIT_VALIDATION)


def _write_checked(
    stream: ArticleStream, fmt: str, out: BinaryIO, force: bool, failures: Sequence[Failure]
) -> bool:
    """Write and validate; on violations print them, and exit 1 unless ``force`` (inside the
    output's block: the temporary file is then removed, the target left as it was)."""
    from olygraph.validate.stream import PartValidator

    tee = PartValidator(stream.submit, stream.base)
    stream.write(fmt, out, tee)
    outcome = tee.outcome
    assert outcome is not None
    return refused(outcome, force, lambda: _report(failures))


def _early(check: bool) -> EarlyCheck | None:
    """The workers' validation of the articles they read (with ``check``)."""
    if not check:
        return None
    from olygraph.validate.stream import check_articles

    return check_articles


def _report(failures: Sequence[Failure]) -> None:
    for failure in failures:
        click.echo(f"olygraph: error: {failure.error}", err=True)
