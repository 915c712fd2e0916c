"""Athlete merging within one event, on constructed cases: what is certain, what is reported."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from olygraph.identity.athletes import (
    ArticleCompetitor,
    BlankRow,
    DatasetParticipant,
    Medal,
    MergePlan,
    decide,
    fill_gaps,
)


def art(
    iri: str,
    name: str,
    noc: str | None = None,
    medal: Medal | None = None,
    ids: frozenset[str] = frozenset(),
    source: str = "",
) -> ArticleCompetitor:
    return ArticleCompetitor(f"a/{iri}", name, noc, medal, ids=ids, source=source)


def dat(
    i: str,
    name: str,
    noc: str,
    medal: Medal | None = None,
    ids: frozenset[str] = frozenset(),
    source: str = "",
) -> DatasetParticipant:
    return DatasetParticipant(f"d/{i}", i, name, noc, medal, ids=ids, source=source)


def pairs(plan: MergePlan) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(m.article.iri, m.dataset.iri, tuple(e.rule for e in m.evidence)) for m in plan.merges]


def reported(plan: MergePlan) -> list[tuple[str, str, str]]:
    return [(c.article.iri, c.dataset.iri, c.reason) for c in plan.candidates]


def test_two_dataset_athletes_with_one_name_and_noc_stay_unmerged() -> None:
    plan = decide(
        [art("smith", "John Smith", "USA")],
        [dat("1", "John Smith", "USA"), dat("2", "John Smith", "USA")],
    )
    assert plan.merges == ()
    assert reported(plan) == [
        ("a/smith", "d/1", "ambiguous: 2 dataset participants with this name in the NOC"),
        ("a/smith", "d/2", "ambiguous: 2 dataset participants with this name in the NOC"),
    ]
    assert [d.iri for d in plan.unmatched_dataset] == ["d/1", "d/2"]
    assert [a.iri for a in plan.unmatched_article] == ["a/smith"]


def test_two_article_athletes_with_one_name_and_noc_stay_unmerged() -> None:
    plan = decide(
        [art("smith-1", "John Smith", "USA"), art("smith-2", "John Smith", "USA")],
        [dat("1", "John Smith", "USA")],
    )
    assert plan.merges == ()
    assert [r[2] for r in reported(plan)] == [
        "ambiguous: 2 article competitors with this name",
        "ambiguous: 2 article competitors with this name",
    ]


def test_medal_and_noc_merge_a_short_form_but_not_a_different_name() -> None:
    plan = decide(
        [art("hansen", "Willy Hansen", "DEN", "gold"), art("b", "Henry Berg", "NOR", "silver")],
        [dat("45818", "Willy Falck Hansen", "DEN", "gold"), dat("7", "Olav Lund", "NOR", "silver")],
    )
    assert pairs(plan) == [("a/hansen", "d/45818", ("medal",))]
    evidence = plan.merges[0].evidence[0]
    assert evidence.details == (
        "same event, NOC DEN and medal gold; short-form: 'willy hansen' ~ 'willy falck hansen'"
    )
    assert reported(plan) == [
        ("a/b", "d/7", "same event, NOC NOR and medal silver, but the names differ")
    ]


def test_a_medal_shared_within_a_noc_is_not_unique() -> None:
    plan = decide(
        [art("x", "Ann Berg", "SWE", "bronze"), art("y", "Eva Berg", "SWE", "bronze")],
        [dat("1", "Ann Maria Berg", "SWE", "bronze"), dat("2", "Eva Lisa Berg", "SWE", "bronze")],
    )
    assert plan.merges == ()  # two bronzes for SWE on each side; the names are short forms only
    assert reported(plan) == [
        ("a/x", "d/1", "short form of the name only"),
        ("a/y", "d/2", "short form of the name only"),
    ]


def test_exact_name_and_noc_merge_and_other_look_alikes_are_reported() -> None:
    plan = decide(
        [
            art("cattaneo", "Angelo Cattaneo", "ITA"),
            art("rodriguez", "Francisco Rodríguez", "ARG"),
            art("lange", "Józef Lange", "POL"),
            art("short", "Konrad Einsiedel", "GER"),
            art("elsewhere", "Galip Cav", "GRE"),
        ],
        [
            dat("19072", "Angelo Cattaneo", "ITA"),
            dat("101756", "Francisco Rodrguez", "ARG"),
            dat("66428", "Jzef Lange", "POL"),
            dat("31747", "Konrad Kurt Einsiedel", "GER"),
            dat("19113", "Galip Cav", "TUR"),
        ],
    )
    assert pairs(plan) == [
        ("a/cattaneo", "d/19072", ("name",)),
        ("a/lange", "d/66428", ("name",)),
        ("a/rodriguez", "d/101756", ("name",)),
    ]
    assert [m.name.kind for m in plan.merges] == ["exact", "ascii-loss", "ascii-loss"]
    assert reported(plan) == [
        ("a/elsewhere", "d/19113", "NOC differs: article GRE, dataset TUR"),
        ("a/short", "d/31747", "short form of the name only"),
    ]


def test_name_in_event_needs_the_only_fitting_name() -> None:
    alone = decide([art("dayen", "Octave Dayen")], [dat("25822", "Octave Dayen", "FRA")])
    assert pairs(alone) == [("a/dayen", "d/25822", ("name-in-event",))]
    assert alone.merges[0].evidence[0].details == (
        "the only participant of the event with this name (the article states no NOC; the "
        "dataset says FRA); exact: 'octave dayen'"
    )
    rival = decide(
        [art("dayen", "Octave Dayen"), art("dayen-bel", "Octave Dayen", "BEL")],
        [dat("25822", "Octave Dayen", "FRA")],
    )
    assert rival.merges == ()
    assert reported(rival) == [
        ("a/dayen", "d/25822", "ambiguous: 2 article competitors with this name"),
        ("a/dayen-bel", "d/25822", "NOC differs: article BEL, dataset FRA"),
    ]
    surname = decide([art("aerts", "Aerts")], [dat("1054", "Jean Aerts", "BEL")])
    assert surname.merges == ()
    assert reported(surname) == [("a/aerts", "d/1054", "surname only (the article states no NOC)")]


def test_surname_in_event_needs_a_placing_and_the_only_fitting_surname() -> None:
    """The seed's Notes place "Aerts" =9th, no first name, no NOC: he is the one Aerts of the
    event's whole field. Without a placing, with two Aertses, with a second article competitor
    who could be him, or with a NOC stated, it stays a reported candidate."""
    aerts = ArticleCompetitor("a/aerts", "Aerts", rank=9, source="seed.txt:69 (notes)")
    field = [dat("1054", "Jean Aerts", "BEL"), dat("19072", "Angelo Cattaneo", "ITA")]
    plan = decide([aerts], field)
    assert pairs(plan) == [("a/aerts", "d/1054", ("surname-in-event",))]
    assert plan.merges[0].evidence[0].details == (
        "the article names only the surname 'Aerts' (no NOC) and places it 9; the only "
        "participant of the event with that surname (the dataset says BEL); surname: 'aerts' ~ "
        "'jean aerts'"
    )
    two = decide([aerts], [*field, dat("9", "Paul Aerts", "BEL")])
    assert two.merges == ()
    assert [r[2] for r in reported(two)] == ["surname only (the article states no NOC)"] * 2
    rival = decide([aerts, art("jean", "Jean Aerts", "NED")], field)
    assert rival.merges == ()
    with_noc = decide([ArticleCompetitor("a/aerts", "Aerts", "BEL", rank=9)], field)
    assert with_noc.merges == ()
    assert reported(with_noc) == [("a/aerts", "d/1054", "surname only")]


def test_conflicting_evidence_merges_nothing() -> None:
    plan = decide(
        [art("hansen", "Willy Hansen", "DEN", "gold")],
        [dat("1", "Willy Falck Hansen", "DEN", "gold"), dat("2", "Willy Hansen", "DEN")],
    )
    assert plan.merges == ()
    assert reported(plan) == [
        (
            "a/hansen",
            "d/1",
            "conflicting evidence: the rules pair these nodes with different partners",
        ),
        (
            "a/hansen",
            "d/2",
            "conflicting evidence: the rules pair these nodes with different partners",
        ),
    ]


def test_external_id_merges_whatever_the_names() -> None:
    plan = decide(
        [art("x", "W. Hansen", "DEN", ids=frozenset({"olympedia:3215"}))],
        [dat("45818", "Willy Falck Hansen", "DEN", ids=frozenset({"olympedia:3215"}))],
    )
    assert pairs(plan) == [("a/x", "d/45818", ("external-id",))]
    assert plan.merges[0].evidence[0].details == "both carry the identifier olympedia:3215"


def test_several_rules_for_one_pair_give_one_merge_with_each_evidence() -> None:
    plan = decide(
        [art("gray", "Dunc Gray", "AUS", "bronze", source="seed.txt:16")],
        [dat("42523", 'Edgar Laurence "Dunc" Gray', "AUS", "bronze", source="ae.csv:9")],
    )
    assert pairs(plan) == [("a/gray", "d/42523", ("medal", "name"))]
    assert {(e.article_source, e.dataset_source) for e in plan.merges[0].evidence} == {
        ("seed.txt:16", "ae.csv:9")
    }


def test_a_node_given_twice_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="article node a/x given twice"):
        decide([art("x", "A B"), art("x", "A B")], [])


def test_one_side_empty() -> None:
    plan = decide([], [dat("1", "A B", "USA")])
    assert (plan.merges, plan.candidates, len(plan.unmatched_dataset)) == ((), (), 1)


# --- order independence --------------------------------------------------------------------------

ARTICLE = [
    art("hansen", "Willy Hansen", "DEN", "gold"),
    art("gray", "Dunc Gray", "AUS", "bronze"),
    art("smith", "John Smith", "USA"),
    art("dayen", "Octave Dayen"),
    art("cav", "Galip Cav", "GRE"),
    art("lee", "Lee Kim", "KOR", "silver"),
]
DATASET = [
    dat("45818", "Willy Falck Hansen", "DEN", "gold"),
    dat("42523", 'Edgar Laurence "Dunc" Gray', "AUS", "bronze"),
    dat("1", "John Smith", "USA"),
    dat("2", "John Smith", "USA"),
    dat("25822", "Octave Dayen", "FRA"),
    dat("19113", "Galip Cav", "TUR"),
    dat("9", "Park Min", "KOR", "silver"),
]


@settings(max_examples=50)
@given(st.permutations(ARTICLE), st.permutations(DATASET))
def test_decisions_do_not_depend_on_input_order(
    arts: list[ArticleCompetitor], data: list[DatasetParticipant]
) -> None:
    assert decide(arts, data) == decide(ARTICLE, DATASET)


# --- filling gaps --------------------------------------------------------------------------------


def test_a_blank_row_gets_the_only_participant_of_its_noc() -> None:
    plan = decide(
        [art("hansen", "Willy Hansen", "DEN", "gold")],
        [
            dat("45818", "Willy Falck Hansen", "DEN", "gold"),
            dat("19113", "Galip Cav", "TUR"),
            dat("1", "John Smith", "USA"),
            dat("2", "Jim Smith", "USA"),
        ],
    )
    rows = [BlankRow("r/5", "TUR", 5), BlankRow("r/6", "USA", 6), BlankRow("r/7", None, 7)]
    fills = fill_gaps(rows, plan)
    assert [(f.row.iri, f.participant.iri, f.rule) for f in fills] == [
        ("r/5", "d/19113", "only NOC that fits")
    ]
    assert fills[0].details == (
        "the row's NOC TUR: the only dataset participant of TUR not matched (Galip Cav, "
        "d/19113) and the only blank row of TUR"
    )


def test_no_gap_is_filled_when_something_else_could_be_that_participant() -> None:
    data = [dat("19113", "Galip Cav", "TUR")]
    two_rows = [BlankRow("r/5", "TUR"), BlankRow("r/6", "TUR")]
    assert fill_gaps(two_rows, decide([], data)) == ()
    one_row = [BlankRow("r/5", "TUR")]
    assert fill_gaps(one_row, decide([art("x", "Someone Else")], data)) == ()  # NOC unknown
    assert fill_gaps(one_row, decide([art("x", "Someone Else", "TUR")], data)) == ()
    assert len(fill_gaps(one_row, decide([art("x", "Someone Else", "GRE")], data))) == 1
