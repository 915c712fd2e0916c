"""Which dataset participant an article's competitor is, within one matched event.

:func:`decide` takes the athletes an article names in one event and the dataset's participants of
the event it matched (:mod:`olygraph.identity.events`) and merges a pair only on certain evidence.
Each rule proposes pairs on its own, over the whole event:

``external-id``   an identifier both sides carry (``olympedia:…``), held by one node each side;
``medal``         same NOC and same medal, that (NOC, medal) held by exactly one node on each side,
                  and names compatible (any :class:`NameMatch` but ``none``: ``Willy Hansen`` ~
                  ``Willy Falck Hansen``); with names that differ it is reported instead;
``name``          equal names (exact, ascii-loss, nickname, alternative) and the same NOC, one node
                  on each side with that name in that NOC;
``name-in-event`` the article states no NOC, but its competitor's name equals exactly one
                  participant's in the whole event, and that participant's name equals no other
                  article competitor's: the dataset lists the event's whole field, so no one else
                  can be meant.
``surname-in-event`` the article names a competitor by a surname only (one word, ``Aerts``), with
                  no NOC, and places it in the event (a rank); exactly one participant of the
                  whole event bears that surname, and no other article competitor's name fits
                  that participant. Same reason as ``name-in-event``: the field is complete.

A pair is merged when some rule proposes it and no rule proposes another partner for either node
(conflicting evidence merges nothing: both are reported). Everything else that looks alike — a
short form or a surname only, the same name in another NOC, two dataset athletes with one name —
is a :class:`Candidate`: reported with its reason, never merged. Decisions depend on the sets
given, not their order.

:func:`fill_gaps` gives a blank article row (its NOC known, no name) the only remaining dataset
participant of that NOC, when nothing else could be that participant.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from olygraph.identity.names import NameKey, NameMatch, compare_names, name_key

__all__ = [
    "ArticleCompetitor",
    "BlankRow",
    "Candidate",
    "DatasetParticipant",
    "Evidence",
    "GapFill",
    "Medal",
    "Merge",
    "MergePlan",
    "Rule",
    "decide",
    "fill_gaps",
]

Medal = Literal["gold", "silver", "bronze"]
Rule = Literal["external-id", "medal", "name", "name-in-event", "surname-in-event"]
RULES: tuple[Rule, ...] = ("external-id", "medal", "name", "name-in-event", "surname-in-event")


@dataclass(frozen=True, slots=True)
class ArticleCompetitor:
    """An athlete node of the article in this event. ``source`` says where the article states
    it (``seed.txt:12 (infobox, key Gold)``); ``ids`` are external identifiers, if any."""

    iri: str
    name: str
    noc: str | None = None
    medal: Medal | None = None
    rank: int | None = None
    ids: frozenset[str] = frozenset()
    source: str = ""


@dataclass(frozen=True, slots=True)
class DatasetParticipant:
    """A participant of the matched dataset event: the athlete node, the dataset's athlete ID,
    name and NOC as written, the medal if any. ``source`` is ``athlete_events.csv:43``."""

    iri: str
    dataset_id: str
    name: str
    noc: str
    medal: Medal | None = None
    ids: frozenset[str] = frozenset()
    source: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a pair is one athlete: the rule, its details in words, and both sources."""

    rule: Rule
    details: str
    article_source: str
    dataset_source: str


