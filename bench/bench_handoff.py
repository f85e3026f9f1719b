"""Hand-off benchmark (issue 5, DOMAIN §7): a busy group's year.

A group database with 20,000 chronicle entries and 400 attachments of 500 KB
(200 MB of incompressible bytes) is exported to a ``.pzx`` file and imported
into a fresh county database. Export and import each run in their own
process, so that each one's peak resident memory (``ru_maxrss``) is its own;
``tracemalloc`` gives the peak of Python allocations besides. The hand-off
KDF runs with its real parameters.

Targets: export < 30 s, import < 30 s, peak memory < 200 MB each. Timed runs go
without tracemalloc (it slows allocation-heavy code several times); the Python
peak comes from separate traced runs.

Run: .venv/bin/python bench/bench_handoff.py [--entries N] [--attachments K] [--size BYTES]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PASSWORD = "Jizhun-2026!"
PHRASE = "7KQM-2XTB-9RFD-HW4C-M3NP-QZ8A"
YEAR = 2026


def _rss_mb() -> float:
    # Linux reports KiB, macOS bytes.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def setup(folder: Path, entries: int, n_att: int, size: int) -> dict[str, float]:
    from paizhu_desktop.core.demo import chronicle_items
    from paizhu_desktop.core.session import Administrators, UserSession

    s, _ = UserSession.create(folder / "组.db", "bench", PASSWORD,
                              admins=Administrators.sharing(PASSWORD),
                              group_name="示例县派驻第一组")
    svc = s.ledgers
    t0 = time.perf_counter()
    svc.add_many("chronicle", chronicle_items(entries, YEAR, random.Random(1)))
    t_entries = time.perf_counter() - t0
    ids = [e.id for e in svc.list("chronicle")]
    rng = random.Random(2)
    t0 = time.perf_counter()
    for i in range(n_att):
        # Random bytes: nothing compresses, as with scans and photos.
        svc.attach("chronicle", ids[rng.randrange(len(ids))], f"扫描件{i}.jpg",
                   rng.randbytes(size))
    t_att = time.perf_counter() - t0
    s.close()
    for name in ("县.db", "县2.db"):
        s, _ = UserSession.create(folder / name, "bench", PASSWORD,
                                  admins=Administrators.sharing(PASSWORD), mode="county")
        s.close()
    return {"setup_entries_s": t_entries, "setup_attachments_s": t_att}


def _trace(on: bool) -> None:
    # tracemalloc slows allocation-heavy code several times: timed runs go without it.
    if on:
        tracemalloc.start()


def _py_peak(on: bool) -> float:
    if not on:
        return 0.0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def run_export(folder: Path, traced: bool = False) -> dict[str, float]:
    from paizhu_desktop.core.handoff.container import KDF
    from paizhu_desktop.core.handoff.transfer import export
    from paizhu_desktop.core.session import UserSession

    s = UserSession.open(folder / "组.db", "bench", PASSWORD)
    _trace(traced)
    t0 = time.perf_counter()
    result = export(s, folder / ("traced.pzx" if traced else "2026.pzx"), PHRASE, year=YEAR,
                    kdf=KDF)
    elapsed = time.perf_counter() - t0
    peak = _py_peak(traced)
    s.close()
    if traced:
        return {"export_py_peak_mb": peak}
    return {"export_s": elapsed, "export_rss_mb": _rss_mb(),
            "file_mb": result.size / 1e6, "entries": sum(result.counts.values()),
            "attachments": result.attachments, "kdf": KDF.as_dict()}  # type: ignore[dict-item]


def run_import(folder: Path, traced: bool = False) -> dict[str, float]:
    from paizhu_desktop.core.handoff.transfer import import_file
    from paizhu_desktop.core.session import UserSession

    s = UserSession.open(folder / ("县2.db" if traced else "县.db"), "bench", PASSWORD)
    _trace(traced)
    t0 = time.perf_counter()
    plan = import_file(s, folder / "2026.pzx", PHRASE)
    elapsed = time.perf_counter() - t0
    peak = _py_peak(traced)
    if traced:
        s.close()
        return {"import_py_peak_mb": peak}
    t1 = time.perf_counter()
    again = import_file(s, folder / "2026.pzx", PHRASE)
    again_s = time.perf_counter() - t1
    s.close()
    new = sum(p.new for p in plan.ledgers.values())
    unchanged = sum(p.unchanged for p in again.ledgers.values())
    return {"import_s": elapsed, "import_rss_mb": _rss_mb(), "imported_new": new,
            "reimport_s": again_s, "reimport_unchanged": unchanged}


def _child(phase: str, folder: Path, args: argparse.Namespace) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--folder", str(folder),
         "--entries", str(args.entries), "--attachments", str(args.attachments),
         "--size", str(args.size)],
        check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=20_000)
    ap.add_argument("--attachments", type=int, default=400)
    ap.add_argument("--size", type=int, default=500_000)
    ap.add_argument("--phase", choices=["setup", "export", "import", "export-traced",
                                        "import-traced"])
    ap.add_argument("--folder")
    args = ap.parse_args()
    if args.phase:
        folder = Path(args.folder)
        fn = {"setup": lambda: setup(folder, args.entries, args.attachments, args.size),
              "export": lambda: run_export(folder), "import": lambda: run_import(folder),
              "export-traced": lambda: run_export(folder, traced=True),
              "import-traced": lambda: run_import(folder, traced=True)}
        print(json.dumps(fn[args.phase]()))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        figures: dict[str, float] = {}
        for phase in ("setup", "export", "import", "export-traced", "import-traced"):
            figures.update(_child(phase, folder, args))
    f = figures
    total_mb = args.attachments * args.size / 1e6
    print(f"hand-off of {args.entries} entries + {args.attachments} attachments × "
          f"{args.size // 1000} KB ({total_mb:.0f} MB); KDF {f['kdf']}")
    print(f"  setup: entries {f['setup_entries_s']:.1f} s, attachments "
          f"{f['setup_attachments_s']:.1f} s")
    print(f"  export: {f['export_s']:.1f} s, file {f['file_mb']:.0f} MB, peak RSS "
          f"{f['export_rss_mb']:.0f} MB, Python peak {f['export_py_peak_mb']:.0f} MB "
          "(targets < 30 s, < 200 MB)")
    print(f"  import into a fresh county database: {f['import_s']:.1f} s, peak RSS "
          f"{f['import_rss_mb']:.0f} MB, Python peak {f['import_py_peak_mb']:.0f} MB "
          f"({f['imported_new']} new) (targets < 30 s, < 200 MB)")
    print(f"  same file again: {f['reimport_s']:.1f} s, {f['reimport_unchanged']} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
