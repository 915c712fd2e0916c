"""Validation of real exports: the seed, the shared articles, and text-level mutations of the
seed article that must each be caught (asserted on severity, shape and focus node)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from conftest import article_paths
from olygraph import api
from olygraph.resources import seed_text
from olygraph.validate.report import render, summary
from olygraph.validate.run import (
    SHAPES_NS,
    Severity,
    ValidationOutcome,
    ValidationResult,
    lint_ontology,
    validate,
)
from olygraph.vocab import OLY
from olygraph.write.rdf import union_graph

ID = "https://w3id.org/olygraph/id/"
EVENT = ID + "event/1928-summer/cycling/mens-track-time-trial"
FINAL = EVENT + "/round/final"


def shape(name: str) -> str:
    return SHAPES_NS + name


def found(outcome: ValidationOutcome, severity: Severity, name: str) -> list[ValidationResult]:
    return [r for r in outcome.of_severity(severity) if r.source_shape == shape(name)]


@pytest.fixture(scope="module")
def seed_outcome() -> ValidationOutcome:
    return validate(api.export().dataset)


# --- the seed ---------------------------------------------------------------------------------


def test_seed_has_no_violation(seed_outcome: ValidationOutcome) -> None:
    assert seed_outcome.conforms
    assert seed_outcome.of_severity(Severity.VIOLATION) == ()


def test_seed_warnings_are_exactly_its_two_time_discrepancies(
    seed_outcome: ValidationOutcome,
) -> None:
    warnings = seed_outcome.of_severity(Severity.WARNING)
    assert {(r.source_shape, r.focus_node) for r in warnings} == {
        (shape("DiscrepancyReportShape"), FINAL + "/result/1/discrepancy/time"),
        (shape("DiscrepancyReportShape"), FINAL + "/result/2/discrepancy/time"),
    }
    assert len(warnings) == 2


def test_seed_discrepancy_warnings_name_each_value_and_its_source(
    seed_outcome: ValidationOutcome,
) -> None:
    by_focus = {r.focus_node: r.message for r in seed_outcome.of_severity(Severity.WARNING)}
    winner = by_focus[FINAL + "/result/1/discrepancy/time"]
    for said in ("1:14.2 at seed.txt:51", "1:14.4 at seed.txt:10", "1:14.4 at seed.txt:39"):
        assert said in winner
    silver = by_focus[FINAL + "/result/2/discrepancy/time"]
    assert "1:15.1 at seed.txt:52" in silver and "1:15.2 at seed.txt:39" in silver


def test_seed_notes_are_informational_only(seed_outcome: ValidationOutcome) -> None:
    notes = seed_outcome.of_severity(Severity.INFO)
    assert {r.source_shape for r in notes} == {shape("UnmappedFieldNoteShape")}
    assert notes[0].source_location == "seed.txt:11 (infobox, key Longnames)"


# --- the shared articles ----------------------------------------------------------------------


@pytest.mark.parametrize("path", article_paths(), ids=lambda p: p.stem)
def test_shared_article_has_no_violation(path: Path) -> None:
    outcome = validate(api.export([path]).dataset)
    assert outcome.of_severity(Severity.VIOLATION) == (), render(outcome, "text")


def test_stated_37_against_33_rows_is_a_warning_not_a_violation(shared: Path) -> None:
    path = shared / "articles" / "speed-skating-at-the-1928-winter-olympics-mens-500-metres.txt"
    outcome = validate(api.export([path]).dataset)
    incomplete = found(outcome, Severity.WARNING, "CompetitorCountIncompleteShape")
    assert [r.focus_node for r in incomplete] == [
        ID + "event/1928-winter/speed-skating/mens-500-metres"
    ]
    assert len(found(outcome, Severity.WARNING, "DiscrepancyReportShape")) == 1


# --- text-level mutations of the seed article --------------------------------------------------


@cache
def mutated_graph(old: str, new: str, tmp: Path) -> tuple[ValidationOutcome, Graph]:
    text = seed_text()
    assert text.count(old) == 1, old
    path = tmp / "mutated.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    graph = union_graph(api.export([path]).dataset)
    return validate(graph), graph


def mutated(old: str, new: str, tmp: Path) -> ValidationOutcome:
    return mutated_graph(old, new, tmp)[0]


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mutations")


Where = str | Callable[[Graph], str]
CASES: dict[str, tuple[str, str, Severity, str, Where]] = {
    "two results ranked 1 with different times": (
        "| 2 | | | 1:15.1 | |", "| 1 | | | 1:15.1 | |",
        Severity.VIOLATION, "TiedMarksShape", FINAL + "/result/1",
    ),
    "rank order against the times": (
        "| 3 | | | 1:15.3 | |", "| 3 | | | 1:16.5 | |",
        Severity.VIOLATION, "RankOrderShape", FINAL + "/result/3",
    ),
    "gold medallist's NOC differs from the named rank-1 row": (
        "| 1 | | | 1:14.2 | |", "| 1 | Willy Hansen | NED | 1:14.2 | |",
        Severity.VIOLATION, "MedalNocShape", EVENT + "/medal/gold-1",
    ),
    "competitor count one above the rows": (
        "Competitors: 16", "Competitors: 17",
        Severity.WARNING, "CompetitorCountIncompleteShape", EVENT,
    ),
    "competitor count one below the rows": (
        "Competitors: 16", "Competitors: 15",
        Severity.WARNING, "CompetitorCountExceededShape", EVENT,
    ),
    "a date in the wrong year": (
        "Date: 5 August 1928", "Date: 5 August 1929",
        Severity.VIOLATION, "DateInGamesYearShape", EVENT,
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_mutation_is_caught(case: str, tmp: Path) -> None:
    old, new, severity, name, where = CASES[case]
    outcome, graph = mutated_graph(old, new, tmp)
    focus = where if isinstance(where, str) else where(graph)
    hits = found(outcome, severity, name)
    assert [r.focus_node for r in hits] == [focus], render(outcome, "text")
    assert hits[0].message
    assert outcome.conforms == (severity is not Severity.VIOLATION)


def test_gold_medallist_noc_differs_from_an_unnamed_rank_1_row(tmp: Path) -> None:
    outcome = mutated("| 1 | | | 1:14.2 | |", "| 1 | | NED | 1:14.2 | |", tmp)
    hits = found(outcome, Severity.VIOLATION, "MedalNocShape")
    assert [r.focus_node for r in hits] == [EVENT + "/medal/gold-1"]


@pytest.mark.parametrize("code", ["DENX", "123"])
def test_invalid_noc_code_surfaces_in_the_validation_report(code: str, tmp: Path) -> None:
    outcome, _graph = mutated_graph("Goldnoc: DEN", f"Goldnoc: {code}", tmp)
    assert any(
        code in (r.message + (r.value or "")) and "mutated.txt:13" in (r.source_location or "")
        for r in outcome.results
    ), render(outcome, "text")


def test_invalid_noc_code_never_reaches_the_graph(tmp: Path) -> None:
    outcome, graph = mutated_graph("Goldnoc: DEN", "Goldnoc: DENX", tmp)
    assert not list(graph.subjects(OLY.code, Literal("DENX")))
    assert outcome.conforms


def test_competitor_count_warning_names_the_stating_source(tmp: Path) -> None:
    outcome = mutated("Competitors: 16", "Competitors: 17", tmp)
    (hit,) = found(outcome, Severity.WARNING, "CompetitorCountIncompleteShape")
    assert "mutated.txt:8 (infobox, key Competitors)" in hit.message
    assert hit.value is not None and hit.value.startswith(ID + "claim/")


def test_wrong_year_names_the_property_and_where_it_was_stated(tmp: Path) -> None:
    outcome = mutated("Date: 5 August 1928", "Date: 5 August 1929", tmp)
    hits = found(outcome, Severity.VIOLATION, "DateInGamesYearShape")
    # the start and end dates derived from that one date are not reported again
    assert [r.path for r in hits] == ["https://w3id.org/olygraph/ontology#date"]
    assert "mutated.txt:7 (infobox, key Date)" in hits[0].message


# --- outcome and report -----------------------------------------------------------------------


def test_outcome_and_results_are_frozen(seed_outcome: ValidationOutcome) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        seed_outcome.results[0].message = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        seed_outcome.results = ()  # type: ignore[misc]


def test_counts_and_summary(seed_outcome: ValidationOutcome) -> None:
    assert seed_outcome.counts() == {Severity.VIOLATION: 0, Severity.WARNING: 2, Severity.INFO: 1}
    assert summary(seed_outcome) == "no violations, 2 warnings, 1 note"


def test_text_report_groups_by_severity_then_focus_node(seed_outcome: ValidationOutcome) -> None:
    text = render(seed_outcome, "text")
    assert text.index("Warnings") < text.index("Notes")
    assert text.count("discrepancy/time>") == 2
    assert "read at: seed.txt:11 (infobox, key Longnames)" in text


def test_json_report_lists_every_result(seed_outcome: ValidationOutcome) -> None:
    doc = json.loads(render(seed_outcome, "json"))
    assert doc["conforms"] is True
    assert doc["counts"] == {"violation": 0, "warning": 2, "info": 1}
    assert len(doc["results"]) == 3
    assert {r["sourceConstraintComponent"] for r in doc["results"]} == {
        "http://www.w3.org/ns/shacl#SPARQLConstraintComponent"
    }


def test_ttl_report_is_the_shacl_report_graph(seed_outcome: ValidationOutcome) -> None:
    from rdflib.namespace import RDF, SH

    g = Graph().parse(data=render(seed_outcome, "ttl"), format="turtle")
    assert len(set(g.subjects(RDF.type, SH.ValidationResult))) == 3
    assert len(set(g.subjects(RDF.type, SH.ValidationReport))) == 1


def test_validation_is_deterministic() -> None:
    first = validate(api.export().dataset)
    again = validate(api.export().dataset)
    assert first.results == again.results
    assert render(first, "text") == render(again, "text")


# --- the ontology lint ------------------------------------------------------------------------


def test_ontology_files_pass_the_lint_shape() -> None:
    outcome = lint_ontology()
    assert outcome.results == (), render(outcome, "text")
