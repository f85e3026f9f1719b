"""Fields naming a person name an account holder: the A角 and B角 of a 职责分工
(献县办法 第六十五条 岗位职责AB角), the 承办人 of a 收文 named at the 组长's 阅批
(第五十一条) and every other account field. The core refuses a name that is not one of
the group's accounts with a Chinese sentence, stores a display name (王明远) or a
picked item (王明远（wangmy）) as the account, keeps the 三员 administrators out, and
leaves an old entry's name as it is: a person who has left still reads, edits and
verifies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from paizhu_desktop.core.errors import ValidationError
from paizhu_desktop.core.ledgers.entry import Entry
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, SYSTEM_ADMIN, add_account, admin_session

POST = {"post": "综合文秘岗", "responsibilities": "负责公文办理、大事记和印章登记（第六十五条）",
        "primary": "wangmy", "backup": "lihq", "effective_from": "2026-01-05"}
INCOMING = {"received_on": "2026-03-02", "category": "county", "issuer": "示例县纪委监委",
            "doc_number": "示纪发〔2026〕12号", "title": "关于开展专项监督检查的通知",
            "proposal": "拟请组长阅示，由王明远同志牵头办理。"}


@pytest.fixture(scope="module")
def leader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UserSession]:
    """组长 张正直, 王明远 and 李慧琴 in post; 刘志强 has left (account disabled)."""
    path: Path = tmp_path_factory.mktemp("账号") / "组.db"
    s, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF,
                              display_name="张正直", group_name="示例县纪委监委派驻第一纪检监察组")
    add_account(s, "wangmy", [Role.DEPUTY], display_name="王明远")
    add_account(s, "lihq", [Role.MEMBER, Role.SEAL_CUSTODIAN], display_name="李慧琴")
    add_account(s, "liuzq", [Role.MEMBER], display_name="刘志强")
    s.ledgers.add("post_tenure", {"person": "liuzq", "post": "审查调查岗",
                                  "since": "2021-03-01"})
    admin = admin_session(s)
    try:
        admin.disable_user("liuzq")
    finally:
        admin.close()
    yield s
    s.close()


def _refusal(call: Callable[[], object]) -> str:
    with pytest.raises(ValidationError) as bad:
        call()
    return bad.value.message


def test_a_b_role_who_is_no_account_is_refused_article_65(leader: UserSession) -> None:
    """第六十五条: the B角 works in the group; "王某某" holds no account."""
    message = _refusal(lambda: leader.ledgers.add("post_assignment",
                                                  {**POST, "backup": "王某某"}))
    assert "“B角”应为本组人员的账号，“王某某”不是本系统的账号" in message
    assert message.endswith("请从列表中选择")


def test_names_as_people_write_them_are_stored_as_the_account_article_65(
        leader: UserSession) -> None:
    """A display name or the picked item 王明远（wangmy） is the account wangmy."""
    entry = leader.ledgers.add("post_assignment", {**POST, "primary": "王明远",
                                                   "backup": "李慧琴（lihq）"})
    assert (entry.values["primary"], entry.values["backup"]) == ("wangmy", "lihq")


def test_administrators_and_people_who_left_are_not_picked_article_65(
        leader: UserSession) -> None:
    """三员 keep the system, not the ledgers; a disabled account is refused for a new
    B角 but accepted where the field is about someone who left (第六十七条 从业限制)."""
    admin = _refusal(lambda: leader.ledgers.add("post_assignment",
                                                {**POST, "backup": SYSTEM_ADMIN}))
    # The account exists: the clerk is told why it is refused, not that it is unknown.
    assert f"“B角”：“{SYSTEM_ADMIN}”是系统管理员（三员）的账号" in admin
    gone = _refusal(lambda: leader.ledgers.add("post_assignment", {**POST, "backup": "liuzq"}))
    assert "“B角”的账号“liuzq”已停用" in gone
    left = leader.ledgers.add("employment_limit", {
        "person": "刘志强", "account": "liuzq", "former_post": "审查调查岗",
        "left_on": "2026-03-31"})
    assert left.values["account"] == "liuzq"
    assert [p[0] for p in leader.ledgers.people()] == [LEADER, "wangmy", "lihq"]


def test_the_handler_named_at_reading_is_an_account_article_51(leader: UserSession) -> None:
    """第五十一条: the 组长's 阅批 names the 承办人 — a person of the group."""
    eid = leader.ledgers.add("incoming_document", INCOMING).id

    def step(who: str) -> Entry:
        return leader.ledgers.step("incoming_document", eid, "review", note="请王明远同志办理",
                                   data={"handler": who, "deadline": dt.date.today().isoformat()})

    assert "“承办人”应为本组人员的账号" in _refusal(lambda: step("王主任"))
    assert step("王明远").values["handler"] == "wangmy"


def test_an_old_entry_keeps_the_name_of_someone_who_left_article_67(
        leader: UserSession) -> None:
    """The tenure of 刘志强 (account since disabled) is edited without touching the
    person, and the database verifies (nothing reported changed)."""
    tenure = leader.ledgers.list("post_tenure", where={"person": "liuzq"})[0]
    edited = leader.ledgers.edit("post_tenure", tenure.id, {"remarks": "已调离，记录保留"})
    assert edited.values["person"] == "liuzq"
    with pytest.raises(ValidationError, match="已停用"):
        leader.ledgers.add("post_tenure", {"person": "liuzq", "post": "监督检查岗",
                                           "since": "2026-01-01"})
    report = leader.verify()
    assert report.ok, report.problems
