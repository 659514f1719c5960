"""Merge departments' files into the coordinator's database, field by field.

`plan_merge` reads each source from a vetted private copy and writes nothing; the
plan lists what would change and every point where the coordinator may choose.
`apply_merge` carries the plan out in one transaction (a copy of the database is
kept beside it first).

Rules, for each event of a source in report order:

- uuid not in the target: added to its quarter and section (matched by title,
  case-insensitively; a missing section is added to the catalogue), after the
  target's own events, keeping uuid, timestamps and the fields' histories;
- same uuid: each field is compared three-way (`core/lineage.py`): a field changed
  only in the file is taken without asking, one changed only here stays, one
  changed on both sides differently is a conflict the coordinator decides (keep
  this base's version, take the file's, or write the text by hand). By default the
  side changed later wins, and the choice is shown. A later file is compared with
  what the target will hold after the earlier ones;
- a new event with the same quarter, section and dates as an event already in the
  target (or added from another source) and a near-identical name: a likely
  duplicate. By default both are kept, so nothing is lost; the coordinator may
  leave the incoming one out, and that is remembered in the database: the same
  event is not offered again unless its file changed it.

Closing paragraphs: a source's closing that differs from the target's is listed;
the target keeps its own unless the coordinator takes the other (remembered too);
an empty target closing takes the source's by default. The merged fields remember
both versions, so merging the same files again asks nothing and adds nothing.
"""

from __future__ import annotations

import datetime
import difflib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from operator import attrgetter
from pathlib import Path

from smolevents.core.bulk import collector_paused
from smolevents.core.columns import COLUMN_BY_FIELD
from smolevents.core.domain import Event, Quarter
from smolevents.core.errors import ConflictError, UserError
from smolevents.core.identity import occasion_key
from smolevents.core.lineage import (MERGE_FIELDS, TEXT_FIELDS, Past, content_fingerprint, digest, field_value,
                                     union, who_changed, with_past)
from smolevents.core.merge_result import ADDED, LEFT_OUT, UPDATED, MergedRow, MergeResult
from smolevents.core.search import search_key
from smolevents.core.store import EDITABLE_FIELDS, Store
from smolevents.core.store.dictionary_words import add_dictionary_words
from smolevents.core.store.merge_writes import (
    content_digest, insert_merged, keep_backup_beside, remember_merge, snapshot, take_their_version,
    target_decisions, target_fingerprint, target_histories,
)
from smolevents.core.store.source_reader import Readings, SourceFile, read_sources

# Choices a decision may take.
OURS = "ours"
THEIRS = "theirs"
KEEP_BOTH = "keep"
DROP_INCOMING = "drop"


@dataclass(frozen=True)
class Edited:
    """The coordinator's own text for a field both sides changed."""

    text: str


# Told how far a plan has got: (files read and planned, files in all). It may raise
# PlanStopped (the coordinator's «Остановить»): the plan stops, nothing is written.
PlanProgress = Callable[[int, int], None]


# Told how many of the new events a merge has written: (written, to write).
WriteProgress = Callable[[int, int], None]


class PlanStopped(UserError):
    """The coordinator stopped the reading of the files before the plan was made."""

    def __init__(self) -> None:
        super().__init__("Чтение файлов остановлено: база не изменена.")


DUPLICATE_RATIO = 0.9
DUPLICATE_SECONDS = 20.0  # fuzzy duplicate search per merge plan; identical names are always found
TARGET_ORIGIN = "эта база"  # how the dialog and the command line name the target
CONTENT_FIELDS = EDITABLE_FIELDS  # what an event says, as opposed to where it stands
FIELD_LABELS = {
    **{name: COLUMN_BY_FIELD[name].short_label for name in CONTENT_FIELDS},
    "section": "Раздел",
    "quarter": "Квартал",
}


def field_text(event: Event, section_title: str, name: str) -> str:
    """One field of an event as the coordinator reads it ("section" and "quarter" too)."""
    if name == "section":
        return section_title
    if name == "quarter":
        return event.quarter.label
    if name == "dates":
        return event.dates.format() or "—"
    return getattr(event, name).strip() or "—"


