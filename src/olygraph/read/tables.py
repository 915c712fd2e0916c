"""Align the rows of a :class:`Table` to its header, repairing the row-span pattern.

The renderer drops the rank cell of a tied row (it was row-spanned in the source) and pads the
row with an empty cell at the end. Such a row is recognised by column-type fit: each column gets a
profile of cell kinds (integer, rank, mark, status, text, empty …) learned from the rows that
cannot be shifted, plus hints from the header names; a candidate row (last cell empty) is shifted
right by one only when the shifted reading fits the profiles strictly better than the row as is.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from olygraph.facts import Problem
from olygraph.read.document import NormalisedRow, Table

__all__ = ["cell_kind", "normalise_table"]

Profile = dict[str, float]

_STATUS = frozenset(
    {"dnf", "dns", "dsq", "dq", "wd", "ac", "nm", "nh", "dnq", "dnc", "ret", "—", "–", "-"}
)
_INT = re.compile(r"\d+|\d{1,3}(?:,\d{3})+")
_RANK = re.compile(r"(?:=\s*|T)\d+|\d+\s*=|\d+\s*[–—-]\s*\d+|\d+(?:st|nd|rd|th)", re.IGNORECASE)
_YEARS = re.compile(r"\d{4}\s*[–—-]\s*\d{4}")
_NUMBER = re.compile(r"(?P<number>[+-]?\d+(?:[:.,]\d+)*)(?P<rest>.*)")
_MARK_SUFFIX = re.compile(
    r"(?:\s*(?:=?[A-Z]{1,3}|[a-z]{1,3}\.?|\(\*\)|\*+|\([A-Za-z]{1,3}\))(?![A-Za-z]))+"
)

_AFFINITY: dict[frozenset[str], float] = {
    frozenset({"int", "rank"}): 0.8,
    frozenset({"int", "mark"}): 0.5,
    frozenset({"rank", "mark"}): 0.1,
    frozenset({"mark", "status"}): 0.4,
    frozenset({"int", "status"}): 0.2,
    frozenset({"rank", "status"}): 0.2,
    frozenset({"text", "status"}): 0.3,
    frozenset({"int", "years"}): 0.3,
}
_ALPHA = 0.5  # smoothing: how much an unseen kind is tolerated
_EPSILON = 1e-9

_NAMED = (
    r"athlete|name|competitor|cyclist|swimmer|gymnast|diver|skater|player|rider|runner|"
    r"fencer|shooter|lifter|weightlifter|boxer|wrestler|rower|crew|boat|pair|jumper|thrower"
)
_HINTS: tuple[tuple[re.Pattern[str], Profile], ...] = (
    (
        re.compile(r"(?:rank|place|pos|position|pl|rk|#|standing)\.?", re.IGNORECASE),
        {"int": 0.5, "rank": 0.5},
    ),
    (
        re.compile(
            r".*\b(?:time|mark|score|points?|result|distance|weight|total|lift|height|"
            r"gold|silver|bronze)s?\b.*",
            re.IGNORECASE,
        ),
        {"mark": 0.5, "int": 0.4, "status": 0.1},
    ),
    (
        re.compile(r".*\b(?:nation|country|noc|team)s?\b.*", re.IGNORECASE),
        {"text": 0.5, "empty": 0.5},
    ),
    (re.compile(rf".*\b(?:{_NAMED})s?\b.*", re.IGNORECASE), {"text": 0.5, "empty": 0.5}),
    (re.compile(r"notes?|remarks?|comments?|qual\.?", re.IGNORECASE), {"empty": 0.6, "text": 0.4}),
)


@lru_cache(maxsize=1 << 13)  # ranks, marks, names, codes recur in every table
def cell_kind(cell: str) -> str:
    """Kind of a cell: empty, int, rank, years, mark, status or text."""
    text = cell.strip()
    if not text:
        return "empty"
    if text.casefold() in _STATUS:
        return "status"
    if _INT.fullmatch(text):
        return "int"
    if _YEARS.fullmatch(text):
        return "years"
    if _RANK.fullmatch(text):
        return "rank"
    match = _NUMBER.fullmatch(text)
    if match is not None:
        rest = match.group("rest")
        if not rest.strip() or _MARK_SUFFIX.fullmatch(rest):
            return "mark"
    return "text"


def _affinity(a: str, b: str) -> float:
    return 1.0 if a == b else _AFFINITY.get(frozenset((a, b)), 0.0)


def _hint(name: str) -> Profile:
    for pattern, profile in _HINTS:
        if pattern.fullmatch(name.strip()):
            return dict(profile)
    return {}


def _score(
    kinds: list[str],
    profiles: list[Profile],
    spanned: bool,
    memo: dict[tuple[int, str], float],
) -> float:
    """Log-likelihood of a row's cell kinds under the column profiles (smoothed). ``memo``:
    the fits of (column, kind) already computed for these profiles."""
    total = 0.0
    for j, (kind, profile) in enumerate(zip(kinds, profiles, strict=True)):
        if spanned and j == 0:
            continue  # the spanned cell repeats the row above: a perfect fit by construction
        fit = memo.get((j, kind))
        if fit is None:
            mass = sum(profile.values())
            support = sum(_affinity(kind, other) * weight for other, weight in profile.items())
            fit = memo[(j, kind)] = math.log((support + _ALPHA) / (mass + _ALPHA))
        total += fit
    return total


def _fits(kinds: list[str], profiles: list[Profile]) -> bool:
    """Every filled cell (after the spanned first one) is of a kind its column has shown."""
    for kind, profile in zip(kinds[1:], profiles[1:], strict=True):
        if kind == "empty" or not profile:
            continue
        if not any(_affinity(kind, other) * weight for other, weight in profile.items()):
            return False
    return True


def _is_reference(cells: tuple[str, ...]) -> bool:
    """A row that cannot be a shifted tie: its last cell is filled or it starts with a rank."""
    return bool(cells[-1]) or cell_kind(cells[0]) in ("int", "rank")


def _profiles(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[Profile]:
    profiles = [_hint(name) for name in header]
    for cells in rows:
        if _is_reference(cells):
            for j, cell in enumerate(cells):
                kind = cell_kind(cell)
                profiles[j][kind] = profiles[j].get(kind, 0.0) + 1.0
    return profiles


def _rank_column(profile: Profile) -> bool:
    """True when the first column holds ranks (so a row-span there is plausible)."""
    filled = {kind: weight for kind, weight in profile.items() if kind != "empty"}
    total = sum(filled.values())
    ranked = filled.get("int", 0.0) + filled.get("rank", 0.0)
    return total > 0 and ranked * 2 >= total


def _align(
    cells: tuple[str, ...], width: int, file: str, line: int
) -> tuple[tuple[str, ...], str, Problem | None]:
    """Pad or trim ``cells`` to ``width``; report non-empty cells that had to be dropped."""
    values = list(cells)
    while len(values) > width and not values[-1]:
        values.pop()
    problem = None
    repaired = ""
    if len(values) > width:
        dropped = values[width:]
        values = values[:width]
        repaired = f"trimmed {len(dropped)} extra cell(s)"
        problem = Problem(
            "unparsed-value",
            file,
            line,
            f"row has {len(cells)} cells but the header {width}; its cells cannot be aligned "
            "to the columns, so the row is not mapped",
            " | ".join(dropped),
        )
    elif len(values) < width:
        repaired = f"padded {width - len(values)} empty cell(s)"
        values.extend([""] * (width - len(values)))
    return tuple(values), repaired, problem


def normalise_table(
    table: Table, file: str, header_row: int = 0
) -> tuple[tuple[str, ...], tuple[NormalisedRow, ...], tuple[Problem, ...]]:
    """Header cells, data rows aligned to the header, and problems met.

    The header is ``table.rows[header_row]``; the rows after it are data. Incomplete rows (cut by
    the end of the file) are left out: the parser has reported them already.
    """
    if not 0 <= header_row < len(table.rows):
        if not table.rows:
            return (), (), ()
        message = f"table {table.index} has no row {header_row + 1} to use as its header"
        return (), (), (Problem("skipped", file, table.line, message),)
    header = table.rows[header_row].cells
    width = len(header)
    problems: list[Problem] = []
    aligned: list[tuple[tuple[str, ...], str, int, str]] = []
    for row in table.rows[header_row + 1 :]:
        if not row.complete:
            continue
        cells, repaired, problem = _align(row.cells, width, file, row.line)
        if problem is not None:
            problems.append(problem)
            continue  # a split or extra cell: any alignment would be a guess
        aligned.append((cells, repaired, row.line, row.raw))

    if width < 2:
        result = tuple(NormalisedRow(c, line, raw, repaired=r) for c, r, line, raw in aligned)
        return header, result, tuple(problems)

    profiles = _profiles(header, [cells for cells, _, _, _ in aligned])
    may_shift = _rank_column(profiles[0])
    memo: dict[tuple[int, str], float] = {}
    result_rows: list[NormalisedRow] = []
    for cells, repaired, line, raw in aligned:
        if may_shift and not cells[-1]:
            shifted = ("", *cells[:-1])
            as_is = _score([cell_kind(c) for c in cells], profiles, False, memo)
            kinds = [cell_kind(c) for c in shifted]
            moved = _score(kinds, profiles, True, memo)
            if moved > as_is + _EPSILON and not _fits(kinds, profiles):
                problems.append(
                    Problem(
                        "unparsed-value",
                        file,
                        line,
                        "row fits the columns neither as written nor as a tied row that lost its "
                        "rank cell; not mapped",
                        raw,
                    )
                )
                continue
            if moved > as_is + _EPSILON:
                note = "row-span: shifted right by one"
                repaired = f"{repaired}; {note}" if repaired else note
                result_rows.append(NormalisedRow(shifted, line, raw, True, repaired))
                continue
        result_rows.append(NormalisedRow(cells, line, raw, repaired=repaired))
    return header, tuple(result_rows), tuple(problems)
