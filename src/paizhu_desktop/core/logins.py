"""Failed logins: counted before the database can be opened, and never reset unseen.

The key file keeps a *base* — each account's count of failures in a row, the
locked accounts, the lockout threshold — authenticated by an HMAC under a key
derived from the database key, and after it a *log* of every failure since,
each entry hash-linked to the one before. A failure needs no key: it appends to
the log. Each successful unlock (which has the key) *reconciles*: checks the
base's HMAC and the log's links, checks the log continues from the failures
the audit chain already holds, writes the new ones into the audit chain, and
makes a new authenticated base. An edit of the key file that resets counters
or removes failures shows as a gap, which is recorded for the auditor.

What a key file edit can still do, between two unlocks, is drop the newest
failures and the wait they caused; docs/security.md says so.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

#: Failed logins in a row after which each further try must wait.
FREE_ATTEMPTS = 5
MAX_DELAY_SECONDS = 600.0
#: Failures in a row after which the account is locked until the security admin lifts
#: it (default of the ``lockout_after`` setting).
LOCKOUT_AFTER = 10
#: Log entries kept in full; a flood beyond this is counted in the last one.
MAX_LOG = 10_000
GENESIS = "0" * 64
#: Key files from this format version on always carry an authenticated base.
AUTHENTICATED_FROM = 2

#: Kinds of failed try.
WRONG = "wrong"  # the password was checked and wrong
DURING_WAIT = "during_wait"  # refused unchecked: the wait was not over
LOCKED = "locked"  # refused unchecked: the account is locked


@dataclass(frozen=True)
class Standing:
    """An account's failures in a row, the time of the last, and whether it is locked."""

    count: int = 0
    last: float = 0.0
    locked: bool = False

    def delay(self, now: float) -> float:
        """Seconds still to wait before the next try is checked."""
        if self.count < FREE_ATTEMPTS:
            return 0.0
        wait = min(MAX_DELAY_SECONDS, 2.0 ** (self.count - FREE_ATTEMPTS + 1))
        return max(0.0, self.last + wait - now)


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _entry_hash(entry: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical({k: v for k, v in entry.items() if k != "hash"})).hexdigest()


def _mac_key(db_key: bytes, db_id: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=db_id.encode(),
                info=b"paizhu login counters").derive(db_key)


def _mac(db_key: bytes, db_id: str, base: dict[str, Any]) -> str:
    body = _canonical({k: v for k, v in base.items() if k != "mac"})
    return hmac.new(_mac_key(db_key, db_id), body, hashlib.sha256).hexdigest()


def section(data: dict[str, Any]) -> dict[str, Any]:
    """The key file's login section, made (from the counters of an older key file,
    unauthenticated until the next unlock) if it has none."""
    logins = data.get("logins")
    if isinstance(logins, dict) and isinstance(logins.get("base"), dict) \
            and isinstance(logins.get("log"), list):
        return logins
    counts = {}
    for name, rec in (data.get("failures") or {}).items():
        if isinstance(rec, dict):
            counts[str(name)] = {"count": int(rec.get("count", 0)),
                                 "last": float(rec.get("last", 0.0))}
    logins = {"base": {"seq": 0, "head": GENESIS, "counts": counts, "locked": [],
                       "lockout_after": LOCKOUT_AFTER, "mac": ""},
              "log": []}
    data["logins"] = logins
    data.pop("failures", None)
    data.pop("pending_failures", None)
    return logins


def standings(data: dict[str, Any]) -> dict[str, Standing]:
    """Every account's standing: the base, then the log."""
    logins = section(data)
    base = logins["base"]
    locked = set(base.get("locked", []))
    out = {name: Standing(int(c.get("count", 0)), float(c.get("last", 0.0)), name in locked)
           for name, c in base.get("counts", {}).items()}
    for name in locked - set(out):
        out[name] = Standing(0, 0.0, True)
    threshold = int(base.get("lockout_after", LOCKOUT_AFTER))
    for e in logins["log"]:
        name = str(e.get("username", ""))
        before = out.get(name, Standing())
        count = before.count + 1 + int(e.get("more", 0))
        out[name] = Standing(count, float(e.get("at", 0.0)),
                             before.locked or count >= threshold)
    return out


