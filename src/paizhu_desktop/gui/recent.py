"""The databases opened lately: a small settings file in the user's config folder
holding paths only (nothing about what is inside them)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from paizhu_desktop.core.files import private_dir, write_private

RECENT_FILE = "recent.json"
KEEP = 8


def config_dir() -> Path:
    """The user's config folder for this program (platform-appropriate)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("paizhu-desktop", appauthor=False))


def default_database_dir() -> Path:
    """Where a new database is proposed (the user's data folder)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("paizhu-desktop", appauthor=False))


class RecentDatabases:
    """Paths of real databases, newest first (the demo is never listed)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or config_dir()) / RECENT_FILE

    def paths(self) -> list[Path]:
        """The remembered paths, newest first (a broken file means none)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        items = data.get("recent", []) if isinstance(data, dict) else []
        return [Path(p) for p in items if isinstance(p, str) and p]

    def existing(self) -> list[Path]:
        """The remembered databases that are still there."""
        return [p for p in self.paths() if p.is_file()]

    def most_recent(self) -> Path | None:
        found = self.existing()
        return found[0] if found else None

    def add(self, path: Path) -> None:
        """Put ``path`` first (kept at most :data:`KEEP`)."""
        path = Path(path).resolve()
        items = [path] + [p for p in self.paths() if p != path]
        self._save(items[:KEEP])

    def forget(self, path: Path) -> None:
        self._save([p for p in self.paths() if p != Path(path).resolve()])

    def _save(self, items: list[Path]) -> None:
        text = json.dumps({"recent": [str(p) for p in items]}, ensure_ascii=False, indent=1)
        with contextlib.suppress(OSError):  # remembering is a convenience, never a failure
            private_dir(self.path.parent)
            write_private(self.path, text.encode("utf-8"))