def version_caption(origin: str) -> str:
    """Whose version: «Версия этой базы» or «Версия из «c.sqlite»»."""
    return "Версия этой базы" if origin == TARGET_ORIGIN else f"Версия из «{origin}»"


def changed_in(origin: str) -> str:
    """Where a version was changed: «в этой базе» or «в «c.sqlite»»."""
    return "в этой базе" if origin == TARGET_ORIGIN else f"в «{origin}»"


def keep_caption(origin: str) -> str:
    return "Оставить версию этой базы" if origin == TARGET_ORIGIN else f"Оставить версию из «{origin}»"


def take_caption(origin: str) -> str:
    return f"Взять версию из «{origin}»"


@dataclass(frozen=True)
class Incoming:
    """An event as read from a source file, with its section named by title."""

    event: Event  # section_id is the source's own id: meaningless in the target
    section_title: str
    source: str  # the source file's name, for the coordinator


@dataclass(frozen=True)
class FieldConflict:
    """One field of one event changed on both sides differently: the coordinator decides."""

    key: str
    update: EventUpdate
    field: str

    @property
    def default(self) -> str:
        return self.update.newer

    @property
    def editable(self) -> bool:
        return self.field in TEXT_FIELDS

    def texts(self) -> tuple[str, str]:
        return self.update.texts(self.field)


@dataclass(frozen=True, eq=False)
class EventUpdate:
    """An event both the target (or an earlier file) and a source hold, with differing fields.

    `ours` is what the target holds — or, when `pending`, the version an earlier
    source is about to add.
    """

    key: str
    ours: Event
    ours_section: str
    ours_origin: str
    theirs: Event
    theirs_section: str
    theirs_origin: str
    pending: bool
    taken: tuple[str, ...]  # changed only in the file: taken without asking
    kept: tuple[str, ...]  # changed only on our side: ours stays
    conflict_fields: tuple[str, ...]  # changed on both sides differently
    ours_past: dict[str, Past]
    theirs_past: dict[str, Past]

    @property
    def newer(self) -> str:
        return THEIRS if self.theirs.updated_at > self.ours.updated_at else OURS

    @property
    def conflicts(self) -> list[FieldConflict]:
        return [FieldConflict(f"{self.key}:{name}", self, name) for name in self.conflict_fields]

    @property
    def changed_fields(self) -> list[str]:
        differing = {*self.taken, *self.kept, *self.conflict_fields}
        return [name for name in MERGE_FIELDS if name in differing]

    def texts(self, name: str) -> tuple[str, str]:
        """Our and their text of one field."""
        return (field_text(self.ours, self.ours_section, name),
                field_text(self.theirs, self.theirs_section, name))


@dataclass(frozen=True)
class LikelyDuplicate:
    """A new event that looks like one already there (two departments, one forum)."""

    key: str
    incoming: Incoming
    existing: Event
    existing_origin: str  # "эта база" or a source file's name
    existing_section: str
    ratio: float
    default: str = KEEP_BOTH


@dataclass(frozen=True)
class ClosingDifference:
    key: str
    quarter: Quarter
    ours: str
    theirs: str
    source: str
    ours_origin: str = TARGET_ORIGIN  # or the source whose closing an empty target takes

    @property
    def default(self) -> str:
        return THEIRS if not self.ours.strip() else OURS

    @property
    def subject(self) -> str:
        """How the decision is remembered: the quarter and the text decided on."""
        return f"closing:{self.quarter.year}-{self.quarter.quarter}:{digest(_squash(self.theirs))}"


