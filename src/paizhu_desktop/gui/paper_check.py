"""核对纸质件: type the digest (or the whole footer line) from a printed page and see
whether the paper still matches the database (``core.printing.jobs.verify_print``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.printing.jobs import VERIFY_MENU, PrintCheck, verify_print
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.errors import user_message


class PaperCheckDialog(QDialog):
    """The digest from the paper in, what it matches out."""

    def __init__(self, session: UserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paperCheckDialog")
        self.setWindowTitle(VERIFY_MENU)
        self.session = session
        layout = QVBoxLayout(self)
        note = QLabel("每张打印件页脚印有摘要和审计链位置。输入摘要（或整行页脚），"
                      "查看这份纸质件打印以来记录是否改动。", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.digest = QLineEdit(self)
        self.digest.setObjectName("printDigest")
        self.digest.setPlaceholderText("如：摘要 3f9a2c7d1e08  审计链 #128:9c1d")
        self.digest.returnPressed.connect(self.check)
        form.addRow("页脚摘要(&D)", self.digest)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.check_button = QPushButton("核对(&C)", self)
        self.check_button.setObjectName("checkPaperButton")
        self.check_button.clicked.connect(self.check)
        close = QPushButton("关闭", self)
        close.setObjectName("closeButton")
        close.clicked.connect(self.reject)
        row.addStretch(1)
        row.addWidget(self.check_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.outcome = QLabel("", self)
        self.outcome.setObjectName("paperCheckResult")
        self.outcome.setWordWrap(True)
        self.outcome.setMinimumHeight(80)
        layout.addWidget(self.outcome)
        self.resize(560, self.sizeHint().height())

    def check(self) -> PrintCheck | None:
        text = self.digest.text().strip()
        if not text:
            self.outcome.setText("请输入纸质件页脚上的摘要。")
            return None
        try:
            found = verify_print(self.session, text)
        except Exception as exc:
            self.outcome.setStyleSheet("color: #b00020;")
            self.outcome.setText(user_message(exc))
            return None
        self.outcome.setStyleSheet("color: #0f5132;" if found.ok else "color: #b00020;")
        self.outcome.setText(found.describe())
        return found
