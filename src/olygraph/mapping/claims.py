"""Claims that sources state about one thing, kept side by side: :class:`ClaimBook` collects
every value stated for a (subject, property) and :class:`Discrepancy` names those that disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Discrepancy:
    subject: str  # IRIs, as plain strings
    prop: str
    facet: str  # the measure, for marks ("Time"); "" otherwise
    claims: tuple[tuple[str, str], ...]  # (claim or mark node, value as text)


class ClaimBook:
    """Collects every stated value of (subject, property); disagreements become discrepancies."""

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)

    def add(self, subject: str, prop: str, node: str, value: str, facet: str = "") -> None:
        """``value``: its text (a literal's lexical form, an IRI)."""
        self._groups[(str(subject), str(prop), facet)].append((str(node), value))

    def groups(self) -> list[tuple[tuple[str, str, str], list[tuple[str, str]]]]:
        """Every (subject, property, facet) with its stated (node, value) pairs."""
        return list(self._groups.items())

    def extend(self, groups: Iterable[tuple[tuple[str, str, str], list[tuple[str, str]]]]) -> None:
        """Add the stated values of another book's :meth:`groups`."""
        for key, claims in groups:
            self._groups[key].extend(claims)

    def discrepancies(self) -> list[Discrepancy]:
        out: list[Discrepancy] = []
        for (subject, prop, facet), claims in sorted(self._groups.items()):
            if len({v for _, v in claims}) > 1:
                out.append(Discrepancy(subject, prop, facet, tuple(sorted(claims))))
        return out
