"""Proofs in Python that three SHACL-SPARQL constraints of olygraph's shapes find nothing on
a part (issue 19), for :class:`olygraph.validate.shacl.cleared.Cleared`.

RankOrderShape and TiedMarksShape (shapes/consistency.ttl) pair rows of one results table:
the two costliest queries of a part. Their rows need a round ranked by a measure, two of its
results, and two marks from the table of that measure and unit; on valid data no pair breaks
the rule. Each proof looks for a pair that *could* be an answer, reading more generously than
the query (its ``FILTER NOT EXISTS`` conditions and the results' class are left out, values
compared by value): if none is found, the query surely finds none. Any row number, rank, mark
value or direction it cannot read as a number or a boolean leaves the check to its query.
SingleValueShape finds nothing when no result has two values of one of its properties.

A proof is used only for the exact constraint text it was written for (its whitespace aside,
as :mod:`olygraph.validate.shacl.plans`): an edited constraint is checked by its query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Final

from olygraph.validate.shacl.index import Index, Values, each
from olygraph.validate.shacl.literals import STRING, key, number, parts
from olygraph.validate.shacl.plans import PLANS, fingerprint
from olygraph.vocab import OLY, XSD

Number = int | Decimal
_RANKED_BY, _RESULT, _LOWER = str(OLY.rankedBy), str(OLY.result), str(OLY.lowerIsBetter)
_RANK, _ORDER, _MARK = str(OLY.rank), str(OLY.order), str(OLY.mark)
_BOOLEAN: Final = str(XSD.boolean)
_PART, _MEASURE, _UNIT, _VALUE = (
    str(OLY.sourcePart), str(OLY.measure), str(OLY.unit), str(OLY.value)
)  # fmt: skip
#: the string "table" as the mapping writes it (plain, or typed xsd:string)
_TABLE: Final = (f"\x00table\x00{STRING}\x00", "\x00table\x00\x00")
_BY_UNIT: Final = {str(OLY.Second): 1, str(OLY.Metre): -1, str(OLY.Kilogram): -1}
_NONE: Final[dict[str, Values]] = {}


class UnreadableError(Exception):
    """A value the proof cannot read exactly: the query decides."""


def _numbers(values: Values | None) -> list[Number]:
    out = []
    for v in each(values):
        lit = parts(v)
        found = None if lit is None else number(lit[0], lit[1])
        if found is None:
            raise UnreadableError(v)
        out.append(found)
    return out


class _Row:
    """One result of a round as both proofs read it."""

    __slots__ = ("marks", "orders", "ranks")

    def __init__(self, index: Index, node: str) -> None:
        row = index.get(node, _NONE)
        self.ranks = _numbers(row.get(_RANK))
        self.orders = _numbers(row.get(_ORDER))
        #: (measure, unit, value) of each mark from the results table
        self.marks: list[tuple[str, str, Number]] = []
        for m in each(row.get(_MARK)):
            mark = index.get(m, _NONE)
            if not any(p in _TABLE for p in each(mark.get(_PART))):
                continue
            for value in _numbers(mark.get(_VALUE)):
                for measure in each(mark.get(_MEASURE)):
                    for unit in each(mark.get(_UNIT)):
                        self.marks.append((key(measure), unit, value))


Rounds = list[tuple[str, set[str], list[_Row]]]


def _rounds(index: Index, memo: dict[str, object]) -> Rounds:
    """Each round ranked by a measure: its node, its measures, its results' rows (read once
    per part for both proofs: ``memo``)."""
    found = memo.get("rounds")
    if found is None:
        rounds: Rounds = []
        for node, row in index.items():
            measures = row.get(_RANKED_BY)
            if measures is not None:
                rows = [_Row(index, r) for r in each(row.get(_RESULT))]
                rounds.append((node, {key(m) for m in each(measures)}, rows))
        found = memo["rounds"] = rounds
    return found  # type: ignore[return-value]


def rank_order(index: Index, memo: dict[str, object]) -> bool:
    """RankOrderShape finds nothing: no row ranked ahead of one of the next three rows with
    a worse mark of the round's measure (direction: ``oly:lowerIsBetter``, else the unit)."""
    try:
        for node, measures, rows in _rounds(index, memo):
            lower = list(each(index[node].get(_LOWER)))
            by_order: dict[Number, list[_Row]] = {}
            for r in rows:
                for o in r.orders:
                    by_order.setdefault(o, []).append(r)
            for x in rows:
                later = [y for o in x.orders for d in (1, 2, 3) for y in by_order.get(o + d, ())]
                for y in later:
                    if _worse_ahead(x, y, measures, lower):
                        return False
    except UnreadableError:
        return False
    return True