@dataclass
class SourcePlan:
    path: Path
    new: list[Incoming] = field(default_factory=list)
    skipped: int = 0  # the same as the target's (or changed only on our side)
    updates: list[EventUpdate] = field(default_factory=list)
    duplicates: list[LikelyDuplicate] = field(default_factory=list)
    remembered: list[tuple[Incoming, Event]] = field(default_factory=list)  # duplicates left out before
    closing_differences: list[ClosingDifference] = field(default_factory=list)
    closings_remembered: int = 0
    new_pasts: dict[str, dict[str, Past]] = field(default_factory=dict)  # the new events' field histories
    words: list[str] = field(default_factory=list)  # the file's spelling dictionary words
    readings: Readings = field(default_factory=dict)  # the countries and abroad the file read from texts

    @cached_property  # asked for each of the file's events
    def name(self) -> str:
        return self.path.name

    @property
    def event_count(self) -> int:
        return len(self.new) + self.skipped + len(self.updates) + len(self.remembered)

    @property
    def conflicts(self) -> list[FieldConflict]:
        return [conflict for update in self.updates for conflict in update.conflicts]

    def new_by_place(self) -> list[tuple[Quarter, str, int]]:
        """(quarter, section title, count) of the new events, in report order."""
        counts: dict[tuple[Quarter, str], int] = {}
        for incoming in self.new:
            place = (incoming.event.quarter, incoming.section_title)
            counts[place] = counts.get(place, 0) + 1
        return [(quarter, title, count) for (quarter, title), count in counts.items()]


@dataclass
class MergePlan:
    sources: list[SourcePlan]
    target_fingerprint: tuple

    @property
    def new(self) -> list[Incoming]:
        return [incoming for source in self.sources for incoming in source.new]

    @property
    def skipped(self) -> int:
        return sum(source.skipped for source in self.sources)

    @property
    def updates(self) -> list[EventUpdate]:
        return [update for source in self.sources for update in source.updates]

    @property
    def conflicts(self) -> list[FieldConflict]:
        return [conflict for source in self.sources for conflict in source.conflicts]

    @property
    def duplicates(self) -> list[LikelyDuplicate]:
        return [duplicate for source in self.sources for duplicate in source.duplicates]

    @property
    def remembered(self) -> list[tuple[Incoming, Event]]:
        return [item for source in self.sources for item in source.remembered]

    @property
    def readings(self) -> Readings:
        """What the sources read from the texts they hold (the last file's when two differ)."""
        return {texts: reading for source in self.sources for texts, reading in source.readings.items()}

    @property
    def closing_differences(self) -> list[ClosingDifference]:
        return [difference for source in self.sources for difference in source.closing_differences]

    @property
    def event_count(self) -> int:
        return sum(source.event_count for source in self.sources)

    @property
    def new_pasts(self) -> dict[str, dict[str, Past]]:
        return {uuid: past for source in self.sources for uuid, past in source.new_pasts.items()}

    def default_decisions(self) -> dict[str, str]:
        items = [*self.conflicts, *self.duplicates, *self.closing_differences]
        return {item.key: item.default for item in items}

    def is_empty(self) -> bool:
        """Nothing to add, change or choose."""
        return not (self.new or self.updates or self.closing_differences)

    def outcome(self, decisions: Mapping[str, object] | None = None) -> MergeResult:
        """What applying with these choices (defaults for the rest) would do."""
        return resolve(self, decisions).result()

    def summary(self, decisions: Mapping[str, object] | None = None) -> str:
        """`outcome` as one line in the future tense."""
        return self.outcome(decisions).summary(future=True)


def format_moment(stamp: str) -> str:
    """An `updated_at` as the clerk reads it: "01.06.2023 13:05" in local time."""
    try:
        moment = datetime.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return str(stamp or "—")
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d.%m.%Y %H:%M")


# --- planning -----------------------------------------------------------------------------


@dataclass
class _Known:
    """What the target will hold for one uuid, as far as the plan has got."""

    event: Event
    section_title: str
    origin: str
    pending: bool
    past: dict[str, Past]


def plan_merge(store: Store, source_paths: Iterable[str | Path], progress: PlanProgress | None = None) -> MergePlan:
    """What merging the sources into `store` would do. Reads only; raises UserError
    naming every source that is not a healthy smolevents file (nothing is planned then).
    `progress` is told after each file (a merge of big files takes seconds)."""
    with collector_paused():
        return _plan_merge(store, source_paths, progress)


def _plan_merge(store: Store, source_paths: Iterable[str | Path], progress: PlanProgress | None) -> MergePlan:
    paths = [Path(path) for path in source_paths]
    if not paths:
        raise UserError("Не выбран ни один файл для объединения. Выберите файлы отделов.")
    _refuse_the_target_itself(store, paths)
    with closing(read_sources(paths)) as contents:  # left early (PlanStopped too): the copies go
        return _plan_sources(store, paths, contents, progress or _untold)


