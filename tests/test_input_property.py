"""Any input into any field of any ledger: stored as checked, or refused — nothing else.

For every field of every ledger in the catalog (subfields of tables included),
hypothesis draws values of every kind — text with control, line-break and
direction characters and lone surrogates, megabytes, numbers as big as they
come, NaN, true/false, None, lists, objects, dates and times in odd formats —
and adds an entry with it. Either the entry is stored and reads back exactly as
the field normalises the value (and that value normalises to itself, so an
edit keeps it), or the program refuses it with its own ``ValidationError`` or
``RuleError``, in one line, storing nothing. Any other exception fails.

``make test`` runs the ``paizhu`` profile: a bounded, reproducible number of
examples per field, one database for the module. ``--hypothesis-profile=explore``
draws many more.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from paizhu_desktop.core.errors import RuleError, ValidationError
from paizhu_desktop.core.ledgers.description import LedgerDescription
from paizhu_desktop.core.ledgers.fields import CURRENT_USER, TODAY, Field, FieldType
from paizhu_desktop.core.permissions import Role
from paizhu_desktop.core.regulations.catalog import CATALOG
from paizhu_desktop.core.session import UserSession

from conftest import ADMINS, CHEAP_KDF, LEADER, PASSWORD, add_account
from ledger_samples import OTHER_PERSON, sample_values

#: Characters that must never reach a one-line field, and most of them no field at all.
SPECIAL = ("\x00\x01\x08\t\n\x0b\x0c\r\x1b\x1f\x7f\x80\x85\x9b\x9f\u2028\u2029"
           "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ud800\udbff\udc00\udfff"
           "\ufeff\u200b\u200e\u200f")
CHINESE = "派驻纪检监察组大事记用印登记会议纪要议定事项县财政局组长、，。（）“”《》：；〇一二"

characters = st.one_of(st.characters(), st.sampled_from(SPECIAL), st.sampled_from(CHINESE))
texts = st.text(characters, max_size=40)
huge = st.builds(lambda piece, n: piece * n, st.sampled_from(["字", "a", " ", "\n", "\x00"]),
                 st.sampled_from([31, 32, 33, 199, 200, 201, 5001, 20_001, 1_000_000]))
numbers = st.one_of(st.integers(), st.integers(min_value=-10**40, max_value=10**40),
                    st.floats(), st.just(float("nan")), st.just(float("inf")))


def _odd_dates(d: dt.date) -> st.SearchStrategy[Any]:
    year, week, weekday = d.isocalendar()
    return st.sampled_from([d, d.isoformat(), f" {d.isoformat()} ", d.strftime("%Y%m%d"),
                            f"{year}-W{week:02d}-{weekday}", d.strftime("%Y/%m/%d"),
                            f"{d.isoformat()}T10:00", int(d.strftime("%Y%m%d")),
                            f"{d.year}-{d.month}-{d.day}"])


def _odd_times(t: dt.datetime) -> st.SearchStrategy[Any]:
    return st.sampled_from([t, t.isoformat(), str(t), t.strftime("%Y-%m-%d %H:%M"),
                            t.isoformat(timespec="minutes"), t.strftime("%Y%m%dT%H%M"),
                            t.timestamp() if t.tzinfo else t.date().isoformat()])


dates = st.dates().flatmap(_odd_dates)
times = st.datetimes(timezones=st.none() | st.just(dt.timezone.utc)).flatmap(_odd_times)
anything = st.recursive(st.none() | st.booleans() | numbers | texts,
                        lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(texts, inner, max_size=3), max_leaves=6)


def plausible(f: Field) -> st.SearchStrategy[Any]:
    """Values of the field's own kind, around its limits (some are stored)."""
    t = f.type
    if t in (FieldType.TEXT, FieldType.USER, FieldType.LONGTEXT):
        alphabet = st.sampled_from(CHINESE + "abc 123" + ("\n\t" if t is FieldType.LONGTEXT
                                                          else ""))
        return st.text(alphabet, min_size=1, max_size=min((f.limit or 40) + 2, 60))
    if t is FieldType.DATE:
        return st.dates(dt.date(1940, 1, 1), dt.date(2110, 12, 31)).map(dt.date.isoformat)
    if t is FieldType.DATETIME:
        return st.datetimes(dt.datetime(1940, 1, 1), dt.datetime(2110, 12, 31)).map(
            lambda m: m.strftime("%Y-%m-%d %H:%M"))
    if t is FieldType.INTEGER:
        low, high = f.bounds
        return st.integers(low - 3, low + 3) | st.integers(high - 3, high + 3) \
            | st.integers(low, high)
    if t is FieldType.DECIMAL:
        low, high = f.bounds
        exact = st.decimals(low - 3, high + 3, places=f.places + 1)
        return exact | exact.map(str) | st.floats(low - 3, high + 3) \
            | st.integers(low - 3, high + 3)
    if t is FieldType.CHOICE:
        return st.sampled_from([c.value for c in f.choices] + [c.label for c in f.choices])
    if t is FieldType.BOOL:
        return st.booleans()
    if t is FieldType.TABLE:
        row = st.fixed_dictionaries({sub.name: plausible(sub) for sub in f.subfields})
        return st.lists(row | st.fixed_dictionaries({sub.name: any_value(sub)
                                                     for sub in f.subfields}), max_size=3)
    raise AssertionError(t)


