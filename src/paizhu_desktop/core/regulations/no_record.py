"""The articles that demand no record of a dispatched group, with the reason — read
from the texts (../shared/seeds/, kept in ``paizhu_desktop/resources/regulations``).

制度覆盖 (:mod:`paizhu_desktop.core.coverage`) shows every article of the five
regulations; an article that no declaration cites is "missing" unless it is
listed here. What belongs here: the purpose, definitions and scope of a text,
its 附则 (who interprets it, when it takes effect), principles and conduct
rules that leave nothing to register, and what another body does (the city
party committee, the 巡察 office) of which the group keeps no record. What an
article asks the group to register, report or decide is never listed here,
even when no ledger implements it yet: then it is missing, and shown so.

Keys are (regulation short name, article number); 常州经验, which has no
articles, is counted by its sections in the order of the text (一（一） = 1 …
三（三） = 9, :mod:`paizhu_desktop.core.coverage`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

_PURPOSE = "立法目的和依据，无需登记"
_ENFORCED = "本制度的施行日期，无需登记"
_INTERPRETED = "本制度的解释机关，无需登记"


def _same(regulation: str, numbers: Iterable[int], reason: str) -> dict[tuple[str, int], str]:
    return {(regulation, n): reason for n in numbers}


#: 献县办法: 75 articles, 21 of them ask for no record.
XIANXIAN: dict[tuple[str, int], str] = {
    ("献县办法", 1): _PURPOSE,
    ("献县办法", 2): "“派驻机构”的定义，无需登记",
    ("献县办法", 3): "适用范围；监督检查、线索处置、审查调查等业务办理按有关规定执行，"
                     "不在本办法记录之内",
    ("献县办法", 9): "派驻监督的定位和政治要求，属原则性规定，无具体记录事项",
    ("献县办法", 10): "监督执纪问责的工作原则，无具体记录事项",
    ("献县办法", 13): "执纪纪律的禁止性规定（严禁迟报瞒报、打听案情等），无需登记；"
                      "打听、干预情况按第四十八条（五）记入大事记",
    ("献县办法", 14): "熟悉驻在部门职能和政策依据的要求，无具体记录事项",
    ("献县办法", 15): "与其他监督主体贯通协调的要求，无具体记录事项",
    ("献县办法", 16): "遵守驻在部门管理规定、保持“亲”“清”关系的纪律要求，无需登记",
    ("献县办法", 17): "派驻干部言行作风的表率要求，无需登记",
    ("献县办法", 23): "安全工作的总体要求；具体记录见第二十四–二十七条",
    ("献县办法", 28): "学习内容的要求；集体学习的记录和季报见第三十一条",
    ("献县办法", 29): "学习内容的要求；集体学习的记录和季报见第三十一条",
    ("献县办法", 30): "学习方式的要求（集中学习、在线学习、每天学习一小时），无需逐项登记；"
                      "集体学习记录见第三十一条",
    ("献县办法", 44): "谈心谈话制度的总体要求；谈话记录见第四十五–四十七条",
    ("献县办法", 57): "办案保密纪律的禁止性规定；办案业务按第三条由有关规定调整",
    ("献县办法", 59): "违反保密法规的责任追究，由有权机关依有关规定作出，派驻机构无需另行登记",
    ("献县办法", 68): "考核工作的原则；考核的组织和结果见第六十九–七十二条",
    ("献县办法", 73): "参照执行的范围（县管企业纪检监察机构），无需登记",
    ("献县办法", 74): _INTERPRETED,
    ("献县办法", 75): _ENFORCED,
}

#: 濮阳·全程记实: the city's system and the city's own checks ask nothing of the group.
PUYANG_RECORDS: dict[tuple[str, int], str] = {
    ("濮阳·全程记实", 1): _PURPOSE,
    ("濮阳·全程记实", 2): "责任主体的范围，无需登记",
    ("濮阳·全程记实", 3): "“全程记实”的定义，无需登记",
    ("濮阳·全程记实", 4): "记实原则（一事一记、内容翔实），体现在第五–十二条的记录中",
    ("濮阳·全程记实", 7): "记实的载体是市里的全程记实系统；本程序的台账是派驻机构自己的记录",
    ("濮阳·全程记实", 13): "市委、市纪委对记实情况的监督检查，由市里进行，派驻机构无需登记",
    ("濮阳·全程记实", 14): "保密要求；记录的密级和保密期限由本程序统一管理",
    ("濮阳·全程记实", 16): "市委、市纪委有关部门的分析研判，由市里进行",
    ("濮阳·全程记实", 17): _INTERPRETED,
    ("濮阳·全程记实", 18): _ENFORCED,
}

PUYANG_TALKS: dict[tuple[str, int], str] = {
    ("濮阳·谈话", 1): _PURPOSE,
    ("濮阳·谈话", 2): "“谈话”的定义，无需登记",
    ("濮阳·谈话", 3): "谈话工作的原则（把纪律挺在前面、抓早抓小），无具体记录事项",
    ("濮阳·谈话", 4): "谈话主体的范围，无需登记",
    ("濮阳·谈话", 5): "谈话对象的范围，无需登记",
    ("濮阳·谈话", 6): "谈话的种类和方式；各类谈话的记录见第七–二十一条",
    ("濮阳·谈话", 22): "被谈话人如实回答的义务，无需登记",
    ("濮阳·谈话", 23): "谈话内容的保密要求；谈话记录的密级由本程序统一管理",
    ("濮阳·谈话", 24): "各级党组织履行管党治党责任的总体要求，无具体记录事项",
    ("濮阳·谈话", 25): _INTERPRETED,
    ("濮阳·谈话", 26): _ENFORCED,
}

PUYANG_REPORTS: dict[tuple[str, int], str] = {
    ("濮阳·述责述廉", 1): _PURPOSE,
    ("濮阳·述责述廉", 2): "述责述廉对象的范围，无需登记",
    ("濮阳·述责述廉", 4): "述责述廉由市委主体办组织，派驻机构无需登记",
    ("濮阳·述责述廉", 8): _INTERPRETED,
    ("濮阳·述责述廉", 9): _ENFORCED,
}

PUYANG_ASSESSMENT: dict[tuple[str, int], str] = {
    ("濮阳·考核", 1): _PURPOSE,
    ("濮阳·考核", 2): "督查考核的领导和组织机关，无需登记",
    ("濮阳·考核", 3): "督查考核的对象和内容范围；具体督查、考核见第五–十四条",
    ("濮阳·考核", 4): "督查工作由市委主体办和市纪委相关室组织实施，无需登记",
    ("濮阳·考核", 9): "考核工作的组织分工，由市里确定",
    ("濮阳·考核", 17): "每年的考核方案由市里制定，派驻机构无需登记",
    ("濮阳·考核", 18): _INTERPRETED,
    ("濮阳·考核", 19): _ENFORCED,
}

PUYANG_ACCOUNTABILITY: dict[tuple[str, int], str] = {
    ("濮阳·问责", 1): _PURPOSE,
    ("濮阳·问责", 9): _INTERPRETED,
    ("濮阳·问责", 10): _ENFORCED,
}

#: 杨陵巡察办法: a dispatched group takes part in the hand-over of problems and supervises
#: the rectification (第二十六条, 第三十三–三十八条); the rest is the 巡察 bodies' own work.
_PATROL = "巡察机构（区委巡察办、巡察组、领导小组）自身的组织和工作，派驻机构无需登记"
YANGLING: dict[tuple[str, int], str] = {
    ("杨陵巡察办法", 1): _PURPOSE,
    ("杨陵巡察办法", 2): "区委实行巡察制度、一届任期内全覆盖，由区委执行",
    ("杨陵巡察办法", 3): "巡察工作的指导思想，无需登记",
    ("杨陵巡察办法", 4): "巡察工作的原则，无需登记",
    **_same("杨陵巡察办法", range(5, 18), _PATROL),
    **_same("杨陵巡察办法", range(18, 22), "巡察的范围、对象、内容和形式，由巡察机构确定"),
    **_same("杨陵巡察办法", (22, 23, 24, 25, 27), "巡察组的工作方式、权限和请示报告，由巡察组执行"),
    **_same("杨陵巡察办法", range(28, 33),
            "巡察准备、了解、汇报、研究和反馈的程序，由巡察组和领导小组执行；"
            "派驻机构从线索移交（第三十三条）开始参与"),
    ("杨陵巡察办法", 34): "巡察办向职能部门移交普遍性问题、向区委分管领导通报，由巡察机构进行",
    ("杨陵巡察办法", 39): "巡察资料的整理移交，由巡察组和巡察办进行",
    ("杨陵巡察办法", 40): "有关部门支持配合巡察的义务及其责任追究，由区委执行",
    ("杨陵巡察办法", 41): "巡察工作人员的纪律和责任，由区委追究",
    ("杨陵巡察办法", 42): "被巡察党组织接受监督的义务，无需派驻机构登记",
    ("杨陵巡察办法", 43): "被巡察单位干扰巡察的责任追究，由区委执行",
    ("杨陵巡察办法", 44): "对巡察工作人员的反映渠道，由领导小组和巡察办受理",
    ("杨陵巡察办法", 45): _ENFORCED,
}

#: 庆城两个责任办法: the host unit's duty list; the group supervises the measures of
#: 第九–十四条. The contents of the two responsibilities and the rules of 追究 ask
#: for no entry of their own.
_CONTENT = "责任的内容；落实措施和频次见第九–十三条"
_PURSUIT = "责任追究的原则、情形和方式；追究时按问责程序办理（濮阳·问责）"
QINGCHENG: dict[tuple[str, int], str] = {
    ("庆城两个责任办法", 1): _PURPOSE,
    ("庆城两个责任办法", 2): "主体责任和监督责任的承担者，无需登记",
    ("庆城两个责任办法", 3): "落实两个责任的原则，无需登记",
    **_same("庆城两个责任办法", range(4, 9), _CONTENT),
    **_same("庆城两个责任办法", range(15, 23), _PURSUIT),
    ("庆城两个责任办法", 23): _ENFORCED,
}

#: 常州经验 by section: what the city office itself did (staffing, funding, restructuring)
#: leaves nothing for a county group to register.
CHANGZHOU: dict[tuple[str, int], str] = {
    ("常州经验", 3): "市纪委帮助派驻机构处理工作关系的做法，无具体记录事项",
    ("常州经验", 4): "市纪委充实派驻干部队伍的人员保障措施，由派出机关进行",
    ("常州经验", 6): "编制、经费、场所的“四个统一”保障，由派出机关进行",
    ("常州经验", 7): "派驻机构设置改革和制度建设，由派出机关进行",
}

#: (regulation, article) → why the article asks the group for no record.
NO_RECORD: Mapping[tuple[str, int], str] = {
    **XIANXIAN, **PUYANG_RECORDS, **PUYANG_TALKS, **PUYANG_REPORTS, **PUYANG_ASSESSMENT,
    **PUYANG_ACCOUNTABILITY, **YANGLING, **QINGCHENG, **CHANGZHOU,
}
