"""Write files atomically: a temporary file beside the target, then a rename.

A failure (or a signal) never leaves half a file at the target, and the previous file stays as
it was until the new one is complete. Special files (``/dev/stdout``, pipes) are written
directly.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from olygraph.errors import InputError


def is_special(path: Path) -> bool:
    """Whether ``path`` is a device, pipe or socket (``-o /dev/null``, ``-o /dev/stdout``): it
    is written into directly, since renaming a file onto it would replace it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _destination(path: Path) -> tuple[Path, int]:
    """The directory a temporary file for ``path`` goes into (it must exist), and the mode the
    result gets: the existing file's, or 0666 less the umask for a new one."""
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise InputError(str(path), "cannot write: the directory does not exist")
    try:
        return directory, stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return directory, 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same directory and a rename.

    A new file gets the usual mode (0666 less the umask); an existing file keeps its mode.
    Failures (no such directory, no permission, disk full) are input errors naming the file.
    A device or pipe is written into directly (:func:`is_special`).
    """
    if is_special(path):
        try:
            with path.open("wb") as fh:
                fh.write(data)
        except OSError as err:
            raise InputError(str(path), f"cannot write: {err.strerror or err}") from None
        return
    directory, mode = _destination(path)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except OSError as err:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
        raise InputError(str(path), f"cannot write: {err.strerror or err}") from None
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
        raise


@contextlib.contextmanager
def open_atomic(path: Path) -> Iterator[BinaryIO]:
    """A binary file to stream into, renamed onto ``path`` only when the block ends normally.

    Like :func:`write_atomic` for output too big to hold in memory: on any exception (or
    exit) inside the block the temporary file is removed and ``path`` stays as it was. The
    file's ``name`` is the temporary path, so the block can read back what it wrote. A device
    or pipe is written into directly (:func:`is_special`).
    Unlike :func:`write_atomic` it does not fsync: for a 700 MB export that would wait seconds
    for the disk, and the rename alone already means readers see the old file or the whole
    new one, never half of it.
    """
    if is_special(path):
        try:
            with path.open("wb", buffering=1 << 20) as fh:
                yield fh
        except OSError as err:
            raise InputError(str(path), f"cannot write: {err.strerror or err}") from None
        return
    directory, mode = _destination(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        os.close(fd)
    except OSError as err:
        raise InputError(str(path), f"cannot write: {err.strerror or err}") from None
    try:
        with Path(tmp).open("wb", buffering=1 << 20) as fh:  # fh.name: the temporary path
            yield fh
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except OSError as err:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise InputError(str(path), f"cannot write: {err.strerror or err}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