@dataclass(frozen=True, slots=True)
class Merge:
    article: ArticleCompetitor
    dataset: DatasetParticipant
    name: NameMatch
    evidence: tuple[Evidence, ...]  # one per rule that proposed the pair, in RULES order

    def describe(self) -> str:
        rules = ", ".join(e.rule for e in self.evidence)
        return f"{self.article.name} = {self.dataset.name} [{rules}]"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pair that looks alike but is not merged, and why not."""

    article: ArticleCompetitor
    dataset: DatasetParticipant
    name: NameMatch
    reason: str


@dataclass(frozen=True, slots=True)
class MergePlan:
    """The decision for one event: merges, reported candidates, and what stayed unmatched."""

    merges: tuple[Merge, ...]
    candidates: tuple[Candidate, ...]
    unmatched_article: tuple[ArticleCompetitor, ...]
    unmatched_dataset: tuple[DatasetParticipant, ...]


@dataclass(frozen=True, slots=True)
class BlankRow:
    """An article result row whose competitor the article lost, with the NOC it still shows."""

    iri: str
    noc: str | None
    rank: int | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class GapFill:
    """A blank row given a dataset participant; ``rule`` is always ``only NOC that fits``."""

    row: BlankRow
    participant: DatasetParticipant
    rule: Literal["only NOC that fits"]
    details: str


def _unique(iris: Iterable[str], side: str) -> None:
    seen: set[str] = set()
    for iri in iris:
        if iri in seen:
            raise ValueError(f"{side} node {iri} given twice; give each node once")
        seen.add(iri)


class _Pairs:
    """Name matches of every article × dataset pair, computed once. Every kind but ``none``
    needs some form of each name to end in the same token, so only such pairs are compared."""

    _NONE = NameMatch("none")

    def __init__(self, arts: Sequence[ArticleCompetitor], data: Sequence[DatasetParticipant]):
        dkeys: dict[str, NameKey] = {d.iri: name_key(d.name) for d in data}
        by_last: dict[str, set[str]] = defaultdict(set)
        for iri, key in dkeys.items():
            for form in key.forms():
                if form.tokens:
                    by_last[form.tokens[-1]].add(iri)
        self.match: dict[tuple[str, str], NameMatch] = {}
        for a in arts:
            akey = name_key(a.name)
            near = {i for f in akey.forms() if f.tokens for i in by_last.get(f.tokens[-1], ())}
            for iri in near:
                self.match[(a.iri, iri)] = compare_names(akey, dkeys[iri])

    def __call__(self, a: ArticleCompetitor, d: DatasetParticipant) -> NameMatch:
        return self.match.get((a.iri, d.iri), self._NONE)


def _noc(code: str | None) -> str | None:
    return code.strip().upper() if code and code.strip() else None


def _propose(
    arts: Sequence[ArticleCompetitor], data: Sequence[DatasetParticipant], names: _Pairs
) -> tuple[dict[tuple[str, str], list[Evidence]], dict[tuple[str, str], str]]:
    """Every rule's proposals (pair → evidence), and pairs a rule found but must not merge."""
    props: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    notes: dict[tuple[str, str], str] = {}

    def add(a: ArticleCompetitor, d: DatasetParticipant, rule: Rule, details: str) -> None:
        props[(a.iri, d.iri)].append(Evidence(rule, details, a.source, d.source))

    ids_a: dict[str, list[ArticleCompetitor]] = defaultdict(list)
    ids_d: dict[str, list[DatasetParticipant]] = defaultdict(list)
    for a in arts:
        for i in a.ids:
            ids_a[i].append(a)
    for d in data:
        for i in d.ids:
            ids_d[i].append(d)
    for i in sorted(set(ids_a) & set(ids_d)):
        if len(ids_a[i]) == 1 and len(ids_d[i]) == 1:
            add(ids_a[i][0], ids_d[i][0], "external-id", f"both carry the identifier {i}")

    by_medal_a: dict[tuple[str, str], list[ArticleCompetitor]] = defaultdict(list)
    by_medal_d: dict[tuple[str, str], list[DatasetParticipant]] = defaultdict(list)
    for a in arts:
        noc = _noc(a.noc)
        if noc and a.medal:
            by_medal_a[(noc, a.medal)].append(a)
    for d in data:
        noc = _noc(d.noc)
        if noc and d.medal:
            by_medal_d[(noc, d.medal)].append(d)
    for key in sorted(set(by_medal_a) & set(by_medal_d)):
        if len(by_medal_a[key]) == 1 and len(by_medal_d[key]) == 1:
            a, d = by_medal_a[key][0], by_medal_d[key][0]
            nm = names(a, d)
            if nm.compatible:
                add(a, d, "medal", f"same event, NOC {key[0]} and medal {key[1]}; {nm.describe()}")
            else:
                notes[(a.iri, d.iri)] = (
                    f"same event, NOC {key[0]} and medal {key[1]}, but the names differ"
                )

    for a in arts:
        noc = _noc(a.noc)
        equal = [d for d in data if names(a, d).equal]
        if noc:
            mine = [d for d in equal if _noc(d.noc) == noc]
            if len(mine) == 1:
                d = mine[0]
                rivals = [b for b in arts if _noc(b.noc) == noc and names(b, d).equal]
                if len(rivals) == 1:
                    add(a, d, "name", f"same event and NOC {noc}; {names(a, d).describe()}")
        elif len(equal) == 1:
            d = equal[0]
            rivals = [b for b in arts if names(b, d).equal]  # any NOC: one could be meant
            if len(rivals) == 1:
                add(
                    a,
                    d,
                    "name-in-event",
                    f"the only participant of the event with this name (the article states no "
                    f"NOC; the dataset says {_noc(d.noc)}); {names(a, d).describe()}",
                )
        elif not equal and a.rank is not None and len(name_key(a.name).tokens) == 1:
            fits = [d for d in data if names(a, d).compatible]
            if len(fits) == 1:
                d = fits[0]
                if [b for b in arts if names(b, d).compatible] == [a]:
                    add(
                        a,
                        d,
                        "surname-in-event",
                        f"the article names only the surname {a.name!r} (no NOC) and places it "
                        f"{a.rank}; the only participant of the event with that surname (the "
                        f"dataset says {_noc(d.noc)}); {names(a, d).describe()}",
                    )
    return props, notes


