"""Signing keys: every audit record is signed by the account that made it.

Each account holds an Ed25519 key pair; the private key is wrapped in the
account's key slot under its password (like the database key), the public
key is registered in a signed audit record. The recovery key derives the
database's root key, which signs what is done with the recovery key in hand
(initialisation, an administrator's password reset).

Every signature records its suite, so another suite (国密: SM2 signatures
over SM3 hashes) can be added without touching anything already written:
a record names the suite that checks it.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

#: Ed25519 signatures over the record's SHA-256 chain hash.
SUITE_ED25519 = "ed25519-sha256"
SUITES = frozenset({SUITE_ED25519})

#: The signer name of records signed with the root key (the recovery key's).
ROOT = "（恢复密钥）"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class Signer:
    """An unlocked signing key acting for ``username`` on database ``db_id``."""

    username: str
    db_id: str
    private_key: Ed25519PrivateKey = field(repr=False)
    suite: str = SUITE_ED25519

    @property
    def public_key(self) -> str:
        """The public key as stored in records (base64 of the raw 32 bytes)."""
        return b64(self.private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw))

    def sign(self, purpose: str, message: str) -> str:
        """Signature over ``message`` for ``purpose`` on this database (base64)."""
        return b64(self.private_key.sign(_signed_bytes(purpose, self.db_id, message)))

    @classmethod
    def generate(cls, username: str, db_id: str) -> Signer:
        """A fresh key pair."""
        return cls(username, db_id, Ed25519PrivateKey.generate())

    @classmethod
    def from_seed(cls, username: str, db_id: str, seed: bytes) -> Signer:
        """The key pair whose private key is ``seed`` (32 bytes, as wrapped in a slot)."""
        return cls(username, db_id, Ed25519PrivateKey.from_private_bytes(seed))

    @property
    def seed(self) -> bytes:
        """The raw private key, to be wrapped in the account's key slot."""
        return self.private_key.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
            serialization.NoEncryption())


def root_signer(db_id: str, recovery_raw: bytes) -> Signer:
    """The database's root key, derived from the recovery key (kept in the safe)."""
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=db_id.encode(),
                info=b"paizhu root signing key").derive(recovery_raw)
    return Signer.from_seed(ROOT, db_id, seed)


def _signed_bytes(purpose: str, db_id: str, message: str) -> bytes:
    # Purpose and database bind a signature to one use in one database: an audit
    # record's signature is no anchor's, and no other database's.
    return f"paizhu\x00{purpose}\x00{db_id}\x00{message}".encode()


def signature_holds(suite: str, public_key: str, purpose: str, db_id: str, message: str,
                    signature: str) -> bool:
    """Whether ``signature`` is ``public_key``'s over ``message`` (False on any fault)."""
    if suite != SUITE_ED25519:
        return False
    try:
        key = Ed25519PublicKey.from_public_bytes(unb64(public_key))
        key.verify(unb64(signature), _signed_bytes(purpose, db_id, message))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