def _untold(_done: int, _total: int) -> None:
    pass


def _plan_sources(store: Store, paths: list[Path], readings: Iterable[SourceFile | UserError],
                  progress: PlanProgress) -> MergePlan:
    titles = {section.id: section.title for section in store.sections()}
    histories = target_histories(store)
    decisions = target_decisions(store)
    known: dict[str, _Known] = {}
    buckets = _DuplicateFinder()
    for quarter in store.quarters():
        for event in store.events(quarter):
            title = titles[event.section_id]
            known[event.uuid] = _Known(event, title, TARGET_ORIGIN, False, histories.get(event.uuid, {}))
            buckets.add(event, title, TARGET_ORIGIN, -1)
    closings = {quarter: (store.closing(quarter), TARGET_ORIGIN) for quarter in store.quarters()}

    sources, problems = [], []
    progress(0, len(paths))
    for index, (path, content) in enumerate(zip(paths, readings)):
        if isinstance(content, UserError):
            problems.append(content)
        if problems:  # nothing is planned then; the rest are still read, to name every bad file
            progress(index + 1, len(paths))
            continue
        plan = SourcePlan(path, words=content.words, readings=content.readings)
        for event, title in content.events:
            incoming = Incoming(event, title, plan.name)
            _plan_event(plan, index, incoming, content.histories.get(event.uuid, {}), known, buckets, decisions)
        for quarter, theirs in content.closings:
            ours, ours_origin = closings.get(quarter, ("", TARGET_ORIGIN))
            if not theirs.strip() or _squash(theirs) == _squash(ours):
                continue
            difference = ClosingDifference(f"closing:{index}:{quarter.year}-{quarter.quarter}", quarter, ours,
                                           theirs, plan.name, ours_origin)
            if ours.strip() and decisions.get(difference.subject, ("", ""))[1] == OURS:
                plan.closings_remembered += 1  # kept ours before: not asked again
                continue
            plan.closing_differences.append(difference)
            if not ours.strip():
                # Later sources compare with what will be there by default.
                closings[quarter] = (theirs, plan.name)
        sources.append(plan)
        progress(index + 1, len(paths))
    if len(problems) == 1:
        raise problems[0]
    if problems:  # every bad file named at once, not one per try
        raise UserError("\n".join(str(problem) for problem in problems))
    return MergePlan(sources, target_fingerprint(store))


def _plan_event(plan: SourcePlan, index: int, incoming: Incoming, theirs_past: dict[str, Past],
                known: dict[str, _Known], buckets: _DuplicateFinder,
                decisions: Mapping[str, tuple[str, str]]) -> None:
    event = incoming.event
    there = known.get(event.uuid)
    if there is None:
        duplicate = buckets.find(event, incoming.section_title, index)
        if duplicate is not None:
            existing, origin, ratio = duplicate
            remembered = decisions.get(f"duplicate:{event.uuid}")
            if remembered == (content_fingerprint(event, incoming.section_title), DROP_INCOMING):
                plan.remembered.append((incoming, existing))  # left out before, unchanged since
                return
            plan.duplicates.append(LikelyDuplicate(  # the finder holds only events `known` holds
                f"duplicate:{event.uuid}", incoming, existing, origin, known[existing.uuid].section_title, ratio))
        plan.new.append(incoming)
        if theirs_past:
            plan.new_pasts[event.uuid] = theirs_past
        known[event.uuid] = _Known(event, incoming.section_title, plan.name, True, theirs_past)
        buckets.add(event, incoming.section_title, plan.name, index)
        return
    if _same_content(there.event, there.section_title, event, incoming.section_title):
        plan.skipped += 1
        return
    taken, kept, conflicting = [], [], []
    for name in MERGE_FIELDS:
        ours_value = field_value(there.event, there.section_title, name)
        theirs_value = field_value(event, incoming.section_title, name)
        who = who_changed(ours_value, there.past.get(name, ()), theirs_value, theirs_past.get(name, ()))
        {"ours": kept, "theirs": taken, "both": conflicting}.get(who, []).append(name)
    if not taken and not conflicting:
        plan.skipped += 1  # only our side changed it since: ours stays, nothing to ask
        return
    update = EventUpdate(
        key=f"update:{index}:{event.uuid}",
        ours=there.event, ours_section=there.section_title, ours_origin=there.origin,
        theirs=event, theirs_section=incoming.section_title, theirs_origin=plan.name,
        pending=there.pending, taken=tuple(taken), kept=tuple(kept), conflict_fields=tuple(conflicting),
        ours_past=there.past, theirs_past=theirs_past,
    )
    plan.updates.append(update)
    # A later file is compared with what the target will hold by default.
    merged, title, past = merge_event(there.event, there.section_title, there.past, update,
                                      {c.field: c.default for c in update.conflicts})
    known[event.uuid] = _Known(merged, title, there.origin if not update.taken and update.newer == OURS
                               else plan.name, there.pending, past)


