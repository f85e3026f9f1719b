"""Bad input in the window: the form goes through the core's checks, shows each
message under its field, and keeps everything typed; nothing is stored."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
)

from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.ledger_page import LedgerPage
from paizhu_desktop.gui.workflow import StepDialog

from gui_helpers import child, open_window, type_chinese, when_modal

pytestmark = pytest.mark.gui


def chronicle_page(qtbot: QtBot, session: UserSession) -> LedgerPage:
    w = open_window(qtbot, session)
    p = w.open_ledger("chronicle")
    assert p is not None
    p.new_entry()
    return p


def save(qtbot: QtBot, p: LedgerPage) -> None:
    qtbot.mouseClick(p.save_button, Qt.MouseButton.LeftButton)


def test_control_characters_are_shown_under_the_field_and_kept(qtbot: QtBot,
                                                                session: UserSession) -> None:
    p = chronicle_page(qtbot, session)
    content = "开展专项监督检查\x1b[31m严明工作纪律"
    child(p, QPlainTextEdit, "content").setPlainText(content)
    type_chinese(child(p, QLineEdit, "place"), "县财政局\u202e会议室")
    save(qtbot, p)
    error = child(p, QLabel, "content_error")
    assert not error.isHidden() and "控制字符（U+001B）" in error.text()
    assert "方向" in child(p, QLabel, "place_error").text()
    assert child(p, QPlainTextEdit, "content").toPlainText() == content
    assert child(p, QLineEdit, "place").text() == "县财政局\u202e会议室"
    assert "未保存" in p.form_message.text()
    assert session.ledgers.count("chronicle") == 0


def test_too_long_text_is_kept_whole_with_its_count(qtbot: QtBot, session: UserSession) -> None:
    """A paste longer than the field is not cut off unseen: the person sees by how much."""
    p = chronicle_page(qtbot, session)
    place = "县财政局会议室" * 15  # 105 characters, the field takes 100
    type_chinese(child(p, QLineEdit, "place"), place)
    content = "纪" * 5001
    child(p, QPlainTextEdit, "content").setPlainText(content)
    save(qtbot, p)
    assert child(p, QLabel, "place_error").text() == "“地点”不能超过 100 个字（现有 105 个）"
    assert child(p, QLabel, "content_error").text() == \
        "“主要内容”不能超过 5000 个字（现有 5001 个）"
    assert child(p, QLineEdit, "place").text() == place
    assert child(p, QPlainTextEdit, "content").toPlainText() == content
    assert session.ledgers.count("chronicle") == 0
    # Shortened, it saves.
    type_chinese(child(p, QLineEdit, "place"), "县财政局会议室")
    child(p, QPlainTextEdit, "content").setPlainText("开展专项监督检查")
    category = child(p, QComboBox, "category")
    category.setCurrentIndex(category.findData("2"))
    save(qtbot, p)
    assert "已保存" in p.form_message.text() and session.ledgers.count("chronicle") == 1


def test_date_widgets_offer_only_the_years_the_core_takes(qtbot: QtBot,
                                                          session: UserSession) -> None:
    p = chronicle_page(qtbot, session)
    start = child(p, QDateEdit, "date_start")
    assert (start.minimumDate(), start.maximumDate()) == (QDate(1949, 1, 1), QDate(2100, 12, 31))
    start.setDate(QDate(9999, 12, 31))
    assert start.date() == QDate(2100, 12, 31)
    w = open_window(qtbot, session)
    seal = w.open_ledger("seal_outing")
    assert seal is not None
    back = child(seal, QDateTimeEdit, "planned_return")
    assert back.minimumDate() == QDate(1949, 1, 1) and back.maximumDate() == QDate(2100, 12, 31)


def test_a_bad_step_note_stays_in_the_dialog(qtbot: QtBot, session: UserSession) -> None:
    review = session.ledgers.add("chronicle_review", {"kind": "month", "year": 2026, "period": 2,
                                                      "summary": "二月大事记汇总"})
    session.ledgers.step("chronicle_review", review.id, "submit")
    w = open_window(qtbot, session)
    p = w.open_ledger("chronicle_review")
    assert p is not None
    p.open_entry(review.id)
    seen: list[tuple[str, str]] = []

    def send_back(dlg: StepDialog) -> None:
        type_chinese(dlg.note, "请补充三月的事项\u202e")
        dlg.findChild(QPushButton, "stepConfirm").click()

        def then() -> None:
            seen.append((dlg.error.text(), dlg.note.text()))
            dlg.findChild(QPushButton, "stepCancel").click()

        QTimer.singleShot(50, then)

    when_modal(StepDialog, send_back)
    wf = p.workflow.desc.workflow
    assert wf is not None
    assert not p.workflow.take(wf.step("send_back"))
    assert seen and "“退回意见”含有改变文字方向的控制字符" in seen[0][0]
    assert seen[0][1] == "请补充三月的事项\u202e"
    assert session.ledgers.get("chronicle_review", review.id).status == "submitted"


def test_an_optional_date_is_empty_or_within_the_years(qtbot: QtBot,
                                                       session: UserSession) -> None:
    p = chronicle_page(qtbot, session)
    end = child(p, QDateEdit, "date_end")
    assert end.value() is None  # type: ignore[attr-defined]
    assert end.minimumDate() == QDate(1948, 12, 31) and end.maximumDate() == QDate(2100, 12, 31)
    end.setDate(QDate(1949, 1, 1))
    assert end.value() == "1949-01-01"  # type: ignore[attr-defined]
