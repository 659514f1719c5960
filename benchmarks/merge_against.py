"""The merge of this tree against an older checkout's, the same work in the same minutes.

Issue 17 asks that the merge of 20 files x 500 events "stays under its current time":
the time of the code when the issue was filed. Seconds measured on different days
do not compare on a shared machine, so both run here, alternately:

    git worktree add --detach /tmp/smolevents-older 5546549    # the code when issue 17 was filed
    python benchmarks/merge_against.py /tmp/smolevents-older [--runs 5]

Each tree builds its own department files with its own `benchmarks/merge.py` (the same
generator and seed, so the same events; each in its own schema, as each program's
clerks would send them) and merges them into an empty database in a process of its
own (`plan_merge` + `apply_merge`, timed in-process: wall and CPU), alternating
older, this, older, this… The best of --runs of each is printed with the ratio.

With --instructions (valgrind installed) each tree's merge is also counted in machine
instructions, which the load of other programs does not change: callgrind runs the merge
script once whole and once stopping before the plan, and the difference is the merge's.

    python benchmarks/merge_against.py /tmp/smolevents-older --instructions
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
SEED_TEXT = HERE / "tests" / "fixtures" / "report-2023-q2.txt"

# Run inside each tree (its own modules first on the path). The Store moved between
# versions: smolevents.core.storage before the store package.
_BUILD = """
import sys
from pathlib import Path
sys.path.insert(0, str(Path.cwd() / "benchmarks"))
import merge
merge.SEED_TEXT = Path(sys.argv[2])
merge.build_files(Path(sys.argv[1]), int(sys.argv[3]), int(sys.argv[4]), merge.vocabulary())
"""
_MERGE = """
import sys, time
from pathlib import Path
from smolevents.core.merge import apply_merge, plan_merge
try:
    from smolevents.core.store import Store
except ImportError:
    from smolevents.core.storage import Store
target, paths = Path(sys.argv[1]), sorted(Path(sys.argv[2]).glob("*.sqlite"))
target.unlink(missing_ok=True)
with Store.open(target) as store:
    if len(sys.argv) > 3:  # the process up to the merge, for the instruction count
        sys.exit(0)
    wall, cpu = time.perf_counter(), time.process_time()
    plan = plan_merge(store, paths)
    planned = time.perf_counter()
    result = apply_merge(store, plan)
    print(time.perf_counter() - wall, time.process_time() - cpu, planned - wall, store.count_events())
"""


def build(tree: Path, folder: Path, files: int, events: int) -> None:
    folder.mkdir()
    subprocess.run([sys.executable, "-c", _BUILD, str(folder), str(SEED_TEXT), str(files), str(events)],
                   cwd=tree, env=dict(os.environ, PYTHONPATH=str(tree)), check=True)


def merge_once(tree: Path, files: Path, target: Path) -> tuple[float, float, float, int]:
    output = subprocess.run([sys.executable, "-c", _MERGE, str(target), str(files)], cwd=tree,
                            env=dict(os.environ, PYTHONPATH=str(tree)), check=True,
                            capture_output=True, text=True).stdout.split()
    wall, cpu, plan, count = output[-4:]
    return float(wall), float(cpu), float(plan), int(count)


def instructions(tree: Path, files: Path, target: Path) -> int:
    """Machine instructions of one merge in `tree` (callgrind: the whole run less a run
    that stops where the merge would begin)."""
    counts = []
    for extra in (["setup only"], []):
        with tempfile.TemporaryDirectory(prefix="smolevents-callgrind-") as folder:
            out = Path(folder) / "callgrind.out"
            subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
                            "-c", _MERGE, str(target), str(files), *extra], cwd=tree,
                           env=dict(os.environ, PYTHONPATH=str(tree)), check=True, capture_output=True)
            summary = next(line for line in out.read_text().splitlines() if line.startswith("summary:"))
            counts.append(int(summary.split()[1]))
    return counts[1] - counts[0]


def compare(trees: dict[str, Path], folder: Path, runs: int, files: int = 20,
            events: int = 500) -> dict[str, tuple[float, float, float, int]]:
    """Each tree's best (wall, CPU, plan, events in the database) over `runs`, alternating."""
    for name, tree in trees.items():
        build(tree, folder / name, files, events)
    best: dict[str, tuple[float, float, float, int]] = {}
    for _ in range(runs):
        for name, tree in trees.items():
            wall, cpu, plan, count = merge_once(tree, folder / name, folder / f"{name}-target.sqlite")
            old = best.get(name)
            best[name] = (min(wall, old[0]), min(cpu, old[1]), min(plan, old[2]), count) if old else \
                (wall, cpu, plan, count)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("older", type=Path, help="a checkout of the older commit")
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--instructions", action="store_true",
                        help="also count each merge's instructions with callgrind (a few minutes)")
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind (Debian package valgrind)")
    trees = {"older": args.older.resolve(), "this": HERE}
    print(f"load average at the start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory(prefix="smolevents-against-") as folder:
        best = compare(trees, Path(folder), args.runs, args.files, args.events)
        counted = {name: instructions(tree, Path(folder) / name, Path(folder) / f"{name}-counted.sqlite")
                   for name, tree in trees.items()} if args.instructions else {}
    print(f"merge of {args.files} files x {args.events} events into an empty database, "
          f"in-process, best of {args.runs} each, alternating")
    for name, (wall, cpu, plan, count) in best.items():
        print(f"  {name:5s} ({trees[name]}): {wall:.3f} s wall (plan {plan:.3f} s, apply {wall - plan:.3f} s), "
              f"{cpu:.3f} s CPU; {count} events in the database")
    ratio_wall = best["this"][0] / best["older"][0]
    ratio_cpu = best["this"][1] / best["older"][1]
    verdict = "under the older code's time" if ratio_wall < 1 else "NOT under the older code's time"
    print(f"  this/older: {ratio_wall:.2f}x wall, {ratio_cpu:.2f}x CPU: {verdict}")
    if counted:
        print(f"  instructions of one merge (callgrind): older {counted['older'] / 1e6:,.0f} M, "
              f"this {counted['this'] / 1e6:,.0f} M, this/older {counted['this'] / counted['older']:.2f}x")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
