"""Syntax reader for the plain-text article format: text → :class:`Document`, no meaning yet.

The format (DESIGN.md, "The input format"): a ``= Title =`` line, an optional ``Infobox`` block of
``- Key: Value`` lines ended by a blank line, then headings, paragraphs, list items and ``|``
tables. A file that does not end with a newline was cut off: its last construct is flagged and
reported. Apart from :class:`~olygraph.errors.InputError` for unreadable input, nothing raises;
whatever is not understood becomes a :class:`Problem` with its line.
"""

from __future__ import annotations

import re
from pathlib import Path

from olygraph.errors import InputError
from olygraph.facts import Problem, ProblemKind
from olygraph.read.document import (
    Block,
    Document,
    Heading,
    InfoboxEntry,
    ListItem,
    Paragraph,
    Row,
    Table,
)

__all__ = ["parse_article", "parse_article_bytes", "read_article_file"]

_NEWLINE = re.compile(r"\r\n|\r|\n")
_INFOBOX_START = re.compile(r"infobox(?:\s+[\w ]{1,50})?", re.IGNORECASE)
_INFOBOX_ENTRY = re.compile(r"-\s*(?P<key>[^:]*[^:\s])\s*:(?P<value>.*)")
_LIST_ITEM = re.compile(r"[-*•]\s+(?P<text>.*\S)")
_EMPTY_LIST_ITEM = re.compile(r"[-*•]")
_RULE = re.compile(r"-{3,}")
_MARKUP = re.compile(r"(?:<[^<>]*>\s*)+|\{\{[^{}]*\}\}|__[A-Z]+__|\[\[Category:[^\]]*\]\]")
_SHOWN = 60  # characters of a line quoted in messages


