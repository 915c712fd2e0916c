"""Event identity: normalised keys, the alias table and its loader, the matcher's rules."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from olygraph.errors import InputError
from olygraph.facts import GamesRef
from olygraph.identity.aliases import AliasTable, load_aliases, packaged_aliases, parse_aliases
from olygraph.identity.eventkey import event_key
from olygraph.identity.events import (
    ArticleEventRef,
    DatasetEventRef,
    event_outcome,
    match_event,
)
from olygraph.identity.games import dataset_games, games_key, same_games, same_noc, same_sport

G1928 = GamesRef(1928, "Summer")
HEADER = "games\tsport\tarticle_event\tdataset_event\tnote\n"


@pytest.mark.parametrize(
    ("sport", "article", "dataset"),
    [
        ("Athletics", "Men's 100 metres", "Athletics Men's 100 metres"),
        ("Athletics", "Men's 100 m", "Athletics Men's 100 metres"),
        ("Athletics", "Men's 1500 metres", "Athletics Men's 1,500 metres"),
        ("Cycling", "Men's 1 km time trial", "Cycling Men's 1,000 metres Time Trial"),
        ("Cycling", "Men's 1 kilometre time trial", "Cycling Men's 1,000 metres Time Trial"),
        ("Cycling", "Men's one kilometre time trial", "Cycling Men's 1,000 metres Time Trial"),
        ("Cycling", "Men's 1000 m time trial", "Cycling Men's 1,000 metres Time Trial"),
        ("Cycling", "Time trial, men's, 1 km", "Cycling Men's 1,000 metres Time Trial"),
        (
            "Swimming",
            "Men's 4 × 100 metre medley relay",
            "Swimming Men's 4 x 100 metres Medley Relay",
        ),
        ("Swimming", "Men's 4x100 m medley relay", "Swimming Men's 4 x 100 metres Medley Relay"),
        ("Swimming", "Women's 100 metre freestyle", "Swimming Women's 100 metres Freestyle"),
        ("Figure skating", "Ladies' singles", "Figure Skating Women's Singles"),
        ("Figure skating", "Ladies' singles figure skating", "Figure Skating Women's Singles"),
        ("Fencing", "Men's foil", "Fencing Men's Foil, Individual"),
        ("Fencing", "Men's épée", "Fencing Men's epee, Individual"),
        ("Athletics", "Men's 50 kilometres walk", "Athletics Men's 50 kilometres Walk"),
        ("Diving", "Men's 3-metre springboard", "Diving Men's 3 metres Springboard"),
        ("Tennis", "Men's singles tennis", "Tennis Men's Singles"),
    ],
)
def test_same_event_same_key(sport: str, article: str, dataset: str) -> None:
    a, d = event_key(sport, article), event_key(sport, dataset)
    assert a.fits(d) and d.fits(a)
    assert a == d


@pytest.mark.parametrize(
    ("sport", "article", "dataset"),
    [
        ("Cycling", "Men's track time trial", "Cycling Men's 1,000 metres Time Trial"),
        ("Cycling", "Men's track time trial", "Cycling Men's Individual Time Trial"),
        ("Athletics", "Men's 100 metres", "Athletics Men's 110 metres Hurdles"),
        ("Athletics", "Men's 100 metres", "Athletics Women's 100 metres"),
        ("Fencing", "Men's foil", "Fencing Men's Foil, Team"),
        ("Swimming", "Men's 4 × 100 metre medley relay", "Swimming Men's 100 metres Backstroke"),
        ("Swimming", "Men's 100 metre freestyle", "Swimming Men's 4 x 100 metres Freestyle Relay"),
        ("Diving", "Men's 3 metre springboard", "Diving Men's Springboard"),
    ],
)
def test_different_events_differ(sport: str, article: str, dataset: str) -> None:
    assert not event_key(sport, article).fits(event_key(sport, dataset))


def test_key_parts() -> None:
    k = event_key("Cycling", "Cycling Men's 1,000 metres Time Trial")
    assert (k.gender, sorted(k.distances), sorted(k.words)) == ("men", ["1000m"], ["time", "trial"])
    relay = event_key("Athletics", "Athletics Women's 4 x 400 metres Relay")
    assert (relay.gender, sorted(relay.distances), sorted(relay.words)) == (
        "women",
        ["4x400m"],
        ["relay"],
    )
    assert event_key("Tennis", "Tennis Mixed Doubles").gender == "mixed"
    assert event_key("Sailing", "Sailing Open Finn").gender == "open"
    water = event_key("Swimming", "Swimming Women's 10 kilometres Open Water")
    assert (water.gender, sorted(water.words)) == ("women", ["open", "water"])
    assert not water.fits(event_key("Swimming", "Swimming Men's 10 kilometres Open Water"))
    assert event_key("Tennis", "Doubles").gender is None
    assert event_key("Tennis", "Doubles", "women").gender == "women"  # stated elsewhere
    assert event_key("Tennis", "Men's doubles", "women").gender == "men"  # the name wins
    assert str(k) == "men: 1000m time trial"


def test_gender_unknown_fits_any_and_distance_can_be_added() -> None:
    pairs = event_key("Figure skating", "Pairs")
    assert pairs.fits(event_key("Figure Skating", "Figure Skating Mixed Pairs"))
    sprint = event_key("Cycling", "Men's time trial").with_distance(Decimal("1000.0"))
    assert sprint.fits(event_key("Cycling", "Cycling Men's 1,000 metres Time Trial"))
    already = event_key("Cycling", "Men's 1 km time trial")
    assert already.with_distance(Decimal(333)) is already


@given(st.permutations(["Men's", "1,000 metres", "Time", "Trial", "the"]))
def test_word_order_does_not_matter(words: list[str]) -> None:
    """Words in any order (a distance is its number and unit together)."""
    assert event_key("Cycling", " ".join(words)) == event_key("Cycling", "Men's 1 km time trial")


# --- the matcher --------------------------------------------------------------------------------


def _d(name: str, sport: str = "Cycling", games: GamesRef = G1928) -> DatasetEventRef:
    return DatasetEventRef(f"d/{name}", games, sport, name)


CYCLING_1928 = [
    _d("Cycling Men's 1,000 metres Time Trial"),
    _d("Cycling Men's Road Race, Individual"),
    _d("Cycling Men's Road Race, Team"),
    _d("Cycling Men's Sprint"),
    _d("Cycling Men's Tandem Sprint, 2,000 metres"),
    _d("Cycling Men's Team Pursuit, 4,000 metres"),
    _d("Cycling Men's 1,000 metres Time Trial", games=GamesRef(1932, "Summer")),
    _d("Athletics Men's 100 metres", "Athletics"),
]
SEED_EVENT = ArticleEventRef(
    "a/seed", G1928, "Cycling", ("Men's track time trial",), "men", Decimal(1000)
)


def test_seed_event_by_alias() -> None:
    found = event_outcome(SEED_EVENT, CYCLING_1928)
    assert found.match is not None
    assert found.match.dataset.iri == "d/Cycling Men's 1,000 metres Time Trial"
    assert found.match.dataset.games == G1928
    assert (found.match.rule, found.match.details) == ("alias", "event_aliases.tsv:9")
    assert match_event(SEED_EVENT, list(reversed(CYCLING_1928))) == found.match


def test_seed_event_without_aliases_is_not_guessed() -> None:
    found = event_outcome(SEED_EVENT, CYCLING_1928, AliasTable())
    assert found.match is None
    assert found.reason == "no dataset event fits"
    assert [d.name for d in found.candidates] == ["Cycling Men's 1,000 metres Time Trial"]


def test_name_then_name_plus_distance() -> None:
    sprint = ArticleEventRef("a/s", G1928, "Cycling", ("Men's sprint",), "men")
    found = event_outcome(sprint, CYCLING_1928)
    assert found.match is not None and found.match.rule == "name"
    assert found.match.dataset.name == "Cycling Men's Sprint"
    pursuit = ArticleEventRef(
        "a/p", G1928, "Cycling", ("Men's team pursuit",), "men", Decimal(4000)
    )
    found = event_outcome(pursuit, CYCLING_1928)
    assert found.match is not None and found.match.rule == "name+distance"
    assert found.match.dataset.name == "Cycling Men's Team Pursuit, 4,000 metres"
    assert (
        event_outcome(
            ArticleEventRef("a/p", G1928, "Cycling", ("Men's team pursuit",), "men"), CYCLING_1928
        ).match
        is None
    )


def test_ambiguous_is_no_match_and_lists_the_candidates() -> None:
    singles = ArticleEventRef("a/t", G1928, "Tennis", ("Singles",), None)
    events = [_d("Tennis Men's Singles", "Tennis"), _d("Tennis Women's Singles", "Tennis")]
    found = event_outcome(singles, events)
    assert found.match is None
    assert found.reason == "ambiguous: 2 dataset events fit"
    assert [d.name for d in found.candidates] == ["Tennis Men's Singles", "Tennis Women's Singles"]
    men = ArticleEventRef("a/t", G1928, "Tennis", ("Singles",), "men")
    assert match_event(men, events) is not None


def test_other_games_or_sport_are_never_candidates() -> None:
    other = ArticleEventRef("a/x", GamesRef(1936, "Summer"), "Cycling", ("Men's sprint",), "men")
    found = event_outcome(other, CYCLING_1928)
    assert (found.match, found.reason) == (None, "no dataset event of 1936 Summer Cycling")


def test_one_edition_alias_wins_over_star(tmp_path: Path) -> None:
    table = parse_aliases(
        HEADER + "*\tCycling\tMen's sprint\tCycling Men's Road Race, Team\t\n"
        "1928 Summer\tCycling\tMen's sprint\tCycling Men's Tandem Sprint, 2,000 metres\tx\n",
        "mine.tsv",
    )
    sprint = ArticleEventRef("a/s", G1928, "Cycling", ("men's  SPRINT",), "men")
    found = match_event(sprint, CYCLING_1928, table)
    assert found is not None
    assert (found.dataset.name, found.details) == (
        "Cycling Men's Tandem Sprint, 2,000 metres",
        "mine.tsv:3",
    )


def test_sport_equivalents() -> None:
    jumping = ArticleEventRef("a/e", G1928, "Equestrian", ("Individual jumping",), None)
    events = [_d("Equestrianism Mixed Jumping, Individual", "Equestrianism")]
    found = match_event(jumping, events)
    assert found is not None and found.rule == "name"


# --- Games, NOC, sport ---------------------------------------------------------------------------


def test_games_noc_sport_keys_are_equal_across_sources() -> None:
    assert dataset_games("1928 Summer", "1928", "Summer") == G1928
    assert same_games(G1928, dataset_games("1928 Summer", 1928, "Summer"))
    assert not same_games(G1928, GamesRef(1928, "Winter"))
    assert games_key(1928, "Summer") == "1928-summer"
    assert same_noc("DEN", "den") and not same_noc("DEN", "NOR")
    assert same_sport("Figure skating", "Figure Skating")
    assert not same_sport("Equestrian", "Equestrianism")
    with pytest.raises(ValueError, match=r"Games '1928 Summer' disagrees with Year '1932'"):
        dataset_games("1928 Summer", "1932", "Summer")
    with pytest.raises(ValueError, match=r"Games '1928' is not '<year> Summer\|Winter'"):
        dataset_games("1928", "1928", "Summer")


# --- the alias table -----------------------------------------------------------------------------


def test_packaged_table() -> None:
    rows = packaged_aliases().rows
    assert rows[0].where == "event_aliases.tsv:9"
    assert (rows[0].games, rows[0].sport, rows[0].article_event, rows[0].dataset_event) == (
        "1928 Summer",
        "Cycling",
        "Men's track time trial",
        "Cycling Men's 1,000 metres Time Trial",
    )
    assert len(rows) == 15


def test_user_file_extends_and_replaces(tmp_path: Path) -> None:
    mine = tmp_path / "mine.tsv"
    mine.write_text(
        "# my corrections\n\n" + HEADER + "1928 Summer\tCycling\tmen's TRACK time trial\t"
        "Cycling Men's Sprint\twrong on purpose\n"
        "1928 Summer\tCycling\tMen's kilo\tCycling Men's 1,000 metres Time Trial\n",
        encoding="utf-8",
    )
    table = packaged_aliases().extend(load_aliases(mine))
    assert len(table.rows) == 16  # one packaged row replaced, one added
    found = match_event(SEED_EVENT, CYCLING_1928, table)
    assert found is not None
    assert (found.dataset.name, found.details) == ("Cycling Men's Sprint", f"{mine}:4")
    kilo = ArticleEventRef("a/k", G1928, "Cycling", ("Men's kilo",), "men")
    assert match_event(kilo, CYCLING_1928, table) is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "games\tsport\tevent\n",
            "bad.tsv:1: expected the header "
            "'games<TAB>sport<TAB>article_event<TAB>dataset_event<TAB>note', "
            "found 'games\\tsport\\tevent'",
        ),
        (
            HEADER + "1928 Summer\tCycling\tMen's track time trial\n",
            "bad.tsv:2: expected 5 tab-separated columns (games, sport, article_event, "
            "dataset_event, note; note may be left out), found 3: "
            '"1928 Summer\\tCycling\\tMen\'s track time trial"',
        ),
        (
            HEADER + "1928\tCycling\tMen's track time trial\tCycling Men's Sprint\t\n",
            "bad.tsv:2: games '1928' is neither '*' nor '<year> Summer|Winter' "
            "(e.g. '1928 Summer')",
        ),
        (
            HEADER + "*\t\tMen's track time trial\tCycling Men's Sprint\t\n",
            "bad.tsv:2: empty sport (expected e.g. 'Cycling')",
        ),
        (
            HEADER + "*\tCycling\tMen's track time trial\t \tnote\n",
            "bad.tsv:2: empty dataset_event (expected e.g. "
            '"Cycling Men\'s 1,000 metres Time Trial")',
        ),
        (
            HEADER + "*\tCycling\tMen's sprint\tCycling Men's Sprint\t\n"
            "# a comment\n"
            "*\tCycling\tmen's sprint\tCycling Men's Tandem Sprint, 2,000 metres\t\n",
            'bad.tsv:4: "men\'s sprint" (*, Cycling) maps to '
            '"Cycling Men\'s Tandem Sprint, 2,000 metres" here but to "Cycling Men\'s Sprint" '
            "on line 2; expected one dataset event per article event",
        ),
        (
            "# only a comment\n",
            "bad.tsv: no header line; expected "
            "'games<TAB>sport<TAB>article_event<TAB>dataset_event<TAB>note' as the first line",
        ),
    ],
)
def test_alias_file_errors(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_aliases(bad)
    assert str(err.value) == message.replace("bad.tsv", str(bad), 1)
    assert err.value.exit_code == 2


def test_alias_file_unreadable_or_not_utf8(tmp_path: Path) -> None:
    missing = tmp_path / "missing.tsv"
    with pytest.raises(InputError) as err:
        load_aliases(missing)
    assert str(err.value) == f"{missing}: cannot read the alias file: No such file or directory"
    latin = tmp_path / "latin.tsv"
    latin.write_bytes(
        HEADER.encode() + "*\tFencing\tMen's épée\tFencing Men's epee\n".encode("latin-1")
    )
    with pytest.raises(InputError) as err:
        load_aliases(latin)
    assert str(err.value) == f"{latin}:2: not UTF-8: invalid byte 0xe9; expected UTF-8 text"


def test_identical_duplicate_rows_are_one() -> None:
    row = "*\tCycling\tMen's sprint\tCycling Men's Sprint\t\n"
    assert len(parse_aliases(HEADER + row + row, "x.tsv").rows) == 1
