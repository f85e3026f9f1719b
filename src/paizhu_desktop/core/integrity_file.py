"""廉洁档案: one person's file, gathered from the ledgers, read-only.

濮阳·谈话 files under a leader's 廉洁档案 the 干部调离情况廉政登记表 (第九条),
the 重大事项报告 and 廉洁承诺 (第十二条), the 督责约谈 material (第十五条), the
提醒谈话 record and explanation (第十八条) and the 诫勉谈话 decision, record and
explanation (第二十一条); 献县办法 adds the talks of 第十一章, the reports of
第二十二条 and the appraisals of 第十八条(三) and 第二十条.

Nothing is entered twice: the file is not a ledger but a view. Each
:data:`SOURCES` line says which field of which ledger names the person (a table
column where several people share one entry); :func:`integrity_file` reads them
all and returns the entries, newest first, each with its ledger and id so a
front end opens the entry itself. :func:`print_integrity_file` prints the file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.errors import NotFoundError, ValidationError
from paizhu_desktop.core.ledgers.fields import FieldType
from paizhu_desktop.core.permissions import Permission
from paizhu_desktop.core.printing.context import job_fonts
from paizhu_desktop.core.printing.document import (
    Block,
    Document,
    Heading1,
    Heading2,
    KeyValueTable,
    Paragraph,
    Table,
    render_document,
)
from paizhu_desktop.core.printing.jobs import PrintJob, new_job
from paizhu_desktop.core.progress import Progress, quiet
from paizhu_desktop.core.text import character_problem

if TYPE_CHECKING:
    from paizhu_desktop.core.ledgers.entry import Entry
    from paizhu_desktop.core.session import UserSession

#: Talk, report, assessment, accountability — how an item reads in the file.
KIND_TALK, KIND_REPORT, KIND_ASSESSMENT = "谈话", "报告与承诺", "评议考核"
KIND_ACCOUNTABILITY = "问责"


@dataclass(frozen=True)
class Source:
    """Where a ledger names the person: ``field`` (or ``field``'s table column
    ``column``), and what the entry is for the file."""

    ledger: str
    field: str
    kind: str
    column: str = ""


#: Every ledger that files something under a person. A ledger not in the catalog
#: (another part of the application not yet built) is passed over.
SOURCES: tuple[Source, ...] = (
    Source("pre_appointment_list", "people", KIND_TALK, "name"),
    Source("pre_appointment_talk", "persons", KIND_TALK, "name"),
    Source("transfer_register", "person", KIND_REPORT),
    Source("integrity_pledge", "person", KIND_REPORT),
    Source("personal_report", "person", KIND_REPORT),
    Source("accountability_talk", "person", KIND_TALK),
    Source("reminder_talk", "person", KIND_TALK),
    Source("admonition_talk", "person", KIND_TALK),
    Source("care_talk", "person", KIND_TALK),
    Source("life_meeting", "results", KIND_ASSESSMENT, "name"),
    Source("secretary_report", "secretary", KIND_ASSESSMENT),
    Source("vanguard_post", "member", KIND_REPORT),
    # 濮阳·述责述廉 第七条（二）: 评议结果归入干部廉洁档案; the report itself (第五条).
    Source("duty_speech", "reporter", KIND_ASSESSMENT),
    Source("duty_appraisal", "person", KIND_ASSESSMENT),
    Source("accountability_decision", "subject", KIND_ACCOUNTABILITY),
    # 献县办法 第十二条: the 政治画像 of a leader.
    Source("political_ecology", "person", KIND_ASSESSMENT),
)


@dataclass(frozen=True)
class FileItem:
    """One entry of a person's file, with what a front end needs to open it."""

    ledger: str
    ledger_name: str
    article: str
    kind: str
    entry_id: str
    date: str
    summary: str
    status: str
    classification: Classification
    entry: Entry


def _names(entry: Entry, source: Source) -> list[str]:
    """The names the entry gives, without a post written after them: "钱某某（党组书记）"
    files under 钱某某."""
    value = entry.values.get(source.field)
    texts = ([str(r.get(source.column) or "") for r in value or []] if source.column
             else [str(value or "")])
    return [re.split(r"[（(]", t, maxsplit=1)[0].strip() for t in texts]


def _sources(session: UserSession) -> list[Source]:
    known = {d.id for d in session.catalog.ledgers()}
    return [s for s in SOURCES if s.ledger in known]


def _check_person(person: str) -> str:
    name = (person or "").strip() if isinstance(person, str) else ""
    if not name:
        raise ValidationError({"person": "请填写要查看廉洁档案的人员姓名"})
    problem = character_problem(name, one_line=True)
    if problem or len(name) > 30:
        raise ValidationError({"person": f"“姓名”{problem or '不能超过 30 个字'}"})
    return name


