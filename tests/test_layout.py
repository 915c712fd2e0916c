"""The package layout as the architecture says (issue 13): import contracts, no cycles, small
modules. The contracts themselves live in pyproject.toml and are checked by ``lint-imports``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "olygraph"
MAX_LINES = 400


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("olygraph", cache_dir=None)


def test_no_module_imports_one_that_imports_it_back(graph: grimp.ImportGraph) -> None:
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                cycles.append(" -> ".join((module, *back)))
    assert cycles == []


def test_no_package_imports_one_that_imports_it_back(graph: grimp.ImportGraph) -> None:
    packages = sorted(f"olygraph.{p.name}" for p in SRC.iterdir() if (p / "__init__.py").is_file())
    cycles = [
        (a, b)
        for a in packages
        for b in packages
        if a < b
        and graph.chain_exists(importer=a, imported=b, as_packages=True)
        and graph.chain_exists(importer=b, imported=a, as_packages=True)
    ]
    assert cycles == []


def test_every_package_names_its_public_api_and_what_goes_in_and_out() -> None:
    for init in sorted(SRC.glob("*/__init__.py")):
        text = init.read_text(encoding="utf-8")
        assert text.startswith('"""'), f"{init.parent.name}: no docstring"
        if init.parent.name != "cli":
            assert "__all__" in text, f"{init.parent.name}: no __all__ naming its public API"


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in sorted(SRC.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_import_contracts_hold() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe is not None, "import-linter is not installed (pip install -e '.[test]')"
    done = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout


def test_the_cli_starts_without_a_sparql_parser() -> None:
    """rdflib's SPARQL machinery (its pyparsing grammar) costs every command ~65 ms and ~15 MB
    in each process; it is imported where a query is asked, not when ``olygraph`` starts."""
    code = "import sys, olygraph.cli; print('rdflib.plugins.sparql' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
