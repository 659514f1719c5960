"""Window speed over a big database: smolevents' window against the obvious way.

Builds a database of 20 000 events in one quarter (the real report's 47 events,
multi-line text and all, repeated across the eight sections) in a temporary folder,
then measures, for smolevents' window and, in the same run, for the obvious
alternative (every event loaded into a QStandardItemModel shown through a
QSortFilterProxyModel, as most Qt tutorials do it):

- start-up: from spawning the process to the table painted with the quarter's rows
  (each approach in its own fresh process, median of --runs; the wall clock starts in
  the parent just before the spawn);
- search while typing: a Cyrillic word typed key by key into the search field, each
  key timed until the table holds the filtered rows and has been painted (the paint
  Qt does for the change, or one forced when none came), once the worker threads the
  window starts after its first paint are idle;
- scrolling: the table scrolled through --pages pages; events read from the database
  against rows shown;
- memory: resident size with the database open (after the window is shown) and the
  peak over the whole run.

    QT_QPA_PLATFORM=offscreen python benchmarks/window.py [--events 20000] [--runs 3]

Then, on a private X server (Xvfb), the time from spawning to a visible window
(polled every 2 ms, x_visible.py) for smolevents, DB Browser for SQLite on the same
file (`sqlitebrowser`, when installed) and an empty PySide6 window (the floor).
The table of all the issue's targets is `make bench` (benchmarks/targets.py); here:
start-up < 500 ms offscreen, a key in the search field < 100 ms, scrolling reads no
more rows than are shown, < 200 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import x_visible  # noqa: E402

TYPED = "витебск"  # typed in lower case; the events say «Витебской», «Витебск»
SCROLL_PAGES = 60
WINDOW_SIZE = (1280, 800)


# --- the database ------------------------------------------------------------------------------


def build_database(path: Path, count: int):
    """`count` events in the current quarter (the window opens on it), one transaction."""
    from smolevents.core.dates import EventDates
    from smolevents.core.domain import Event, Quarter
    from smolevents.core.store import Store
    from tests.real_report import load_real_report

    quarter = Quarter.current()
    real = load_real_report()
    with Store.open(path) as store:
        sections = [store.ensure_section(title).id for title, _ in real.sections]
        templates = [(index, event) for index, (_, events) in enumerate(real.sections) for event in events]
        drafts = []
        for number in range(count):
            section_index, fields = templates[number % len(templates)]
            drafts.append(Event(
                id=None, uuid="", quarter=quarter, section_id=sections[section_index], position=0,
                name=f"{fields['name']} ({number + 1})", place=fields["place"],
                dates=EventDates.parse(fields["dates"]), purpose=fields["purpose"],
                participants=fields["participants"],
            ))
        with store.transaction():
            store.insert_events(drafts)
        return quarter


# --- what each child process runs ----------------------------------------------------------------


def resident_mb() -> tuple[float, float]:
    """(current, peak) resident size of this process in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


class Smolevents:
    """The real window."""

    def __init__(self, db: Path):
        from smolevents.core.store import Store
        from smolevents.ui.app import create_application
        from smolevents.ui.main_window import MainWindow

        self.app = create_application()
        self.store = Store.open(db, create=False)
        self.window = MainWindow(self.store, db, paint_first=True)  # as the program starts it
        self.view = self.window.table_view
        self.field = self.window.search_field

    @property
    def model(self):
        return self.window.model

    def rows(self) -> int:
        return self.model.rowCount()

    def fetched(self) -> int:
        return self.model.fetched_count

    def filtered_for(self, text: str) -> bool:
        """The model holds the rows for `text` (the window may wait for a pause in typing)."""
        return self.model.search.strip() == text.strip()


