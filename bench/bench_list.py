"""The chronicle list at scale (issue: main window).

Builds (once, cached under bench/out/) a database with N chronicle entries,
then measures: opening the ledger page (query of ids + first screen of rows),
scrolling (random blocks fetched on demand), free-text filters (2-character
LIKE path and ≥3-character trigram path), and startup: launch → login window
and login → main window.

Targets: open < 0.5 s, filter < 0.3 s, startup < 1.5 s each.
Run: .venv/bin/python bench/bench_list.py [--entries 100000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).parent / "out"
PASSWORD = "Jizhun-2026!"


def build(path: Path, n: int) -> None:
    from paizhu_desktop.core.demo import fill_chronicle
    from paizhu_desktop.core.session import Administrators, UserSession

    t0 = time.perf_counter()
    s, _ = UserSession.create(path, "bench", PASSWORD,
                              admins=Administrators.sharing(PASSWORD), group_name="测试组")
    fill_chronicle(s, n, 2026, random.Random(7))
    s.close()
    print(f"built {n} entries in {time.perf_counter() - t0:.1f} s")


def median_time(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=100_000)
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"list-{args.entries}.db"
    if not path.exists():
        build(path, args.entries)

    # Startup in a fresh process: imports, QApplication, login dialog shown.
    code = ("import time; t=time.perf_counter();"
            "from PySide6.QtWidgets import QApplication; app=QApplication([]);"
            "from paizhu_desktop.gui.app import setup_application; setup_application(app);"
            "from paizhu_desktop.gui.login import LoginDialog;"
            f"d=LoginDialog(__import__('pathlib').Path({str(path)!r})); d.show(); "
            "app.processEvents();"
            "print(time.perf_counter()-t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=False, env={**os.environ}).stdout.strip() or "nan")
            for _ in range(3)]
    print(f"launch → login window: median {statistics.median(runs):.2f} s (target < 1.5 s)")

    from PySide6.QtWidgets import QApplication

    from paizhu_desktop.core.session import UserSession

    from paizhu_desktop.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    t0 = time.perf_counter()
    session = UserSession.open(path, "bench", PASSWORD)
    t_unlock = time.perf_counter() - t0
    window = MainWindow(session)
    window.show()
    app.processEvents()
    t_main = time.perf_counter() - t0
    print(f"login → main window with {args.entries} entries: {t_main:.2f} s "
          f"(of which unlock {t_unlock:.2f} s) (target < 1.5 s)")

    t1 = time.perf_counter()
    page = window.open_ledger("chronicle")
    app.processEvents()
    print(f"main window → chronicle page (first open): {time.perf_counter() - t1:.2f} s")
    assert page is not None
    model = page.model

    def reopen() -> None:
        model.refresh()
        for row in range(min(40, model.rowCount())):
            model.data(model.index(row, 0))
        app.processEvents()

    t_open = median_time(reopen)
    print(f"open list ({model.rowCount()} rows; ids + first screen): {t_open * 1000:.0f} ms "
          f"(target < 500 ms)")

    rng = random.Random(3)

    def scroll() -> None:
        row = rng.randrange(model.rowCount())
        page.table.scrollTo(model.index(row, 0))
        app.processEvents()

    t_scroll = median_time(scroll, 20)
    print(f"jump-scroll to a random row (block fetched on demand): {t_scroll * 1000:.0f} ms")

    for term in ("纪律", "专项检查", "财政局 警示教育"):
        def filt(term: str = term) -> None:
            page.filter_search.setText(term)
            page.apply_filters()
            app.processEvents()

        t_f = median_time(filt)
        print(f"filter “{term}” → {model.rowCount()} rows: {t_f * 1000:.0f} ms (target < 300 ms)")
    page.filter_search.clear()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
