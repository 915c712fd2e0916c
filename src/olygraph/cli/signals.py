"""Signals and a broken standard output, for the command line.

A signal that stops olygraph (SIGINT from Ctrl-C, SIGTERM from ``kill`` or a service manager,
SIGHUP from a closed terminal) is turned into :class:`Interrupted`, an exception, instead of
ending the process on the spot: the ``finally`` blocks and context managers on the way out run,
so :func:`olygraph.write.files.open_atomic` removes its temporary file and the previous output stays
as it was. The CLI then exits ``128 + N`` as shells expect (130 for SIGINT, 143 for SIGTERM).

:class:`Interrupted` derives from ``BaseException``, like ``KeyboardInterrupt``: the
``except Exception`` of library code never swallows it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

#: the signals that stop a run; each becomes :class:`Interrupted`
STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Interrupted(BaseException):
    """The run was stopped by signal ``signum``; the CLI exits ``128 + signum``."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(f"stopped by {self.name}")

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _raise(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def stopping_signals_raise() -> Iterator[None]:
    """Within the block, SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted`; the previous
    handlers come back afterwards. Outside the main thread (where Python allows no handlers)
    nothing changes. A signal that arrives once the block is left is handled as before."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for sig in STOPPING:
        with contextlib.suppress(OSError, ValueError):
            previous[sig] = signal.signal(sig, _raise)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def detach_stdout() -> None:
    """Point standard output at ``/dev/null`` after it failed (a closed pipe, a full disk), so
    that Python's own flush at exit does not fail again with an "Exception ignored" message."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


#: errors of writing to a file or device: a full disk, a quota, a file too big, an I/O error
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})


def describe_os_error(err: OSError) -> str:
    """One line for an operating-system error that reached the CLI: the file it names, or the
    standard output when it is a write error without a file (``olygraph export > /dev/full``)."""
    reason = err.strerror or type(err).__name__
    if err.filename is not None:
        return f"{err.filename}: {reason}"
    if err.errno in WRITE_ERRNOS:
        return f"cannot write to standard output: {reason}"
    return f"system error: {reason}"
