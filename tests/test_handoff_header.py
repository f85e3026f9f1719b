"""A hand-off header asking for too much is refused at once (issue "Hardening": the
header digest has no key; raising the KDF cost in it made an import run past 60 s)."""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path
from typing import Any

import pytest

from paizhu_desktop.core.handoff import container
from paizhu_desktop.core.handoff.container import DIGEST, MAGIC
from paizhu_desktop.core.handoff.transfer import export
from paizhu_desktop.core.session import UserSession

from conftest import CHEAP_KDF, LEADER, PASSWORD, run_cli

PHRASE = "7KQM-2XTB-9RFD-HW4C"


@pytest.fixture
def exported(session: UserSession, tmp_path: Path) -> Path:
    session.ledgers.add("chronicle", {"date_start": "2026-03-02", "category": "2",
                                      "content": "召开组务会，严明工作纪律"})
    out = tmp_path / "2026.pzx"
    export(session, out, PHRASE, year=2026, kdf=CHEAP_KDF)
    return out


def _rewrite_header(path: Path, change: Any) -> Path:
    """The file with its header changed and the (unkeyed) header digest recomputed."""
    data = path.read_bytes()
    at = len(MAGIC)
    (size,) = struct.unpack(">I", data[at:at + 4])
    header = json.loads(data[at + 4:at + 4 + size])
    change(header)
    raw = json.dumps(header, sort_keys=True).encode()
    size_raw = struct.pack(">I", len(raw))
    digest = hashlib.sha256(MAGIC + size_raw + raw).digest()
    rest = data[at + 4 + size + DIGEST:]
    hostile = path.with_name("改动过.pzx")
    hostile.write_bytes(MAGIC + size_raw + raw + digest + rest)
    return hostile


@pytest.mark.parametrize("change", [
    lambda h: h["kdf"].update(iterations=1000),
    lambda h: h["kdf"].update(memory_kib=1 << 21),
    lambda h: h["kdf"].update(lanes=64),
    lambda h: h["kdf"].update(memory_kib="65536"),
    lambda h: h["kdf"].update(salt="00"),
    lambda h: h.update(chunk_size=1 << 30),
    lambda h: h.update(nonce_prefix="00"),
], ids=["iterations", "memory", "lanes", "text", "salt", "chunk", "nonce"])
def test_out_of_range_header_is_refused_at_once(exported: Path, db_path: Path, change: Any,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    hostile = _rewrite_header(exported, change)
    phrase = exported.with_name("口令.txt")
    phrase.write_text(PHRASE, encoding="utf-8")
    def no_key_work(*_: object) -> bytes:
        raise AssertionError("a key was derived from an out-of-range header")

    # Refused before any key is derived: the KDF is never reached.
    monkeypatch.setattr(container, "_derive", no_key_work)
    code, _, err = run_cli(["inspect", str(hostile), "--passphrase-file", str(phrase)],
                           "", monkeypatch, capsys)
    assert code == 4, err
    assert "超出允许范围" in err and "Traceback" not in err
    code, _, err = run_cli(["import", str(hostile), "--db", str(db_path), "--user", LEADER,
                            "--password-stdin", "--passphrase-file", str(phrase)],
                           PASSWORD + "\n", monkeypatch, capsys)
    assert code == 4 and "超出允许范围" in err


def test_the_untouched_file_still_reads(exported: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    same = _rewrite_header(exported, lambda h: None)
    phrase = exported.with_name("口令.txt")
    phrase.write_text(PHRASE, encoding="utf-8")
    code, out, err = run_cli(["inspect", str(same), "--passphrase-file", str(phrase)], "",
                             monkeypatch, capsys)
    assert code == 0, err
    assert "大事记" in out
