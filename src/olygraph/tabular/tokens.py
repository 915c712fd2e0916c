"""The tokens a dataset writer reuses, rendered once per export for the chosen format:
predicates, classes, medals, and caches for values that repeat (ages, heights, team names).

Caches hold only values with few distinct forms (an age, a weight, a team name, a sex);
per-row values (line numbers, participation IRIs) are rendered each time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from olygraph.ids import TextMinter
from olygraph.tabular.serial import Pair, StreamWriter
from olygraph.vocab import MEDAL_IRIS, OLY_IRI, PROV, RDF, RDFS


class _Cache(dict[str, str]):
    """A dict that renders a missing value on first use (hits stay a C-level lookup)."""

    def __init__(self, render: Callable[[str], str]) -> None:
        super().__init__()
        self.render = render

    def __missing__(self, key: str) -> str:
        value = self[key] = self.render(key)
        return value


@dataclass(frozen=True, slots=True)
class Predicates:
    """The predicates the dataset readers write, as tokens (``derived``: prov:wasDerivedFrom)."""

    type: str
    label: str
    derived: str
    fileName: str  # noqa: N815 (named after the ontology term)
    year: str
    season: str
    hostCity: str  # noqa: N815
    name: str
    games: str
    sport: str
    gender: str
    sex: str
    datasetId: str  # noqa: N815
    code: str
    region: str
    notes: str
    event: str
    athlete: str
    noc: str
    team: str
    teamName: str  # noqa: N815
    age: str
    height: str
    weight: str
    sourceLine: str  # noqa: N815
    member: str
    medal: str
    awardedTo: str  # noqa: N815


#: predicate attribute → IRI
PREDICATES: Final = {
    "type": str(RDF.type),
    "label": str(RDFS.label),
    "derived": str(PROV.wasDerivedFrom),
    **{
        name: OLY_IRI + name
        for name in (
            "fileName", "year", "season", "hostCity", "name", "games", "sport", "gender",
            "sex", "datasetId", "code", "region", "notes", "event", "athlete", "noc", "team",
            "teamName", "age", "height", "weight", "sourceLine", "member", "medal", "awardedTo",
        )
    },
}  # fmt: skip


class Tokens:
    """A writer, the minter, and the tokens the dataset readers share."""

    def __init__(self, w: StreamWriter, minter: TextMinter) -> None:
        self.w = w
        self.minter = minter
        self.p = Predicates(**{k: w.pred(v) for k, v in PREDICATES.items()})
        self._classes: dict[str, str] = {}
        self._types: dict[str, Pair] = {}
        self._medals = {k: w.vocab(str(v)) for k, v in MEDAL_IRIS.items()}
        self.texts = _Cache(w.string)  # strings that repeat (team names, sex, season)
        self.ints = _Cache(w.integer)  # small integers (ages, years)
        self.decimals = _Cache(w.decimal)  # heights and weights

    def type_pair(self, name: str) -> Pair:
        """The pair ``rdf:type oly:<name>``."""
        pair = self._types.get(name)
        if pair is None:
            pair = self._types[name] = self.w.pair(self.p.type, self.cls(name))
        return pair

    def cls(self, name: str) -> str:
        """The token of the class ``oly:<name>`` as the object of rdf:type."""
        tok = self._classes.get(name)
        if tok is None:
            tok = self._classes[name] = self.w.type_object(OLY_IRI + name)
        return tok

    def medal(self, medal: str) -> str:
        return self._medals[medal]

    def string(self, value: str) -> str:
        return self.w.string(value)

    def integer(self, lexical: str) -> str:
        return self.w.integer(lexical)
