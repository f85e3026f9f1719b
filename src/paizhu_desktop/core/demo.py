"""A demo database with realistic, plainly fictional entries (演示数据).

Every name here is invented: 示例县 and its units do not exist.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from paizhu_desktop.core.classification import Classification
from paizhu_desktop.core.ledgers.registry import ledger as describe
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession

DEMO_USER = "demo"
DEMO_GROUP = "示例县纪委监委派驻第一纪检监察组（演示数据）"

PEOPLE = ["王明远", "李慧琴", "赵建国", "陈晓峰", "刘芳", "孙立军", "周文斌", "吴丽华"]
UNITS = ["示例县财政局", "示例县人民检察院", "示例县审计局", "示例县统计局"]
PLACES = ["派驻组会议室", "示例县财政局三楼会议室", "示例县人民检察院党组会议室",
          "县纪委监委第二会议室", "示例县审计局"]

_CHRONICLE_TEXTS: dict[str, list[str]] = {
    "1": ["传达学习县纪委全会精神，研究贯彻落实措施，明确专人负责督促驻在部门落实",
          "落实县纪委监委交办的{unit}专项检查任务，制定检查方案并报对口联系室",
          "学习中央八项规定精神最新要求，部署节日期间纪律作风监督工作"],
    "2": ["开展{unit}财务报销专项监督检查，抽查凭证120份，发现问题3个并反馈整改",
          "组织{unit}中层干部廉政警示教育，观看警示教育片，参加人员46人",
          "对{unit}政府采购项目开展跟踪监督，提出监督意见2条"],
    "3": ["组长列席{unit}党组会议，就“三重一大”事项决策程序提出监督意见",
          "组长与{unit}党组书记开展廉政谈话，通报近期发现的苗头性问题",
          "督促{unit}党组召开专题会议研究落实全面从严治党主体责任"],
    "4": ["组务会研究本月监督检查工作安排，明确各项任务责任人和完成时限",
          "组务会研究组内人员职责分工调整，落实AB角工作机制",
          "组务会研究对{unit}开展调研的方案，确定调研主题和方式"],
    "5": ["有人电话询问某问题线索的办理进展，已按规定拒绝并登记报告",
          "有人托请了解监督执纪情况，工作人员严守纪律未予透露，已向组长报告"],
    "6": ["派驻组办公场所完成保密安全检查，未发现问题",
          "完成涉密计算机年度保密自查，形成自查报告"],
}


def chronicle_items(count: int, year: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    """``count`` chronicle entries spread over ``year``."""
    start = dt.date(year, 1, 1)
    days = (dt.date(year, 12, 31) - start).days + 1
    per_day: dict[dt.date, int] = {}
    for _ in range(count):
        day = start + dt.timedelta(days=rng.randrange(days))
        per_day[day] = per_day.get(day, 0) + 1
        category = rng.choices(list(_CHRONICLE_TEXTS), weights=[3, 4, 3, 4, 1, 1])[0]
        text = rng.choice(_CHRONICLE_TEXTS[category]).format(unit=rng.choice(UNITS))
        item: dict[str, Any] = {
            "date_start": day.isoformat(),
            "importance": min(per_day[day], 99),
            "category": category,
            "place": rng.choice(PLACES),
            "people": "、".join(rng.sample(PEOPLE, rng.randint(1, 3))),
            "content": text,
        }
        if rng.random() < 0.08:
            item["date_end"] = (day + dt.timedelta(days=rng.randint(1, 4))).isoformat()
        yield item


def make_demo(path: Path, password: str, entries: int = 60, year: int | None = None,
              seed: int = 2026) -> UserSession:
    """Create a demo database at ``path`` (user ``demo``) and fill it."""
    year = year or dt.date.today().year
    rng = random.Random(seed)
    session, _recovery = UserSession.create(
        path, DEMO_USER, password, display_name="演示用户（组长）", group_name=DEMO_GROUP,
        roles=(Role.LEADER, Role.SYSTEM_ADMIN))
    # The other two of 三员 and a few members, all with the demo password.
    # Members first: once a security admin exists, only they may give business roles.
    session.add_user("wangmy", password, display_name="王明远（演示）",
                     roles=[Role.DEPUTY, Role.SECRECY_OFFICER])
    session.add_user("lihq", password, display_name="李慧琴（演示）",
                     roles=[Role.MEMBER, Role.RECORDER, Role.SEAL_CUSTODIAN])
    session.add_user("anquan", password, display_name="演示安全保密管理员",
                     roles=[Role.SECURITY_ADMIN])
    session.add_user("shenji", password, display_name="演示安全审计员", roles=[Role.AUDITOR])
    fill_chronicle(session, entries, year, rng)
    return session


def fill_chronicle(session: UserSession, entries: int, year: int, rng: random.Random) -> int:
    """Add ``entries`` chronicle entries in batches (one transaction per batch)."""
    desc = describe("chronicle")
    service = session.ledgers
    items = chronicle_items(entries, year, rng)
    done = 0
    while done < entries:
        batch = [next(items) for _ in range(min(2000, entries - done))]
        with session.db.transaction() as conn:
            for data in batch:
                values, cls, ret = service.validate(desc.id, data)
                if cls is Classification.SECRET:
                    ret = "1年"
                service.insert(conn, desc, values, cls, ret, "", str(uuid.uuid4()))
        done += len(batch)
    return done

