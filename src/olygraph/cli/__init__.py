"""The ``olygraph`` command: a thin skin over the library, one module per command.

Each command parses its options, calls the library (:mod:`olygraph.api.pipeline`,
:mod:`olygraph.validate.run`,
:mod:`olygraph.query.named`, :mod:`olygraph.load.run`, :mod:`olygraph.wikidata`) and maps errors to
exit
codes (:mod:`~olygraph.cli.common`). Only this package exits the process.

Exit codes: 0 ok, 1 validation failed, 2 bad input or usage, 3 internal error.
"""

from __future__ import annotations

import click

from olygraph import __version__
from olygraph.cli.export import export_cmd
from olygraph.cli.inspect import inspect_cmd
from olygraph.cli.load import load_cmd
from olygraph.cli.query import query_cmd
from olygraph.cli.validate import validate_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="olygraph")
def main() -> None:
    """Turn Olympic event articles into a validated linked-data knowledge graph.

    Exit codes: 0 ok, 1 validation failed, 2 bad input or usage, 3 internal error.
    """


for _command in (export_cmd, inspect_cmd, query_cmd, validate_cmd, load_cmd):
    main.add_command(_command)

__all__ = ["main"]
