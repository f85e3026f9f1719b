"""Export and import through the 交接 dialogs: the import shows its plan before
changing anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.handoff import ExportDialog, ImportDialog

from conftest import CHEAP_KDF, PASSWORD

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
    assert not exp.run() and "16" in exp.message.text() and exp.passphrase.text() == "短"
    exp.findChild(type(exp.ok), "generatePassphrase").click()
    phrase = exp.passphrase.text()
    assert len(phrase) >= 16
    assert exp.run() and exp.slip.isEnabled()
    slip = exp.print_slip(show=False)
    assert slip is not None and phrase not in slip.doc.title

    county, _ = UserSession.create(tmp_path / "县.db", "county", PASSWORD, mode="county",
                                   kdf=CHEAP_KDF)
    dlg = ImportDialog(county)
    qtbot.addWidget(dlg)
    dlg.path.setText(str(tmp_path / "2026.pzx"))
    dlg.passphrase.setText("WRONG-PASS-PHRASE-0000")
    assert not dlg.inspect() and "口令" in dlg.message.text() and not dlg.ok.isEnabled()
    dlg.passphrase.setText(phrase)
    assert dlg.inspect() and dlg.ok.isEnabled()
    assert county.ledgers.count("chronicle") == 0  # the look changes nothing
    row = [dlg.table.item(0, c).text() for c in range(2)]
    assert row[0] and dlg.table.rowCount() >= 1
    assert dlg.run() and county.ledgers.count("chronicle") == 1
    assert dlg.print_report(show=False) is not None
    county.close()