class Naive:
    """Every event in a QStandardItemModel, filtered by a QSortFilterProxyModel."""

    def __init__(self, db: Path):
        from PySide6.QtCore import QSortFilterProxyModel, Qt
        from PySide6.QtGui import QStandardItem, QStandardItemModel
        from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QTableView, QVBoxLayout, QWidget

        from smolevents.core.columns import COLUMNS, EVENT_COLUMNS
        from smolevents.core.domain import Quarter
        from smolevents.core.store import Store

        self.app = QApplication.instance() or QApplication(sys.argv)
        self.store = Store.open(db, create=False)
        events = self.store.events(Quarter.current())
        self.source = QStandardItemModel(len(events), len(COLUMNS))
        self.source.setHorizontalHeaderLabels([column.short_label for column in COLUMNS])
        for row, event in enumerate(events):
            self.source.setItem(row, 0, QStandardItem(f"{row + 1}."))
            for column, spec in enumerate(EVENT_COLUMNS, start=1):
                value = event.value(spec.field)
                self.source.setItem(row, column, QStandardItem(value.format() if spec.kind == "dates" else value))
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(self.source)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.window = QMainWindow()
        body = QWidget()
        layout = QVBoxLayout(body)
        self.field = QLineEdit()
        self.field.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView()
        self.view.setWordWrap(True)
        self.view.setModel(self.proxy)
        layout.addWidget(self.field)
        layout.addWidget(self.view)
        self.window.setCentralWidget(body)
        self.model = self.proxy

    def rows(self) -> int:
        return self.proxy.rowCount()

    def fetched(self) -> int:
        return self.source.rowCount()  # everything was read up front

    def filtered_for(self, text: str) -> bool:
        from PySide6.QtCore import QRegularExpression

        return self.proxy.filterRegularExpression().pattern() == QRegularExpression.escape(text)


APPROACHES = {"smolevents": Smolevents, "naive": Naive}


def wait_for_first_paint(widget) -> float:
    """Run an event loop until `widget` has painted once (and the paint is finished); the
    time.time() of the end of that paint.

    A local loop, not app.exec()/quit(): since Qt 6 quit() closes the windows. The time is
    taken in the first call queued by the paint, not when the loop returns: the window's own
    work queued after its first paint (the rest of the rows, the counts) runs in the same
    pass of the loop and is no part of the first paint.
    """
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    loop = QEventLoop()
    painted = []

    def done() -> None:
        painted.append(time.time())
        loop.quit()

    class PaintWatch(QObject):
        def eventFilter(self, watched, event):
            if watched is widget and event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, done)
            return False

    watch = PaintWatch()
    widget.installEventFilter(watch)  # installed last, asked first: queued before the window's own
    QTimer.singleShot(10_000, loop.quit)  # never hang the benchmark
    loop.exec()
    return painted[0] if painted else time.time()


def child_startup(approach: str, db: Path, spawned: float) -> dict:
    started = time.time()
    subject = APPROACHES[approach](db)
    built = time.time()
    subject.window.resize(*WINDOW_SIZE)
    subject.window.show()
    painted = wait_for_first_paint(subject.view.viewport())
    current, peak = resident_mb()
    return {
        "startup": painted - spawned,
        "interpreter": started - spawned,
        "build": built - started,
        "show_paint": painted - built,
        "rows": subject.rows(),
        "fetched": subject.fetched(),
        "rss": current,
        "subject": subject,
    }


def settle(subject, rounds: int = 3) -> None:
    """Let queued work run (row sizing timers), then paint the table now.

    Qt paints on an update request that a timer delivers a few ms later; painting
    explicitly makes the paint part of every figure.
    """
    for _ in range(rounds):
        subject.app.processEvents()
    subject.view.viewport().repaint()
    subject.app.processEvents()


class PaintCounter:
    """Counts the paints of a widget (installed before a key, read after it)."""

    def __init__(self, widget):
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class Watch(QObject):
            def eventFilter(self, watched, event):
                if watched is widget and event.type() == QEvent.Type.Paint:
                    counter.count += 1
                return False

        self.count = 0
        self.widget = widget
        self._watch = Watch()
        widget.installEventFilter(self._watch)

    def remove(self) -> None:
        self.widget.removeEventFilter(self._watch)


