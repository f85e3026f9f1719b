"""Where the other regulations' ledgers sit in the navigation, after 献县办法.

Each of 濮阳五项制度's five systems numbers its articles from 第一条 and is cited
by its own short name (濮阳·全程记实 第十条); it is one navigation heading.
杨陵巡察办法 and 庆城两个责任办法 contribute the articles a dispatched group
supervises: the 巡察 hand-over and rectification, and the host unit's duty list.
"""

from __future__ import annotations

from paizhu_desktop.core.ledgers.description import Chapter

PUYANG_RECORDS = Chapter("濮阳·全程记实", 1, "全程记实制度", 1, 18,
                         ("共性与个性指标", "全程记实台账", "月度提示与半年报告"),
                         label="濮阳·全程记实制度")
PUYANG_TALKS = Chapter("濮阳·谈话", 2, "谈话制度", 1, 26,
                       ("任前廉政谈话", "廉政恳谈", "督责约谈", "提醒谈话", "诫勉谈话"),
                       label="濮阳·谈话制度")
PUYANG_REPORTS = Chapter("濮阳·述责述廉", 3, "述责述廉制度", 1, 9,
                         ("述责述廉报告", "民主评议"), label="濮阳·述责述廉制度")
PUYANG_ASSESSMENT = Chapter("濮阳·考核", 4, "督查考核办法", 1, 19,
                            ("全面督查", "百分制考核", "加减分"), label="濮阳·督查考核办法")
PUYANG_ACCOUNTABILITY = Chapter("濮阳·问责", 5, "问责工作程序", 1, 10,
                                ("问责决定", "执行情况", "问责报告"), label="濮阳·问责工作程序")
YANGLING = Chapter("杨陵巡察办法", 5, "工作程序", 33, 38,
                   ("巡察移交问题", "巡察整改督办"), label="杨陵巡察办法·移交与整改")
QINGCHENG = Chapter("庆城两个责任办法", 2, "责任清单", 9, 13,
                    ("主体责任清单", "监督责任清单"), label="庆城两个责任办法·责任清单")

#: After 献县办法's chapters, in the order of ../seeds/README.md.
CHAPTERS: tuple[Chapter, ...] = (
    PUYANG_RECORDS, PUYANG_TALKS, PUYANG_REPORTS, PUYANG_ASSESSMENT, PUYANG_ACCOUNTABILITY,
    YANGLING, QINGCHENG,
)
