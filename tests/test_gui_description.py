"""The GUI reads a ledger's presentation from its description: list columns and
their text, the live 密级 rule's inputs, the form's fields and the documents."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.catalog import Catalog
from paizhu_desktop.core.ledgers.description import Chapter, Document, LedgerDescription
from paizhu_desktop.core.ledgers.fields import TODAY, Field, FieldType
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.ledger_page import LedgerPage

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, add_account
from gui_helpers import child, discard_when_asked, finish, open_window, type_chinese

pytestmark = pytest.mark.gui

YEAR = dt.date.today().year

CHAPTER = Chapter("献县办法", 1, "测试", 1, 1)


def _secret_when_marked(values: Mapping[str, Any]) -> Classification | None:
    if "案" in (values.get("title") or "") or values.get("sensitive"):
        return Classification.SECRET
    return None


#: A ledger whose 密级 rule reads a line of text and a check box; it keeps a retired
#: field and a hidden one, and declares two documents.
NOTES = LedgerDescription(
    id="notes",
    version=2,
    name="测试记录",
    chapter=CHAPTER,
    article="献县办法 第一条",
    fields=(
        Field("date", "日期", FieldType.DATE, required=True, default=TODAY),
        Field("title", "标题", FieldType.TEXT, required=True, max_length=60),
        Field("sensitive", "涉及案件", FieldType.BOOL, default=False),
        Field("old_code", "旧编号", FieldType.TEXT, retired=True),
        Field("source_id", "来源条目", FieldType.TEXT, hidden=True),
    ),
    list_columns=("date", "title"),
    ordering=(("date", True),),
    date_field="date",
    summary_field="title",
    classification_rule=_secret_when_marked,
    classification_inputs=("title", "sensitive"),
    documents=(Document("会议纪要", "entry", "打印测试纪要…"),
               Document("大事记", "period", "打印测试汇编…")),
)


#: The same ledger before 旧编号 was retired.
NOTES_V1 = dataclasses.replace(
    NOTES, version=1,
    fields=tuple(dataclasses.replace(f, retired=False) for f in NOTES.fields))


@pytest.fixture
def notes_session(tmp_path: Path) -> Iterator[UserSession]:
    s, _ = UserSession.create(tmp_path / "测试.db", LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF,
                              catalog=Catalog([NOTES], [CHAPTER]))
    yield s
    s.close()


def _page(qtbot: QtBot, session: UserSession, ledger_id: str) -> LedgerPage:
    page = LedgerPage(session, session.catalog.ledger(ledger_id))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page




def _column(page: LedgerPage, key: str) -> int:
    return [c.key for c in page.model.columns].index(key)


def _cell(page: LedgerPage, row: int, key: str,
          role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
    return page.model.data(page.model.index(row, _column(page, key)), role)


# -- list columns ----------------------------------------------------------------------

@pytest.fixture
def stamped(session: UserSession, db_path: Path) -> Iterator[UserSession]:
    """One seal use requested by a member, approved, verified and stamped."""
    add_account(session, "wangmy", [Role.MEMBER], display_name="王明远")
    add_account(session, "lihq", [Role.MEMBER, Role.SEAL_CUSTODIAN], display_name="李慧琴")
    member = UserSession.open(db_path, "wangmy", PASSWORD)
    custodian = UserSession.open(db_path, "lihq", PASSWORD)
    eid = member.ledgers.add("seal_use", {
        "requested_at": f"{YEAR}-03-02 09:30", "document": "关于专项检查情况的报告",
        "purpose": "报送县纪委监委", "impressions": 2}).id
    session.ledgers.step("seal_use", eid, "approve", note="同意")
    custodian.ledgers.step("seal_use", eid, "verify")
    custodian.ledgers.step("seal_use", eid, "stamp")
    member.close()
    custodian.close()
    yield session


def test_seal_list_reads_numbers_and_names_as_declared(qtbot: QtBot, stamped: UserSession,
                                                       qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    """用印编号 reads 2026-001, not 1; accounts read as their display names."""
    page = _page(qtbot, stamped, "seal_use")
    entry = stamped.ledgers.list("seal_use")[0]
    assert _cell(page, 0, "stamp_number") == f"{entry.values['stamp_year']}-001"
    assert _cell(page, 0, "requester") == "王明远"
    assert _cell(page, 0, "custodian") == "李慧琴"
    assert _cell(page, 0, "status") == "已用印"
    headers = [page.model.headerData(i, Qt.Orientation.Horizontal)
               for i in range(page.model.columnCount())]
    # 第六十条 用印时间 (the stamping) first, the request's own time apart at the end.
    assert headers[:3] == ["用印时间", "状态", "用印编号"]
    assert headers[-2:] == ["申请时间", "密级"] and "印章" in headers
    assert _cell(page, 0, "impressions", Qt.ItemDataRole.TextAlignmentRole) is not None
    qtmodeltester.check(page.model)


def test_history_reads_values_and_states_as_declared(stamped: UserSession) -> None:
    from paizhu_desktop.gui.history import changes

    entry = stamped.ledgers.list("seal_use")[0]
    revisions, _audits = stamped.ledgers.history("seal_use", entry.id)
    diff = changes(entry.ledger, revisions[-2].data, revisions[-1].data)
    assert ("用印编号", "", f"{entry.values['stamp_year']}-001") in diff
    assert ("状态", "已核对待用印", "已用印") in diff


def test_list_sorts_by_a_common_column_and_keeps_voided_marked(
        qtbot: QtBot, session: UserSession) -> None:
    for day, category in (("2026-03-01", "2"), ("2026-03-02", "5")):
        session.ledgers.add("chronicle", {"date_start": day, "category": category,
                                          "content": f"{day} 开展专项监督检查"})
    first = session.ledgers.list("chronicle")[0]
    session.ledgers.void("chronicle", first.id, "重复登记")
    page = _page(qtbot, session, "chronicle")
    page.filter_status.setCurrentIndex(page.filter_status.findData("all"))
    page.table.horizontalHeader().sectionClicked.emit(_column(page, "classification"))
    assert page.model.order_by == ("classification", False)
    assert [_cell(page, r, "classification") for r in range(2)] == ["内部", "秘密★10年"]
    page.table.horizontalHeader().sectionClicked.emit(_column(page, "classification"))
    assert page.model.order_by == ("classification", True)
    rows = {page.model.entry(r).id: r for r in range(page.model.rowCount())}
    assert _cell(page, rows[first.id], "content", Qt.ItemDataRole.FontRole).strikeOut()
    assert "已作废：重复登记" in _cell(page, rows[first.id], "content",
                                  Qt.ItemDataRole.ToolTipRole)
    assert "status" not in [c.key for c in page.model.columns]  # no approval flow


def test_columns_take_their_declared_width(qtbot: QtBot, session: UserSession) -> None:
    page = _page(qtbot, session, "chronicle")
    width = page.table.columnWidth
    assert width(_column(page, "content")) > width(_column(page, "place")) \
        > width(_column(page, "importance"))
    label = page.table.horizontalHeader().fontMetrics().horizontalAdvance("当日次序")
    assert width(_column(page, "importance")) >= label


# -- the form ----------------------------------------------------------------------------

def test_classification_follows_a_text_input_until_chosen(
        qtbot: QtBot, notes_session: UserSession) -> None:
    page = _page(qtbot, notes_session, "notes")
    level = child(page, QComboBox, "classification")
    title = child(page, QLineEdit, "title")
    assert level.currentText() == "内部"
    type_chinese(title, "研究某案线索")
    assert level.currentText() == "秘密"
    type_chinese(title, "研究工作安排")
    assert level.currentText() == "内部"
    child(page, QCheckBox, "sensitive").setChecked(True)
    assert level.currentText() == "秘密"

    level.setFocus()
    qtbot.keyClick(level, Qt.Key.Key_Up)  # the person picks 内部 themselves
    assert level.currentText() == "内部"
    type_chinese(title, "再研究某案线索")
    assert level.currentText() == "内部"
    discard_when_asked()  # the unsaved title is thrown away on purpose
    page.new_entry()
    assert not page.dirty
    type_chinese(title, "又一案")
    assert level.currentText() == "秘密"


def test_form_leaves_out_retired_and_hidden_fields_and_keeps_their_values(
        qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "测试.db"
    before, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF,
                                   catalog=Catalog([NOTES_V1], [CHAPTER]))
    stored = before.ledgers.add("notes", {"title": "工作安排", "old_code": "A-7",
                                          "source_id": "x1"})
    before.close()
    notes_session = UserSession.open(path, LEADER, PASSWORD,
                                     catalog=Catalog([NOTES], [CHAPTER]), kdf=CHEAP_KDF)
    page = _page(qtbot, notes_session, "notes")
    assert page.findChild(QLineEdit, "title") is not None
    assert page.findChild(QLineEdit, "old_code") is None
    assert page.findChild(QLineEdit, "source_id") is None
    page.open_entry(stored.id)
    type_chinese(child(page, QLineEdit, "title"), "工作安排（修订）")
    assert page.save(), page.form_message.text()
    edited = notes_session.ledgers.get("notes", stored.id)
    assert edited.values["old_code"] == "A-7" and edited.values["source_id"] == "x1"
    page.new_entry()
    type_chinese(child(page, QLineEdit, "title"), "新的安排")
    assert page.save(), page.form_message.text()
    notes_session.close()


# -- documents ---------------------------------------------------------------------------

def test_document_action_follows_the_ledgers_declared_documents(
        qtbot: QtBot, session: UserSession) -> None:
    w = open_window(qtbot, session)
    action = child(w, QAction, "actionPrintDocument")
    w.open_ledger("chronicle")
    assert action.isEnabled() and action.text() == "打印大事记（按月、半年、年）…"
    w.open_ledger("group_meeting")
    assert action.isEnabled() and action.text() == "打印会议纪要…"
    w.open_ledger("seal_use")
    assert not action.isEnabled() and "会议纪要" not in action.text()
    w.show_tasks()
    assert not action.isEnabled()


def test_period_document_prints_the_period_given(qtbot: QtBot, session: UserSession) -> None:
    session.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                      "content": "开展专项监督检查"})
    page = _page(qtbot, session, "chronicle")
    finish(qtbot, page.print_document({"year": 2026, "month": 3, "half": None}, show=False))
    dialog = page.preview
    assert dialog is not None and "大事记" in dialog.doc.title


def test_entry_document_prints_the_selected_entry_through_its_link(
        qtbot: QtBot, session: UserSession) -> None:
    """A 组务会 prints its 会议纪要 (declared ``via`` the summary's source)."""
    meeting = session.ledgers.add("group_meeting", {
        "date": "2026-03-09", "place": "派驻组会议室", "host": "张组长",
        "recorder": "王明远", "attendees": "张组长、王明远",
        "agenda": [{"topic": "研究检查方案", "category": "4"}],
        "discussion": "一致同意", "important": True})
    page = _page(qtbot, session, "group_meeting")
    messages: list[str] = []
    page.message.connect(messages.append)
    page.new_entry()
    assert page.print_document(show=False) is None and "请先选中" in messages[-1]
    page.open_entry(meeting.id)
    finish(qtbot, page.print_document(show=False))
    dialog = page.preview
    assert dialog is not None and "会议纪要" in dialog.doc.title


def test_every_declared_document_has_a_menu_action(qtbot: QtBot,
                                                    notes_session: UserSession) -> None:
    w = open_window(qtbot, notes_session)
    w.open_ledger("notes")
    first = child(w, QAction, "actionPrintDocument")
    second = child(w, QAction, "actionPrintDocument2")
    assert first.text() == "打印测试纪要…" and second.text() == "打印测试汇编…"
    assert second in w.print_menu.actions()
    page = w.current_page()
    assert page is not None
    messages: list[str] = []
    page.message.connect(messages.append)
    first.trigger()  # an entry document with no entry shown
    assert messages and "请先选中要打印会议纪要的条目" in messages[-1]