def standing(data: dict[str, Any], username: str) -> Standing:
    return standings(data).get(username, Standing())


def append_failure(data: dict[str, Any], username: str, at: float, kind: str) -> None:
    """One failed try, linked to the one before (no key needed)."""
    logins = section(data)
    log = logins["log"]
    if len(log) >= MAX_LOG:
        last = log[-1]
        last["more"] = int(last.get("more", 0)) + 1
        last["hash"] = _entry_hash(last)
        return
    prev = log[-1] if log else None
    entry = {"seq": (prev["seq"] if prev else int(logins["base"]["seq"])) + 1,
             "prev": prev["hash"] if prev else logins["base"]["head"],
             "username": username, "at": at, "kind": kind,
             "count": standing(data, username).count + 1}
    entry["hash"] = _entry_hash(entry)
    log.append(entry)


@dataclass
class Reconciled:
    """What an unlock found in the key file's login section."""

    #: Failures not yet in the audit chain, oldest first.
    new: list[dict[str, Any]]
    #: What does not hold (for the auditor), in Chinese.
    gaps: list[str]


def reconcile(data: dict[str, Any], db_key: bytes, db_id: str, logged_seq: int, *,
              success: str | None, lockout_after: int) -> Reconciled:
    """Check the login section against its HMAC, its links and the audit chain (which
    holds failures up to ``logged_seq``); then rebase it, authenticated, with
    ``success``'s count cleared and ``lockout_after`` from the database's settings."""
    logins = section(data)
    base, log = logins["base"], logins["log"]
    gaps = []
    if base.get("mac"):
        if not hmac.compare_digest(str(base["mac"]), _mac(db_key, db_id, base)):
            gaps.append("密钥文件中的登录失败计数被改动（校验码不符）")
    elif int(data.get("version", 1)) >= AUTHENTICATED_FROM or logged_seq:
        # Only a key file of release 0.1 may come without one (its first unlock adds it).
        gaps.append("密钥文件中的登录失败计数没有校验码（被替换或改动）")
    seq, head = int(base.get("seq", 0)), str(base.get("head", GENESIS))
    intact = True
    for e in log:
        if e.get("seq") != seq + 1 or e.get("prev") != head or _entry_hash(e) != e.get("hash"):
            gaps.append(f"密钥文件中第 {seq + 1} 次以后的登录失败记录缺失或被改动")
            intact = False
            break
        seq, head = int(e["seq"]), str(e["hash"])
    first = int(base.get("seq", 0))
    if not first <= logged_seq <= seq:
        gaps.append(f"密钥文件的登录失败记录（第 {first}–{seq} 次）与审计链已记载的"
                    f"（至第 {logged_seq} 次）不衔接，密钥文件可能被换成旧的副本")
    new = [e for e in log if int(e.get("seq", 0)) > logged_seq] if intact else list(log)
    now = standings(data)
    if success is not None:
        now.pop(success, None)
    last_seq = max(seq, logged_seq)
    base = {"seq": last_seq, "head": head,
            "counts": {n: {"count": s.count, "last": s.last} for n, s in sorted(now.items())
                       if s.count},
            "locked": sorted(n for n, s in now.items() if s.locked),
            "lockout_after": int(lockout_after)}
    base["mac"] = _mac(db_key, db_id, base)
    logins["base"], logins["log"] = base, []
    data["version"] = max(int(data.get("version", 1)), AUTHENTICATED_FROM)
    return Reconciled(new, gaps)


def lift(data: dict[str, Any], db_key: bytes, db_id: str, username: str) -> bool:
    """The security admin lifts ``username``'s lockout (count cleared). Call right after
    :func:`reconcile`, on a rebased section. Returns whether it was locked."""
    logins = section(data)
    base = logins["base"]
    was = username in base.get("locked", [])
    base["locked"] = [n for n in base.get("locked", []) if n != username]
    base.get("counts", {}).pop(username, None)
    base["mac"] = _mac(db_key, db_id, base)
    return was


def remac(data: dict[str, Any], new_key: bytes, db_id: str) -> None:
    """The base authenticated under a new database key (re-key)."""
    base = section(data)["base"]
    base["mac"] = _mac(new_key, db_id, base)
