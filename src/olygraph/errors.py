"""The one exception hierarchy of olygraph.

Library code raises these and never exits the process; ``cli.py`` maps them to exit codes:

====  =========================================================
code  meaning
====  =========================================================
0     success
1     validation failed (SHACL violations)
2     bad input or usage (unreadable/empty/non-UTF-8 file, no title line, bad option), or a
      triple store that cannot be reached or refuses a load
3     internal error (a bug: please report it)
====  =========================================================
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_VALIDATION = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3


class OlygraphError(Exception):
    """Base class of every error olygraph raises on purpose."""

    exit_code = EXIT_INTERNAL


class InputError(OlygraphError):
    """Input that cannot be read: names the file, the place, the value and what was expected."""

    exit_code = EXIT_INPUT

    def __init__(self, file: str, problem: str, *, line: int | None = None) -> None:
        self.file = file
        self.problem = problem
        self.line = line
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {problem}")


class UsageError(OlygraphError):
    """An option or argument that makes no sense."""

    exit_code = EXIT_INPUT


class UnsafeTermError(UsageError):
    """A term that cannot be written into SPARQL text unambiguously (an IRI with characters
    SPARQL does not allow, a blank node, a control character, a malformed language tag)."""


class ValidationFailed(OlygraphError):  # noqa: N818 (pySHACL-style name)
    """The graph does not conform to the shapes (SHACL violations)."""

    exit_code = EXIT_VALIDATION


class LoadError(OlygraphError):
    """A triple store could not be reached, refused a request, or holds other triples than were
    sent (exit 2, like other input the run cannot use). Never carries a password."""

    exit_code = EXIT_INPUT
