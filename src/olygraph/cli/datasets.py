"""``olygraph export`` for datasets (CSV): stream to the output, report, maybe validate.

Kept apart from ``cli.py`` so that the article path stays as it was. Datasets are streamed
straight to the output (a temporary file renamed at the end, or standard output), so memory
stays bounded; validation of a large export is opt-in (``--validate``), since it loads the
written output into memory.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

import click

from olygraph import api
from olygraph.api.articles import ArticleStream
from olygraph.cli.common import output_target, refused
from olygraph.errors import EXIT_INPUT, EXIT_VALIDATION
from olygraph.tabular.report import DatasetReport, summary_lines
from olygraph.write.files import is_special, open_atomic
from olygraph.write.rdf import FORMATS


def export_datasets(
    articles: Sequence[Path], datasets: Sequence[Path], fmt: str, output: Path | None,
    base: str, check: bool | None, force: bool, progress: bool | None, merge: bool = True,
) -> None:  # fmt: skip
    """The dataset export: exits 2 when rows were skipped or articles failed, 1 when the
    output was validated (``--validate``) and has violations. The articles are streamed after
    the datasets (issue 19); merged into them, they are rendered once the merge is planned."""
    with ExitStack() as stack:
        result: ArticleStream | None = None
        if articles:
            paths = api.expand_inputs(list(articles))
            result = stack.enter_context(ArticleStream(paths, base))
            result.read(None if merge else fmt, keep_graphs=False)
        _export(result, datasets, fmt, output, base, check, force, progress, merge)


def _export(
    result: ArticleStream | None, datasets: Sequence[Path], fmt: str,
    output: Path | None, base: str, check: bool | None, force: bool, progress: bool | None,
    merge: bool,
) -> None:  # fmt: skip
    show = progress if progress is not None else sys.stderr.isatty()
    bars = _Bars() if show else None

    def run(out: BinaryIO) -> DatasetReport:
        try:
            return api.stream_export(
                datasets, fmt, out, base, articles=result, progress=bars, merge=merge
            )
        finally:
            if bars is not None:
                bars.close()

    broken = False
    if check and (output is None or is_special(output)):
        with tempfile.TemporaryDirectory() as tmp:  # validate before anything reaches the target
            path = Path(tmp) / f"export.{FORMATS[fmt][1]}"
            with path.open("wb") as written:
                report = run(written)
            broken = _violations(path, fmt, force, report)
            with path.open("rb") as back, output_target(output) as target:
                shutil.copyfileobj(back, target, 1 << 20)
    elif output is None:
        report = run(sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        with open_atomic(output) as fh:
            report = run(fh)
            if check:
                fh.flush()
                broken = _violations(Path(fh.name), fmt, force, report)
    if check is None:
        name = str(output) if output is not None else "FILE"
        click.echo(
            f"olygraph: note: not validated (datasets are large): run olygraph validate {name}"
            " on the output, or export with --validate",
            err=True,
        )
    failed = _report(result, report)
    if failed or broken:
        sys.exit(EXIT_INPUT if failed else EXIT_VALIDATION)


def _report(result: ArticleStream | None, report: DatasetReport) -> bool:
    """Print what the export found; True when something was skipped or failed (exit 2)."""
    failures = result.failures if result is not None else ()
    for failure in failures:
        click.echo(f"olygraph: error: {failure.error}", err=True)
    _lines(report)
    return bool(failures or report.skipped)


def _violations(path: Path, fmt: str, force: bool, report: DatasetReport) -> bool:
    """Validate the written output; on violations print them, and (unless ``force``) exit 1
    before anything is written (the temporary file is removed)."""
    from olygraph.tabular.stream import load_output
    from olygraph.validate.run import validate

    outcome = validate(load_output(path, fmt))
    return refused(outcome, force, lambda: _lines(report))


def _lines(report: DatasetReport) -> None:
    for line in summary_lines(report):
        click.echo(f"olygraph: {line}", err=True)


class _Bars:
    """A click progress bar per dataset file and pass on stderr: bytes of the file read.

    On a terminal the bar shows the rows read; elsewhere (``--progress`` in a pipe) click
    prints only the label, once per file and pass."""

    def __init__(self) -> None:
        self.key: tuple[str, str] | None = None
        self.bar: click._termui_impl.ProgressBar[int] | None = None
        self.rows = 0
        self.done = 0

    def __call__(self, file: str, rows: int, done: int, total: int) -> None:
        stage = "checking" if done <= total // 2 and total > 0 else "writing"
        if (file, stage) != self.key:
            self.close()
            self.key, self.done = (file, stage), 0 if stage == "checking" else total // 2
            self.bar = click.progressbar(
                length=total,
                label=f"{Path(file).name} ({stage})",
                file=sys.stderr,
                item_show_func=lambda _: f"{self.rows:,} rows",
            )
            self.bar.__enter__()
            self.bar.update(self.done)
        assert self.bar is not None
        self.rows = rows
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
