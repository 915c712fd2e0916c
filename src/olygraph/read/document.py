"""The syntax model of an article: what the text says, with line numbers, and no meaning yet.

``read.article.parse_article`` builds a :class:`Document`; ``extract`` turns it into facts.
Line numbers are 1-based lines of the input file.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from olygraph.facts import Problem


@dataclass(frozen=True, slots=True)
class InfoboxEntry:
    """One ``- Key: Value`` line of the infobox block."""

    key: str
    value: str
    line: int


@dataclass(frozen=True, slots=True)
class Heading:
    """A ``==Title==`` (level 2) … ``=====Title=====`` (level 5) heading."""

    title: str
    level: int
    line: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of prose lines (joined with a space). ``truncated`` when the file ends inside it.

    ``offsets`` holds where each source line starts in ``text``; ``line_at`` maps back.
    """

    text: str
    line: int
    section: tuple[str, ...]
    truncated: bool = False
    offsets: tuple[int, ...] = ()

    def line_at(self, offset: int) -> int:
        """The file line holding character ``offset`` of ``text``."""
        return self.line + max(0, bisect_right(self.offsets, offset) - 1)


@dataclass(frozen=True, slots=True)
class ListItem:
    """A ``- text`` line outside the infobox (e.g. judges, sources)."""

    text: str
    line: int
    section: tuple[str, ...]
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """One ``| a | b |`` line, its cells stripped. ``complete`` is False for a row cut by EOF."""

    cells: tuple[str, ...]
    line: int
    raw: str
    complete: bool = True


@dataclass(frozen=True, slots=True)
class Table:
    """Consecutive ``|`` lines. ``rows`` are raw (the first is usually the header).

    ``index`` numbers the tables of a document from 1 in order of appearance.
    """

    index: int
    line: int
    section: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def header(self) -> Row | None:
        return self.rows[0] if self.rows else None


@dataclass(frozen=True, slots=True)
class NormalisedRow:
    """A data row aligned to the header's columns.

    ``cells`` has exactly as many entries as the header. ``spanned`` is True when the row lost
    its first cell to a row-span in the source (the tied-row pattern of DESIGN.md): its first
    cell is then ``""`` and its meaning is "same as the row above" for that column.
    ``repaired`` describes what normalisation did (padding, shifting, trimming), for reports.
    """

    cells: tuple[str, ...]
    line: int
    raw: str
    spanned: bool = False
    repaired: str = ""


Block = Heading | Paragraph | ListItem | Table


@dataclass(frozen=True, slots=True)
class Document:
    """An article as read: title, infobox, blocks in order, and the problems met while reading."""

    file: str  # display name of the source (the file name, never a machine path)
    title: str
    title_line: int
    infobox: tuple[InfoboxEntry, ...]
    blocks: tuple[Block, ...]
    problems: tuple[Problem, ...] = field(default=())
    truncated: bool = False  # the file does not end with a newline: it was cut off
    line_count: int = 0

    def infobox_value(self, key: str) -> InfoboxEntry | None:
        """First infobox entry whose key matches ``key`` case-insensitively."""
        wanted = key.casefold()
        for entry in self.infobox:
            if entry.key.casefold() == wanted:
                return entry
        return None

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))
