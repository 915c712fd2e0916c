"""Reference data: NOC codes, names, demonyms and Games, checked against the shared datasets."""

from __future__ import annotations

import csv
import gzip
import re
from collections import Counter, defaultdict
from importlib.resources import files
from pathlib import Path

import pytest

from olygraph import reference
from olygraph.reference import (
    GamesInfo,
    NocInfo,
    ReferenceDataError,
    all_games,
    all_nocs,
    games,
    is_noc_code,
    noc,
    noc_for_demonym,
    noc_for_name,
    parse_games,
    parse_nocs,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data"
NOC_REGIONS = DATA / "noc_regions.csv.gz"
ATHLETE_EVENTS = DATA / "athlete_events.csv.gz"

# The dataset spells some host cities in the local language.
CSV_CITY_IN_ENGLISH = {
    "Athina": "Athens",
    "Antwerpen": "Antwerp",
    "Sankt Moritz": "St. Moritz",
    "Roma": "Rome",
    "Moskva": "Moscow",
    "Torino": "Turin",
}

# The seed article: "Twelve of the 16 competing nations made their debut in the event: ..."
SEED_NATIONS = {
    "Argentina": "ARG",
    "Australia": "AUS",
    "Belgium": "BEL",
    "Canada": "CAN",
    "Chile": "CHI",
    "Denmark": "DEN",
    "Ireland": "IRL",
    "Italy": "ITA",
    "the Netherlands": "NED",
    "Poland": "POL",
    "Switzerland": "SUI",
    "Turkey": "TUR",
    "Austria": "AUT",
    "France": "FRA",
    "Germany": "GER",
    "Great Britain": "GBR",
}


def _require(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"shared dataset {path} is not available")
    return path


def _read_gz_csv(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def region_codes() -> set[str]:
    rows = _read_gz_csv(_require(NOC_REGIONS))
    assert len(rows) == 230
    return {row["NOC"] for row in rows}


@pytest.fixture(scope="module")
def athlete_events() -> tuple[dict[str, Counter[str]], dict[tuple[int, str], Counter[str]]]:
    """Team names per NOC, and cities per (year, season), from athlete_events.csv.gz."""
    teams: dict[str, Counter[str]] = defaultdict(Counter)
    cities: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    with gzip.open(_require(ATHLETE_EVENTS), "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            teams[row["NOC"]][row["Team"]] += 1
            cities[(int(row["Year"]), row["Season"])][row["City"]] += 1
    return teams, cities


# --- the packaged files -----------------------------------------------------------------------


def test_data_files_are_package_resources() -> None:
    data = files("olygraph").joinpath("data")
    assert data.joinpath("nocs.tsv").is_file()
    assert data.joinpath("games.tsv").is_file()


def test_loading_works_and_codes_are_well_formed() -> None:
    nocs = all_nocs()
    assert len(nocs) >= 231
    assert [n.code for n in nocs] == sorted({n.code for n in nocs})
    for info in nocs:
        assert isinstance(info, NocInfo)
        assert re.fullmatch(r"[A-Z0-9]{3}", info.code), info
        assert info.name.strip() == info.name and info.name, info
        if info.same_as is not None:
            target = noc(info.same_as)
            assert target is not None and target.same_as is None, info


def test_tsv_rows_are_sorted_by_code() -> None:
    text = files("olygraph").joinpath("data").joinpath("nocs.tsv").read_text(encoding="utf-8")
    codes = [
        line.split("\t", 1)[0]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ][1:]
    assert codes == sorted(codes)


def test_no_name_alias_or_demonym_denotes_two_codes() -> None:
    names: dict[str, set[str]] = defaultdict(set)
    demonyms: dict[str, set[str]] = defaultdict(set)
    for info in all_nocs():
        if info.same_as is not None:
            assert not info.aliases and not info.demonyms
            continue
        for label in (info.name, *info.aliases):
            names[reference.lookup_key(label)].add(info.code)
            assert noc_for_name(label) == info.code, label
        for demonym in info.demonyms:
            demonyms[reference.lookup_key(demonym)].add(info.code)
            assert noc_for_demonym(demonym) == info.code, demonym
    assert {k: v for k, v in names.items() if len(v) > 1} == {}
    assert {k: v for k, v in demonyms.items() if len(v) > 1} == {}


# --- coverage of the dataset ------------------------------------------------------------------


def test_every_noc_regions_code_is_present(region_codes: set[str]) -> None:
    assert sorted(c for c in region_codes if not is_noc_code(c)) == []


def test_every_athlete_events_code_is_present(
    athlete_events: tuple[dict[str, Counter[str]], dict[tuple[int, str], Counter[str]]],
) -> None:
    teams, _ = athlete_events
    assert sorted(c for c in teams if not is_noc_code(c)) == []


def test_most_frequent_team_name_resolves_to_its_code(
    athlete_events: tuple[dict[str, Counter[str]], dict[tuple[int, str], Counter[str]]],
) -> None:
    teams, _ = athlete_events
    wrong = {}
    for code, counter in teams.items():
        team = counter.most_common(1)[0][0]
        if noc_for_name(team) != code:
            wrong[code] = (team, noc_for_name(team))
    assert wrong == {}


def test_every_games_in_the_dataset_is_listed_with_its_city(
    athlete_events: tuple[dict[str, Counter[str]], dict[tuple[int, str], Counter[str]]],
) -> None:
    _, cities = athlete_events
    assert len(cities) == 51
    for (year, season), counter in cities.items():
        info = games(year, season)
        assert info is not None, (year, season)
        assert info.city
        main_city = counter.most_common(1)[0][0]  # 1956 Summer: Melbourne (+ Stockholm)
        assert info.city == CSV_CITY_IN_ENGLISH.get(main_city, main_city), (info, main_city)


# --- names and demonyms -----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "code"), sorted(SEED_NATIONS.items()))
def test_seed_nations(name: str, code: str) -> None:
    assert noc_for_name(name) == code


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Danish", "DEN"),
        ("Dutch", "NED"),
        ("Hungarian", "HUN"),
        ("American", "USA"),
        ("Belgian", "BEL"),
        ("Norwegian", "NOR"),
        ("Canadian", "CAN"),
        ("Japanese", "JPN"),
        ("South African", "RSA"),
        ("Englishman", "GBR"),
        ("British", "GBR"),
        ("Swiss", "SUI"),
        ("Finnish", "FIN"),
        ("Swedish", "SWE"),
        ("German", "GER"),
        ("Italian", "ITA"),
        ("Egyptian", "EGY"),
        ("Greek", "GRE"),
        ("Australian", "AUS"),
        ("Soviet", "URS"),
        ("Bohemian", "BOH"),
    ],
)
def test_demonyms(word: str, code: str) -> None:
    assert noc_for_demonym(word) == code


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Danes", "DEN"),
        ("Germans", "GER"),
        ("Americans", "USA"),
        ("Frenchmen", "FRA"),
        ("Swedes", "SWE"),
        ("Finns", "FIN"),
        ("Italians", "ITA"),
        ("the Dutch", "NED"),
    ],
)
def test_plural_demonyms(word: str, code: str) -> None:
    assert noc_for_demonym(word) == code


