"""The built wheel, installed in a fresh venv, works away from the source checkout.

One wheel and one venv per session: ``python -m build --wheel`` from the repo root, then
``python -m venv`` (no system site-packages) and ``pip install`` of the wheel (its dependencies
come from the package index). Everything then runs with a working directory outside the repo and
without PYTHONPATH, so only the installed copy can answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
RESULT = URIRef("https://w3id.org/olygraph/ontology#Result")
EVENT = URIRef("https://w3id.org/olygraph/id/event/1928-summer/cycling/mens-track-time-trial")
DATA_FOLDERS = ("ontology", "shapes", "queries")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    python: Path
    script: Path
    outside: Path  # a working directory outside the repo


def _run(
    argv: list[str | Path], cwd: Path, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _ok(done: subprocess.CompletedProcess[str], what: str) -> str:
    assert done.returncode == 0, f"{what} failed ({done.returncode}):\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    _ok(
        _run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, ROOT], cwd=ROOT),
        "python -m build --wheel",
    )
    wheels = sorted(dist.glob("olygraph-*.whl"))
    assert len(wheels) == 1, wheels
    venv = base / "venv"
    _ok(_run([sys.executable, "-m", "venv", venv], cwd=base), "python -m venv")
    python = venv / "bin" / "python"
    _ok(_run([python, "-m", "pip", "install", "--quiet", wheels[0]], cwd=base), "pip install")
    outside = base / "elsewhere"
    outside.mkdir()
    assert ROOT not in outside.parents
    return Installed(wheels[0], python, venv / "bin" / "olygraph", outside)


def test_venv_is_isolated(installed: Installed) -> None:
    cfg = (installed.python.parent.parent / "pyvenv.cfg").read_text(encoding="utf-8")
    assert "include-system-site-packages = false" in cfg


def test_wheel_holds_the_package_data(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    assert "olygraph/data/seed.txt" in names
    assert "olygraph/py.typed" in names
    assert "olygraph/_files/ontology/olygraph.ttl" in names
    for folder in DATA_FOLDERS:  # every file of ontology/, shapes/ and queries/ is shipped
        top = ROOT / folder  # with their subfolders (queries/wikidata/, shapes/wikidata/)
        in_repo = {p.relative_to(top).as_posix() for p in top.rglob("*") if p.is_file()}
        prefix = f"olygraph/_files/{folder}/"
        packaged = {n[len(prefix) :] for n in names if n.startswith(prefix)}
        assert packaged == in_repo, folder
    assert not any(n.startswith(("tests/", "src/")) for n in names)


def test_installed_package_is_the_one_imported(installed: Installed) -> None:
    where = _ok(
        _run(
            [installed.python, "-c", "import olygraph; print(olygraph.__file__)"], installed.outside
        ),
        "import olygraph",
    ).strip()
    assert "site-packages" in where
    assert not Path(where).resolve().is_relative_to(ROOT)


def test_installed_script_exports_the_seed_as_ntriples(installed: Installed) -> None:
    out = _ok(
        _run([installed.script, "export", "--format", "nt"], installed.outside),
        "olygraph export --format nt",
    )
    g = Graph().parse(data=out, format="nt")
    assert len(set(g.subjects(RDF.type, RESULT))) == 16
    assert (EVENT, RDF.type, URIRef("https://w3id.org/olygraph/ontology#Event")) in g


def test_installed_script_exports_and_queries_the_wikidata_profile(installed: Installed) -> None:
    """The mapping table, the profile's shapes and its queries come from the installed copy."""
    out = _ok(
        _run([installed.script, "export", "--profile", "wikidata", "-f", "nt"], installed.outside),
        "olygraph export --profile wikidata",
    )
    g = Graph().parse(data=out, format="nt")
    assert len(set(g.objects(EVENT, URIRef("http://www.wikidata.org/prop/P710")))) == 19
    listed = _ok(
        _run([installed.script, "query", "--profile", "wikidata", "--list"], installed.outside),
        "olygraph query --profile wikidata --list",
    )
    assert [ln.split()[0] for ln in listed.splitlines() if not ln.startswith(" ")] == [
        "athlete", "discrepancies", "event-participants", "event-results", "games-medalists",
        "medal-table-by-country", "medal-table",
    ]  # fmt: skip


def test_installed_python_m_olygraph_exports_the_seed(installed: Installed) -> None:
    out = _ok(_run([installed.python, "-m", "olygraph", "export"], installed.outside), "python -m")
    g = Graph().parse(data=out, format="turtle")
    assert len(set(g.subjects(RDF.type, RESULT))) == 16


def test_installed_data_dir_points_into_site_packages(installed: Installed) -> None:
    code = (
        "import json; from olygraph.resources import data_dir, ontology_files; "
        "d = data_dir('ontology'); "
        "print(json.dumps({'dir': str(d), 'files': sorted(p.name for p in d.iterdir()), "
        "'ttl': [str(p) for p in ontology_files()]}))"
    )
    found = json.loads(_ok(_run([installed.python, "-c", code], installed.outside), "data_dir"))
    where = Path(found["dir"])
    assert "site-packages" in where.parts
    assert where.parts[-3:] == ("olygraph", "_files", "ontology")
    assert not where.resolve().is_relative_to(ROOT)
    assert "olygraph.ttl" in found["files"]
    assert set(found["files"]) >= {p.name for p in (ROOT / "ontology").glob("*.ttl")}
    assert all(Path(p).parent == where for p in found["ttl"])
    ontology = Graph().parse(where / "olygraph.ttl", format="turtle")
    assert len(ontology) > 0


def test_installed_data_dir_finds_every_shipped_folder(installed: Installed) -> None:
    """``data_dir`` of each folder the repo has files in answers from site-packages."""
    wanted = [f for f in DATA_FOLDERS if any(p.is_file() for p in (ROOT / f).glob("*"))]
    code = (
        "import json, sys; from olygraph.resources import data_dir; "
        "print(json.dumps({n: sorted(p.name for p in data_dir(n).iterdir()) + [str(data_dir(n))]"
        " for n in sys.argv[1:]}))"
    )
    found = json.loads(_ok(_run([installed.python, "-c", code, *wanted], installed.outside), "x"))
    for folder in wanted:
        *files, where = found[folder]
        assert "site-packages" in Path(where).parts, folder
        # files and sub-folders (queries/wikidata, shapes/wikidata) alike
        assert set(files) == {p.name for p in (ROOT / folder).glob("*")}, folder


def test_installed_package_reads_its_event_aliases(installed: Installed) -> None:
    code = (
        "from olygraph.identity import packaged_aliases; t = packaged_aliases(); "
        "print(len(t.rows), t.rows[0].where)"
    )
    out = _ok(_run([installed.python, "-c", code], installed.outside), "packaged_aliases")
    assert out.split() == ["15", "event_aliases.tsv:9"]