def _shown(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _tail(text: str) -> str:
    return text if len(text) <= _SHOWN else "…" + text[-(_SHOWN - 1) :]


def _heading_parts(stripped: str) -> tuple[int, str, bool]:
    """``(level, title, closed)`` of a line starting with ``=``."""
    body = stripped.lstrip("=")
    level = len(stripped) - len(body)
    inner = body.rstrip("=")
    return level, inner.strip(), len(inner) < len(body)


class _Parser:
    """One pass over the lines of an article, after the title (and infobox)."""

    def __init__(self, file: str, lines: list[str], truncated: bool) -> None:
        self.file = file
        self.lines = lines
        self.truncated = truncated
        self.problems: list[Problem] = []
        self.blocks: list[Block] = []
        self.infobox: list[InfoboxEntry] = []
        self.sections: list[tuple[int, str]] = []
        self.para: list[str] = []
        self.para_start = 0
        self.rows: list[Row] = []
        self.table_count = 0

    # -- helpers ---------------------------------------------------------------------------
    def problem(self, kind: ProblemKind, line: int, message: str, text: str = "") -> None:
        self.problems.append(Problem(kind, self.file, line, message, text))

    def is_cut(self, line: int) -> bool:
        """True for the last line of a file that does not end with a newline."""
        return self.truncated and line == len(self.lines)

    @property
    def section(self) -> tuple[str, ...]:
        return tuple(title for _, title in self.sections)

    def flush_paragraph(self) -> None:
        if not self.para:
            return
        last = self.para_start + len(self.para) - 1
        cut = self.is_cut(last)
        text = " ".join(self.para)
        offsets = [0]
        for part in self.para[:-1]:
            offsets.append(offsets[-1] + len(part) + 1)
        self.blocks.append(
            Paragraph(text, self.para_start, self.section, truncated=cut, offsets=tuple(offsets))
        )
        if cut:
            self.problem(
                "truncated-text", last, "paragraph cut off by the end of the file", _tail(text)
            )
        self.para = []

    def flush_table(self) -> None:
        if not self.rows:
            return
        self.table_count += 1
        line = self.rows[0].line
        self.blocks.append(Table(self.table_count, line, self.section, tuple(self.rows)))
        self.rows = []

    def flush(self) -> None:
        self.flush_paragraph()
        self.flush_table()

    # -- infobox ---------------------------------------------------------------------------
    def read_infobox(self, start: int) -> int:
        """Read the ``- Key: Value`` lines after the ``Infobox`` line; return the next index."""
        i = start
        while i < len(self.lines):
            n = i + 1
            stripped = self.lines[i].strip()
            if not stripped or stripped.startswith(("|", "==")):
                break
            match = _INFOBOX_ENTRY.fullmatch(stripped)
            if match is None:
                self.problem(
                    "unparsed-line", n, "infobox line is not '- Key: Value'", _shown(stripped)
                )
            elif self.is_cut(n):
                self.problem(
                    "truncated-text",
                    n,
                    "infobox entry cut off by the end of the file; not used",
                    stripped,
                )
            else:
                key, value = match.group("key").strip(), match.group("value").strip()
                self.infobox.append(InfoboxEntry(key, value, n))
            i += 1
        return i

    # -- body ------------------------------------------------------------------------------
    def read_body(self, start: int) -> None:
        for i in range(start, len(self.lines)):
            self.read_line(i + 1, self.lines[i])
        self.flush()
        if self.truncated and not any(p.line == len(self.lines) for p in self.problems):
            self.problem(
                "truncated-text",
                len(self.lines),
                "file does not end with a newline; its last line looks complete, "
                "but what followed it is missing",
                _tail(self.lines[-1].strip()),
            )

    def read_line(self, n: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            self.flush()
            return
        if stripped.startswith("|"):
            self.flush_paragraph()
            self.read_row(n, line, stripped)
            return
        self.flush_table()
        if stripped.startswith("="):
            if self.read_heading(n, stripped):
                return
        elif _RULE.fullmatch(stripped) or _MARKUP.fullmatch(stripped):
            self.flush_paragraph()
            self.problem("skipped", n, "layout markup without content", _shown(stripped))
            return
        elif (item := _LIST_ITEM.fullmatch(stripped)) is not None:
            self.flush_paragraph()
            cut = self.is_cut(n)
            self.blocks.append(ListItem(item.group("text"), n, self.section, truncated=cut))
            if cut:
                self.problem(
                    "truncated-text", n, "list item cut off by the end of the file", stripped
                )
            return
        elif _EMPTY_LIST_ITEM.fullmatch(stripped):
            self.flush_paragraph()
            self.problem("skipped", n, "list item without text", stripped)
            return
        if not self.para:
            self.para_start = n
        self.para.append(stripped)

    def read_heading(self, n: int, stripped: str) -> bool:
        """Handle a line starting with ``=``; False when it is prose after all."""
        level, title, closed = _heading_parts(stripped)
        if level == 1:
            if not closed:
                return False  # prose that happens to start with "=" (e.g. "=6 ...")
            self.flush_paragraph()
            self.problem(
                "unparsed-line", n, "a second '= Title =' line inside the article", stripped
            )
            return True
        self.flush_paragraph()
        if not title:
            self.problem("unparsed-line", n, "heading line without a title", _shown(stripped))
            return True
        if not closed and self.is_cut(n):
            self.problem("truncated-text", n, "heading cut off by the end of the file", stripped)
            return True
        if not closed:
            self.problem(
                "ambiguous",
                n,
                f"heading without closing '='; read as a level-{level} heading",
                stripped,
            )
        while self.sections and self.sections[-1][0] >= level:
            self.sections.pop()
        self.sections.append((level, title))
        self.blocks.append(Heading(title, level, n))
        return True

    def read_row(self, n: int, raw: str, stripped: str) -> None:
        cut = self.is_cut(n)
        if len(stripped) >= 2 and stripped.endswith("|"):
            cells = tuple(cell.strip() for cell in stripped[1:-1].split("|"))
            wanted = len(self.rows[0].cells) if self.rows else 0
            if cut and len(cells) < wanted:
                self.rows.append(Row(cells, n, raw, complete=False))
                self.problem(
                    "incomplete-row",
                    n,
                    f"table row cut off by the end of the file ({len(cells)} of {wanted} cells)",
                    stripped,
                )
                return
            if any(cells) and all(not c or _MARKUP.fullmatch(c) for c in cells):
                self.problem("skipped", n, "table row of layout markup only", _shown(stripped))
                return
            self.rows.append(Row(cells, n, raw))
            return
        parts = [cell.strip() for cell in stripped[1:].split("|")]
        if cut:
            if parts and not parts[-1]:
                parts.pop()
            self.rows.append(Row(tuple(parts), n, raw, complete=False))
            self.problem("incomplete-row", n, "table row cut off by the end of the file", stripped)
        elif stripped == "|":
            self.problem("unparsed-line", n, "a lone '|' inside the file is no table row", "|")
        else:
            self.rows.append(Row(tuple(parts), n, raw))
            self.problem(
                "unparsed-line",
                n,
                "table row does not end with '|'; its cells were read as they stand",
                _shown(stripped),
            )


def _title(file: str, lines: list[str]) -> tuple[int, str]:
    """Index and text of the title line; InputError when there is none."""
    index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if index is None:
        raise InputError(file, "empty file, expected an article starting with a '= Title =' line")
    n = index + 1
    stripped = lines[index].strip()
    expected = "expected a '= Title =' line as the first non-blank line"
    if not stripped.startswith("="):
        raise InputError(file, f"found {_shown(stripped)!r}; {expected}", line=n)
    level, title, closed = _heading_parts(stripped)
    if level != 1:
        raise InputError(
            file, f"found a level-{level} heading {_shown(stripped)!r}; {expected}", line=n
        )
    if not closed:
        raise InputError(
            file, f"title line {_shown(stripped)!r} has no closing '='; {expected}", line=n
        )
    if not title:
        raise InputError(file, f"empty title in {stripped!r}; {expected}", line=n)
    return index, title


#: control and separator characters other than tab and line ends (U+2028, NEL, form feed …)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")


def parse_article(text: str, file: str) -> Document:
    """Read an article's text into a :class:`Document`; InputError when it has no title line.

    ``file`` is the display name used in problems. CRLF and CR line endings and a leading BOM
    are accepted.
    """
    text = _CONTROL.sub(" ", text.removeprefix("\ufeff"))
    lines = _NEWLINE.split(text)
    if lines and lines[-1] == "":
        lines.pop()  # the text ends with a newline (or is empty)
    index, title = _title(file, lines)
    truncated = not text.endswith(("\n", "\r")) and bool(lines[-1].strip())
    parser = _Parser(file, lines, truncated)
    i = index + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and _INFOBOX_START.fullmatch(lines[i].strip()):
        i = parser.read_infobox(i + 1)
    parser.read_body(i)
    return Document(
        file=file,
        title=title,
        title_line=index + 1,
        infobox=tuple(parser.infobox),
        blocks=tuple(parser.blocks),
        problems=tuple(sorted(parser.problems, key=lambda p: p.line or 0)),
        truncated=truncated,
        line_count=len(lines),
    )


def _display_name(path: Path) -> str:
    return path.name or "input"


def read_article_file(path: Path, display: str | None = None) -> Document:
    """Read and parse an article file; InputError when unreadable, not UTF-8, empty or untitled.

    ``display`` names the file in problems and errors (default: the file name, not its path).
    """
    name = display if display is not None else _display_name(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(name, f"cannot read the file: {reason}") from None
    return parse_article_bytes(data, name)


def parse_article_bytes(data: bytes, name: str) -> Document:
    """Parse an article file's bytes (``name`` names it in problems and errors); InputError
    when not UTF-8, empty or untitled."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(name, "not UTF-8 (it starts with a UTF-16 byte-order mark)")
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skip + error.start
        line = len(re.split(rb"\r\n|\r|\n", data[:offset]))
        raise InputError(
            name,
            f"not UTF-8: invalid byte 0x{data[offset]:02x} at line {line}, byte offset {offset}; "
            "expected UTF-8 text",
            line=line,
        ) from None
    return parse_article(text, name)
