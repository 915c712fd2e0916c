"""The Notes' placings of a cited source fill blank rows of the final only when certain.

The seed's Notes: "De Wael lists 16 competitors, with Francisco Rodríguez of Argentina placing
8th and Angelo Cattaneo of Italy tying with Aerts for 9th". Its table has 16 rows, one blank row
ranked 8 and two blank rows tied at 9 with one time, so the rows are filled. Each variant below
breaks one condition, and then nothing is filled and the reason is reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from olygraph.extract import extract
from olygraph.read.article import parse_article
from olygraph.reconcile.links import Links, link

SEED = (Path(__file__).resolve().parents[1] / "src" / "olygraph" / "data" / "seed.txt").read_text(
    encoding="utf-8"
)


def links_of(text: str) -> Links:
    return link(extract(parse_article(text, "seed.txt")))


def filled(links: Links) -> dict[int, tuple[str, str | None, int]]:
    return {row: (c.name, c.noc, loc.line) for (_, row), (c, loc) in links.filled.items()}


def test_the_seeds_notes_fill_rows_8_9_and_tied_9() -> None:
    got = filled(links_of(SEED))
    assert {row: got[row] for row in (8, 9, 10)} == {
        8: ("Francisco Rodríguez", "ARG", 69),
        9: ("Angelo Cattaneo", "ITA", 69),
        10: ("Aerts", None, 69),
    }
    assert not [p for p in links_of(SEED).problems if "placing" in p.message]


RODRIGUEZ = {"Francisco Rodríguez"}
TIED = {"Angelo Cattaneo", "Aerts"}


@pytest.mark.parametrize(
    ("old", "new", "why", "unfilled"),
    [
        (
            "De Wael lists 16 competitors",
            "De Wael lists 17 competitors",
            "De Wael counts 17 competitors, the table has 16 rows",
            RODRIGUEZ | TIED,
        ),
        (
            "| | | 1:18.6 | | |",
            "| =9 | | | 1:18.7 | |",
            "the rows ranked 9 state different marks, so which is whose is unknown",
            TIED,
        ),
        (
            "| 8 | | | 1:18.4 | |",
            "| 8 | Jean Dupont | FRA | 1:18.4 | |",
            "a row ranked 8 already names its competitor",
            RODRIGUEZ,
        ),
        (
            "16 competitors, with",
            "competitors, with",
            "De Wael places 1 at rank 8, the table has 0 such rows",
            RODRIGUEZ,
        ),
    ],
)
def test_a_placing_that_is_not_certain_fills_nothing(
    old: str, new: str, why: str, unfilled: set[str]
) -> None:
    assert old in SEED
    text = SEED.replace(old, new, 1)
    if new == "competitors, with":  # no count stated: then remove the row ranked 8 too
        text = text.replace("| 8 | | | 1:18.4 | |\n", "", 1)
    links = links_of(text)
    notes = [p for p in links.problems if p.message.startswith("placing not tied to a row")]
    assert f"placing not tied to a row: {why}" in [p.message for p in notes]
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("De Wael"))
    assert all((p.file, p.line) == ("seed.txt", line) for p in notes)
    names = {name for name, _, _ in filled(links).values()}
    assert not names & unfilled
    assert names >= (RODRIGUEZ | TIED) - unfilled  # the other rank is still filled
