"""Export and import through the 交接 dialogs: the import shows its plan before
changing anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.handoff import ExportDialog, ImportDialog

from conftest import ADMINS, CHEAP_KDF, PASSWORD
from gui_helpers import finish

pytestmark = pytest.mark.gui


def test_export_then_import_with_a_look_first(qtbot: QtBot, session: UserSession,
                                              tmp_path: Path) -> None:
    session.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                      "content": "开展专项监督检查"})
    exp = ExportDialog(session)
    qtbot.addWidget(exp)
    exp.year.setValue(2026)
    exp.path.setText(str(tmp_path / "2026.pzx"))
    exp.passphrase.setText("短")
    with qtbot.waitSignal(exp.exported) as blocker:
        exp.run()
    assert blocker.args == [False]
    assert "16" in exp.message.text() and exp.passphrase.text() == "短"
    exp.findChild(type(exp.ok), "generatePassphrase").click()
    phrase = exp.passphrase.text()
    assert len(phrase) >= 16
    with qtbot.waitSignal(exp.exported) as blocker:
        exp.run()
    assert blocker.args == [True] and exp.slip.isEnabled()
    # The digest comes in groups of eight on its own line, so the message wraps whole.
    digest = exp.export_result.sha256 if exp.export_result else ""
    assert f"SHA-256：{digest[:8]} {digest[8:16]}" in exp.message.text()
    with qtbot.waitSignal(exp.previewed) as blocker:
        exp.print_slip(show=False)
    slip = blocker.args[0]
    assert slip is exp.preview and phrase not in slip.doc.title

    county, _ = UserSession.create(tmp_path / "县.db", "county", PASSWORD, admins=ADMINS,
                                   mode="county",
                                   kdf=CHEAP_KDF)
    dlg = ImportDialog(county)
    qtbot.addWidget(dlg)
    dlg.path.setText(str(tmp_path / "2026.pzx"))
    dlg.passphrase.setText("WRONG-PASS-PHRASE-0000")
    with qtbot.waitSignal(dlg.inspected) as blocker:
        dlg.inspect()
    assert blocker.args == [False] and "口令" in dlg.message.text() and not dlg.ok.isEnabled()
    dlg.passphrase.setText(phrase)
    with qtbot.waitSignal(dlg.inspected) as blocker:
        dlg.inspect()
    assert blocker.args == [True] and dlg.ok.isEnabled()
    assert county.ledgers.count("chronicle") == 0  # the look changes nothing
    row = [dlg.table.item(0, c).text() for c in range(2)]
    assert row[0] and dlg.table.rowCount() >= 1
    # A wrong 口令 next time: the earlier look does not stay beside the error.
    dlg.passphrase.setText("WRONG-PASS-PHRASE-0000")
    with qtbot.waitSignal(dlg.inspected) as blocker:
        dlg.inspect()
    assert blocker.args == [False] and dlg.table.rowCount() == 0
    assert dlg.summary.text() == "" and not dlg.ok.isEnabled()
    dlg.passphrase.setText(phrase)
    with qtbot.waitSignal(dlg.inspected) as blocker:
        dlg.inspect()
    assert blocker.args == [True] and dlg.table.rowCount() >= 1
    with qtbot.waitSignal(dlg.imported) as blocker:
        dlg.run()
    assert blocker.args == [True] and county.ledgers.count("chronicle") == 1
    assert finish(qtbot, dlg.print_report(show=False)).error is None
    assert dlg.preview is not None and dlg.preview.doc.title == "交接文件导入报告"
    county.close()