@pytest.mark.parametrize("word", ["Danishs", "Swisss", "Germen", "pole", "Finn", "", "Dutchy"])
def test_non_demonyms(word: str) -> None:
    assert noc_for_demonym(word) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("THE NETHERLANDS", "NED"),
        ("  Italy, ", "ITA"),
        ("Holland", "NED"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d’Ivoire", "CIV"),
        ("Britain's", "GBR"),
        ("Belgium's", "BEL"),
        ("United States", "USA"),
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("Soviet Union", "URS"),
        ("Czechoslovakia", "TCH"),
        ("Bohemia", "BOH"),
        ("West Germany", "FRG"),
        ("East Germany", "GDR"),
        ("United Team of Germany", "EUA"),
        ("Unified Team", "EUN"),
        ("Australasia", "ANZ"),
        ("Yugoslavia", "YUG"),
        ("Mixed team", "ZZX"),
        ("Singapore", "SGP"),
        ("Lebanon", "LIB"),
        ("Guinea Bissau", "GBS"),
    ],
)
def test_names(text: str, code: str) -> None:
    assert noc_for_name(text) == code


@pytest.mark.parametrize("text", ["", "the", "Atlantis", "Netherland", "Danish", "DEN x"])
def test_unknown_names(text: str) -> None:
    assert noc_for_name(text) is None


def test_noc_by_code() -> None:
    den = noc("den")
    assert den == NocInfo("DEN", "Denmark", (), ("Danish", "Dane"))
    gbr = noc(" gbr ")
    assert gbr is not None and gbr.name == "Great Britain"
    assert noc("XXX") is None
    assert is_noc_code("boh") and not is_noc_code("RU1") and not is_noc_code("")
    sin = noc("SIN")
    assert sin is not None and sin.name == "Singapore" and sin.same_as == "SGP"