def settle_painted(subject, paints: PaintCounter, rounds: int = 3) -> None:
    """Let queued work run (the update request the change posted, row sizing timers) with
    every paint it brings; paint the table explicitly only when Qt has not painted it
    since the key (painting twice would time a paint no one sees)."""
    for _ in range(rounds):
        subject.app.processEvents()
    if not paints.count:
        subject.view.viewport().repaint()
        subject.app.processEvents()


def other_threads_cpu() -> float:
    """CPU seconds used so far by this process's threads other than the calling one (Linux)."""
    import threading

    mine = str(threading.get_native_id())
    total = 0
    for task in os.listdir("/proc/self/task"):
        if task == mine:
            continue
        try:
            fields = Path(f"/proc/self/task/{task}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(subject, quiet_s: float = 0.3, limit_s: float = 15.0) -> float:
    """Wait until the work the window starts after its first paint in other threads (the
    quarter's counts, the spelling dictionary and the suggestions for the event shown,
    the country names) is done: no other thread used CPU for `quiet_s`. A person does not
    type within the first second; the keys should not be timed against start-up's tail.
    Returns the seconds waited."""
    started = time.perf_counter()
    if not Path("/proc/self/task").is_dir():  # not Linux: give the start-up a second
        while time.perf_counter() - started < 1.0:
            subject.app.processEvents()
        return time.perf_counter() - started
    used, since = other_threads_cpu(), time.perf_counter()
    while time.perf_counter() - started < limit_s:
        subject.app.processEvents()
        time.sleep(0.01)
        now = other_threads_cpu()
        if now != used:
            used, since = now, time.perf_counter()
        elif time.perf_counter() - since >= quiet_s:
            break
    return time.perf_counter() - started


def press(widget, character: str) -> None:
    """One key as a keyboard sends it (QTest.keyClick knows only Latin letters)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    key = ord(character.upper())  # Qt's key code for a letter is its upper-case code point
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, character))


def type_word(subject, word: str) -> list[dict]:
    """Type `word` key by key; each key until the model holds the filtered rows, painted."""
    subject.field.setFocus()
    keys = []
    for length in range(1, len(word) + 1):
        typed = word[:length]
        paints = PaintCounter(subject.view.viewport())
        start = time.perf_counter()
        cpu_start = time.process_time()  # this process's CPU: what the machine's load does not inflate
        thread_start = time.thread_time()  # the window's thread alone (the key's own work)
        press(subject.field, word[length - 1])
        deadline = start + 5
        while not subject.filtered_for(typed) and time.perf_counter() < deadline:
            subject.app.processEvents()
        updated = subject.filtered_for(typed)
        settle_painted(subject, paints)
        elapsed = time.perf_counter() - start
        keys.append({"text": typed, "ms": elapsed * 1000, "cpu_ms": (time.process_time() - cpu_start) * 1000,
                     "thread_ms": (time.thread_time() - thread_start) * 1000, "paints": paints.count,
                     "rows": subject.rows(), "updated": updated})
        paints.remove()
    subject.field.clear()
    while not subject.filtered_for(""):
        subject.app.processEvents()
    settle(subject)
    return keys


def scroll_pages(subject, pages: int) -> dict:
    view = subject.view
    bar = view.verticalScrollBar()
    bar.setValue(0)
    settle(subject)
    fetched_before = subject.fetched()
    shown: set[int] = set()
    start = time.perf_counter()
    for _ in range(pages):
        bar.setValue(bar.value() + bar.pageStep())
        settle(subject)
        first = max(view.rowAt(0), 0)
        last = view.rowAt(view.viewport().height() - 1)
        last = subject.rows() - 1 if last < 0 else last
        shown.update(range(first, last + 1))
    elapsed = time.perf_counter() - start
    return {
        "pages": pages,
        "shown": len(shown),
        "fetched": subject.fetched() - fetched_before,
        "total": subject.rows(),
        "ms_per_page": elapsed * 1000 / pages,
    }


def child_main(argv: list[str]) -> None:
    mode, approach, db, spawned = argv[0], argv[1], Path(argv[2]), float(argv[3])
    result = child_startup(approach, db, spawned)
    subject = result.pop("subject")
    if mode == "interact":
        # What follows the first paint (the rest of the rows, the counts, the spelling
        # dictionary and the country names read in worker threads) is done before a
        # person starts typing.
        counts = getattr(getattr(subject, "window", None), "quarter_counts", None)
        if counts is not None:
            counts.wait()
        result["quiet_wait"] = wait_for_quiet(subject)
        settle(subject)
        result["search"] = type_word(subject, TYPED)
        result["scroll"] = scroll_pages(subject, SCROLL_PAGES)
        result["rss_peak"] = resident_mb()[1]
    print(json.dumps(result), flush=True)
    os._exit(0)  # tearing 20 000 Qt items down is not part of any figure


# --- the parent: spawn, collect, print -------------------------------------------------------------


def spawn(mode: str, approach: str, db: Path, env: dict) -> dict:
    """One child process; Python's bytecode cache on, as the clerk's program has it (x_visible.py)."""
    env = x_visible.with_bytecode(env)
    spawned = time.time()
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, approach, str(db), repr(spawned)],
        env=env, capture_output=True, text=True, timeout=300,
    )
    if done.returncode != 0:
        raise SystemExit(f"{approach} ({mode}) failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ratio(slow: float, fast: float) -> str:
    return f"{slow / fast:.1f}x" if fast > 0 else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args.child)
        return

    with tempfile.TemporaryDirectory(prefix="smolevents-bench-") as folder:
        folder = Path(folder)
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Settings, log and recent files of the benchmark stay in the temporary folder.
        env["XDG_CONFIG_HOME"] = str(folder / "config")
        env["XDG_DATA_HOME"] = str(folder / "data")
        env["HOME"] = str(folder)
        db = folder / "events.sqlite"
        start = time.perf_counter()
        quarter = build_database(db, args.events)
        print(f"database: {args.events} events in {quarter.label}, built in "
              f"{time.perf_counter() - start:.1f} s, {db.stat().st_size / 1e6:.1f} MB")

        bare = []
        for _ in range(args.runs):
            spawned = time.time()
            subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
            bare.append(time.time() - spawned)

        startups: dict[str, list[dict]] = {name: [] for name in APPROACHES}
        for name in APPROACHES:
            spawn("startup", name, db, env)  # untimed: bytecode written, files in the disk cache
        for _ in range(args.runs):
            for name in APPROACHES:  # alternate, so load on the machine hits both alike
                startups[name].append(spawn("startup", name, db, env))
        interact = {name: spawn("interact", name, db, env) for name in APPROACHES}
        visible = x_visible.start_ups(db, env, args.runs) if x_visible.available() else None

    report(args, bare, startups, interact)
    report_visible(args, visible)


def report_visible(args, visible) -> None:
    """The window on a real X server against DB Browser for SQLite and an empty PySide6 window."""
    print()
    if visible is None:
        print("window visible on an X server: Xvfb is not installed here (apt-get install xvfb)")
        return
    ours = visible["smolevents"]
    print(f"window visible on an X server (Xvfb; spawn -> viewable, polled every "
          f"{x_visible.POLL_SECONDS * 1000:.0f} ms; best of {args.runs} each, run in turn):")
    for name, seconds in visible.items():
        if seconds is None:
            print(f"  {name:30}{'not installed (apt-get install sqlitebrowser)':>12}")
            continue
        print(f"  {name:30}{seconds * 1000:>10.0f}ms{ratio(ours, seconds) if name != 'smolevents' else '':>12}"
              + ("  (smolevents / this)" if name != "smolevents" else ""))


def verdict(ok: bool) -> str:
    return "target met" if ok else "TARGET MISSED"


def report(args, bare, startups, interact) -> None:
    def median(name, key):
        return statistics.median(run[key] for run in startups[name])

    ours, naive = "smolevents", "naive"
    print(f"python interpreter alone (spawn to exit): {statistics.median(bare) * 1000:.0f} ms")
    print()
    startup = median(ours, "startup") * 1000
    print(f"start-up to the table painted, median of {args.runs} fresh processes "
          f"(target < 500 ms; DB Browser for SQLite ~500 ms): {verdict(startup < 500)}")
    print(f"  {'':30}{'smolevents':>12}{'naive':>12}{'naive/ours':>12}")
    for key, label in (("startup", "spawn -> painted"), ("interpreter", "  interpreter start"),
                       ("build", "  imports, model, window"), ("show_paint", "  show, first paint")):
        a, b = median(ours, key) * 1000, median(naive, key) * 1000
        print(f"  {label:30}{a:>10.0f}ms{b:>10.0f}ms{ratio(b, a):>12}")
    print(f"  {'rows in the table':30}{startups[ours][0]['rows']:>12}{startups[naive][0]['rows']:>12}")
    print(f"  {'events read from the database':30}{startups[ours][0]['fetched']:>12}"
          f"{startups[naive][0]['fetched']:>12}")
    print()
    slowest = max(key["ms"] for key in interact[ours]["search"])
    print(f"search while typing «{TYPED}» key by key, each key until the filtered rows are painted "
          f"(target < 100 ms): {verdict(slowest < 100)}")
    print(f"  {'typed':12}{'smolevents':>12}{'rows':>8}{'naive':>12}{'rows':>8}{'naive/ours':>12}")
    for a, b in zip(interact[ours]["search"], interact[naive]["search"]):
        flag = "" if a["updated"] else "  (table not updated within 5 s)"
        print(f"  {a['text']:12}{a['ms']:>10.1f}ms{a['rows']:>8}{b['ms']:>10.1f}ms{b['rows']:>8}"
              f"{ratio(b['ms'], a['ms']):>12}{flag}")
    worst_b = max(key["ms"] for key in interact[naive]["search"])
    print(f"  {'slowest key':12}{slowest:>10.1f}ms{'':>8}{worst_b:>10.1f}ms{'':>8}{ratio(worst_b, slowest):>12}")
    print()
    a, b = interact[ours]["scroll"], interact[naive]["scroll"]
    print(f"scrolling {a['pages']} pages down (target: no more events read than rows shown): "
          f"{verdict(a['fetched'] <= a['shown'])}")
    print(f"  {'':30}{'smolevents':>12}{'naive':>12}")
    print(f"  {'rows shown while scrolling':30}{a['shown']:>12}{b['shown']:>12}")
    print(f"  {'events read while scrolling':30}{a['fetched']:>12}{b['fetched']:>12}")
    print(f"  {'events read before scrolling':30}{interact[ours]['fetched']:>12}{interact[naive]['fetched']:>12}")
    print(f"  {'rows in the table':30}{a['total']:>12}{b['total']:>12}")
    print(f"  {'time per page (with paint)':30}{a['ms_per_page']:>10.1f}ms{b['ms_per_page']:>10.1f}ms")
    print("  (smolevents rows are as tall as their text, so a page shows fewer of them)")
    print()
    ra, rb = interact[ours]["rss"], interact[naive]["rss"]
    pa, pb = interact[ours]["rss_peak"], interact[naive]["rss_peak"]
    print(f"memory, resident MB (target < 200 MB): {verdict(max(ra, pa) < 200)}")
    print(f"  {'':30}{'smolevents':>12}{'naive':>12}{'naive/ours':>12}")
    print(f"  {'window shown':30}{ra:>12.0f}{rb:>12.0f}{ratio(rb, ra):>12}")
    print(f"  {'peak (search, scroll)':30}{pa:>12.0f}{pb:>12.0f}{ratio(pb, pa):>12}")


if __name__ == "__main__":
    main()