def merge_event(base: Event, base_section: str, base_past: dict[str, Past], update: EventUpdate,
                choices: Mapping[str, object]) -> tuple[Event, str, dict[str, Past]]:
    """`base` with the update's fields taken and the conflicts decided by `choices` (field → choice)."""
    values = {name: field_value(base, base_section, name) for name in MERGE_FIELDS}
    event, section = base, base_section
    past = dict(base_past)
    for name in update.changed_fields:
        choice = THEIRS if name in update.taken else choices.get(name, OURS)
        ours_value = values[name]
        theirs_value = field_value(update.theirs, update.theirs_section, name)
        if choice == THEIRS:
            event, section = _with_field(event, section, update, name)
            final = theirs_value
        elif isinstance(choice, Edited):
            event = event.with_changes(**{name: choice.text})
            final = choice.text
        else:
            final = ours_value
        past[name] = with_past(union(past.get(name, ()), update.theirs_past.get(name, ())),
                               ours_value, theirs_value, current=final)
    stamp = max(base.updated_at, update.theirs.updated_at)
    return event.with_changes(updated_at=stamp), section, past


def _with_field(event: Event, section: str, update: EventUpdate, name: str) -> tuple[Event, str]:
    if name == "section":
        return event, update.theirs_section
    if name == "quarter":
        return event.with_changes(quarter=update.theirs.quarter), section
    return event.with_changes(**{name: getattr(update.theirs, name)}), section


def _same_content(ours: Event, ours_section: str, theirs: Event, theirs_section: str) -> bool:
    return (
        ours.quarter == theirs.quarter
        and ours_section.casefold() == theirs_section.casefold()
        and all(getattr(ours, name) == getattr(theirs, name) for name in CONTENT_FIELDS)
    )


def _squash(text: str) -> str:
    return " ".join(text.split())


