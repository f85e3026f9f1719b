"""Errors the user can meet, each with one clear Chinese sentence.

Environment errors (wrong password, damaged file, bad input) carry the
message shown to the user and the CLI exit code; anything else is a bug and
is shown as "内部错误" with a reference, never as a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_INTEGRITY = 4


class PaizhuError(Exception):
    """Base of every error whose message is meant for the user."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(PaizhuError):
    """Bad input for a field; ``field`` names it, ``errors`` holds all of them."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        text = "；".join(f"{msg}" for msg in self.errors.values())
        super().__init__(text)


class NotFoundError(PaizhuError):
    """An entry, user or ledger that does not exist."""


class RuleError(PaizhuError):
    """An action the regulation forbids (e.g. approving one's own request)."""


class PermissionDenied(PaizhuError):
    """The acting user's roles do not allow the operation."""

    exit_code = EXIT_AUTH


class AuthError(PaizhuError):
    """Wrong password, unknown user, or login delayed after failures."""

    exit_code = EXIT_AUTH


class LoginDelayed(AuthError):
    """Too many failed attempts: the next try must wait ``wait_seconds``."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(f"连续登录失败次数过多，请等待 {int(wait_seconds + 0.999)} 秒后再试。")


class AccountLocked(AuthError):
    """Too many failures in a row: only the security admin lifts the lock."""


class DatabaseMissing(PaizhuError):
    """The database file (or its key file) is not there."""

    exit_code = EXIT_BAD_INPUT


class IntegrityFailure(PaizhuError):
    """The database is damaged, not ours, or its audit chain is broken."""

    exit_code = EXIT_INTEGRITY
