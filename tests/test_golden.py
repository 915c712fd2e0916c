"""Golden cases (morph-kgc style): ``cases/<name>/input.txt`` must export to ``expected.ttl``.

Each case is a small hand-written article; ``expected.ttl`` is the spec, compared by graph
isomorphism (blank nodes, triple order and prefixes do not matter). On a mismatch the test prints
the triples only one side has, as sorted N-Triples.

``OLYGRAPH_REGEN=1 pytest tests/test_golden.py`` rewrites every ``expected.ttl`` from the current
output instead of comparing: review the diff by hand before keeping it (see cases/README.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from olygraph import api
from olygraph.write.rdf import serialize

CASES = Path(__file__).resolve().parent / "cases"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "input.txt").is_file())
REGEN = os.environ.get("OLYGRAPH_REGEN", "") not in ("", "0")


def exported_turtle(article: Path) -> bytes:
    """What ``olygraph export <article>`` writes (Turtle, default base)."""
    result = api.export([article])
    assert not result.failures, [str(f.error) for f in result.failures]
    return serialize(result.dataset, "ttl")


def _nt_lines(g: Graph) -> list[str]:
    text = g.serialize(format="nt")
    return sorted(line for line in text.splitlines() if line.strip())


def describe_diff(expected: Graph, actual: Graph) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    missing = _nt_lines(only_expected)
    extra = _nt_lines(only_actual)
    return "\n".join(
        [
            f"--- expected but not exported ({len(missing)}):",
            *missing,
            f"+++ exported but not expected ({len(extra)}):",
            *extra,
        ]
    )


def test_there_are_golden_cases() -> None:
    assert len(CASE_DIRS) >= 4, f"expected golden cases under {CASES}"
    for case in CASE_DIRS:
        assert (case / "expected.ttl").is_file() or REGEN, f"{case.name}: no expected.ttl"


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_golden_case(case: Path) -> None:
    data = exported_turtle(case / "input.txt")
    expected_path = case / "expected.ttl"
    if REGEN:
        expected_path.write_bytes(data)
        pytest.skip(f"regenerated {expected_path.relative_to(CASES.parent)}: review the diff")
    actual = Graph().parse(data=data, format="turtle")
    expected = Graph().parse(expected_path, format="turtle")
    assert len(actual) > 0
    if not isomorphic(expected, actual):
        pytest.fail(
            f"{case.name}: export differs from expected.ttl\n{describe_diff(expected, actual)}",
            pytrace=False,
        )


def test_diff_report_names_both_sides() -> None:
    """The failure message itself: each side's extra triples, sorted, in N-Triples."""
    a = Graph().parse(
        data="<urn:x:s> <urn:x:p> 1 . <urn:x:s> <urn:x:p> 2 . <urn:x:s> <urn:x:q> 3 .",
        format="turtle",
    )
    b = Graph().parse(data="<urn:x:s> <urn:x:p> 2 . <urn:x:s> <urn:x:p> 4 .", format="turtle")
    report = describe_diff(a, b).splitlines()
    assert report[0] == "--- expected but not exported (2):"
    assert report[1].startswith('<urn:x:s> <urn:x:p> "1"^^')
    assert report[2].startswith('<urn:x:s> <urn:x:q> "3"^^')
    assert report[3] == "+++ exported but not expected (1):"
    assert report[4].startswith('<urn:x:s> <urn:x:p> "4"^^')
