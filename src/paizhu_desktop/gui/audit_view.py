"""The audit log for the 安全审计员 and its print/export part for the 保密员.

Both read the same hash-chained log through the core, which checks the
permission (DOMAIN §2: 保密员 sees the print and export log; 安全审计员 reads
the audit log).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from paizhu_desktop.core.actions import Action
from paizhu_desktop.core.errors import PaizhuError
from paizhu_desktop.core.permissions import Role, parse_roles
from paizhu_desktop.core.session import UserSession

from paizhu_desktop.gui.errors import user_message

#: Chinese names of the detail keys a print or export records.
DETAIL_LABELS = {
    "classification": "密级", "marking": "密级标志", "copies": "份数", "printer": "打印机",
    "pages": "页数", "digest": "摘要", "entries": "条目数", "entry_count": "条目数",
    "document": "文书", "file": "文件", "filename": "文件", "sha256": "SHA-256",
    "period": "期间", "version": "版本", "step": "步骤", "note": "意见", "note_chars": "意见字数",
    "reason": "原因",
    "target": "去向", "year": "年度", "output": "输出",
    "pdf_sha256": "PDF 文件 SHA-256", "audit_seq": "打印时审计链", "audit_hash": "审计链哈希",
    "size": "字节数", "attachments": "附件数",
    "consecutive": "连续失败次数", "kind": "情形", "failure_seq": "登录失败序号",
    "during": "发生于", "what": "发现", "username": "账号", "roles": "角色",
    "before": "原角色", "after": "新角色", "via": "方式", "was_locked": "原已锁定",
    "seconds": "用时（秒）", "slots": "密钥槽数", "ok": "结果", "audit_entries": "审计记录数",
}
#: Words for the coded values some details hold.
VALUE_WORDS = {
    "wrong": "密码错误", "during_wait": "等待期内尝试", "locked": "锁定期间尝试",
    "unlock": "解除屏幕锁定", "self": "本人修改", "reset": "管理员重设", "recovery": "凭恢复密钥",
    "True": "是", "False": "否",
}
_HIDDEN_KEYS = {"content_hash", "entry_ids", "entry_versions", "from", "to"}

PRINT_LOG_ACTIONS = (Action.PRINT, Action.EXPORT)
COLUMNS = ("序号", "时间", "人员", "操作", "台账", "条目编号", "说明")


def roles_label(codes: str) -> str:
    """Role codes (leader,member) as their Chinese names."""
    try:
        return "、".join(r.label for r in Role if r in parse_roles(codes)) or "无"
    except PaizhuError:
        return codes


def person(people: dict[str, str], username: str) -> str:
    """An account as people read it: the person's name and the account."""
    name = people.get(username)
    return f"{name}（{username}）" if name and name != username else username


def describe_detail(detail: dict[str, Any], steps: dict[str, str] | None = None) -> str:
    """An audit entry's detail as one line of Chinese (``steps``: step code → label)."""
    parts = []
    for key, value in detail.items():
        if key in _HIDDEN_KEYS or value in (None, "", [], {}):
            continue
        text = f"{len(value)} 项" if isinstance(value, (list, dict)) else str(value)
        if key == "step" and steps:
            text = steps.get(text, text)
        elif key == "roles" or key in ("before", "after"):
            text = roles_label(text)
        else:
            text = VALUE_WORDS.get(text, text)
        if key.endswith("sha256") and len(text) > 16:
            text = text[:16] + "…"
        parts.append(f"{DETAIL_LABELS.get(key, key)}：{text}")
    return "；".join(parts)


class AuditLogPage(QWidget):
    """The whole log (auditor) or only prints and exports (secrecy officer)."""

    def __init__(self, session: UserSession, *, print_log: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.print_log_only = print_log
        self.setObjectName("printLogPage" if print_log else "auditLogPage")
        v = QVBoxLayout(self)
        v.setContentsMargins(4, 4, 4, 4)
        head = QHBoxLayout()
        title = ("<b>打印、导出记录</b>　　依据：献县办法 第五十五–五十八条（保密员查阅）"
                 if print_log else
                 "<b>审计日志</b>　　（安全审计员查阅；每条记录与上一条以哈希相连，"
                 "并由操作者签名）")
        self.title = QLabel(title, self)
        self.title.setObjectName("auditTitle")
        head.addWidget(self.title, 1)
        refresh = QPushButton("刷新(&R)", self)
        refresh.setObjectName("auditRefresh")
        refresh.clicked.connect(self.refresh)
        head.addWidget(refresh)
        printing = QPushButton("打印(&P)…", self)
        printing.setObjectName("auditPrint")
        printing.clicked.connect(lambda: self.print_log())
        head.addWidget(printing)
        v.addLayout(head)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 60), (1, 150), (2, 130), (3, 90), (4, 110), (5, 90)):
            header.resizeSection(col, width)
        v.addWidget(self.table, 1)
        self.count = QLabel("", self)
        self.count.setObjectName("auditCount")
        v.addWidget(self.count)
        self.refresh()

    def print_log(self, show: bool = True) -> QWidget | None:
        """Preview (then print) the log; printing it is itself logged."""
        from paizhu_desktop.core.printing.documents import print_log

        from paizhu_desktop.gui.printing import show_preview

        try:
            job = print_log(self.session, whole=not self.print_log_only)
        except Exception as exc:
            self.count.setText(user_message(exc))
            return None
        dialog = show_preview(self, self.session, job)
        if show:
            dialog.exec()
        return dialog

    def refresh(self) -> None:
        """Read the log again (newest first, at most 2,000 lines on screen)."""
        try:
            records = self.session.audit_entries(
                actions=PRINT_LOG_ACTIONS if self.print_log_only else None, limit=2000)
        except Exception as exc:  # the core refused or the file failed: say so
            self.count.setText(user_message(exc))
            self.table.setRowCount(0)
            return
        self.table.setRowCount(len(records))
        names = {d.id: d.name for d in self.session.catalog.ledgers()}
        steps = {f"{d.id}:{st.action}": st.label for d in self.session.catalog.ledgers()
                 if d.workflow for st in d.workflow.steps}
        people = {u.username: u.display_name for u in self.session.list_users()}
        for row, r in enumerate(records):
            # People by name (account in brackets); who signed, where it is not the account
            # named (the recovery key, or the next login recording failed ones). Records
            # by entry number only: the log never shows record content.
            who = person(people, r.username)
            if r.signer not in ("", r.username):
                who += f"（{person(people, r.signer)}签名）"
            cells = [str(r.seq), r.at.replace("T", " ")[:19], who, r.action_label,
                     names.get(r.ledger, r.ledger), r.entry_id[:8],
                     describe_detail(r.detail, {k.split(":", 1)[1]: v for k, v in steps.items()
                                                if k.startswith(f"{r.ledger}:")})]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.count.setText(f"共 {len(records)} 条" + ("（仅显示最近 2000 条）"
                                                     if len(records) >= 2000 else ""))
