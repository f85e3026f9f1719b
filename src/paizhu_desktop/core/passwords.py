"""The password policy the 安全保密管理员 sets (settings ``password_*``).

By default what classified systems require: at least 10 characters from at
least three of four classes (capital letters, small letters, digits, other
characters), not derived from the account name, not a common password or a
common password dressed up (``Passw0rd!``, ``Admin@123456``).
"""

from __future__ import annotations

from dataclasses import dataclass

from paizhu_desktop.core.errors import ValidationError

#: Words that make a password guessable however they are dressed up: the most common
#: passwords in published leak lists, keyboard runs, and the pinyin words and names
#: that Chinese lists add to them.
_COMMON_TEXT = """
password passwd pass admin administrator root user login welcome letmein master
qwerty qwertyuiop asdfgh asdfghjkl zxcvbn zxcvbnm qazwsx qweasd abc abcd abcdef
abcdefg abcdefgh iloveyou love monkey dragon football baseball sunshine princess
shadow superman batman trustno michael jessica charlie secret test guest default
changeme computer internet whatever freedom starwars hello system server oracle
woaini aini wodemima mima zhongguo china beijing shanghai zhang wang liu chen yang
huang zhao zhou xiaoming laopo laogong baobao yiqiwo jiwei jianwei jijian jiancha
paizhu zuzhang mishu
"""
COMMON_WORDS = frozenset(_COMMON_TEXT.split())

#: How digits and symbols stand in for letters in dressed-up passwords.
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                       "8": "b", "9": "g", "@": "a", "$": "s", "!": "i", "|": "l"})


@dataclass(frozen=True)
class PasswordPolicy:
    """How long a password must be, how many classes, and how often it is renewed."""

    min_length: int = 10
    classes: int = 3
    max_age_days: int = 90

    def problem(self, password: str, username: str = "") -> str | None:
        """Why ``password`` is not acceptable for ``username`` (None: it is)."""
        if not password or not password.strip():
            return "密码不能为空或全是空格"
        if len(password) < self.min_length:
            return f"密码至少 {self.min_length} 位"
        kinds = sum((any("A" <= c <= "Z" for c in password),
                     any("a" <= c <= "z" for c in password),
                     any(c.isdigit() for c in password),
                     any(not (c.isascii() and c.isalnum()) for c in password)))
        if kinds < self.classes:
            return (f"密码应包含大写字母、小写字母、数字、其他符号中的至少 {self.classes} 类")
        lowered = password.lower()
        name = username.lower()
        if len(name) >= 3 and (name in lowered or name[::-1] in lowered
                               or lowered.translate(_LEET).find(name) >= 0):
            return "密码不能含有账号名"
        if len(set(lowered)) <= 3:
            return "密码不能由一两个字符重复组成"
        if _dressed_up_common(lowered):
            return "密码过于常见（由常用密码或其变形构成），请换一个"
        return None

    def check(self, password: str, username: str = "") -> None:
        """ValidationError naming the problem, if there is one."""
        problem = self.problem(password, username)
        if problem:
            raise ValidationError({"password": problem})


def _dressed_up_common(lowered: str) -> bool:
    """A common word with digits, symbols and look-alike characters around or in it."""
    letters = "".join(c for c in lowered.translate(_LEET) if c.isalpha())
    plain = "".join(c for c in lowered if c.isalpha())
    for core in {letters, plain}:
        if not core:
            return True  # digits and symbols only: a date, a phone number
        if core in COMMON_WORDS:
            return True
        # A common word followed or preceded by one repeated or short remainder.
        if any(core.startswith(w) and len(core) - len(w) <= 2 for w in COMMON_WORDS
               if len(w) >= 4):
            return True
    return False
