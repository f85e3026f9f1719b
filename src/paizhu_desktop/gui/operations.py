"""Long work off the GUI thread: one pattern for printing, saving, export, import, backup.

The GUI calls :func:`run_operation` with a plain core call that takes a
:class:`~paizhu_desktop.core.progress.Progress`. The call runs on a worker
thread of a ``QThreadPool``; its reports reach a progress dialog, and its result
or error reaches ``on_done`` / ``on_error``, through queued signals — so every
widget is touched on the GUI thread only. The core call must not touch widgets:
read what it needs from them before starting.

Errors go through :func:`~paizhu_desktop.gui.errors.user_message`: an
environment error as its one Chinese sentence, a bug as "内部错误" with a
reference, never a traceback. A cancelled operation ends in ``on_error`` with
:class:`~paizhu_desktop.core.progress.Cancelled`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QPushButton, QWidget

from paizhu_desktop.core.progress import Cancelled, Progress

from paizhu_desktop.gui.errors import show_error

T = TypeVar("T")

#: The dialog appears only for work that lasts longer than this (ms).
SHOW_AFTER_MS = 400
#: Steps of the progress bar (reports are scaled to it; "total 0" shows a busy bar).
BAR_STEPS = 1000


class _Bridge(QObject):
    """Carries a worker's reports and outcome to the GUI thread.

    It has no parent and is kept alive by the worker's closure, so the worker can
    emit even if the window that started the work has been closed meanwhile.

    Signals:
        reported(int, int, str): done, total, text.
        committed(): the operation can no longer be cancelled.
        succeeded(object): the core call's result.
        failed(object): the exception it raised.
    """

    reported = Signal(int, int, str)
    committed = Signal()
    succeeded = Signal(object)
    failed = Signal(object)


class OperationDialog(QProgressDialog):
    """The progress dialog of one operation; closing it only cancels where that is safe.

    The bar is updated directly (:meth:`show_progress`), not through
    ``QProgressDialog.setValue``, which runs a nested event loop in a modal dialog.

    Attributes:
        bar: the progress bar (objectName ``operationBar``).
        cancel_button: 取消 (objectName ``operationCancel``), None where cancel is unsafe.
        cancellable: whether closing the dialog or 取消 asks the operation to stop.
    """

    def __init__(self, title: str, text: str, cancellable: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, labelText=text, minimum=0, maximum=BAR_STEPS)
        self.setObjectName("operationProgress")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("operationBar")
        self.setBar(self.bar)
        self.cancellable = cancellable
        self.cancel_button: QPushButton | None = None
        if cancellable:
            self.cancel_button = QPushButton("取消", self)
            self.cancel_button.setObjectName("operationCancel")
        self.setCancelButton(self.cancel_button)
        self.setMinimumDuration(SHOW_AFTER_MS)
        self.setValue(0)  # starts the timer that shows the dialog after SHOW_AFTER_MS

    def show_progress(self, done: int, total: int) -> None:
        """``done`` of ``total``; a busy bar when the total is not known (0)."""
        if total > 0:
            self.bar.setRange(0, BAR_STEPS)
            self.bar.setValue(min(BAR_STEPS, round(done * BAR_STEPS / total)))
        else:
            self.bar.setRange(0, 0)

    def lock_cancel(self) -> None:
        """The operation passed its last safe point: 取消 is no longer offered."""
        self.cancellable = False
        if self.cancel_button is not None:
            self.cancel_button.setEnabled(False)
            self.cancel_button.setToolTip("正在写入，已不能取消")

    def reject(self) -> None:
        if self.cancellable:
            self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.cancellable:
            super().closeEvent(event)
        else:
            event.ignore()


class Operation(QObject, Generic[T]):
    """A core call running on a worker thread, and its progress dialog.

    Attributes:
        title: what the dialog calls the work (Chinese).
        dialog: the progress dialog (objectName ``operationProgress``).
        result: the call's result once it succeeded.
        error: the exception once it failed or was cancelled.
        done: True once ``on_done`` or ``on_error`` has run.

    Signals:
        finished(): after ``on_done`` or ``on_error`` ran, on the GUI thread.
    """

    finished = Signal()

    def __init__(self, parent: QWidget | None, title: str, fn: Callable[[Progress], T], *,
                 on_done: Callable[[T], None], on_error: Callable[[BaseException], None] | None,
                 cancellable: bool, text: str) -> None:
        super().__init__(parent)
        self.setObjectName("operation")
        self.title = title
        self.result: T | None = None
        self.error: BaseException | None = None
        self.done = False
        self._parent = parent
        self._on_done = on_done
        self._on_error = on_error
        self._cancel = threading.Event()
        self._fn = fn
        self.dialog = OperationDialog(title, text or f"正在{title}…", cancellable, parent)
        self.dialog.canceled.connect(self.cancel)
        self._bridge = _Bridge()
        queued = Qt.ConnectionType.QueuedConnection
        self._bridge.reported.connect(self._reported, queued)
        self._bridge.committed.connect(self._committed, queued)
        self._bridge.succeeded.connect(self._succeeded, queued)
        self._bridge.failed.connect(self._failed, queued)

    def start(self, pool: QThreadPool | None = None) -> None:
        """Hand the call to a worker thread (the application's pool unless one is given)."""
        bridge, fn, cancel = self._bridge, self._fn, self._cancel
        progress = Progress(on_report=bridge.reported.emit, is_cancelled=cancel.is_set,
                            on_commit=bridge.committed.emit)

        def work() -> None:
            try:
                result = fn(progress)
            except BaseException as exc:
                bridge.failed.emit(exc)
            else:
                bridge.succeeded.emit(result)

        (pool or QThreadPool.globalInstance()).start(work)

    @Slot()
    def cancel(self) -> None:
        """Ask the call to stop at its next safe point (only if it is cancellable)."""
        if self.dialog.cancellable and not self.done:
            self._cancel.set()
            self.dialog.setLabelText("正在取消…")

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @Slot(int, int, str)
    def _reported(self, done: int, total: int, text: str) -> None:
        if self.done:
            return
        self.dialog.show_progress(done, total)
        if text and not self._cancel.is_set():
            self.dialog.setLabelText(text)

    @Slot()
    def _committed(self) -> None:
        self.dialog.lock_cancel()

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        self.result = result
        self._finish()
        self._on_done(result)
        self.finished.emit()

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        self._finish()
        if self._on_error is not None:
            self._on_error(exc)
        elif not isinstance(exc, Cancelled):
            show_error(self._parent, exc, f"未能{self.title}")
        self.finished.emit()

    def _finish(self) -> None:
        self.done = True
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()


def run_operation(parent: QWidget | None, title: str, fn: Callable[[Progress], T], *,
                  on_done: Callable[[T], None],
                  on_error: Callable[[BaseException], None] | None = None,
                  cancellable: bool = False, text: str = "",
                  pool: QThreadPool | None = None) -> Operation[T]:
    """Run ``fn(progress)`` on a worker thread with a progress dialog over ``parent``.

    ``on_done(result)`` or ``on_error(exc)`` then runs on the GUI thread; without
    ``on_error`` an error is shown in a message box (a cancel is not an error to show).
    ``cancellable`` offers 取消: only for calls that stop cleanly at their safe points.
    """
    op = Operation(parent, title, fn, on_done=on_done, on_error=on_error,
                   cancellable=cancellable, text=text)
    op.start(pool)
    return op


__all__ = ["Operation", "OperationDialog", "run_operation"]
