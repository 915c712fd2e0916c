"""``olygraph load``: the graph into a triple store, staged, counted and switched."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from olygraph.cli.common import PROFILE, handled
from olygraph.cli.types import Seconds
from olygraph.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    from olygraph.load.bulk import BulkOptions
    from olygraph.load.http import Credentials
    from olygraph.load.run import Progress


@click.command("load")
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
    type=Seconds(),
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
@click.option(
    "--bulk-dir",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Virtuoso: load new graphs with its bulk loader (ld_add, rdf_loader_run) from files "
    "olygraph writes in DIR, a directory of the server's DirsAllowed; needs --isql.",
)
@click.option(
    "--bulk-server-dir",
    metavar="PATH",
    help="The --bulk-dir directory as the server sees it, if not at the same path.",
)
@click.option("--isql", metavar="HOST:PORT", help="Virtuoso's SQL port (with --bulk-dir).")
@click.option("--isql-user", metavar="NAME", help="SQL user [default: --user].")
@click.option(
    "--isql-password-env",
    metavar="VAR",
    help="Environment variable holding the SQL user's password [default: --password-env's].",
)
@click.option("--isql-binary", metavar="PATH", help="isql client [default: isql-vt on PATH].")
@click.option("--prune", is_flag=True, help="Drop graphs of the last load that no input holds.")
@click.option("--force", is_flag=True, help="Send every graph, even those unchanged.")
@PROFILE
@handled
def load_cmd(
    data: tuple[Path, ...], endpoint: str, graph: str | None, store: str, user: str | None,
    password_env: str | None, append: bool, base: str, chunk_size: int | None, timeout: float,
    query_url: str | None, update_url: str | None, checkpoint: bool, bulk_dir: Path | None,
    bulk_server_dir: str | None, isql: str | None, isql_user: str | None,
    isql_password_env: str | None, isql_binary: str | None, prune: bool, force: bool,
    profile: str,
) -> None:  # fmt: skip
    """Load DATA (RDF files, format by extension, or articles; none = the embedded seed) into a
    triple store, graph by graph: TriG and N-Quads keep each named graph in its own graph, the
    rest goes to the target graph. Only graphs whose content changed since the last load (the
    manifest <target>/.olygraph-manifest) are sent; a new graph goes straight in, an existing
    one is staged, counted and switched over.

    With --bulk-dir DIR --isql HOST:PORT (Virtuoso whose files are local), new graphs are
    written as N-Quads files into DIR and loaded by Virtuoso's own bulk loader over isql; the
    SQL password comes from an environment variable, never the command line:

    \b
      olygraph load history.nq --store virtuoso --endpoint http://localhost:8890 \\
        --user dba --password-env VIRTUOSO_PASSWORD \\
        --bulk-dir /var/lib/virtuoso/bulk --isql localhost:1111"""
    from olygraph.errors import LoadError
    from olygraph.load.run import describe, load

    credentials = _credentials(user, password_env)
    bulk = _bulk(bulk_dir, bulk_server_dir, isql, isql_user, isql_password_env, isql_binary,
                 credentials)  # fmt: skip
    secret = credentials.password if credentials else None
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        report = load(list(data), endpoint=endpoint, store=store, graph=graph, base=base,
                      append=append, credentials=credentials, chunk_size=chunk_size,
                      timeout=timeout, query_url=query_url, update_url=update_url,
                      checkpoint=checkpoint, progress=bar, profile=profile, prune=prune,
                      force=force, bulk=bulk)  # fmt: skip
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
    from olygraph.load.http import Credentials

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


def _bulk(
    folder: Path | None, server_dir: str | None, address: str | None, user: str | None,
    password_env: str | None, binary: str | None, credentials: Credentials | None,
) -> BulkOptions | None:  # fmt: skip
    """The bulk loader's settings; the SQL password from its variable or the --user's."""
    from olygraph.errors import UsageError
    from olygraph.load.bulk import BulkOptions
    from olygraph.load.isql import IsqlConfig, find_binary, parse_address

    if folder is None and address is None:
        for value, option in ((server_dir, "--bulk-server-dir"), (user, "--isql-user"),
                              (password_env, "--isql-password-env"),
                              (binary, "--isql-binary")):  # fmt: skip
            if value is not None:
                raise UsageError(f"{option} goes with --bulk-dir DIR and --isql HOST:PORT")
        return None
    if folder is None or address is None:
        raise UsageError("--bulk-dir DIR and --isql HOST:PORT go together: olygraph writes "
                         "files in DIR, Virtuoso's bulk loader reads them")  # fmt: skip
    host, port = parse_address(address)
    name = user or (credentials.user if credentials else None)
    if name is None:
        raise UsageError("--isql needs a SQL user: --isql-user NAME (or --user NAME)")
    if password_env is not None:
        password = os.environ.get(password_env)
        if not password:
            state = "is not set" if password is None else "is empty"
            raise UsageError(f"--isql-password-env {password_env}: the environment variable "
                             f"{password_env} {state}")  # fmt: skip
    elif credentials is not None and credentials.user == name:
        password = credentials.password
    else:
        raise UsageError(f"--isql-user {name} needs --isql-password-env VAR")
    config = IsqlConfig(find_binary(binary), host, port, name, password)
    return BulkOptions(folder, config, server_dir)


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