# --- Games ------------------------------------------------------------------------------------


def test_games() -> None:
    assert games(1928, "Summer") == GamesInfo(1928, "Summer", "Amsterdam", "NED")
    assert games(1928, "winter") == GamesInfo(1928, "Winter", "St. Moritz", "SUI")
    assert games(1956, "Summer") == GamesInfo(1956, "Summer", "Melbourne", "AUS")
    assert games(1906, "Summer") is not None
    assert games(1916, "Summer") is None
    assert games(1928, "Autumn") is None


def test_all_games() -> None:
    everything = all_games()
    keys = [(g.year, g.season) for g in everything]
    assert keys == sorted(set(keys))
    assert keys[0] == (1896, "Summer") and keys[-1] == (2026, "Winter")
    assert {g.season for g in everything} == {"Summer", "Winter"}
    assert all(is_noc_code(g.country_noc) for g in everything)
    war = {1916, 1940, 1944}
    summers = [g.year for g in everything if g.season == "Summer"]
    assert summers == sorted([y for y in range(1896, 2025, 4) if y not in war] + [1906])
    winters = [g.year for g in everything if g.season == "Winter"]
    assert winters == [y for y in range(1924, 1993, 4) if y not in war] + list(range(1994, 2027, 4))


# --- the checks the loader makes --------------------------------------------------------------

HEADER = "# comment\ncode\tname\taliases\tdemonyms\n"


def test_parse_nocs_accepts_a_good_table() -> None:
    tables = parse_nocs(HEADER + "AAA\tAland\tThe Aland|Alandia\tAlandic\nBBB\tAland 2\t=AAA\t\n")
    assert tables.by_name == {"aland": "AAA", "alandia": "AAA"}
    assert tables.by_code["BBB"].same_as == "AAA"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("AAA\tAland\t\t\nBBB\tBland\tthe Aland\t\n", "already a name of AAA"),
        ("AAA\tAland\t\tAlandic\nBBB\tBland\t\tALANDIC\n", "already a demonym of AAA"),
        ("AAA\tAland\t\tAlander\nBBB\tBland\t\tAlanders\n", "already a demonym of AAA"),
        ("AAA\tAland\t\t\nAAA\tBland\t\t\n", "listed twice"),
        ("AA\tAland\t\t\n", "not a three-character NOC code"),
        ("aaa\tAland\t\t\n", "not a three-character NOC code"),
        ("AAA\tAland\t\n", "expected 4 tab-separated fields"),
        ("AAA\t\t\t\n", "has no name"),
        ("AAA\tAland\t=CCC\t\n", "not a listed code"),
        ("AAA\tAland\t=BBB\t\nBBB\tBland\t=AAA\t\n", "not a listed code"),
        ("AAA\tAland\t=AAA\t\n", "is not '=' and another code"),
        ("AAA\t...\t\t\n", "empty once folded"),
    ],
)
def test_parse_nocs_rejects_inconsistent_tables(body: str, problem: str) -> None:
    with pytest.raises(ReferenceDataError, match=re.escape(problem)):
        parse_nocs(HEADER + body)


def test_parse_nocs_rejects_a_bad_header() -> None:
    with pytest.raises(ReferenceDataError, match="expected the header"):
        parse_nocs("code\tname\n")
    with pytest.raises(ReferenceDataError, match="no header"):
        parse_nocs("# only a comment\n")


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("1928\tSummer\tAmsterdam\tXXX\n", "not a known NOC code"),
        ("1928\tsummer\tAmsterdam\tNED\n", "season"),
        ("19x8\tSummer\tAmsterdam\tNED\n", "not a year"),
        ("1928\tSummer\t\tNED\n", "no city"),
        ("1928\tSummer\tAmsterdam\tNED\n1928\tSummer\tAmsterdam\tNED\n", "listed twice"),
    ],
)
def test_parse_games_rejects_bad_rows(body: str, problem: str) -> None:
    text = "year\tseason\tcity\tcountry_noc\n" + body
    with pytest.raises(ReferenceDataError, match=re.escape(problem)):
        parse_games(text, frozenset({"NED"}))


def test_reference_data_error_is_an_internal_error() -> None:
    from olygraph.errors import EXIT_INTERNAL, OlygraphError

    assert issubclass(ReferenceDataError, OlygraphError)
    assert ReferenceDataError("x").exit_code == EXIT_INTERNAL
