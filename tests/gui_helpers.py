"""Driving real widgets with Chinese text (keyClicks cannot type Chinese)."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget


def type_chinese(widget: QWidget, text: str, replace: bool = True) -> None:
    """Commit ``text`` through the input method, as a Chinese IME does."""
    if replace and isinstance(widget, (QLineEdit, QPlainTextEdit)):
        widget.clear()
    widget.setFocus()
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def when_modal(kind: type, action) -> None:  # type: ignore[no-untyped-def]
    """Run ``action(dialog)`` once a modal dialog of ``kind`` is up (before exec blocks)."""
    from PySide6.QtCore import QTimer

    def poll() -> None:
        dlg = QApplication.activeModalWidget()
        if isinstance(dlg, kind) and dlg.isVisible():
            action(dlg)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def finish(qtbot, operation, timeout: int = 30_000):  # type: ignore[no-untyped-def]
    """Wait (running the event loop) until a worker operation has delivered its outcome."""
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=timeout)
    return operation


def open_window(qtbot, session):  # type: ignore[no-untyped-def]
    """The main window on ``session``, shown and exposed."""
    from paizhu_desktop.gui.main_window import MainWindow

    w = MainWindow(session)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def child(parent, cls, name: str):  # type: ignore[no-untyped-def]
    """The child widget ``name`` of ``parent`` (asserted to exist)."""
    found = parent.findChild(cls, name)
    assert found is not None, name
    return found


def discard_when_asked() -> None:
    """Answer the next 保存/放弃/取消 box (unsaved edits) with 放弃修改."""
    from PySide6.QtWidgets import QMessageBox, QPushButton

    when_modal(QMessageBox, lambda box: box.findChild(QPushButton, "unsavedDiscard").click())


def current_page(w):  # type: ignore[no-untyped-def]
    """The ledger page the window shows (asserted to be one)."""
    p = w.current_page()
    assert p is not None
    return p
