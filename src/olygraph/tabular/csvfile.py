"""Open a CSV file (plain or gzip; CRLF, LF or bare CR line endings) and tell its kind.

The kind of a file is told by its header line, never by its name (docs/history-model.md):
``ID,Name,Sex,…,Medal`` is the athlete table, ``NOC,region,notes`` the NOC table. A header
that holds neither is an error naming the closest known kind and the columns it lacks.
Row numbers are physical line numbers (the header is line 1).
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, Final, cast

from olygraph.errors import InputError

GZIP_MAGIC: Final = b"\x1f\x8b"
_PEEK = 65536


@dataclass(frozen=True, slots=True)
class TableKind:
    """A kind of CSV table olygraph reads: its name (the IRI segment) and its columns."""

    name: str
    label: str
    columns: tuple[str, ...]


ATHLETE_EVENTS: Final = TableKind(
    "athlete-events",
    "the athlete table (athlete_events.csv)",
    (
        "ID", "Name", "Sex", "Age", "Height", "Weight", "Team", "NOC", "Games", "Year",
        "Season", "City", "Sport", "Event", "Medal",
    ),
)  # fmt: skip
NOC_REGIONS: Final = TableKind(
    "noc-regions", "the NOC table (noc_regions.csv)", ("NOC", "region", "notes")
)
KINDS: Final = (ATHLETE_EVENTS, NOC_REGIONS)


@dataclass(frozen=True, slots=True)
class Header:
    """A file's header: its kind, its columns as written, and where each column of the kind
    is (``order[i]`` is the position in a row of ``kind.columns[i]``)."""

    kind: TableKind
    columns: tuple[str, ...]
    order: tuple[int, ...]

    @property
    def canonical(self) -> bool:
        """True when rows already come in the kind's column order with nothing extra."""
        return self.columns == self.kind.columns


def match_kind(columns: tuple[str, ...]) -> TableKind | None:
    """The kind whose columns the header holds (in any order, extra columns allowed)."""
    have = set(columns)
    return next((k for k in KINDS if set(k.columns) <= have), None)


def unknown_header(file: str, columns: tuple[str, ...]) -> InputError:
    have = set(columns)
    closest = max(KINDS, key=lambda k: len(have & set(k.columns)))  # ties: the first kind
    missing = ", ".join(c for c in closest.columns if c not in have)
    return InputError(
        file,
        f"unknown CSV header {','.join(columns)!r}; the closest known kind is {closest.label}, "
        f"which also needs the columns {missing}",
        line=1,
    )


class CsvFile:
    """An open CSV file: rows with their line numbers, and how far into the file we are.

    ``newline=""`` lets the csv module see CR, LF and CRLF as they are, so bare-CR files
    (the NOC table) read correctly; :class:`_Lines` drops a byte-order mark.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = str(path)
        try:
            self.size = path.stat().st_size
            self._raw: BinaryIO = path.open("rb")
        except OSError as err:
            raise InputError(self.file, f"cannot read the file: {err.strerror or err}") from None
        self._open()

    def _open(self) -> None:
        self._raw.seek(0)
        head = self._raw.read(2)
        self._raw.seek(0)
        binary = gzip.GzipFile(fileobj=self._raw) if head == GZIP_MAGIC else self._raw
        # undecodable bytes become lone surrogates, found line by line in _Lines: decoding
        # runs ahead of the csv reader, so its own error named a line far before the byte
        self._text = io.TextIOWrapper(
            cast(IO[bytes], binary), encoding="utf-8", errors="surrogateescape", newline=""
        )
        self._lines = _Lines(self._text, self.file, gzipped=head == GZIP_MAGIC)
        self.reader = csv.reader(self._lines)
        self.line = 0  # the line the last row started on
        self._next_line = 1

    def restart(self) -> None:
        """Back to the start of the file (for a second pass); read the header again."""
        inner = self._text.detach()
        if inner is not self._raw:
            inner.close()  # the gzip layer; it leaves the file it was given open
        self._open()

    def __enter__(self) -> CsvFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._text.close()
        self._raw.close()

    def position(self) -> int:
        """Bytes of the file (compressed, for gzip) read so far, for progress."""
        return self._raw.tell()

    def header(self) -> Header:
        first = next(self._checked(), None)
        if first is None:
            raise InputError(self.file, "empty file, expected a CSV header line")
        columns = tuple(first)
        kind = match_kind(columns)
        if kind is None:
            raise unknown_header(self.file, columns)
        order = tuple(columns.index(c) for c in kind.columns)
        return Header(kind, columns, order)

    def rows(self) -> Iterator[list[str]]:
        """The rows after the header; ``self.line`` is each row's (first) line number.
        Blank lines are passed over."""
        return self._checked()

    def _checked(self) -> Iterator[list[str]]:
        reader = self.reader
        try:
            for fields in reader:
                self.line = self._next_line
                self._next_line = reader.line_num + 1
                if fields:
                    yield fields
        except csv.Error as err:
            problem = f"not a readable CSV row: {err}"
            raise InputError(self.file, problem, line=reader.line_num) from None
        except (OSError, EOFError, zlib.error) as err:
            problem = f"cannot read the file: {err}"
            raise InputError(self.file, problem, line=reader.line_num + 1) from None


class _Lines:
    """The physical lines of a text stream (CR, LF or CRLF), for the csv reader, checked for
    bytes that were not UTF-8: the error names that line and the byte offset of the bad byte
    in the file (in the uncompressed data of a gzip file)."""

    def __init__(self, text: io.TextIOWrapper, file: str, *, gzipped: bool) -> None:
        self.text = text
        self.file = file
        self.gzipped = gzipped
        self.number = 0
        self.offset = 0  # bytes before the current line

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.text)
        if self.number == 0 and line.startswith("\ufeff"):  # a byte-order mark: 3 bytes
            line = line[1:]
            self.offset = 3
        self.number += 1
        start = self.offset
        if line.isascii():
            self.offset += len(line)
            return line
        try:
            self.offset += len(line.encode("utf-8"))
        except UnicodeEncodeError as err:
            at = start + len(line[: err.start].encode("utf-8", "surrogateescape"))
            byte = ord(line[err.start]) - 0xDC00
            where = " of the uncompressed data" if self.gzipped else ""
            raise InputError(
                self.file,
                f"not UTF-8: invalid byte 0x{byte:02x} at line {self.number}, byte offset "
                f"{at}{where}; expected UTF-8 text",
                line=self.number,
            ) from None
        return line


def sniff_kind(path: Path) -> TableKind | None:
    """The kind of ``path`` when its first line is a known CSV header, else None (an article,
    or a file that cannot be read: the article reader then says why)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_PEEK)
            if head[:2] == GZIP_MAGIC:
                head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _PEEK)
    except (OSError, zlib.error):
        return None
    first = head.replace(b"\r", b"\n").split(b"\n", 1)[0]
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    row = next(csv.reader([text]), [])
    return match_kind(tuple(row))


def is_csv_name(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".csv", ".csv.gz"))
