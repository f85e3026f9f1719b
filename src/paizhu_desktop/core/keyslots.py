"""Key slots: the database key wrapped under each account's password.

The database is encrypted with a random 256-bit key that no person sees.
Each account holds that key wrapped with AES-256-GCM under a key derived
from its password by Argon2id (memory-hard), like the key slots of disk
encryption; changing a password rewraps one slot and never re-encrypts the
database. A recovery slot, wrapped under a printed recovery key, unlocks the
database when every password is lost.

The key file (``<database>.keys``) holds no record content: slots (each
also wrapping its account's signing key, :mod:`signing`), the failed-login
counters (which must survive restarts and work before the database can be
opened), failures not yet written to the audit log, and each account's
anchor: the last audit-chain head it saw, signed by it, so that a chain
cut back or rewritten after that point is found (:mod:`integrity`).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from paizhu_desktop.core import logins
from paizhu_desktop.core.errors import (
    AccountLocked,
    AuthError,
    DatabaseMissing,
    IntegrityFailure,
    LoginDelayed,
)
from paizhu_desktop.core.files import open_private
from paizhu_desktop.core.signing import Signer

FORMAT = "paizhu-keyslots"
#: 2: slots seal the database key to the account's X25519 key (so it can be changed
#: without the passwords); version-1 slots wrap it under the password and still open.
FORMAT_VERSION = 2
#: How a slot seals the database key to its account: X25519, HKDF-SHA256, AES-256-GCM.
SEAL_SUITE = "x25519-hkdf-sha256-aes256gcm"


@dataclass(frozen=True)
class KdfCost:
    """Argon2id cost parameters for new key slots (and hand-off keys).

    Attributes:
        memory_kib: memory in KiB.
        iterations: passes over the memory.
        lanes: parallel lanes.
    """

    memory_kib: int
    iterations: int
    lanes: int = 1

    def as_dict(self) -> dict[str, Any]:
        """The parameters as stored in a key slot or a hand-off header."""
        return {"name": "argon2id", "memory_kib": self.memory_kib,
                "iterations": self.iterations, "lanes": self.lanes}

    @classmethod
    def from_dict(cls, params: dict[str, Any]) -> KdfCost:
        """The cost stored in a slot or header (``name`` must be argon2id)."""
        if params.get("name") != "argon2id":
            raise ValueError(f"not an Argon2id parameter set: {params.get('name')!r}")
        return cls(int(params["memory_kib"]), int(params["iterations"]), int(params["lanes"]))


#: Argon2id cost: about 0.4 s and 64 MiB on the reference machine (bench/bench_store.py).
DEFAULT_KDF = KdfCost(memory_kib=65536, iterations=5, lanes=1)

RECOVERY_GROUPS = 8
#: How a slot wraps what it holds: AES-256-GCM under a key derived from the secret.
WRAP_SUITE = "aes-256-gcm"
#: The purpose an anchor's signature is made for (:func:`signing.signature_holds`).
ANCHOR_PURPOSE = "anchor"
UNKNOWN_USER = "（未知用户）"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _derive(password: str, salt: bytes, params: dict[str, Any]) -> bytes:
    if params.get("name") != "argon2id":
        raise IntegrityFailure("密钥文件使用了不支持的密钥派生算法，无法打开。")
    return Argon2id(
        salt=salt,
        length=32,
        iterations=int(params["iterations"]),
        lanes=int(params["lanes"]),
        memory_cost=int(params["memory_kib"]),
    ).derive(password.encode("utf-8"))


def _recovery_kek(recovery_key: str, salt: bytes) -> bytes:
    raw = parse_recovery_key(recovery_key)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                info=b"paizhu recovery slot").derive(raw)


def _seal_key(shared: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def seal(public_key: bytes, secret: bytes, aad: bytes) -> dict[str, Any]:
    """``secret`` sealed to an X25519 public key (ephemeral key agreement)."""
    eph = X25519PrivateKey.generate()
    shared = eph.exchange(X25519PublicKey.from_public_bytes(public_key))
    eph_public = eph.public_key().public_bytes_raw()
    nonce = secrets.token_bytes(12)
    key = _seal_key(shared, b"paizhu seal\x00" + eph_public + public_key)
    return {"suite": SEAL_SUITE, "ephemeral": _b64(eph_public), "nonce": _b64(nonce),
            "wrapped": _b64(AESGCM(key).encrypt(nonce, secret, aad))}


def unseal(private_key: X25519PrivateKey, sealed: dict[str, Any], aad: bytes) -> bytes | None:
    """The secret :func:`seal` sealed to ``private_key``'s public key (None if not)."""
    if sealed.get("suite") != SEAL_SUITE:
        raise IntegrityFailure("密钥文件使用了不支持的密钥封装算法，无法打开。")
    eph_public = _unb64(sealed["ephemeral"])
    own_public = private_key.public_key().public_bytes_raw()
    shared = private_key.exchange(X25519PublicKey.from_public_bytes(eph_public))
    key = _seal_key(shared, b"paizhu seal\x00" + eph_public + own_public)
    try:
        return AESGCM(key).decrypt(_unb64(sealed["nonce"]), _unb64(sealed["wrapped"]), aad)
    except InvalidTag:
        return None


