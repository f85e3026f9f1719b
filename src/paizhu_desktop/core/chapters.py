"""The chapters of 献县办法 (the primary source) and what each asks the group
to keep — the navigation of the main window and the map of what is built."""

from __future__ import annotations

from dataclasses import dataclass

from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.registry import all_ledgers


@dataclass(frozen=True)
class Chapter:
    number: str
    title: str
    articles: str
    planned: tuple[str, ...]  # the ledgers the chapter asks for (DOMAIN §4), in Chinese

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}"

    def ledgers(self) -> list[LedgerDescription]:
        """The built ledgers of this chapter."""
        return [d for d in all_ledgers() if d.chapter.startswith(self.number + " ")]


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("第一章", "总则", "第一–二条", ()),
    Chapter("第二章", "领导体制", "第三–七条", ("工作汇报", "约谈记录", "包联领导与对口室")),
    Chapter("第三章", "监督职责", "第八–十四条",
            ("一函两书", "“三重一大”监督", "廉政风险点与防控措施", "政治生态研判", "监督意见",
             "四种形态统计")),
    Chapter("第四章", "党支部建设", "第十五–二十二条",
            ("三会一课", "主题党日", "组织生活会与民主评议", "换届选举", "支部书记述职")),
    Chapter("第五章", "安全制度", "第二十三–二十七条", ("谈话安全预案", "安全事件报告", "安全检查")),
    Chapter("第六章", "学习制度", "第二十八–三十一条", ("年度学习计划", "集体学习记录", "学习季报")),
    Chapter("第七章", "会议制度", "第三十二–三十四条", ("组务会记录", "会议纪要", "议定事项")),
    Chapter("第八章", "调查研究制度", "第三十五–三十八条", ("调研方案与报告", "督办台账")),
    Chapter("第九章", "请示报告制度", "第三十九–四十条", ("请示报告",)),
    Chapter("第十章", "通报制度", "第四十一–四十三条", ("重要事项通报",)),
    Chapter("第十一章", "谈心谈话制度", "第四十四–四十七条", ("谈心谈话", "提醒谈话", "廉洁档案")),
    Chapter("第十二章", "大事记制度", "第四十八–五十条", ("大事记",)),
    Chapter("第十三章", "公文办理制度", "第五十一–五十四条", ("收文登记", "发文拟文")),
    Chapter("第十四章", "保密管理制度", "第五十五–五十九条", ("涉密载体登记", "保密教育")),
    Chapter("第十五章", "印章管理制度", "第六十–六十三条", ("用印登记", "印章外带", "印章事故")),
    Chapter("第十六章", "内部责任制度", "第六十四–六十八条", ("职责分工与AB角", "回避轮岗从业限制")),
    Chapter("第十七章", "考核评价制度", "第六十九–七十一条", ("派驻机构年度考核", "干部年度考核")),
)