class _DuplicateFinder:
    """Events grouped by quarter, section and dates; names compared only inside a group.

    Inside a group an identical name is found through a dict; other names go through
    difflib only after its cheap upper bounds — the lengths' (`real_quick_ratio`), then
    the letters' counts (`quick_ratio`, from counts kept per name, so no matcher is set
    up for a name nothing comes near) — and only while the time budget lasts (two files
    of thousands of near-identical events would otherwise take a quarter of an hour).
    Past the budget only identical names are found: a duplicate missed is kept by
    default, so nothing is lost.
    """

    def __init__(self, seconds: float | None = None):
        # Kept per source: a file's own events are never its duplicates, and one file of
        # thousands of events on the same days is not walked again for each of them.
        self._groups: dict[tuple, dict[int, list[_Entry]]] = {}  # group → source → entries
        self._same_name: dict[tuple, dict[str, dict[int, _Entry]]] = {}  # group → name → source → first
        self._added = 0  # entries added so far: their order, for ties
        self._sections: dict[str, str] = {}  # title → folded: a few titles for thousands of events
        self._last: _Entry | None = None  # find() and then add() of one event fold its name once
        self._deadline = time.monotonic() + (DUPLICATE_SECONDS if seconds is None else seconds)
        self.budget_spent = False

    def _entry(self, event: Event, section_title: str, source_index: int) -> _Entry:
        last = self._last
        if last is not None and last.event is event and last.section_title == section_title \
                and last.source_index == source_index:
            return last
        section = self._sections.get(section_title)
        if section is None:
            section = self._sections[section_title] = search_key(section_title)
        quarter = event.quarter
        # The quarter as its numbers: a group is hashed at every look-up, and a Quarter's
        # hash is Python code (a dataclass's).
        group = (quarter.year, quarter.quarter, *occasion_key(section, event.dates))
        self._last = _Entry(search_key(event.name), group, event, section_title, source_index)
        return self._last

    def add(self, event: Event, section_title: str, origin: str, source_index: int) -> None:
        entry = self._entry(event, section_title, source_index)
        if entry.name:
            entry.origin, entry.order = origin, self._added
            self._added += 1
            self._groups.setdefault(entry.group, {}).setdefault(source_index, []).append(entry)
            self._same_name.setdefault(entry.group, {}).setdefault(entry.name, {}).setdefault(source_index, entry)

    def find(self, event: Event, section_title: str, source_index: int) -> tuple[Event, str, float] | None:
        """The most similar event of another file in the same group, if near-identical."""
        entry = self._entry(event, section_title, source_index)
        name = entry.name
        by_source = self._groups.get(entry.group)
        if not name or not by_source:
            return None
        by_name = self._same_name[entry.group].get(name)
        same_name = [other for source, other in by_name.items() if source != source_index] if by_name else None
        if same_name:  # nothing is more similar than the same name; the earliest of them
            other = min(same_name, key=attrgetter("order"))
            return (other.event, other.origin, 1.0)
        if time.monotonic() > self._deadline:
            self.budget_spent = True
            return None
        size = len(name)
        bounded = []
        for source, candidates in by_source.items():
            if source == source_index:
                continue  # one file's own repeats are its clerk's business
            for other in candidates:
                # difflib's own bounds, computed as it does (2·matches / total length), so the
                # candidates and their order are exactly those its matcher would give.
                total = size + len(other.name)
                if 2.0 * min(size, len(other.name)) / total < DUPLICATE_RATIO:
                    continue
                ours, theirs = entry.letters, other.letters
                # The letters both names hold, each as often as the one holding it less (C loops only).
                bound = 2.0 * sum(map(min, ours.values(), map(theirs.get, ours, repeat(0)))) / total
                if bound >= DUPLICATE_RATIO:
                    bounded.append((bound, other.order, other))
        if not bounded:
            return None
        # Highest bound first: once the best ratio found beats every bound left, no other
        # candidate can do better, so thousands of near-identical names cost a few ratios.
        bounded.sort(key=lambda item: (-item[0], item[1]))
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(name)  # the expensive side, prepared once
        best = None
        for bound, order, other in bounded:
            if best is not None and bound < best[2]:
                break
            matcher.set_seq1(other.name)
            ratio = matcher.ratio()
            # Equal ratios: the earlier candidate, as when they were compared in order.
            if ratio >= DUPLICATE_RATIO and (best is None or (ratio, -order) > (best[2], -best[3])):
                best = (other.event, other.origin, ratio, order)
        return best[:3] if best else None


class _Entry:
    """One event as the finder compares it: its folded name, its group, its letters' counts."""

    __slots__ = ("name", "group", "event", "section_title", "source_index", "origin", "order", "_letters")

    def __init__(self, name: str, group: tuple, event: Event, section_title: str, source_index: int):
        self.name, self.group, self.event = name, group, event
        self.section_title, self.source_index, self.origin, self.order = section_title, source_index, "", 0
        self._letters: Counter | None = None

    @property
    def letters(self) -> Counter:
        """Made when a comparison first needs them: most names are ruled out by length alone.

        Counted as bytes of cp1251 (Cyrillic, Latin, the typographer's dashes and quotes, one
        byte each): a byte is counted without the one-letter string Python makes for each
        character of a str (10 % of the finder's time). A character cp1251 lacks counts as
        "?", with any other such and with "?" itself: counts merged can only raise the
        letters' bound, so it stays a bound and the matches found are the same."""
        if self._letters is None:
            self._letters = Counter(self.name.encode("cp1251", "replace"))
        return self._letters