def integrity_file(session: UserSession, person: str) -> list[FileItem]:
    """Every entry (not voided) of every :data:`SOURCES` ledger naming ``person``,
    newest first — the 廉洁档案 (濮阳·谈话 第九条, 第十二条, 第十五条, 第十八条,
    第二十一条)."""
    session.require(Permission.READ_LEDGERS)
    name = _check_person(person)
    items: list[FileItem] = []
    for source in _sources(session):
        desc = session.catalog.ledger(source.ledger)
        # The search narrows by the name's text; the exact field decides.
        for entry in session.ledgers.list(source.ledger, search=name):
            if name not in _names(entry, source):
                continue
            items.append(FileItem(
                ledger=desc.id, ledger_name=desc.name, article=desc.article, kind=source.kind,
                entry_id=entry.id, date=str(entry.values.get(desc.date_field) or "")[:10],
                summary=_summary(session, entry), status=desc.status_label(entry.status)
                if desc.workflow else "", classification=entry.classification, entry=entry))
    items.sort(key=lambda i: (i.date, i.ledger), reverse=True)
    return items


def _summary(session: UserSession, entry: Entry) -> str:
    desc = entry.ledger
    # The summary field of a talk names the person; say what it was about instead.
    for name in ("problem", "matter", "reason", "content", "situation", "pledge", "theme",
                 "post"):
        try:
            f = desc.field(name)
        except KeyError:
            continue
        text = " ".join(desc.display(f.name, entry.values).split())
        if text:
            return text if len(text) <= 60 else text[:59] + "…"
    return desc.summary(entry.values, 60)


def people(session: UserSession) -> list[str]:
    """Everyone some ledger files something under, by name (the file's index)."""
    session.require(Permission.READ_LEDGERS)
    found: set[str] = set()
    for source in _sources(session):
        for entry in session.ledgers.list(source.ledger):
            found.update(n for n in _names(entry, source) if n)
    return sorted(found)


def print_integrity_file(session: UserSession, person: str, *,
                         progress: Progress | None = None) -> PrintJob:
    """The person's 廉洁档案 on paper: a table of contents, then each item's record.

    The marking is the highest 密级 of what it contains (a talk is 秘密)."""
    progress = quiet(progress)
    name = _check_person(person)
    progress.report(0, 0, "正在汇集廉洁档案…")
    items = integrity_file(session, name)
    if not items:
        raise NotFoundError(f"台账中没有归入“{name}”廉洁档案的记录。")
    rows = [[str(i), item.date, item.ledger_name, item.summary]
            for i, item in enumerate(items, start=1)]
    blocks: list[Block] = [
        Paragraph(f"本档案汇集台账中与{name}有关的谈话、报告、承诺和评议考核记录共{len(items)}"
                  "份（濮阳·谈话 第九条、第十二条、第十五条、第十八条、第二十一条）。"),
        Table(["序号", "日期", "类别", "内容摘要"], rows, weights=[0.8, 1.8, 3.0, 5.4]),
    ]
    numerals = "一二三四五六七八九十"
    for i, item in enumerate(items, start=1):
        desc = session.catalog.ledger(item.ledger)
        head = numerals[i - 1] if i <= 10 else str(i)
        blocks.append(Heading1(f"{head}、{item.ledger_name}（{item.date}）"))
        shown = [f for f in desc.fields if not f.retired and f.name not in desc.link_fields
                 and desc.display(f.name, item.entry.values)]
        # Short values in a table; paragraphs below it (a table row cannot run over a page).
        pairs = [(f.label, desc.display(f.name, item.entry.values)) for f in shown
                 if f.type is not FieldType.LONGTEXT]
        pairs.append(("密级", item.entry.marking or item.classification.value))
        if item.status:
            pairs.append(("状态", item.status))
        pairs.append(("依据", item.article))
        blocks.append(KeyValueTable(pairs))
        for f in shown:
            if f.type is FieldType.LONGTEXT:
                blocks.append(Heading2(f"{f.label}："))
                blocks += [Paragraph(line) for line in
                           desc.display(f.name, item.entry.values).splitlines() if line.strip()]
    job = new_job(session, f"{name}廉洁档案", "", "廉洁档案", [i.entry for i in items],
                  {"ids": [i.entry_id for i in items]}, paper="廉洁档案")
    doc = Document(title=f"{name}廉洁档案", marking=job.marking, blocks=blocks,
                   date=dt.date.today(), issuer=session.group_name)
    return render_document(doc, job, job_fonts(session), progress=progress)