def any_value(f: Field) -> st.SearchStrategy[Any]:
    """Half of the draws of the field's own kind, half of any kind."""
    return plausible(f) | st.one_of(texts, huge, numbers, st.none(), st.booleans(), dates,
                                    times, anything)


FIELDS = [(desc, f) for desc in CATALOG.ledgers() for f in desc.fields]
SERIALS = {desc.id: itertools.count(1) for desc in CATALOG.ledgers()}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UserSession]:
    """One database for the whole module (the leader may write every ledger)."""
    path: Path = tmp_path_factory.mktemp("性质") / "paizhu.db"
    session, _ = UserSession.create(path, LEADER, PASSWORD, admins=ADMINS, kdf=CHEAP_KDF)
    add_account(session, OTHER_PERSON, [Role.MEMBER], display_name="王明远")
    yield session
    session.close()


def _expected(desc: LedgerDescription, f: Field, value: Any) -> Any:
    """What the field must read back as, given that the entry was stored."""
    wf = desc.workflow
    fills_in = (f.default == CURRENT_USER and value in (CURRENT_USER, "")) \
        or (f.type is FieldType.USER and value == CURRENT_USER)
    if fills_in or (wf is not None and f.name == wf.requester and value in (None, "", [])):
        return LEADER  # the acting account (献县办法 第六十条: the requester files it)
    normalised, problem = f.normalise(value)
    assert problem is None, f"stored although the field says: {problem}"
    return normalised


def _stored_as_checked_or_refused(store: UserSession, desc: LedgerDescription, f: Field,
                                  data: st.DataObject) -> None:
    value = data.draw(any_value(f), label=f.name)
    entry_values = {**sample_values(desc, next(SERIALS[desc.id])), f.name: value}
    before = store.ledgers.count(desc.id, include_voided=True)
    try:
        entry = store.ledgers.add(desc.id, entry_values)
    except (ValidationError, RuleError) as refusal:
        event(f"refused ({type(refusal).__name__})")
        assert "\n" not in refusal.message and len(refusal.message) < 600
        assert store.ledgers.count(desc.id, include_voided=True) == before
        return
    event("stored")
    back = store.ledgers.get(desc.id, entry.id).values
    assert back == entry.values
    if value != TODAY and f.name not in desc.computed_fields:
        assert back[f.name] == _expected(desc, f, value)
    # What is stored passes its own check unchanged: an edit keeps it.
    assert f.normalise(back[f.name]) == (back[f.name], None)


def _stored_test(cases: list[tuple[LedgerDescription, Field]]):  # type: ignore[no-untyped-def]
    @pytest.mark.parametrize(("desc", "f"), cases, ids=[f"{d.id}.{f.name}" for d, f in cases])
    @given(data=st.data())
    def test(store: UserSession, desc: LedgerDescription, f: Field,
             data: st.DataObject) -> None:
        _stored_as_checked_or_refused(store, desc, f, data)
    return test


# hypothesis nests its settings one level deeper with each parametrized case of a test
# function (6.x): past ~990 cases the nesting exceeds Python's recursion limit. The
# catalog's fields are therefore checked by several functions of at most 400 cases.
_CHUNK = 400
for _i in range(0, len(FIELDS), _CHUNK):
    globals()[f"test_any_value_is_stored_as_checked_or_refused_{_i // _CHUNK + 1}"] = \
        _stored_test(FIELDS[_i:_i + _CHUNK])


def _behaviour(f: Field) -> tuple[Any, ...]:
    """What a field's check depends on besides its label: fields alike here check alike."""
    return (f.type, f.required, f.max_length, f.minimum, f.maximum, f.places,
            tuple(c.value for c in f.choices), tuple(_behaviour(s) for s in f.subfields))


# One field of each kind of check (the catalog repeats kinds across ledgers by hundreds).
_KINDS: dict[tuple[Any, ...], tuple[LedgerDescription, Field]] = {}
for _desc, _f in FIELDS:
    for _one in (_f, *_f.subfields):
        _KINDS.setdefault(_behaviour(_one), (_desc, _one))
ALL_FIELDS = list(_KINDS.values())


@pytest.mark.parametrize(("desc", "f"), ALL_FIELDS,
                         ids=[f"{d.id}.{f.name}" for d, f in ALL_FIELDS])
@given(data=st.data())
@settings(max_examples=5 * settings.default.max_examples)
def test_a_field_check_never_fails_otherwise(desc: LedgerDescription, f: Field,
                                            data: st.DataObject) -> None:
    """Without a database, more values per field: the check returns a value or a
    one-line Chinese reason, and what it returns checks as itself."""
    value = data.draw(any_value(f), label=f.name)
    stored, problem = f.normalise(value)
    if problem is not None:
        assert stored is None and "\n" not in problem and problem.startswith(f"“{f.label}”")
        return
    assert f.normalise(stored) == (stored, None)
