"""The ``.pzx`` container: a passphrase-encrypted, authenticated stream (docs/handoff-format.md).

Layout::

    MAGIC (8 bytes "PZX\\x00HAND")
    u32 header length, header (UTF-8 JSON: format, algorithm suite, KDF and its
        parameters, salt, cipher, chunk size, nonce prefix)
    header digest (32 bytes: SHA-256 of everything before it; unkeyed)
    key check (32 bytes: AES-256-GCM of 16 zero bytes under the derived key)
    chunks: u32 ciphertext length, ciphertext (AES-256-GCM, 16-byte tag)

Chunk nonces are ``prefix (7) ‖ counter (4, big-endian) ‖ last (1)``: the
counter puts the chunks in order and the last-chunk flag marks the end, so
reordering, truncation and appended data are all detected (the STREAM
construction). Every chunk's associated data is the SHA-256 of magic +
header, so the header cannot be altered either. The unkeyed header digest
only serves the message: a damaged header is reported as such, not as a
wrong passphrase. The key check tells a wrong passphrase from a damaged
file before any content is read; when it fails but the first chunk opens,
the passphrase was right and the key check itself was damaged.

Everything up to the header digest keeps this shape in every format
version, so an older program can always say "made by a newer version".

The header names the file's algorithm suite (:data:`SUITE`: the passphrase KDF,
the cipher and the hash of the associated data); a file naming a suite this
program does not implement (a 国密 suite, say) is refused by name before any
key is derived. Files of format 1 (release 0.1.0) name none: theirs is
:data:`SUITE`.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Iterator
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from paizhu_desktop.core.errors import IntegrityFailure, ValidationError
from paizhu_desktop.core.keyslots import KdfCost

MAGIC = b"PZX\x00HAND"
#: 2: the header names its suite; the content carries the sender's signed records.
FORMAT_VERSION = 2
#: Argon2id for the passphrase key, AES-256-GCM chunks, SHA-256 for the associated data.
SUITE = "argon2id+aes256gcm+sha256"
#: Suites this program reads, with the KDF and cipher names the header gives for each.
SUITES = {SUITE: ("argon2id", "AES-256-GCM")}
CHUNK_SIZE = 1 << 20
TAG = 16
DIGEST = 32
#: Argon2id for the passphrase: 64 MiB, t=6 — about 0.6 s on the reference machine
#: (bench/bench_handoff.py). Kept at 64 MiB so that export and import stay under their
#: 200 MB memory target; the generated passphrase carries 120 bits, so the KDF cost is
#: a second line of defence, not the first.
#: The header records the parameters a file was written with; readers use those.
KDF = KdfCost(memory_kib=65536, iterations=6, lanes=1)
#: Bounds on what a header may ask for, checked before any work: a damaged or hostile
#: header must not make an import run for minutes or exhaust memory before the
#: passphrase is even tried. The largest cost allowed takes a few seconds here.
MAX_KDF_MEMORY_KIB = 1 << 18  # 256 MiB
MAX_KDF_ITERATIONS = 10
MAX_KDF_LANES = 4
SALT_BYTES = (16, 64)
CHUNK_BYTES = (4096, 16 << 20)
_KEY_CHECK_NONCE = b"\xff" * 12
_MAX_HEADER = 64 * 1024


class HandoffError(IntegrityFailure):
    """A hand-off file that cannot be trusted; nothing is imported (exit code 4)."""


class WrongPassphrase(HandoffError):
    pass


class NotAHandoffFile(HandoffError):
    pass


class FutureFormat(HandoffError):
    pass


class Tampered(HandoffError):
    pass


class UnknownSuite(FutureFormat):
    """The file (or a record in it) names algorithms this program does not implement."""


def unknown_suite(suite: object, where: str = "交接文件") -> UnknownSuite:
    return UnknownSuite(f"{where}使用了本程序不支持的算法（{suite}），可能由支持其他算法"
                        "（如国密算法）的新版本生成；请升级程序后再导入，未导入任何内容。")


class Truncated(HandoffError):
    pass


class TrailingData(HandoffError):
    pass


def check_passphrase(passphrase: str) -> None:
    """A hand-off passphrase is long: at least 16 characters (generate one with
    paizhu passphrase)."""
    if len(passphrase.strip()) < 16:
        raise ValidationError(
            {"passphrase": "交接口令至少 16 个字符（可用 paizhu passphrase 生成）"})


def _derive(passphrase: str, salt: bytes, params: dict[str, Any]) -> bytes:
    if params.get("name") != "argon2id":
        raise FutureFormat("交接文件使用了本程序不认识的密钥派生算法，请升级程序后再导入。")
    try:
        memory = int(params["memory_kib"])
        if not 8 <= memory <= MAX_KDF_MEMORY_KIB or len(salt) < 16:
            raise ValueError
        return Argon2id(salt=salt, length=32, iterations=int(params["iterations"]),
                        lanes=int(params["lanes"]), memory_cost=memory,
                        ).derive(passphrase.strip().encode("utf-8"))
    except (KeyError, ValueError, TypeError):
        raise Tampered("交接文件头已损坏或被改动（密钥参数无效），未导入任何内容。") from None


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


class Writer:
    """Encrypts what is written to it, chunk by chunk, into ``out`` (memory stays flat).

    ``kdf`` is the Argon2id cost of the passphrase key, recorded in the header.
    """

    def __init__(self, out: IO[bytes], passphrase: str, *, kdf: KdfCost = KDF) -> None:
        check_passphrase(passphrase)
        self.out = out
        salt, prefix = os.urandom(16), os.urandom(7)
        header: dict[str, Any] = {
            "format": FORMAT_VERSION, "suite": SUITE,
            "kdf": {**kdf.as_dict(), "salt": salt.hex()},
            "cipher": "AES-256-GCM", "chunk_size": CHUNK_SIZE, "nonce_prefix": prefix.hex(),
            "producer": "paizhu-desktop"}
        raw = json.dumps(header, sort_keys=True).encode()
        self.aad = hashlib.sha256(MAGIC + raw).digest()
        key = _derive(passphrase, salt, header["kdf"])
        self.aes = AESGCM(key)
        self.prefix = prefix
        self.counter = 0
        self.buffer = bytearray()
        head = MAGIC + struct.pack(">I", len(raw)) + raw
        out.write(head + hashlib.sha256(head).digest())
        out.write(self.aes.encrypt(_KEY_CHECK_NONCE, bytes(16), self.aad))

    def write(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) > CHUNK_SIZE:
            self._chunk(bytes(self.buffer[:CHUNK_SIZE]), last=False)
            del self.buffer[:CHUNK_SIZE]

    def _chunk(self, plain: bytes, last: bool) -> None:
        sealed = self.aes.encrypt(_nonce(self.prefix, self.counter, last), plain, self.aad)
        self.out.write(struct.pack(">I", len(sealed)) + sealed)
        self.counter += 1

    def close(self) -> None:
        """Write the last chunk (flagged), which ends the stream."""
        self._chunk(bytes(self.buffer), last=True)
        self.buffer = bytearray()


def read_header(f: IO[bytes]) -> tuple[dict[str, Any], bytes]:
    """The header and its associated data; a clear error for what is not a hand-off file,
    a damaged header, or a file from a newer format version."""
    magic = f.read(len(MAGIC))
    if magic != MAGIC:
        if len(magic) < len(MAGIC) and MAGIC.startswith(magic) and magic:
            raise Truncated("交接文件不完整（文件头被截断），未导入任何内容。")
        raise NotAHandoffFile("这不是本系统的交接文件（.pzx），或文件开头已损坏。")
    size_raw = f.read(4)
    if len(size_raw) < 4:
        raise Truncated("交接文件不完整（文件头被截断），未导入任何内容。")
    (size,) = struct.unpack(">I", size_raw)
    if size > _MAX_HEADER:
        raise Tampered("交接文件头已损坏或被改动，未导入任何内容。")
    raw = f.read(size)
    digest = f.read(DIGEST)
    if len(raw) < size or len(digest) < DIGEST:
        raise Truncated("交接文件不完整（文件头被截断），未导入任何内容。")
    if hashlib.sha256(MAGIC + size_raw + raw).digest() != digest:
        raise Tampered("交接文件头已损坏或被改动，未导入任何内容。")
    try:
        header = json.loads(raw)
        version = int(header["format"])
    except (ValueError, KeyError, TypeError):
        raise Tampered("交接文件头已损坏或被改动，未导入任何内容。") from None
    if version > FORMAT_VERSION:
        raise FutureFormat(f"交接文件由更新版本的程序生成（格式第 {version} 版，本程序支持到第 "
                           f"{FORMAT_VERSION} 版），请升级程序后再导入。")
    suite = header.get("suite", SUITE if version < 2 else None)
    if not isinstance(suite, str):
        raise Tampered("交接文件头已损坏或被改动（缺少算法说明），未导入任何内容。")
    if suite not in SUITES:
        raise unknown_suite(suite)
    kdf = header.get("kdf")
    if not isinstance(kdf, dict) or (kdf.get("name"), header.get("cipher")) != SUITES[suite]:
        raise Tampered("交接文件头已损坏或被改动（算法说明前后不符），未导入任何内容。")
    _check_bounds(header)
    header["suite"] = suite
    return header, hashlib.sha256(MAGIC + raw).digest()


def _check_bounds(header: dict[str, Any]) -> None:
    """Every number the header gives within fixed limits, before any key is derived."""
    kdf = header["kdf"]

    def within(value: object, low: int, high: int) -> bool:
        return type(value) is int and low <= value <= high

    try:
        salt = bytes.fromhex(str(kdf.get("salt", "")))
        prefix = bytes.fromhex(str(header.get("nonce_prefix", "")))
    except ValueError:
        salt = prefix = b""
    lanes = kdf.get("lanes")
    sane = (within(lanes, 1, MAX_KDF_LANES)
            and within(kdf.get("memory_kib"), 8 * int(lanes if type(lanes) is int else 1),
                       MAX_KDF_MEMORY_KIB)
            and within(kdf.get("iterations"), 1, MAX_KDF_ITERATIONS)
            and SALT_BYTES[0] <= len(salt) <= SALT_BYTES[1]
            and len(prefix) == 7
            and within(header.get("chunk_size", CHUNK_SIZE), *CHUNK_BYTES))
    if not sane:
        raise Tampered("交接文件头中的参数超出允许范围（已损坏或被改动），未导入任何内容。")


class Reader:
    """An opened container: header checked, passphrase checked, chunks not yet read.

    ``open`` derives the key once; :meth:`chunks` may then be called on the same
    file again (import reads it twice) without paying for the KDF a second time.
    """

    def __init__(self, header: dict[str, Any], aad: bytes, key: bytes, body_offset: int) -> None:
        self.header = header
        self.aad = aad
        self.key = key
        self.body_offset = body_offset
        try:
            self.prefix = bytes.fromhex(header["nonce_prefix"])
            self.limit = int(header.get("chunk_size", CHUNK_SIZE)) + TAG
            if len(self.prefix) != 7 or header.get("cipher") != "AES-256-GCM":
                raise ValueError
        except (KeyError, ValueError, TypeError):
            raise Tampered("交接文件头已损坏或被改动，未导入任何内容。") from None

    @classmethod
    def open(cls, f: IO[bytes], passphrase: str) -> Reader:
        """Read and check header and key check; WrongPassphrase or a damage error."""
        header, aad = read_header(f)
        try:
            salt = bytes.fromhex(header["kdf"]["salt"])
        except (KeyError, ValueError, TypeError):
            raise Tampered("交接文件头已损坏或被改动，未导入任何内容。") from None
        key = _derive(passphrase, salt, header["kdf"])
        check = f.read(16 + TAG)
        if len(check) < 16 + TAG:
            raise Truncated("交接文件不完整（被截断），未导入任何内容。")
        reader = cls(header, aad, key, f.tell())
        try:
            AESGCM(key).decrypt(_KEY_CHECK_NONCE, check, aad)
        except InvalidTag:
            # Wrong passphrase, or a damaged key check? If the first chunk opens under this
            # key, the passphrase is right and only the key check block was altered.
            if reader._first_chunk_opens(f):
                raise Tampered("交接文件的口令校验块已损坏或被改动，未导入任何内容。") from None
            raise WrongPassphrase("交接口令不正确，未导入任何内容。") from None
        return reader

    def _first_chunk_opens(self, f: IO[bytes]) -> bool:
        size_raw = f.read(4)
        if len(size_raw) < 4:
            return False
        (size,) = struct.unpack(">I", size_raw)
        if not TAG <= size <= self.limit:
            return False
        sealed = f.read(size)
        aes = AESGCM(self.key)
        for last in (False, True):
            try:
                aes.decrypt(_nonce(self.prefix, 0, last), sealed, self.aad)
                return True
            except InvalidTag:
                continue
        return False

    def chunks(self, f: IO[bytes], tags: Any = None) -> Iterator[bytes]:
        """The plaintext, chunk by chunk, from the start of the body; raises on any damage.

        The last chunk is only yielded once the end of the file is confirmed, so a
        consumer that reads to the end has seen an authentic, complete file. ``tags``
        (a hash object) receives each chunk's authentication tag: equal tag sequences
        under one key mean the same ciphertext, so a second pass can prove it read the
        same file as the first without hashing every byte again.
        """
        f.seek(self.body_offset)
        aes = AESGCM(self.key)
        counter = 0
        while True:
            size_raw = f.read(4)
            if len(size_raw) < 4:
                raise Truncated(f"交接文件不完整（被截断，缺少第 {counter} 块之后的内容），"
                                "未导入任何内容。")
            (size,) = struct.unpack(">I", size_raw)
            if size > self.limit or size < TAG:
                raise Tampered(f"交接文件第 {counter + 1} 块已损坏或被改动，未导入任何内容。")
            sealed = f.read(size)
            if len(sealed) < size:
                raise Truncated(f"交接文件不完整（第 {counter + 1} 块被截断），未导入任何内容。")
            for last in (False, True):
                try:
                    plain = aes.decrypt(_nonce(self.prefix, counter, last), sealed, self.aad)
                    break
                except InvalidTag:
                    continue
            else:
                raise Tampered(f"交接文件第 {counter + 1} 块的内容已被改动或损坏，未导入任何内容。")
            if tags is not None:
                tags.update(sealed[-TAG:])
            counter += 1
            if last:
                if f.read(1):
                    raise TrailingData("交接文件末尾有多余的数据（文件被改动），未导入任何内容。")
                yield plain
                return
            yield plain


def decrypt(f: IO[bytes], passphrase: str) -> Iterator[bytes]:
    """The plaintext of the whole file, chunk by chunk (see :class:`Reader`)."""
    reader = Reader.open(f, passphrase)
    yield from reader.chunks(f)