def _recovery_kem(recovery_raw: bytes, db_id: str) -> X25519PrivateKey:
    """The recovery slot's sealing key, derived from the recovery key."""
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=db_id.encode(),
                info=b"paizhu recovery sealing key").derive(recovery_raw)
    return X25519PrivateKey.from_private_bytes(seed)


def format_recovery_key(raw: bytes) -> str:
    """32 random bytes as eight groups of base32, easy to copy by hand."""
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    size = -(-len(text) // RECOVERY_GROUPS)
    return "-".join(text[i:i + size] for i in range(0, len(text), size))


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError:
        raise AuthError("恢复密钥格式不正确，请核对打印件上的字符。") from None
    if len(raw) != 32:
        raise AuthError("恢复密钥长度不正确，请核对打印件上的字符。")
    return raw


@dataclass(frozen=True)
class Unlocked:
    """What a password opens: the database key and, once it has one, the account's
    signing key (raw 32 bytes)."""

    key: bytes = field(repr=False)
    signing_seed: bytes | None = field(repr=False, default=None)
    #: Opened by the slot a password change was replacing (the change was cut short).
    previous: bool = False


@dataclass(frozen=True)
class Anchor:
    """The last audit-chain head an account saw, signed by that account."""

    username: str
    seq: int
    hash: str
    at: str
    public_key: str
    suite: str
    signature: str

    @staticmethod
    def message(username: str, seq: int, chain_hash: str, at: str) -> str:
        return f"{username}\x00{seq}\x00{chain_hash}\x00{at}"


@dataclass
class KeyFile:
    """The key slots of one database, read from and written to ``path``.

    Attributes:
        path: the key file.
        data: its content, as stored.
        kdf: the Argon2id cost of slots written from now on (:meth:`set_password`).
            It is the caller's choice, never read from the file: each slot records
            the parameters it was made with, which is all that opening it needs.
            Persisting a file-wide cost would let a key file made cheaply (by the
            tests, or altered by hand) weaken every password set on it later; so
            a loaded file writes new slots at :data:`DEFAULT_KDF` unless the caller
            passes another cost.
    """

    path: Path
    data: dict[str, Any]
    kdf: KdfCost = DEFAULT_KDF

    # -- creation and I/O --------------------------------------------------
    @classmethod
    def create(cls, path: Path, db_id: str, master_key: bytes, *,
               kdf: KdfCost = DEFAULT_KDF) -> tuple[KeyFile, str]:
        """A new key file with only the recovery slot; returns it and the recovery key.

        ``kdf`` is the cost of the password slots set on it later.
        """
        raw = secrets.token_bytes(32)
        recovery_key = format_recovery_key(raw)
        kf = cls(path, {"format": FORMAT, "version": FORMAT_VERSION, "db_id": db_id,
                        "slots": {}}, kdf)
        # The login counters start authenticated (logins.reconcile has the key here).
        logins.reconcile(kf.data, master_key, db_id, 0, success=None,
                         lockout_after=logins.LOCKOUT_AFTER)
        kem = _recovery_kem(raw, db_id)
        kf.data["recovery"] = {"kem_public": _b64(kem.public_key().public_bytes_raw()),
                               "sealed": seal(kem.public_key().public_bytes_raw(), master_key,
                                              kf._aad("recovery"))}
        return kf, recovery_key

    @classmethod
    def load(cls, path: Path, *, kdf: KdfCost = DEFAULT_KDF) -> KeyFile:
        """The key file at ``path``; ``kdf`` is the cost of slots written from now on."""
        if not path.exists():
            raise DatabaseMissing(f"找不到数据库的密钥文件：{path}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise IntegrityFailure(f"密钥文件已损坏或不是本系统的文件：{path}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise IntegrityFailure(f"密钥文件不是本系统的文件：{path}")
        if int(data.get("version", 0)) > FORMAT_VERSION:
            raise IntegrityFailure("密钥文件由更新版本的程序创建，请升级本程序。")
        return cls(path, data, kdf)

    @contextmanager
    def editing(self, *, wait: bool = True) -> Iterator[dict[str, Any]]:
        """Change the file as it is on disk now: locked against the other sessions on
        this machine, read again, changed, written atomically. Each change touches only
        its own part (a slot, an anchor, the login log), so none undoes another's."""
        held = _HELD.__dict__.setdefault("paths", set())
        key = str(self.path)
        if key in held:
            # Already changing it further up this thread: that change reads and saves.
            yield self.data
            return
        with _locked(self.path.with_name(self.path.name + ".lock"), wait=wait):
            held.add(key)
            try:
                self.refresh()
                yield self.data
                self.save()
            finally:
                held.discard(key)

    @contextmanager
    def held(self) -> Iterator[None]:
        """No other session changes the file meanwhile (a backup copies it with the
        database it belongs to); nothing is read or written here."""
        held = _HELD.__dict__.setdefault("paths", set())
        key = str(self.path)
        if key in held:
            yield
            return
        with _locked(self.path.with_name(self.path.name + ".lock")):
            held.add(key)
            try:
                yield
            finally:
                held.discard(key)

    def save(self) -> None:
        """Write atomically: a crash leaves the old or the new file, never half of one."""
        tmp = self.path.with_name(self.path.name + ".new")
        with open_private(tmp) as fh:
            fh.write(json.dumps(self.data, ensure_ascii=False, indent=1).encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)

    @property
    def db_id(self) -> str:
        return str(self.data["db_id"])

    def usernames(self) -> list[str]:
        return sorted(self.data["slots"])

    # -- slots -------------------------------------------------------------
    def _aad(self, owner: str) -> bytes:
        # Binds a slot to this database and owner: slots cannot be swapped.
        return f"{self.db_id}\x00{owner}".encode()

    def _wrap(self, kek: bytes, salt: bytes, master_key: bytes, owner: str,
              params: dict[str, Any]) -> dict[str, Any]:
        nonce = secrets.token_bytes(12)
        wrapped = AESGCM(kek).encrypt(nonce, master_key, self._aad(owner))
        return {"kdf": params, "wrap": WRAP_SUITE, "salt": _b64(salt), "nonce": _b64(nonce),
                "wrapped": _b64(wrapped)}

    def _unwrap(self, slot: dict[str, Any], kek: bytes, owner: str) -> bytes | None:
        try:
            return AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped"]),
                                       self._aad(owner))
        except InvalidTag:
            return None

    def set_password(self, username: str, password: str, master_key: bytes,
                     signer: Signer | None = None) -> None:
        """Create or replace ``username``'s slot (the database is not re-encrypted),
        wrapping ``signer``'s private key with the database key."""
        params = self.kdf.as_dict()
        salt = secrets.token_bytes(16)
        kek = _derive(password, salt, params)
        kem = X25519PrivateKey.generate()
        kem_public = kem.public_key().public_bytes_raw()
        nonce = secrets.token_bytes(12)
        slot: dict[str, Any] = {
            "kdf": params, "wrap": WRAP_SUITE, "salt": _b64(salt),
            # The password opens the account's sealing key; the database key is sealed
            # to its public half, so a new database key reaches every slot (rekey).
            "kem": {"suite": SEAL_SUITE, "public_key": _b64(kem_public), "nonce": _b64(nonce),
                    "wrapped": _b64(AESGCM(kek).encrypt(nonce, kem.private_bytes_raw(),
                                                        self._aad(f"kem:{username}")))},
            "sealed": seal(kem_public, master_key, self._aad(f"user:{username}"))}
        if signer is not None:
            nonce = secrets.token_bytes(12)
            slot["sign"] = {"suite": signer.suite, "public_key": signer.public_key,
                            "nonce": _b64(nonce), "wrapped": _b64(AESGCM(kek).encrypt(
                                nonce, signer.seed, self._aad(f"sign:{username}")))}
        self.data["slots"][username] = slot

    def stage_password(self, username: str, password: str, master_key: bytes,
                       signer: Signer) -> None:
        """A new slot (new password, new signing key) that keeps the one it replaces
        beside it until :meth:`commit_password`: should the record announcing the new
        key never be written, the old password still opens the old key."""
        with self.editing() as data:
            old = data["slots"].get(username)
            if old is not None:
                data.setdefault("previous", {})[username] = old
            self.set_password(username, password, master_key, signer)

    def commit_password(self, username: str) -> None:
        """The new slot's key is on record: the one it replaced goes."""
        with self.editing() as data:
            data.get("previous", {}).pop(username, None)

    def restore_previous(self, username: str) -> bool:
        """The new slot's key never reached the record: the replaced slot comes back."""
        with self.editing() as data:
            old = data.get("previous", {}).pop(username, None)
            if old is None:
                return False
            data["slots"][username] = old
            return True

    def _slot_cost(self) -> dict[str, Any]:
        """The KDF parameters of a stored password slot (of ``kdf`` while there is none)."""
        for name in sorted(self.data["slots"]):
            params = self.data["slots"][name].get("kdf")
            if isinstance(params, dict):
                return params
        return self.kdf.as_dict()

    def remove_slot(self, username: str) -> None:
        self.data["slots"].pop(username, None)

    def _open_slot(self, slot: dict[str, Any], kek: bytes, username: str) -> bytes | None:
        """The database key from a slot whose key ``kek`` the password derived."""
        if "kem" not in slot:  # version 1: wrapped under the password itself
            return self._unwrap(slot, kek, f"user:{username}")
        kem_raw = self._unwrap(slot["kem"], kek, f"kem:{username}")
        if kem_raw is None:
            return None
        return unseal(X25519PrivateKey.from_private_bytes(kem_raw), slot["sealed"],
                      self._aad(f"user:{username}"))

    def opens_slot(self, username: str, secret: str) -> bool:
        """Whether ``secret`` is ``username``'s password — not counted as a login attempt
        (the hand-off passphrase must not be a login password)."""
        slot = self.data["slots"].get(username)
        if slot is None:
            return False
        kek = _derive(secret, _unb64(slot["salt"]), slot["kdf"])
        return self._open_slot(slot, kek, username) is not None

    # -- a new database key ------------------------------------------------------
    def unsealable(self) -> list[str]:
        """Accounts (and the recovery slot, as "（恢复密钥）") whose slots cannot take a
        new database key without their secret: version-1 slots."""
        out = [name for name, slot in sorted(self.data["slots"].items()) if "kem" not in slot]
        if "kem_public" not in self.data["recovery"]:
            out.append("（恢复密钥）")
        return out

    def resealed(self, new_key: bytes, *, path: Path,
                 recovery_key: str | None = None) -> KeyFile:
        """A copy of this key file whose every slot opens ``new_key`` instead (written
        to ``path``); a version-1 recovery slot is remade when ``recovery_key`` is given."""
        data = json.loads(json.dumps(self.data))
        for name, slot in data["slots"].items():
            if "kem" not in slot:
                raise IntegrityFailure(f"账号“{name}”的密钥槽是旧格式，"
                                       "须本人登录一次后才能更换数据库密钥。")
            slot["sealed"] = seal(_unb64(slot["kem"]["public_key"]), new_key,
                                  self._aad(f"user:{name}"))
        recovery = data["recovery"]
        if "kem_public" not in recovery:
            if recovery_key is None:
                raise IntegrityFailure("恢复密钥槽是旧格式：更换数据库密钥时须同时提供恢复密钥。")
            kem = _recovery_kem(parse_recovery_key(recovery_key), self.db_id)
            self.unlock_with_recovery(recovery_key)
            recovery = {"kem_public": _b64(kem.public_key().public_bytes_raw())}
        recovery["sealed"] = seal(_unb64(recovery["kem_public"]), new_key, self._aad("recovery"))
        data["recovery"] = recovery
        data["version"] = FORMAT_VERSION
        logins.remac(data, new_key, self.db_id)
        return KeyFile(path, data, self.kdf)

    def unlock_with_password(self, username: str, password: str,
                             clock: Callable[[], float] = time.time) -> bytes:
        """The database key, or AuthError (counted; delayed after repeated failures)."""
        return self.unlock_account(username, password, clock).key

    def unlock_account(self, username: str, password: str,
                       clock: Callable[[], float] = time.time) -> Unlocked:
        """The database key and the account's signing key, or AuthError. Every failed
        try is counted and logged (:mod:`logins`), also one refused unchecked because
        the account is locked (AccountLocked) or must still wait (LoginDelayed)."""
        slot = self.data["slots"].get(username)
        # An unknown name is counted under one placeholder: a password typed into the
        # name field must never be written to disk.
        counted = username if slot is not None else UNKNOWN_USER
        self.refresh()
        now = clock()
        before = logins.standing(self.data, counted)
        if before.locked:
            self.record_failure(counted, clock, logins.LOCKED)
            raise AccountLocked("该账号因连续登录失败已被锁定，请安全保密管理员解除锁定。")
        if before.delay(now) > 0:
            self.record_failure(counted, clock, logins.DURING_WAIT)
            raise LoginDelayed(logins.standing(self.data, counted).delay(now))
        master = None
        seed = None
        previous = False
        if slot is not None:
            master, seed = self._open_with(slot, password, username)
            old = self.data.get("previous", {}).get(username)
            if master is None and isinstance(old, dict):
                # A password change cut short: the old password opens the old slot.
                master, seed = self._open_with(old, password, username)
                previous = master is not None
        else:
            # Spend the same time so that a wrong name is not told apart from a wrong
            # password: the cost of a stored slot, which is what a wrong password costs.
            _derive(password, b"\x00" * 16, self._slot_cost())
        if master is None:
            self.record_failure(counted, clock, logins.WRONG)
            raise AuthError("用户名或密码不正确。")
        return Unlocked(master, seed, previous)

    def _open_with(self, slot: dict[str, Any], password: str,
                   username: str) -> tuple[bytes | None, bytes | None]:
        kek = _derive(password, _unb64(slot["salt"]), slot["kdf"])
        master = self._open_slot(slot, kek, username)
        seed = None
        if master is not None and isinstance(slot.get("sign"), dict):
            seed = self._unwrap(slot["sign"], kek, f"sign:{username}")
        return master, seed

    def recovery_raw(self, recovery_key: str) -> bytes:
        """The recovery key's 32 bytes once it opens the recovery slot (AuthError if not)."""
        self.unlock_with_recovery(recovery_key)
        return parse_recovery_key(recovery_key)

    def unlock_with_recovery(self, recovery_key: str) -> bytes:
        slot = self.data["recovery"]
        if "kem_public" in slot:
            kem = _recovery_kem(parse_recovery_key(recovery_key), self.db_id)
            master = unseal(kem, slot["sealed"], self._aad("recovery"))
        else:
            master = self._unwrap(slot, _recovery_kek(recovery_key, _unb64(slot["salt"])),
                                  "recovery")
        if master is None:
            self.record_failure("（恢复密钥）", time.time)
            raise AuthError("恢复密钥不正确。")
        return master

    # -- anchors -----------------------------------------------------------------
    def save_anchor(self, signer: Signer, seq: int, chain_hash: str, at: str, *,
                    wait: bool = True) -> None:
        """Keep, signed by ``signer``, the chain head its account has just seen. With
        ``wait`` False, BlockingIOError if another session holds the file (try later)."""
        with self.editing(wait=wait) as data:
            data.setdefault("anchors", {})[signer.username] = {
                "seq": seq, "hash": chain_hash, "at": at, "public_key": signer.public_key,
                "suite": signer.suite,
                "signature": signer.sign(ANCHOR_PURPOSE, Anchor.message(
                    signer.username, seq, chain_hash, at))}

    def anchors(self) -> list[Anchor]:
        """Every account's anchor as stored (unchecked: :mod:`integrity` checks them)."""
        out = []
        raw = self.data.get("anchors")
        for username, a in sorted(raw.items() if isinstance(raw, dict) else []):
            try:
                out.append(Anchor(str(username), int(a["seq"]), str(a["hash"]), str(a["at"]),
                                  str(a["public_key"]), str(a["suite"]), str(a["signature"])))
            except (KeyError, TypeError, ValueError):
                out.append(Anchor(str(username), -1, "", "", "", "", ""))
        return out

    # -- failed logins -------------------------------------------------------
    def refresh(self) -> None:
        """Read the file again (another session on this machine may have written it)."""
        if self.path.exists():
            try:
                fresh = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return
            if isinstance(fresh, dict) and fresh.get("db_id") == self.db_id:
                self.data = fresh

    def remaining_delay(self, username: str, clock: Callable[[], float] = time.time) -> float:
        return logins.standing(self.data, username).delay(clock())

    def is_locked(self, username: str) -> bool:
        return logins.standing(self.data, username).locked

    def record_failure(self, username: str, clock: Callable[[], float],
                       kind: str = logins.WRONG) -> None:
        """One failed try, kept in the file at once (it must survive a restart)."""
        with self.editing() as data:
            logins.append_failure(data, username, clock(), kind)

    def failure_count(self, username: str) -> int:
        return logins.standing(self.data, username).count


#: Key files this thread is changing (nested changes join the outer one).
_HELD = threading.local()


@contextmanager
def _locked(lock_path: Path, *, wait: bool = True) -> Iterator[None]:
    """An exclusive lock between the processes on this machine (a private lock file);
    without ``wait``, BlockingIOError when another holds it."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if sys.platform == "win32":
            import msvcrt

            try:  # LK_LOCK retries for ten seconds, then raises
                msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
            except OSError:
                raise BlockingIOError("key file busy") from None
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
