"""Virtuoso's SQL side, through its own ``isql`` client (``isql-vt`` on Debian), for the bulk
loader (:mod:`olygraph.load.bulk`).

The password never goes on a command line (``ps`` shows those to every local user): isql is
started with the address and the user name only. It then tries to log in without a password
(the server logs one failed login), asks for the password and reads it from its standard
input; olygraph waits for that question before it writes the password, and for
``Connected`` before any SQL. So a wrong password is tried once, not read again from the SQL
that follows (Virtuoso shuts an address out for 60 s after four failed logins in a row).

A session is one isql process; statements go to its standard input, one a line, each batch
followed by the ``SELECT`` of a marker that says the batch is done (isql goes on after an
error, so the marker always comes). No shell is involved. Every string in SQL text is a
literal made by :func:`sql_string`; olygraph writes no other SQL than its own statements.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from typing import Final

from olygraph.errors import LoadError, UsageError

#: isql's names, in the order they are looked for on PATH
BINARIES: Final = ("isql-vt", "isql-v", "isql")
_ADDRESS = re.compile(r"(?:\[([0-9a-fA-F:]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})")
_ERROR = re.compile(r"^\*\*\* Error [^:]*: (?:\[[^\]]*\])*\s*(.*)$")


@dataclass(frozen=True, slots=True)
class IsqlConfig:
    """How to reach Virtuoso's SQL port; the password never shows in ``repr``."""

    binary: str
    host: str
    port: int
    user: str
    password: str = field(repr=False)

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def find_binary(given: str | None) -> str:
    """The isql client: ``given`` (a path or a name on PATH), else the first of BINARIES."""
    if given is not None:
        found = shutil.which(given)
        if found is None:
            raise UsageError(f"--isql-binary {given}: no such program")
        return found
    for name in BINARIES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise UsageError(
        "--isql: Virtuoso's isql client was not found on PATH (isql-vt, isql-v or isql; "
        "Debian: virtuoso-opensource-7-bin); name it with --isql-binary PATH"
    )


def parse_address(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:1111`` for IPv6)."""
    found = _ADDRESS.fullmatch(text)
    if found is None or not 0 < int(found[3]) < 65536:
        raise UsageError(f"--isql {text!r}: expected HOST:PORT of Virtuoso's SQL port, "
                         "such as localhost:1111")  # fmt: skip
    return found[1] or found[2], int(found[3])


def sql_string(text: str, what: str) -> str:
    """``text`` as a SQL string literal (quotes doubled). Backslashes, control characters and
    non-ASCII characters are refused: Virtuoso may read a backslash as an escape, and isql
    passes bytes in its own character set."""
    bad = next((c for c in text if c == "\\" or not " " <= c <= "~"), None)
    if bad is not None:
        raise UsageError(f"{what} {text!r}: {bad!r} cannot be given to Virtuoso's SQL safely; "
                         "use a path of ASCII letters, digits and punctuation")  # fmt: skip
    return "'" + text.replace("'", "''") + "'"


class IsqlSession:
    """One isql process logged in to Virtuoso; :meth:`run` sends statements."""

    def __init__(self, config: IsqlConfig, *, timeout: float) -> None:
        self.config = config
        self.timeout = timeout
        self.batches = 0
        self._buffer = b""
        try:
            self.process = subprocess.Popen(
                [config.binary, config.address, config.user],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C of olygraph does not cut a running batch
            )  # fmt: skip
        except OSError as err:
            raise UsageError(f"--isql-binary {config.binary}: cannot run it: "
                             f"{err.strerror or err}") from None  # fmt: skip
        try:
            self._login()
        except BaseException:
            self.kill()
            raise

    def _where(self) -> str:
        return f"Virtuoso's SQL port {self.config.address} (isql, user {self.config.user!r})"

    def _login(self) -> None:
        seen = self._until((b"Enter password", b"Connected to"), self.timeout, "connecting")
        if b"Connected to" not in seen:
            if b"Bad login" not in seen:  # not a login refused: no server there, …
                raise LoadError(f"connecting to {self._where()}: {_gist(seen)}")
            self._write(self.config.password.encode("utf-8") + b"\n")
            seen = self._until((b"Enter password", b"Connected to"), self.timeout, "connecting")
            if b"Connected to" not in seen:
                if b"Bad login" not in seen:
                    raise LoadError(f"connecting to {self._where()}: {_gist(seen)}")
                raise LoadError(f"connecting to {self._where()}: bad login; check the user "
                                "name and the password")  # fmt: skip
        self._until((b"SQL> ",), self.timeout, "connecting")

    def run(self, statements: list[str], *, what: str, timeout: float | None = None) -> list[str]:
        """Run ``statements`` (one a line, no line breaks in them); the lines isql printed.
        LoadError with the first error isql reported, naming ``what``."""
        self.batches += 1
        marker = f"olygraph-batch-{os.getpid()}-{self.batches}-done"
        text = "".join(f"{s}\n" for s in statements) + f"SELECT '{marker}';\n"
        self._write(text.encode("ascii"))
        seen = self._until((f"\n{marker}\n".encode(),), timeout, what)
        self._until((b"SQL> ",), self.timeout, what)
        lines = seen.decode("utf-8", "replace").splitlines()
        for line in lines:
            found = _ERROR.match(line)
            if found is not None:
                raise LoadError(f"{what}: Virtuoso answered: {found[1].strip()}")
        return lines

    def close(self) -> None:
        with contextlib.suppress(OSError, LoadError):  # isql may have ended (server gone)
            self._write(b"EXIT;\n")
            assert self.process.stdin is not None
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)

    def _write(self, data: bytes) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except OSError:
            raise LoadError(f"{self._where()}: isql ended: {_gist(self._buffer)}") from None

    def _until(self, wanted: tuple[bytes, ...], timeout: float | None, what: str) -> bytes:
        """Read isql's output until one of ``wanted``; what was read up to its end."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            ends = [i + len(w) for w in wanted if (i := self._buffer.find(w)) >= 0]
            if ends:
                end = min(ends)
                seen, self._buffer = self._buffer[:end], self._buffer[end:]
                return seen
            if b"Enter password" in self._buffer and b"Enter password" not in wanted:
                raise LoadError(f"{what}: lost the connection to {self._where()}")
            wait = 1.0 if deadline is None else deadline - time.monotonic()
            if wait <= 0:
                raise LoadError(f"{what}: {self._where()} did not answer within "
                                f"{timeout:g} s")  # fmt: skip
            ready, _, _ = select.select([fd], [], [], min(wait, 1.0))
            if not ready:
                continue
            data = os.read(fd, 65536)
            if not data:
                raise LoadError(f"{what}: {self._where()}: isql ended: {_gist(self._buffer)}")
            self._buffer += data


def _gist(output: bytes) -> str:
    """The last error isql printed, or its last line."""
    lines = [x.strip() for x in output.decode("utf-8", "replace").splitlines() if x.strip()]
    errors = [m[1].strip() for x in lines if (m := _ERROR.match(x))]
    if errors:
        return errors[-1]
    return lines[-1] if lines else "no output"
