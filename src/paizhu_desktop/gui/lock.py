"""Auto-lock: idle time counted on the wall clock, so a machine that resumes
from sleep locks at once; and the lock screen that asks for the password."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

_INPUT_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.InputMethod,
}


class IdleWatcher(QObject):
    """Emits ``idle`` once the user has not touched the application for
    ``idle_seconds`` of wall-clock time.

    Signals:
        idle: the idle time has passed.
    """

    idle = Signal()

    def __init__(self, idle_seconds: float, clock: Callable[[], float] = time.time,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.idle_seconds = idle_seconds
        self.clock = clock
        self.last_activity = clock()
        self.enabled = True
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT_EVENTS:
            self.last_activity = self.clock()
        return False

    def check(self) -> None:
        if self.enabled and self.clock() - self.last_activity >= self.idle_seconds:
            self.enabled = False
            self.idle.emit()

    def reset(self) -> None:
        self.last_activity = self.clock()
        self.enabled = True


class LockScreen(QWidget):
    """Covers the window: nothing of the work is visible until the password is given.

    Signals:
        unlock_requested(str): the password typed.
        switch_user_requested: 切换用户 — end this session and show the login dialog.
    """

    unlock_requested = Signal(str)
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = QLabel("已锁定", self)
        title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        self.who = QLabel("", self)
        self.who.setObjectName("lockUser")
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.who)
        self.password = QLineEdit(self)
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("输入密码解锁")
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(self._submit)
        layout.addWidget(self.password, alignment=Qt.AlignmentFlag.AlignHCenter)
        button = QPushButton("解锁", self)
        button.setObjectName("unlockButton")
        button.clicked.connect(self._submit)
        layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.switch_button = QPushButton("切换用户(&W)", self)
        self.switch_button.setObjectName("switchUserButton")
        self.switch_button.setToolTip("结束当前账号的使用（未保存的录入会提示），回到登录窗口")
        self.switch_button.clicked.connect(self.switch_user_requested)
        layout.addWidget(self.switch_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.error = QLabel("", self)
        self.error.setObjectName("unlockError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.error)
        layout.addStretch(3)

    def _submit(self) -> None:
        text = self.password.text()
        self.password.clear()
        self.unlock_requested.emit(text)
