"""The chapters of 献县办法 (the primary source), with the article ranges of the
text and what each asks the group to keep — the main window's navigation and
the map of what is built (第一章 总则 and 第十八章 附则 ask for no record)."""

from __future__ import annotations

from paizhu_desktop.core.ledgers.description import Chapter

REGULATION = "献县办法"


def _chapter(number: int, title: str, first: int, last: int,
             planned: tuple[str, ...] = ()) -> Chapter:
    return Chapter(REGULATION, number, title, first, last, planned)


GENERAL = _chapter(1, "总则", 1, 3)
LEADERSHIP = _chapter(2, "领导体制", 4, 8, ("工作汇报", "约谈记录", "包联领导与对口室"))
SUPERVISION = _chapter(3, "监督职责", 9, 17, (
    "一函两书", "“三重一大”监督", "廉政风险点与防控措施", "政治生态研判", "监督意见",
    "四种形态统计"))
PARTY_BRANCH = _chapter(4, "党支部建设", 18, 22, (
    "三会一课", "主题党日", "组织生活会与民主评议", "换届选举", "支部书记述职"))
SAFETY = _chapter(5, "安全制度", 23, 27, ("谈话安全预案", "安全事件报告", "安全检查"))
STUDY = _chapter(6, "学习制度", 28, 31, ("年度学习计划", "集体学习记录", "学习季报"))
MEETINGS = _chapter(7, "会议制度", 32, 34, ("组务会记录", "会议纪要", "议定事项"))
RESEARCH = _chapter(8, "调查研究制度", 35, 38, ("调研方案与报告", "督办台账"))
REQUESTS = _chapter(9, "请示报告制度", 39, 40, ("请示报告",))
NOTIFICATIONS = _chapter(10, "通报制度", 41, 43, ("重要事项通报",))
TALKS = _chapter(11, "谈心谈话制度", 44, 47, ("谈心谈话", "提醒谈话", "廉洁档案"))
CHRONICLE = _chapter(12, "大事记制度", 48, 50, ("大事记",))
DOCUMENTS = _chapter(13, "公文办理制度", 51, 54, ("收文登记", "发文拟文"))
SECRECY = _chapter(14, "保密管理制度", 55, 59, ("涉密载体登记", "保密教育"))
SEALS = _chapter(15, "印章管理制度", 60, 63, ("用印登记", "印章外带", "印章事故"))
INTERNAL_DUTIES = _chapter(16, "内部责任制度", 64, 67, ("职责分工与AB角", "回避轮岗从业限制"))
ASSESSMENT = _chapter(17, "考核评价制度", 68, 72, ("派驻机构年度考核", "干部年度考核"))
SUPPLEMENTARY = _chapter(18, "附则", 73, 75)

#: In the order of the text.
CHAPTERS: tuple[Chapter, ...] = (
    GENERAL, LEADERSHIP, SUPERVISION, PARTY_BRANCH, SAFETY, STUDY, MEETINGS, RESEARCH,
    REQUESTS, NOTIFICATIONS, TALKS, CHRONICLE, DOCUMENTS, SECRECY, SEALS, INTERNAL_DUTIES,
    ASSESSMENT, SUPPLEMENTARY,
)
