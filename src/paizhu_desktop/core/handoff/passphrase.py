"""Hand-off passphrases: strong, and easy to read aloud and type (DOMAIN §7).

The passphrase is told in person, never written on the 交接单 and never a
login password. Six groups of four characters from a 32-letter alphabet
without look-alikes (no 0/O, 1/I/L): 6 × 4 × 5 = 120 bits.
"""

from __future__ import annotations

import secrets

#: Letters and digits that cannot be mistaken for one another when read aloud or typed.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
GROUPS = 6
GROUP_LENGTH = 4


def new_passphrase(groups: int = GROUPS) -> str:
    """A strong passphrase easy to read aloud: 6 groups of 4 (120 bits), e.g. 7KQM-2XTB-…."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH))
                    for _ in range(groups))


def strength_bits(groups: int = GROUPS) -> float:
    """Entropy of a generated passphrase, in bits."""
    import math

    return groups * GROUP_LENGTH * math.log2(len(ALPHABET))
