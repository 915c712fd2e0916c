"""Claims that sources state about one thing, kept side by side: :class:`ClaimBook` collects
every value stated for a (subject, property) and :class:`Discrepancy` names those that disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node


@dataclass(frozen=True, slots=True)
class Discrepancy:
    subject: URIRef
    prop: URIRef
    facet: str  # the measure, for marks ("Time"); "" otherwise
    claims: tuple[tuple[URIRef, str], ...]  # (claim or mark node, value as text)


class ClaimBook:
    """Collects every stated value of (subject, property); disagreements become discrepancies."""

    def __init__(self) -> None:
        self._groups: dict[tuple[URIRef, URIRef, str], list[tuple[URIRef, str]]] = defaultdict(list)

    def add(
        self, subject: URIRef, prop: URIRef, node: URIRef, value: Node | str, facet: str = ""
    ) -> None:
        self._groups[(subject, prop, facet)].append((node, str(value)))

    def discrepancies(self) -> list[Discrepancy]:
        out: list[Discrepancy] = []
        for (subject, prop, facet), claims in sorted(self._groups.items()):
            if len({v for _, v in claims}) > 1:
                out.append(Discrepancy(subject, prop, facet, tuple(sorted(claims))))
        return out
