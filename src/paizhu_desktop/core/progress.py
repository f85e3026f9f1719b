"""Progress and cancellation of long core operations (print, export, import, backup).

A long operation takes an optional :class:`Progress`: it reports how far it is
(``report(done, total, text)``) and, at points where stopping leaves nothing
half done, calls :meth:`Progress.check`, which raises :class:`Cancelled` once
the front end asked to stop. An operation that reaches a point after which it
can no longer stop (an import about to write) says so with
:meth:`Progress.commit`. The core never asks where the reports go: the GUI
turns them into a progress dialog, a test into a list.

The callbacks run on the operation's own thread; they must be cheap and
thread-safe (the GUI's only queue a signal and read a flag).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from paizhu_desktop.core.errors import PaizhuError


class Cancelled(PaizhuError):
    """The user stopped the operation at a safe point; nothing was changed or kept."""

    def __init__(self, message: str = "操作已取消，未作任何改动。") -> None:
        super().__init__(message)


@dataclass(frozen=True)
class Progress:
    """Where an operation reports to, and how it learns it should stop.

    Attributes:
        on_report: called with (done, total, text); total 0 means "not known".
        is_cancelled: returns True once the operation should stop.
        on_commit: called once the operation can no longer be cancelled.
    """

    on_report: Callable[[int, int, str], None] | None = None
    is_cancelled: Callable[[], bool] | None = None
    on_commit: Callable[[], None] | None = None

    def report(self, done: int, total: int, text: str = "") -> None:
        """``done`` of ``total`` steps; ``text`` says in Chinese what is being done."""
        if self.on_report is not None:
            self.on_report(done, total, text)

    @property
    def cancelled(self) -> bool:
        return self.is_cancelled is not None and self.is_cancelled()

    def check(self) -> None:
        """A safe point: raise :class:`Cancelled` if the operation should stop."""
        if self.cancelled:
            raise Cancelled()

    def commit(self, text: str = "") -> None:
        """From here on the operation runs to its end (or fails whole); no more cancelling."""
        self.check()
        if self.on_commit is not None:
            self.on_commit()
        if text:
            self.report(0, 0, text)


def quiet(progress: Progress | None) -> Progress:
    """``progress``, or one that reports nowhere and is never cancelled."""
    return progress if progress is not None else Progress()


__all__ = ["Cancelled", "Progress", "quiet"]
