"""Forms of the article format that the shared sample does not show, on small written articles."""

from __future__ import annotations

from decimal import Decimal

from olygraph.extract import extract
from olygraph.facts import EventFacts
from olygraph.read.article import parse_article


def facts_of(text: str) -> EventFacts:
    return extract(parse_article(text, "variant.txt"))


HEATS_AND_FINAL = """= Athletics at the 1936 Summer Olympics – Men's 4 × 100 metres relay =

Infobox
- Event: Men's 4 × 100 metres relay
- Games: 1936 Summer
- Competitors: 60 from 15 nations
- Gold:
- Goldnoc: USA
- Silver:
- Silvernoc: ITA
- Bronze:
- Bronzenoc: GER

==Results==

===Heats===

| Rank | Heat | Nation | Athletes | Time | Notes |
| 1 | 1 | United States | Jesse Owens, Ralph Metcalfe, Foy Draper, Frank Wykoff | 40.0 | Q, =WR |
| 2 | 1 | Italy (ITA) | | 41.1 | Q |
| 3 | 2 | GER | | 41.2 | Q |
| 4 | 2 | Canada | | DNF | |

===Final===

| Rank | Nation | Time | Notes |
| 1 | United States | 39.8 | WR |
| 2 | Italy | 41.1 | |
| 3 | Germany | 41.2 | |
"""


def test_heats_and_final_are_two_rounds() -> None:
    f = facts_of(HEATS_AND_FINAL)
    assert [(r.key, r.kind) for r in f.rounds] == [("heats", "heat"), ("final", "final")]
    heats, final = f.rounds
    assert [r.heat for r in heats.results] == ["1", "1", "2", "2"]
    assert [r.qualified for r in heats.results] == [True, True, True, False]
    assert heats.results[3].status == "DNF"
    assert [r.rank for r in final.results] == [1, 2, 3]


def test_team_rows_name_the_nation_and_list_members() -> None:
    heats = facts_of(HEATS_AND_FINAL).rounds[0]
    first = heats.results[0].competitor
    assert first is not None
    assert (first.noc, first.is_team) == ("USA", True)
    assert first.members == ("Jesse Owens", "Ralph Metcalfe", "Foy Draper", "Frank Wykoff")
    assert [r.competitor.noc for r in heats.results if r.competitor] == ["USA", "ITA", "GER", "CAN"]


def test_medals_named_only_by_noc_are_team_medals() -> None:
    f = facts_of(HEATS_AND_FINAL)
    assert [(m.medal, m.competitor.noc, m.competitor.is_team) for m in f.medals] == [
        ("gold", "USA", True),
        ("silver", "ITA", True),
        ("bronze", "GER", True),
    ]


def test_competitors_from_nations_infobox_value() -> None:
    f = facts_of(HEATS_AND_FINAL)
    assert [c.value for c in f.competitors] == [60]
    assert [n.value for n in f.nations] == [15]


FIELD_EVENT = """= Athletics at the 1906 Intercalated Games – Men's long jump =

Infobox
- Games: 1906 Summer
- Win Value: 7.20 m

==Final==

| Rank | Athlete | Nation | 1 | 2 | 3 | Result | Notes |
| 1 | Myer Prinstein | USA | 7.20 | X | – | 7.20 | |
| 2 | Peter O'Connor | GBR | 7.02 | X | X | 7.02 | |
"""


def test_intercalated_games_field_event_attempt_columns() -> None:
    f = facts_of(FIELD_EVENT)
    assert f.kind == "event"
    assert f.games is not None and (f.games.value.year, f.games.value.season) == (1906, "Summer")
    (final,) = f.rounds
    assert final.ranked_by == "Result" and final.lower_is_better is False
    first = final.results[0]
    measures = {m.measure: m.mark.value for m in first.marks}
    assert measures == {"1": Decimal("7.20"), "Result": Decimal("7.20")}
    assert first.marks[0].mark.unit == "m"
    # fouls and passes are kept as fields, not misread as marks, and not reported as errors
    assert ("2", "X") in first.extra and ("3", "–") in first.extra
    assert not [p for p in f.problems if p.kind == "unparsed-value"]


def test_nation_cell_with_code_in_brackets() -> None:
    heats = facts_of(HEATS_AND_FINAL).rounds[0]
    assert heats.results[1].competitor is not None
    assert heats.results[1].competitor.noc == "ITA"


def test_infobox_dates_labelled_with_a_round_date_that_round() -> None:
    text = HEATS_AND_FINAL.replace(
        "- Competitors:", "- Dates: 7 August 1936 (heats), 9 August 1936 (final)\n- Competitors:"
    )
    f = facts_of(text)
    dated = {r.key: [d.value.date.isoformat() for d in r.dates if d.value.date] for r in f.rounds}
    assert dated == {"heats": ["1936-08-07"], "final": ["1936-08-09"]}
    assert sorted(d.value.label for d in f.dates) == ["final", "heats"]
