"""Showing errors: environment errors as one Chinese sentence, bugs as
"内部错误" with a reference — never a traceback, never record content."""

from __future__ import annotations

import contextlib
import logging
import sys
import uuid
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from paizhu_desktop.core.errors import PaizhuError

log = logging.getLogger("paizhu.gui")


def user_message(exc: BaseException) -> str:
    """The sentence to show for ``exc``."""
    if isinstance(exc, PaizhuError):
        return exc.message
    ref = uuid.uuid4().hex[:8]
    # Only the type and place go to the log: messages may quote record content.
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
    log.error("internal error %s: %s at %s", ref, type(exc).__name__, where)
    return f"内部错误（参考号 {ref}），操作未完成，已录入的内容仍在窗口中。请联系系统管理员。"


def show_error(parent: QWidget | None, exc: BaseException, title: str = "无法完成") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, user_message(exc),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.exec()


def install_excepthook() -> None:
    """Uncaught exceptions in slots become a message box, not a crash or a traceback."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        # If the box itself fails: keep the app alive, say nothing more.
        with contextlib.suppress(Exception):
            show_error(None, exc)

    sys.excepthook = hook