def _worse_ahead(x: _Row, y: _Row, measures: set[str], lower: list[str]) -> bool:
    if not any(r1 < r2 for r1 in x.ranks for r2 in y.ranks):
        return False
    for measure, unit, v1 in x.marks:
        if measure not in measures:
            continue
        for d in _directions(lower, unit):
            for measure2, unit2, v2 in y.marks:
                if measure2 == measure and unit2 == unit and d * (v1 - v2) > 0:
                    return True
    return False


def _directions(lower: list[str], unit: str) -> set[int]:
    """The values the query's ``?direction`` can take for a mark of ``unit``."""
    if not lower:
        found = _BY_UNIT.get(unit)
        return set() if found is None else {found}
    out: set[int] = set()
    for v in lower:
        lit = parts(v)
        if lit is not None and lit[1] == _BOOLEAN and lit[0] in ("true", "1"):
            out.add(1)
        elif lit is not None and lit[1] == _BOOLEAN and lit[0] in ("false", "0"):
            out.add(-1)
        else:  # another value: its effective boolean value, if any
            out |= {1, -1}
    return out


def tied_marks(index: Index, memo: dict[str, object]) -> bool:
    """TiedMarksShape finds nothing: no two rows of a round with one rank and different marks
    of the round's measure (and unit)."""
    try:
        for _, measures, rows in _rounds(index, memo):
            by_rank: dict[Number, list[_Row]] = {}
            for r in rows:
                for rank in r.ranks:
                    by_rank.setdefault(rank, []).append(r)
            for group in by_rank.values():
                for x in group:
                    for y in group:
                        if _tie_differs(x, y, measures):
                            return False
    except UnreadableError:
        return False
    return True


def _tie_differs(x: _Row, y: _Row, measures: set[str]) -> bool:
    if not any(o1 < o2 for o1 in x.orders for o2 in y.orders):
        return False
    return any(
        m1 == m2 and m1 in measures and u1 == u2 and v1 != v2
        for m1, u1, v1 in x.marks
        for m2, u2, v2 in y.marks
    )


_SINGLE: Final = tuple(
    str(OLY[p]) for p in ("rank", "rankTo", "tied", "noc", "competitor", "order")
)


def single_value(index: Index, results: Iterable[str] | None, _memo: dict[str, object]) -> bool:
    """SingleValueShape finds nothing: no result (``results``; None: every subject) has two
    values of one of its six properties (a value written once is one term)."""
    rows = index.values() if results is None else (index.get(r, _NONE) for r in results)
    return not any(isinstance(row.get(p), set) for row in rows for p in _SINGLE)


#: the proof of each constraint, by its text (see :func:`.plans.fingerprint`): given the index
#: the focus nodes of the shape's class (None: unknown, every subject) and a memo for the part
Proof = Callable[[Index, "Iterable[str] | None", dict[str, object]], bool]


@lru_cache(maxsize=256)
def proof(shape: object, select: str) -> Proof | None:
    """The proof for the constraint ``select`` of ``shape``, when one was written for it
    (asked for each part: the answer is kept)."""
    return _written().get(f"{shape} {fingerprint(select)}")


@lru_cache(maxsize=1)
def _written() -> dict[str, Proof]:
    """The proofs, by shape and the fingerprint of the constraint text they were written for
    (those of :mod:`olygraph.validate.shacl.plans`, and SingleValueShape's)."""
    shapes = "https://w3id.org/olygraph/shapes#"
    written = {name: PLANS[shapes + name][0] for name in ("RankOrderShape", "TiedMarksShape")} | {
        "SingleValueShape": "50397787da491ef0"
    }
    made: dict[str, Proof] = {
        "RankOrderShape": lambda index, _results, memo: rank_order(index, memo),
        "TiedMarksShape": lambda index, _results, memo: tied_marks(index, memo),
        "SingleValueShape": single_value,
    }
    return {f"{shapes}{name} {written[name]}": fn for name, fn in made.items()}
