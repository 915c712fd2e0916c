"""The athlete table of "120 years of Olympic history" → the olygraph model, streamed.

The mapping is docs/history-model.md. Two passes over the file:

1. :func:`olygraph.tabular.plan.plan` finds what cannot be known row by row: the team
   events, the (ID, Games, Event) keys that repeat, and the unusable rows.
2. :class:`HistoryWriter` reads the file again and hands the writer one block per node, in
   file order of first appearance, each shared node (Games, city, sport, event, athlete, NOC,
   team) once. Only identity maps grow (strings and ints, never rdflib terms); a repeated
   key's state is kept only for the keys pass 1 saw repeat.

The team-event rule looks at every edition of an event name *in the file read*, so a slice of
the file can classify an event differently from the whole file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from olygraph.errors import InputError
from olygraph.ids import TextMinter
from olygraph.tabular.csvfile import ATHLETE_EVENTS, CsvFile
from olygraph.tabular.plan import TICK, Plan, Progress, key
from olygraph.tabular.report import AthleteConflict, FileReport, RepeatedKey
from olygraph.tabular.rows import MEDALS, AthleteRow, RowParser, canonical_id
from olygraph.tabular.serial import Pair
from olygraph.tabular.tokens import Tokens

V = TypeVar("V")


class _Event:
    __slots__ = ("city", "graph", "index", "iri", "pair", "subject", "team")

    def __init__(
        self, iri: str, subject: str, pair: Pair, index: int, team: bool, city: str, graph: str
    ) -> None:
        self.iri, self.subject, self.pair = iri, subject, pair
        self.index, self.team, self.city, self.graph = index, team, city, graph


class _Team:
    __slots__ = ("iri", "pair", "slug", "subject", "winner")

    def __init__(self, iri: str, subject: str, pair: Pair, winner: Pair, slug: str) -> None:
        self.iri, self.subject, self.pair, self.winner, self.slug = iri, subject, pair, winner, slug


class _Repeat:
    """A key pass 1 saw more than once: what its first row said and what has been written."""

    __slots__ = ("awards", "fields", "line", "pairs", "teams")

    def __init__(self, line: int, fields: list[str]) -> None:
        self.line, self.fields = line, fields
        self.pairs: set[Pair] = set()
        self.awards: set[str] = set()
        self.teams: set[str] = set()


class _Lazy(dict[str, V]):
    """Values (pairs) by raw CSV value, made on first use; a hit stays a C-level lookup."""

    def __init__(self, make: Callable[[str], V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, raw: str) -> V:
        value = self[raw] = self.make(raw)
        return value


class HistoryWriter:
    """Pass 2: the blocks of one athlete table, written as they are met."""

    def __init__(self, t: Tokens, f: CsvFile, parser: RowParser, plan: Plan) -> None:
        self.t, self.f, self.parser, self.plan = t, f, parser, plan
        self.source = t.minter.dataset_source(f.path.name)
        self.src = t.w.iri(self.source)
        self.from_source = t.w.pair(t.p.derived, self.src)
        self.games: dict[str, tuple[str, str, str]] = {}  # Games → (subject, object, graph)
        # N-Quads and TriG: one graph per Games, athletes by blocks of IDs, the rest (the
        # source, sports, cities, NOCs) in the source's graph (docs/history-model.md)
        split = t.w.keeps_graphs
        self.use: Callable[[str], None] = t.w.use_graph if split else _stay
        self.athlete_graph: Callable[[str], str] = (
            _Lazy(lambda aid: t.minter.athletes_graph(self.source, aid)).__getitem__
            if split else _same(self.source)
        )  # fmt: skip
        self.hosts: set[tuple[str, str]] = set()
        self.cities: dict[str, str] = {}
        self.sports: dict[str, str] = {}
        self.events: dict[tuple[str, str], _Event] = {}
        self.athletes: dict[str, tuple[str, str, int]] = {}  # ID → (name, sex, first line)
        self.nocs: dict[str, tuple[str, Pair]] = {}  # NOC → (token, oly:noc pair)
        self.noc_lines: dict[str, int] = {}  # NOC → first line, for "no region" notes
        self.teams: dict[tuple[int, str, str], _Team] = {}
        self.team_slugs: _Lazy[str] = _Lazy(lambda key: t.minter.team_slug(*key.split("\0")))
        self.team_awards: set[str] = set()
        self.repeats: dict[int, _Repeat] = {}
        self.repeated: list[RepeatedKey] = []
        self.conflicts: list[AthleteConflict] = []
        self._conflicting: set[tuple[str, str, str]] = set()

    def _value_pairs(
        self, pred: str, canon: dict[str, str | None], render: Callable[[str], str]
    ) -> _Lazy[Pair | None]:
        """Pairs for the raw values of a number column (None for NA)."""

        def make(raw: str) -> Pair | None:
            value = canon.get(raw, "")
            if value == "":
                raise InputError(self.f.file, "the file changed while it was read")
            return None if value is None else self.t.w.pair(pred, render(value))

        return _Lazy(make)

    def write(self, progress: Progress | None = None) -> FileReport:
        """Pass 2; the hot loop keeps what it touches in locals and reuses cached pairs."""
        t, w, f, parser, p = self.t, self.t.w, self.f, self.parser, self.t.p
        block, subject, iri, pair = w.block, w.subject, w.iri, w.pair
        w.start_graph(self.source)
        name_tok = t.string(f.path.name)
        source = [t.type_pair("DatasetSource"), pair(p.label, name_tok), pair(p.fileName, name_tok)]
        block(subject(self.source), source)
        skipped, repeated_ids = self.plan.skipped_lines, self.plan.repeated_ids
        events, athletes, nocs = self.events, self.athletes, self.nocs
        order, table, minter = parser.order, ATHLETE_EVENTS.name, t.minter
        ages = self._value_pairs(p.age, parser.ages, t.ints.__getitem__)
        heights = self._value_pairs(p.height, parser.heights, t.decimals.__getitem__)
        weights = self._value_pairs(p.weight, parser.weights, t.decimals.__getitem__)
        team_names: _Lazy[Pair] = _Lazy(lambda team: pair(p.teamName, t.texts[team]))
        medals = {m: pair(p.medal, t.medal(m)) for m in ("gold", "silver", "bronze")}
        type_part, type_award = t.type_pair("Participation"), t.type_pair("MedalAward")
        p_athlete, p_winner, line_pairs = p.athlete, p.awardedTo, w.integer_pairs(p.sourceLine)
        from_source, use = self.from_source, self.use
        athlete_pair = athlete_winner = pair("", "")
        athlete_tok = last_id = ""
        rows = 0
        for raw in f.rows():
            rows += 1
            if progress is not None and rows % TICK == 0:
                progress(rows, f.position())
            line = f.line
            if skipped and line in skipped:
                continue
            fields = raw if order is None else [raw[i] for i in order]
            aid, name, sex, age, hgt, wgt, team, noc, games, _, _, city, _, event, medal = fields
            if aid[0] == "0":
                aid = canonical_id(aid)
            ev = events.get((games, event))
            if ev is None:
                ev = self._event(parser.row(fields, line))
            elif city != ev.city:
                self._host(games, city)
            known = athletes.get(aid)
            if known is None:
                athlete_tok = self._athlete(aid, name, sex, line)
            elif aid != last_id:
                athlete_tok = iri(minter.athlete(table, aid))
            if aid != last_id:
                athlete_pair, athlete_winner = (
                    pair(p_athlete, athlete_tok),
                    pair(p_winner, athlete_tok),
                )
                last_id = aid
            if known is not None and (known[0] != name or known[1] != sex):
                self._conflict(aid, name, sex, line, known)
            noc_pair = (nocs.get(noc) or self._noc(noc, line))[1]
            rep = self._repeat(aid, fields, line, ev) if aid in repeated_ids else None
            line_pair = line_pairs(line)
            pairs = [type_part, ev.pair, athlete_pair, noc_pair]
            if ev.team:
                squad = self._team(ev, team, noc, athlete_tok, rep)
                pairs.append(squad.pair)
            else:
                squad = None
            pairs.append(team_names[team])
            value = ages[age]
            if value is not None:
                pairs.append(value)
            value = heights[hgt]
            if value is not None:
                pairs.append(value)
            value = weights[wgt]
            if value is not None:
                pairs.append(value)
            node = subject(TextMinter.participant(ev.iri, aid))
            use(ev.graph)
            if rep is None or rep.line == line:
                pairs.append(line_pair)
                pairs.append(from_source)
                block(node, pairs)
                if rep is not None:
                    rep.pairs.update(pairs)
            else:
                new = [item for item in pairs if item not in rep.pairs]
                if new:
                    block(node, new)
                    rep.pairs.update(new)
            if medal == "NA":
                continue
            prize = MEDALS[medal]
            assert prize is not None
            if squad is not None:
                award = TextMinter.award(ev.iri, prize, squad.slug)
                if award in self.team_awards:
                    continue
                self.team_awards.add(award)
                winner = squad.winner
            else:
                award = TextMinter.award(ev.iri, prize, aid)
                winner = athlete_winner
            if rep is not None:
                if award in rep.awards:
                    continue
                rep.awards.add(award)
            use(ev.graph)
            block(subject(award), [
                type_award, medals[prize], ev.pair, winner, noc_pair, line_pair, from_source
            ])  # fmt: skip
        w.end_graph()
        return FileReport(
            f.file, ATHLETE_EVENTS.name, rows, self.plan.skipped, tuple(self.repeated),
            tuple(self.conflicts), len(self.plan.team_events),
        )  # fmt: skip

    # --- shared nodes, each written once ------------------------------------------------------
    def _event(self, row: AthleteRow) -> _Event:
        t, w, p, pair = self.t, self.t.w, self.t.p, self.t.w.pair
        if row.games not in self.games:
            iri = t.minter.games(row.year, row.season)
            graph = t.minter.games_graph(self.source, row.year, row.season)
            self.games[row.games] = (w.subject(iri), w.iri(iri), graph)
            self.hosts.add((row.games, row.city))
            city = self._city(row.city)
            self.use(graph)
            w.block(w.subject(iri), [
                t.type_pair("Games"), pair(p.year, t.ints[row.year]),
                pair(p.season, t.texts[row.season]), pair(p.hostCity, city), self.from_source,
            ])  # fmt: skip
        else:
            self._host(row.games, row.city)
        sport = self.sports.get(row.sport)
        if sport is None:
            iri = t.minter.sport(row.sport)
            sport = self.sports[row.sport] = w.iri(iri)
            label = pair(p.label, t.string(row.sport))
            self.use(self.source)
            w.block(w.subject(iri), [t.type_pair("Sport"), label])
        iri = t.minter.event(row.year, row.season, row.sport, row.event)
        pairs = [
            t.type_pair("Event"), pair(p.name, t.string(row.event)),
            pair(p.games, self.games[row.games][1]), pair(p.sport, sport),
        ]  # fmt: skip
        gender = _gender(row.sport, row.event)
        if gender:
            pairs.append(pair(p.gender, t.texts[gender]))
        pairs.append(self.from_source)
        graph = self.games[row.games][2]
        self.use(graph)
        w.block(w.subject(iri), pairs)
        team = row.event in self.plan.team_events
        index = self.plan.events[(row.games, row.event)]
        ev = _Event(iri, w.subject(iri), pair(p.event, w.iri(iri)), index, team, row.city, graph)
        self.events[(row.games, row.event)] = ev
        return ev

    def _city(self, name: str) -> str:
        city = self.cities.get(name)
        if city is None:
            t, w = self.t, self.t.w
            iri = t.minter.city(name)
            city = self.cities[name] = w.iri(iri)
            label = w.pair(t.p.label, t.string(name))
            self.use(self.source)
            w.block(w.subject(iri), [t.type_pair("City"), label])
        return city

    def _host(self, games: str, city: str) -> None:
        """Another host city of a Games (1956 Summer: Melbourne, then Stockholm)."""
        if (games, city) in self.hosts:
            return
        self.hosts.add((games, city))
        tok = self._city(city)
        w = self.t.w
        self.use(self.games[games][2])
        w.block(self.games[games][0], [w.pair(self.t.p.hostCity, tok)])

    def _athlete(self, aid: str, name: str, sex: str, line: int) -> str:
        t, w, p, pair = self.t, self.t.w, self.t.p, self.t.w.pair
        self.athletes[aid] = (name, sex, line)
        iri = t.minter.athlete(ATHLETE_EVENTS.name, aid)
        name_tok = t.string(name)
        self.use(self.athlete_graph(aid))
        w.block(w.subject(iri), [
            t.type_pair("Athlete"), pair(p.name, name_tok), pair(p.label, name_tok),
            pair(p.sex, t.texts[sex]), pair(p.datasetId, t.string(aid)), self.from_source,
        ])  # fmt: skip
        return w.iri(iri)

    def _noc(self, code: str, line: int) -> tuple[str, Pair]:
        t, w, p = self.t, self.t.w, self.t.p
        iri = t.minter.noc(code)
        tok = w.iri(iri)
        self.nocs[code] = (tok, w.pair(p.noc, tok))
        self.noc_lines[code] = line
        self.use(self.source)
        w.block(w.subject(iri), [t.type_pair("NOC"), w.pair(p.code, t.string(code))])
        return self.nocs[code]

    def _team(self, ev: _Event, name: str, noc: str, athlete: str, rep: _Repeat | None) -> _Team:
        """The team of a row in a team event (made when first met), with the athlete in it."""
        t, w, p, pair = self.t, self.t.w, self.t.p, self.t.w.pair
        key = (ev.index, name, noc)
        team = self.teams.get(key)
        if team is None:
            slug = self.team_slugs[f"{name}\0{noc}"]
            iri = t.minter.team(ev.iri, slug)
            tok = w.iri(iri)
            team = _Team(iri, w.subject(iri), pair(p.team, tok), pair(p.awardedTo, tok), slug)
            self.teams[key] = team
            self.use(ev.graph)
            w.block(team.subject, [
                t.type_pair("Team"), pair(p.name, t.texts[name]), self.nocs[noc][1],
                pair(p.member, athlete), self.from_source,
            ])  # fmt: skip
        elif rep is None or team.iri not in rep.teams:
            self.use(ev.graph)
            w.block(team.subject, [pair(p.member, athlete)])
        if rep is not None:
            rep.teams.add(team.iri)
        return team

    # --- what gets reported -----------------------------------------------------------------
    def _repeat(self, aid: str, fields: list[str], line: int, ev: _Event) -> _Repeat | None:
        packed = key(aid, ev.index)
        if packed not in self.plan.repeated:
            return None
        rep = self.repeats.get(packed)
        if rep is None:
            rep = self.repeats[packed] = _Repeat(line, list(fields))
            return rep
        columns = zip(ATHLETE_EVENTS.columns, rep.fields, fields, strict=True)
        differing = tuple(c for c, a, b in columns if a != b)
        what = (aid, fields[8], fields[13])
        self.repeated.append(RepeatedKey(self.f.file, what, rep.line, line, differing))
        return rep

    def _conflict(
        self, aid: str, name: str, sex: str, line: int, known: tuple[str, str, int]
    ) -> None:
        t, w, p = self.t, self.t.w, self.t.p
        node = w.subject(t.minter.athlete(ATHLETE_EVENTS.name, aid))
        self.use(self.athlete_graph(aid))
        for column, first, value in (("Name", known[0], name), ("Sex", known[1], sex)):
            if first == value or (aid, column, value) in self._conflicting:
                continue
            self._conflicting.add((aid, column, value))
            self.conflicts.append(
                AthleteConflict(self.f.file, aid, column, known[2], first, line, value)
            )
            tok = t.string(value)
            if column == "Name":
                w.block(node, [w.pair(p.name, tok), w.pair(p.label, tok)])
            else:
                w.block(node, [w.pair(p.sex, tok)])


def _stay(graph: str) -> None:
    """Formats without graphs: everything stays in the source's graph."""


def _same(graph: str) -> Callable[[str], str]:
    return lambda _: graph


def _gender(sport: str, event: str) -> str | None:
    """From the first word after the sport: Men's → men, Women's → women, Mixed → mixed."""
    rest = event[len(sport) + 1 :] if event.startswith(sport + " ") else event
    first = rest.split(" ", 1)[0]
    return {"Men's": "men", "Women's": "women", "Mixed": "mixed"}.get(first)


def noc_codes(writers: Iterable[HistoryWriter]) -> dict[str, tuple[str, int]]:
    """Every NOC code the athlete tables used, with the file and line where it first appears."""
    out: dict[str, tuple[str, int]] = {}
    for h in writers:
        for code, line in h.noc_lines.items():
            out.setdefault(code, (h.f.file, line))
    return out