def _refuse_the_target_itself(store: Store, paths: list[Path]) -> None:
    if store.path is None:
        return
    for path in paths:
        try:
            same = path.exists() and os.path.samefile(path, store.path)
        except OSError:
            same = False
        if same:
            raise UserError(
                f"Файл «{path.name}» — это открытая сейчас база; объединять ее саму с собой нечего. "
                "Выберите файлы отделов."
            )


# --- applying -------------------------------------------------------------------------------


@dataclass
class Resolution:
    """The plan with every choice made: what goes in, what is replaced, what stays out."""

    plan: MergePlan
    to_add: dict[str, Incoming]  # uuid → the version that goes in, in insertion order
    replacements: dict[str, tuple[Event, str]]  # target uuid → the merged version and its section
    pasts: dict[str, dict[str, Past]]  # uuid → the fields' histories to keep
    updated: list[tuple[EventUpdate, tuple[str, ...]]]  # incoming versions that changed something
    left_out: list[tuple[Incoming, Event]]  # (incoming, the event it duplicates)
    closings: list[ClosingDifference]
    remember: dict[str, tuple[str, str]]  # decisions the database keeps for next time

    def result(self, sections_added: tuple[str, ...] = ()) -> MergeResult:
        rows = [MergedRow(ADDED, incoming.event.quarter, incoming.section_title, incoming.event.uuid,
                          incoming.event.name, incoming.source) for incoming in self.to_add.values()]
        for update, fields in self.updated:
            if update.pending:
                continue  # its event is among the added ones
            event, section = self.replacements[update.ours.uuid]
            rows.append(MergedRow(UPDATED, event.quarter, section, event.uuid, event.name,
                                  update.theirs_origin, fields))
        for incoming, existing in self.left_out:
            rows.append(MergedRow(LEFT_OUT, incoming.event.quarter, incoming.section_title, existing.uuid,
                                  incoming.event.name, incoming.source))
        added, updated, left_out = len(self.to_add), len(self.updated), len(self.left_out)
        return MergeResult(
            added=added, updated=updated,
            unchanged=self.plan.event_count - added - updated - left_out, left_out=left_out,
            duplicates=len(self.plan.duplicates), closings_taken=len(self.closings),
            sections_added=sections_added, rows=tuple(rows),
        )


def resolve(plan: MergePlan, decisions: Mapping[str, object] | None = None) -> Resolution:
    """Apply the coordinator's choices (defaults for the rest) to the plan, on paper."""
    chosen: dict[str, object] = dict(plan.default_decisions())
    editable = {conflict.key for conflict in plan.conflicts if conflict.editable}
    for key, value in (decisions or {}).items():
        if key not in chosen:
            raise ValueError(f"no such merge decision: {key}")
        allowed = (KEEP_BOTH, DROP_INCOMING) if key.startswith("duplicate:") else (OURS, THEIRS)
        if value not in allowed and not (isinstance(value, Edited) and key in editable):
            raise ValueError(f"decision {key} must be one of {allowed}, not {value!r}")
        chosen[key] = value
    to_add = {incoming.event.uuid: incoming for incoming in plan.new}
    pasts: dict[str, dict[str, Past]] = {}
    left_out = list(plan.remembered)
    remember: dict[str, tuple[str, str]] = {}
    for duplicate in plan.duplicates:
        if chosen[duplicate.key] == DROP_INCOMING:
            incoming = duplicate.incoming
            to_add.pop(incoming.event.uuid, None)
            left_out.append((incoming, duplicate.existing))
            remember[duplicate.key] = (content_fingerprint(incoming.event, incoming.section_title), DROP_INCOMING)
    # Each update in file order, on what the target holds by then.
    state: dict[str, tuple[Event, str, dict[str, Past]]] = {}
    replacements: dict[str, tuple[Event, str]] = {}
    updated = []
    for update in plan.updates:
        uuid = update.ours.uuid
        if update.pending and uuid not in to_add:
            continue  # the earlier file's event was left out: nothing to update
        base = state.get(uuid) or _base_of(update, to_add)
        choices = {conflict.field: chosen[conflict.key] for conflict in update.conflicts}
        event, section, past = merge_event(*base, update, choices)
        state[uuid] = (event, section, past)
        pasts[uuid] = past
        changed = tuple(name for name in MERGE_FIELDS
                        if field_value(event, section, name) != field_value(base[0], base[1], name))
        if not changed:
            continue
        updated.append((update, changed))
        if update.pending:
            to_add[uuid] = Incoming(event, section, to_add[uuid].source)
        else:
            replacements[uuid] = (event, section)
    new_pasts = plan.new_pasts
    for uuid in to_add:
        if uuid not in pasts and uuid in new_pasts:
            pasts[uuid] = new_pasts[uuid]
    closings = []
    for difference in plan.closing_differences:
        if chosen[difference.key] == THEIRS:
            closings.append(difference)
        elif difference.ours.strip():
            remember[difference.subject] = (digest(_squash(difference.theirs)), OURS)
    return Resolution(plan, to_add, replacements, pasts, updated, left_out, closings, remember)


