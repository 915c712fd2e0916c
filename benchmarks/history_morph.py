"""Morph-KGC on the history model: the derived CSV files its RML mapping reads, its own venv,
and its run.

RML cannot compute the model's team-event rule, slugs, canonical decimals or "the first row with
this key", so ``prepare`` writes a copy of the inputs with those columns added, computed by the
floor's own functions (``history_floor``); see the header of ``history.rml.ttl``. The benchmark
times the preparation and Morph-KGC separately and counts their sum as Morph-KGC's time.

    python benchmarks/history_morph.py ATHLETES.csv.gz NOCS.csv.gz --dir WORK [--base IRI]
        writes WORK/history-*.csv, WORK/history.rml.ttl and WORK/history-morph.ini
    .cache/bench-venvs/morph-kgc/bin/python -m morph_kgc WORK/history-morph.ini   (in WORK)
        writes WORK/history-morph.nt

Morph-KGC 2.10 pins pandas<3, rdflib<7.3 and pyoxigraph<0.4, so it gets its own virtual
environment (``ensure_venv``, pinned by ``morph-kgc-requirements.txt``).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import history_floor as m

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MAPPING = HERE / "history.rml.ttl"
CONFIG = HERE / "history-morph.ini"
REQUIREMENTS = HERE / "morph-kgc-requirements.txt"
VENV = ROOT / ".cache" / "bench-venvs" / "morph-kgc"
OUTPUT = "history-morph.nt"
ATHLETE_COLUMNS = (
    "ID",
    "Name",
    "Sex",
    "Age",
    "Team",
    "NOC",
    "Year",
    "Season",
    "City",
    "Sport",
    "Event",
    "Medal",
    "Height",
    "Weight",
    "line",
    "games",
    "city_slug",
    "sport_slug",
    "event_slug",
    "gender",
    "key_line",
    "team_slug",
    "medal_slug",
    "award_athlete",
    "award_team",
    "award_line",
)


def python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv() -> Path:
    """Morph-KGC's own venv under .cache (created once, with the pinned versions)."""
    if not python().exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    check = [str(python()), "-c", "import morph_kgc"]
    if subprocess.run(check, capture_output=True, check=False).returncode != 0:
        pip = [str(python()), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)]
        subprocess.run(pip, check=True)
    return python()


def _athletes(path: Path, out: Path) -> None:
    found = m.scan(path)
    first_keys: set[str] = set()
    first_awards: set[tuple[str, ...]] = set()
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(ATHLETE_COLUMNS)
        for line, row in m.rows(path):
            aid, name, sex, age, height, weight, team, noc = row[:8]
            games, year, season, city, sport, ev, medal = row[8:]
            gk = m.games_key(year, season)
            es = m.event_slug(sport, ev)
            k = m.key(row)
            key_line = "" if k in first_keys else str(line)
            first_keys.add(k)
            team_slug = m.slug(f"{team} {noc}") if ev in found.team_events else ""
            medal_slug = m.MEDALS.get(medal, "")
            winner = team_slug or aid
            award = (games, ev, medal_slug, winner)
            award_line = ""
            if medal_slug and award not in first_awards:
                first_awards.add(award)
                award_line = str(line)
            w.writerow(
                (
                    aid,
                    name,
                    sex,
                    age,
                    team,
                    noc,
                    year,
                    season,
                    city,
                    sport,
                    ev,
                    medal,
                    m.decimal(height) if height != "NA" else "",
                    m.decimal(weight) if weight != "NA" else "",
                    line,
                    gk,
                    m.slug(city),
                    m.slug(sport),
                    es,
                    m.gender(sport, ev) or "",
                    key_line,
                    team_slug,
                    medal_slug,
                    aid if medal_slug and not team_slug else "",
                    team_slug if medal_slug else "",
                    award_line,
                )
            )


def prepare(inputs: list[Path], folder: Path, base: str = m.DEFAULT_BASE) -> Path:
    """Write the derived CSV files, the mapping and the config into ``folder``; the config."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "history-sources.csv").open("w", encoding="utf-8", newline="") as f:
        sources = csv.writer(f, lineterminator="\n")
        sources.writerow(("slug", "fileName"))
        for path in inputs:
            kind = m.header(path)
            sources.writerow((m.source_slug(path), path.name))
            if kind == m.ATHLETE_HEADER:
                _athletes(path, folder / "history-athletes.csv")
            elif kind == m.NOC_HEADER:
                with (folder / "history-nocs.csv").open("w", encoding="utf-8", newline="") as n:
                    nocs = csv.writer(n, lineterminator="\n")
                    nocs.writerow(("NOC", "region", "notes", "line"))
                    for line, (code, region, notes) in m.rows(path):
                        nocs.writerow((code, region, notes, line))
    mapping = MAPPING.read_text(encoding="utf-8").replace(m.DEFAULT_BASE, base)
    (folder / MAPPING.name).write_text(mapping, encoding="utf-8")
    config = folder / CONFIG.name
    config.write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path, help="athlete and NOC tables (.csv[.gz])")
    parser.add_argument("--dir", type=Path, required=True, help="where to write (created)")
    parser.add_argument("--base", default=m.DEFAULT_BASE)
    args = parser.parse_args(argv)
    prepare(args.inputs, args.dir, args.base)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
