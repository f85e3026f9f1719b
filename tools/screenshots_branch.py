"""Render the branch, study and talk pages and their documents on a demo database.

Usage: ``python tools/screenshots_branch.py [SCREENSHOT_DIR] [SAMPLE_DIR]`` (offscreen;
1366×768). Screens go to docs/screenshots/ (3x-…), printed pages as PNG to
docs/samples/ (rendered with pdftoppm). The demo database is made in a temporary
folder and removed afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from paizhu_desktop.core.demo import make_demo  # noqa: E402
from paizhu_desktop.core.integrity_file import print_integrity_file  # noqa: E402
from paizhu_desktop.core.keyslots import KdfCost  # noqa: E402
from paizhu_desktop.core.printing.jobs import PrintJob  # noqa: E402
from paizhu_desktop.core.printing.service import print_document, print_register  # noqa: E402
from paizhu_desktop.core.session import UserSession  # noqa: E402
from paizhu_desktop.gui.app import setup_application  # noqa: E402
from paizhu_desktop.gui.main_window import MainWindow  # noqa: E402

PASSWORD = "Shili-2026!"
#: A throw-away database: cheap key slots.
KDF = KdfCost(memory_kib=1024, iterations=1, lanes=1)


def settle(app: QApplication, ms: int = 150) -> None:
    QTimer.singleShot(ms, app.quit)
    app.exec()


def shoot(widget: QWidget, out: Path, name: str) -> None:
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def page_png(job: PrintJob, out: Path, name: str, page: int = 1) -> None:
    """One printed page as PNG (pdftoppm, 80 dpi)."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "job.pdf"
        pdf.write_bytes(job.pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page),
                        "-l", str(page), str(pdf), str(out / name)], check=True)
    print(out / f"{name}.png")


def main() -> int:
    shots = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    samples = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/samples")
    shots.mkdir(parents=True, exist_ok=True)
    samples.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    setup_application(app)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "演示数据库.db"
        make_demo(db, PASSWORD, entries=40, kdf=KDF).close()
        session = UserSession.open(db, "demo", PASSWORD, kdf=KDF)
        w = MainWindow(session, demo=True)
        w.resize(1366, 768)
        w.show()
        settle(app)
        for name, ledger in (("30-三会一课", "branch_meeting"), ("31-学习季报", "study_report"),
                             ("32-提醒谈话", "reminder_talk"), ("33-诫勉谈话", "admonition_talk"),
                             ("35-任前廉政谈话名单", "pre_appointment_list")):
            p = w.open_ledger(ledger)
            assert p is not None
            p.table.selectRow(0)
            settle(app)
            shoot(w, shots, name)
        page = w.show_integrity_file()
        page.person.setCurrentText("冯建民")
        page.show_file()
        settle(app)
        shoot(w, shots, "34-廉洁档案")

        talk = session.ledgers.list("admonition_talk")[0]
        page_png(print_document(session, "admonition_talk", "谈话记录", entry_id=talk.id),
                 samples, "谈话记录")
        report = session.ledgers.list("study_report")[0]
        page_png(print_document(session, "study_report", "学习季报", entry_id=report.id),
                 samples, "学习季报")
        page_png(print_integrity_file(session, "冯建民"), samples, "廉洁档案")
        moved = session.ledgers.list("transfer_register")[0]
        page_png(print_document(session, "transfer_register", "调离登记表", entry_id=moved.id),
                 samples, "干部调离情况廉政登记表")
        page_png(print_register(session, "branch_meeting"), samples, "三会一课记录簿-第2页",
                 page=2)
        w.close()
        session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
