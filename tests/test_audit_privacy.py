"""The audit log says who did what to which record — never what the record says.

Details hold ids, content hashes, counts, kinds and periods; the record text, the
names of the files a user wrote or attached, and search words stay out of it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from paizhu_desktop.core.handoff.slip import render_slip
from paizhu_desktop.core.handoff.transfer import export
from paizhu_desktop.core.maintenance import backup_now
from paizhu_desktop.core.printing.jobs import SAVED_PDF, record_print, verify_print
from paizhu_desktop.core.printing.service import print_document, print_register
from paizhu_desktop.core.schema import audit_log
from paizhu_desktop.core.session import UserSession

from conftest import CHEAP_KDF, LEADER, PASSWORD, run_cli

#: Every sensitive text below names the same person: no detail may hold the name at all.
NAME = "王某某"


def _cjk_strings(value: Any) -> list[str]:
    """Every string with Chinese in it, found anywhere in an entry's values."""
    if isinstance(value, str):
        return [value] if re.search(r"[\u4e00-\u9fff]", value) else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _cjk_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _cjk_strings(v)]
    return []


def _details(session: UserSession) -> list[str]:
    with session.db.reading() as conn:
        return [r.detail for r in conn.execute(select(audit_log.c.detail))]


def test_no_audit_detail_holds_record_text(session: UserSession, db_path: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    s = session
    clue = s.ledgers.add("chronicle", {
        "date_start": "2026-03-02", "category": "2", "content": f"{NAME}收受礼金线索初核情况通报",
        "people": f"{NAME}、赵某", "place": "县财政局三楼会议室"}).id
    s.ledgers.edit("chronicle", clue, {"content": f"{NAME}收受礼金线索初核情况通报（补充）"})
    wrong = s.ledgers.add("chronicle", {"date_start": "2026-03-03", "category": "2",
                                        "content": f"重复登记的{NAME}线索"}).id
    s.ledgers.void("chronicle", wrong, f"与{NAME}线索重复")
    s.ledgers.attach("chronicle", clue, f"{NAME}谈话笔录扫描件.pdf", b"%PDF-1.4 scan")
    minutes = s.ledgers.add("meeting_summary", {
        "issue_no": 4, "title": f"关于{NAME}问题线索处置的会议纪要", "meeting_date": "2026-03-09",
        "place": "派驻组小会议室", "host": "李副组长", "attendees": "李副组长、陈干事",
        "content": f"一、研究{NAME}问题线索处置意见\n会议同意按程序报县纪委监委审批。",
        "distribution": "县纪委监委第三监督检查室"}).id
    assert [e.id for e in s.ledgers.list("chronicle", search=NAME)] == [clue]

    # Printing and saving, as the command line and the window do it.
    register = print_register(s, "chronicle", year=2026)
    record_print(s, register, "办公室涉密打印机", copies=2)
    document = print_document(s, "meeting_summary", "会议纪要", entry_id=minutes)
    record_print(s, document, SAVED_PDF)
    s.close()
    auth = ["--db", str(db_path), "--user", LEADER, "--password-stdin"]
    for ledger, extra, name in (
            ("chronicle", ["--year", "2026"], f"{NAME}线索登记簿.pdf"),
            ("meeting_summary", ["--document", "会议纪要", "--id", minutes],
             f"{NAME}会议纪要.pdf")):
        code, _out, err = run_cli(["print", ledger, *auth, "--out", str(tmp_path / name), *extra],
                                  PASSWORD + "\n", monkeypatch, capsys)
        assert code == 0, err
    s = UserSession.open(db_path, LEADER, PASSWORD)

    # The hand-off file and its slip, and a backup the user asked for.
    result = export(s, tmp_path / f"{NAME}线索交接.pzx", "7KQM-2XTB-9RFD-HW4C", year=2026,
                    kdf=CHEAP_KDF)
    record_print(s, render_slip(s, result), SAVED_PDF)
    backup_now(s)
    assert s.verify().ok

    needles = {NAME}
    for ledger in ("chronicle", "meeting_summary"):
        for e in s.ledgers.list(ledger, include_voided=True):
            needles.update(t for t in _cjk_strings(e.values) if len(t) > 2)
            if e.void_reason:
                needles.add(e.void_reason)
    needles.update(a.filename for a in s.ledgers.attachments("chronicle", clue))
    details = _details(s)
    assert len(details) > 15
    leaks = [(n, d) for d in details for n in needles if n in d]
    assert leaks == []
    # What was printed is still told, by kind, period, ids and hashes; and paper still checks.
    assert verify_print(s, register.digest).ok and verify_print(s, document.digest).ok
    s.close()


def test_print_log_names_the_paper_by_its_kind(session: UserSession) -> None:
    s = session
    minutes = s.ledgers.add("meeting_summary", {
        "title": f"关于{NAME}问题线索处置的会议纪要", "meeting_date": "2026-03-09",
        "content": "一、研究问题线索处置意见"}).id
    job = print_document(s, "meeting_summary", "会议纪要", entry_id=minutes)
    record_print(s, job, SAVED_PDF)
    register = print_register(s, "chronicle", year=2026, month=3)
    record_print(s, register, "办公室涉密打印机", copies=3)
    with s.db.reading() as conn:
        rows = conn.execute(select(audit_log.c.detail).where(audit_log.c.action == "print")
                            .order_by(audit_log.c.seq)).all()
    first, second = (json.loads(r.detail) for r in rows)
    assert first["document"] == "会议纪要" and first["printer"] == "PDF 文件"
    assert first["entries"] == [[minutes, job.entries[0].content_hash]]
    assert first["pages"] == job.pages and first["pdf_sha256"]
    assert second["document"] == "大事记登记簿（2026年3月）" and second["copies"] == 3
    assert second["printer"] == "办公室涉密打印机"
