"""Long work runs off the GUI thread (gui/operations.py): the window stays alive,
取消 leaves nothing behind, failures read as one Chinese sentence."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from paizhu_desktop.core.backup import list_backups
from paizhu_desktop.core.demo import fill_chronicle
from paizhu_desktop.core.errors import ValidationError
from paizhu_desktop.core.handoff.transfer import export
from paizhu_desktop.core.progress import Cancelled, Progress
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.handoff import ExportDialog
from paizhu_desktop.gui.operations import run_operation

from conftest import ADMINS, PASSWORD
from gui_helpers import finish, when_modal

pytestmark = pytest.mark.gui

PHRASE = "交接口令-测试-0123456789"


def _on_gui_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def test_the_event_loop_runs_during_a_long_export(qtbot: QtBot, session: UserSession,
                                                  tmp_path: Path) -> None:
    fill_chronicle(session, 3000, 2026, random.Random(3))
    ticks = [0]
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start()
    seen: dict[str, object] = {}
    reports: list[tuple[int, int, str]] = []

    def work(progress: Progress) -> object:
        seen["worker_off_gui"] = not _on_gui_thread()
        def report(d: int, t: int, x: str) -> None:
            reports.append((d, t, x))
            progress.report(d, t, x)

        relay = Progress(on_report=report, is_cancelled=lambda: progress.cancelled)
        before = ticks[0]
        result = export(session, tmp_path / "2026.pzx", PHRASE, year=2026,
                                progress=relay)
        seen["ticks_during_export"] = ticks[0] - before  # counted by the GUI thread meanwhile
        return result

    def done(result: object) -> None:
        seen["done_on_gui"] = _on_gui_thread()

    op = run_operation(None, "导出交接文件", work, on_done=done, cancellable=True)
    finish(qtbot, op)
    timer.stop()
    assert op.error is None and (tmp_path / "2026.pzx").is_file()
    assert seen["worker_off_gui"] and seen["done_on_gui"]
    assert seen["ticks_during_export"] != 0  # the event loop ran while the export did
    assert len(reports) >= 6  # 3000 entries in batches of 500, then the audit segment


def test_cancelling_an_export_leaves_no_file(qtbot: QtBot, session: UserSession,
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    fill_chronicle(session, 1500, 2026, random.Random(4))
    folder = tmp_path / "交接"
    folder.mkdir()
    reached, resume = threading.Event(), threading.Event()
    real_export = export

    def held_export(*args: object, progress: Progress, **kw: object) -> object:
        # The worker waits after its first batch until the test has pressed 取消.
        def report(d: int, t: int, x: str) -> None:
            progress.report(d, t, x)
            if x.startswith("正在导出"):
                reached.set()
                resume.wait(10)

        held = Progress(on_report=report, is_cancelled=lambda: progress.cancelled)
        return real_export(*args, progress=held, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr("paizhu_desktop.gui.handoff.export", held_export)
    exp = ExportDialog(session)
    qtbot.addWidget(exp)
    exp.year.setValue(2026)
    exp.path.setText(str(folder / "2026.pzx"))
    exp.passphrase.setText(PHRASE)
    with qtbot.waitSignal(exp.exported, timeout=20_000) as blocker:
        op = exp.run()
        qtbot.waitUntil(lambda: reached.is_set() and op.dialog.isVisible(), timeout=10_000)
        assert op.dialog.objectName() == "operationProgress"
        button = op.dialog.cancel_button
        assert button is not None and button.objectName() == "operationCancel"
        assert button.text() == "取消"
        button.click()
        resume.set()
    assert blocker.args == [False] and isinstance(op.error, Cancelled)
    assert "已取消导出" in exp.message.text() and exp.ok.isEnabled()
    assert list(folder.iterdir()) == []  # neither the file nor its .part
    assert exp.export_result is None and not exp.slip.isEnabled()


def test_a_failing_operation_says_so_in_chinese_without_a_traceback(qtbot: QtBot) -> None:
    shown: list[str] = []

    def read_and_close(box: QMessageBox) -> None:
        shown.append(box.text())
        box.done(0)

    def broken(_progress: Progress) -> None:
        raise KeyError("条目内容：不应出现在界面上")

    when_modal(QMessageBox, read_and_close)
    op = run_operation(None, "备份", broken, on_done=lambda _r: None)
    finish(qtbot, op)
    assert len(shown) == 1 and "内部错误" in shown[0] and "参考号" in shown[0]
    assert "Traceback" not in shown[0] and "条目内容" not in shown[0]

    def refused(_progress: Progress) -> None:
        raise ValidationError({"file": "无法写入交接文件：磁盘已满"})

    when_modal(QMessageBox, read_and_close)
    finish(qtbot, run_operation(None, "备份", refused, on_done=lambda _r: None))
    assert shown[1] == "无法写入交接文件：磁盘已满"


def test_no_cancel_once_an_operation_is_writing(qtbot: QtBot) -> None:
    committed, resume = threading.Event(), threading.Event()

    def write(progress: Progress) -> str:
        progress.report(1, 2, "正在校验…")
        progress.commit("正在写入数据库…")
        committed.set()
        resume.wait(10)
        return "完成"

    op = run_operation(None, "导入交接文件", write, on_done=lambda _r: None, cancellable=True)
    button = op.dialog.cancel_button
    assert button is not None and button.isEnabled()
    qtbot.waitUntil(lambda: not button.isEnabled(), timeout=10_000)
    assert op.dialog.labelText() == "正在写入数据库…"
    op.cancel()  # asked too late: ignored
    assert not op.cancel_requested
    resume.set()
    finish(qtbot, op)
    assert op.result == "完成" and op.error is None
    assert committed.is_set()


def test_backup_now_from_the_file_menu(qtbot: QtBot, tmp_path: Path) -> None:
    from paizhu_desktop.gui.main_window import MainWindow

    from conftest import LEADER

    db = tmp_path / "组.db"
    s, _ = UserSession.create(db, LEADER, PASSWORD, admins=ADMINS, group_name="示例县派驻第一组")
    w = MainWindow(s)
    qtbot.addWidget(w)
    assert w.action_backup.objectName() == "actionBackupNow" and w.action_backup.isEnabled()
    assert w.action_backup.text() == "立即备份"
    w.action_backup.trigger()
    finish(qtbot, w.backing_up)
    assert w.backing_up is not None and w.backing_up.error is None
    assert [b.reason for b in list_backups(db)] == ["手动"]
    assert "已备份并校验" in w.statusBar().currentMessage()
    s.close()