def _reason(
    a: ArticleCompetitor,
    d: DatasetParticipant,
    nm: NameMatch,
    merged_with: dict[str, str],
    conflicted: set[str],
    arts: Sequence[ArticleCompetitor],
    data: Sequence[DatasetParticipant],
    names: _Pairs,
) -> str:
    """Why a look-alike pair is not merged, in words."""
    if a.iri in conflicted or d.iri in conflicted:
        return "conflicting evidence: the rules pair these nodes with different partners"
    if a.iri in merged_with:
        return f"the article's {a.name} is merged with {merged_with[a.iri]}"
    if d.iri in merged_with:
        return f"the dataset's {d.name} is merged with {merged_with[d.iri]}"
    an, dn = _noc(a.noc), _noc(d.noc)
    if an and dn and an != dn:
        return f"NOC differs: article {an}, dataset {dn}"
    if nm.equal:
        scope = "NOC" if an else "event"
        same_d = [e for e in data if names(a, e).equal and (not an or _noc(e.noc) == an)]
        same_a = [b for b in arts if names(b, d).equal and (not an or _noc(b.noc) in (None, an))]
        if len(same_d) > 1:
            return f"ambiguous: {len(same_d)} dataset participants with this name in the {scope}"
        if len(same_a) > 1:
            return f"ambiguous: {len(same_a)} article competitors with this name"
    if nm.kind == "short-form":
        return "short form of the name only" + ("" if an else " (the article states no NOC)")
    if nm.kind == "surname":
        return "surname only" + ("" if an else " (the article states no NOC)")
    return "not certain"


def decide(
    article_competitors: Sequence[ArticleCompetitor],
    dataset_participants: Sequence[DatasetParticipant],
) -> MergePlan:
    """The merge plan for one event (see the module docstring for the rules)."""
    _unique((a.iri for a in article_competitors), "article")
    _unique((d.iri for d in dataset_participants), "dataset")
    arts = sorted(article_competitors, key=lambda a: a.iri)
    data = sorted(dataset_participants, key=lambda d: d.iri)
    names = _Pairs(arts, data)
    props, notes = _propose(arts, data, names)
    partners: dict[str, set[str]] = defaultdict(set)
    for a_iri, d_iri in props:
        partners[a_iri].add(d_iri)
        partners[d_iri].add(a_iri)
    conflicted = {n for n, ps in partners.items() if len(ps) > 1}
    by_a = {a.iri: a for a in arts}
    by_d = {d.iri: d for d in data}
    merges: list[Merge] = []
    merged_with: dict[str, str] = {}
    for (a_iri, d_iri), evidence in sorted(props.items()):
        if a_iri in conflicted or d_iri in conflicted:
            continue
        a, d = by_a[a_iri], by_d[d_iri]
        ordered = tuple(sorted(evidence, key=lambda e: RULES.index(e.rule)))
        merges.append(Merge(a, d, names(a, d), ordered))
        merged_with[a_iri] = f"{d.name} ({d.iri})"
        merged_with[d_iri] = f"{a.name} ({a.iri})"
    candidates: list[Candidate] = []
    for a in arts:
        for d in data:
            nm = names(a, d)
            pair = (a.iri, d.iri)
            if pair in props and a.iri not in conflicted and d.iri not in conflicted:
                continue
            if a.iri in merged_with and d.iri in merged_with:
                continue  # both merged elsewhere: nothing left to decide
            if pair in notes and a.iri not in merged_with and d.iri not in merged_with:
                candidates.append(Candidate(a, d, nm, notes[pair]))
            elif nm.compatible or pair in props:
                why = _reason(a, d, nm, merged_with, conflicted, arts, data, names)
                candidates.append(Candidate(a, d, nm, why))
    return MergePlan(
        merges=tuple(merges),
        candidates=tuple(candidates),
        unmatched_article=tuple(a for a in arts if a.iri not in merged_with),
        unmatched_dataset=tuple(d for d in data if d.iri not in merged_with),
    )


def fill_gaps(rows: Sequence[BlankRow], plan: MergePlan) -> tuple[GapFill, ...]:
    """Blank rows given a dataset participant, rule ``only NOC that fits``: the row states NOC
    X; it is the only blank row of X; exactly one unmatched dataset participant of X remains;
    and no unmatched article competitor has NOC X or no NOC (it could be that participant)."""
    _unique((r.iri for r in rows), "row")
    blank: dict[str, list[BlankRow]] = defaultdict(list)
    for r in rows:
        noc = _noc(r.noc)
        if noc:
            blank[noc].append(r)
    left: dict[str, list[DatasetParticipant]] = defaultdict(list)
    for d in plan.unmatched_dataset:
        noc = _noc(d.noc)
        if noc:
            left[noc].append(d)
    open_nocs = {_noc(a.noc) for a in plan.unmatched_article}
    fills: list[GapFill] = []
    for noc in sorted(blank):
        if len(blank[noc]) != 1 or len(left.get(noc, ())) != 1:
            continue
        if noc in open_nocs or None in open_nocs:
            continue
        row, d = blank[noc][0], left[noc][0]
        details = (
            f"the row's NOC {noc}: the only dataset participant of {noc} not matched "
            f"({d.name}, {d.source or d.iri}) and the only blank row of {noc}"
        )
        fills.append(GapFill(row, d, "only NOC that fits", details))
    return tuple(fills)