def _base_of(update: EventUpdate, to_add: Mapping[str, Incoming]) -> tuple[Event, str, dict[str, Past]]:
    if update.pending:
        incoming = to_add[update.ours.uuid]
        return incoming.event, incoming.section_title, update.ours_past
    return update.ours, update.ours_section, update.ours_past




def apply_merge(store: Store, plan: MergePlan, decisions: Mapping[str, object] | None = None, *,
                keep_snapshot: bool = False, progress: WriteProgress | None = None) -> MergeResult:
    """Carry out `plan` in one transaction; `decisions` overrides the defaults by item key.

    A copy of the database as it was is kept beside it first (`<name>.до-объединения.sqlite`);
    with `keep_snapshot` the result also holds it in memory, for the window's undo.
    `progress` is told how many of the new events are written (a part at a time).
    """
    with collector_paused():
        return _apply_merge(store, plan, decisions, keep_snapshot=keep_snapshot, progress=progress or _untold)


def _apply_merge(store: Store, plan: MergePlan, decisions: Mapping[str, object] | None, *,
                 keep_snapshot: bool, progress: WriteProgress) -> MergeResult:
    resolution = resolve(plan, decisions)
    if target_fingerprint(store) != plan.target_fingerprint:
        raise _changed_since_preview()
    backup = keep_backup_beside(store) if not plan.is_empty() else None
    before = snapshot(store) if keep_snapshot else None
    progress(0, len(resolution.to_add))
    with store.transaction():
        if target_fingerprint(store) != plan.target_fingerprint:
            raise _changed_since_preview()
        sections_before = {section.title for section in store.sections()}
        for uuid, (event, section_title) in resolution.replacements.items():
            take_their_version(store, uuid, event, section_title)
        insert_merged(store, [(incoming.event, incoming.section_title) for incoming in resolution.to_add.values()],
                      plan.readings, progress)
        for difference in resolution.closings:
            store.set_closing(difference.quarter, difference.theirs)
        add_dictionary_words(store, [word for source in plan.sources for word in source.words])
        remember_merge(store, resolution.pasts, resolution.remember)
        sections_added = tuple(section.title for section in store.sections()
                               if section.title not in sections_before)
    result = resolution.result(sections_added)
    return MergeResult(**{**result.__dict__, "backup": backup, "snapshot": before,
                          "digest_after": content_digest(store) if keep_snapshot else ""})


def _changed_since_preview() -> ConflictError:
    return ConflictError(
        "База изменилась после предпросмотра (правка в другом окне или другой копией "
        "программы). Откройте объединение заново."
    )


def undo_merge(store: Store, result: MergeResult) -> None:
    """Put the database back as it was before the merge (the window's undo).

    Refused when the data changed since in a way this window's own undo has not
    taken back (another copy of the program): that work is never overwritten.
    """
    from smolevents.core.store.merge_writes import restore_snapshot
    if result.snapshot is None:
        raise ValueError("merge applied without a snapshot")
    if content_digest(store) != result.digest_after:
        raise ConflictError(
            "Отменить объединение нельзя: после него база изменена в другом окне или другой копией "
            f"программы. Копия базы до объединения: «{result.backup}»." if result.backup else
            "Отменить объединение нельзя: после него база изменена в другом окне или другой копией программы."
        )
    restore_snapshot(store, result.snapshot)
