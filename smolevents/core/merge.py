"""Merge departments' files into the coordinator's database.

`plan_merge` reads each source from a vetted private copy and writes nothing; the
plan lists what would change and every point where the coordinator may choose.
`apply_merge` carries the plan out in one transaction.

Rules, for each event of a source in report order:

- uuid not in the target: added to its quarter and section (matched by title,
  case-insensitively; a missing section is added to the catalogue), after the
  target's own events, keeping uuid and timestamps;
- same uuid, same content: skipped;
- same uuid, other content: a conflict; the newer `updated_at` wins unless the
  coordinator picks the other version (equal times: ours stays). A later file is
  compared with what the target will hold by default after the earlier ones, and
  when several choices take "theirs" for one event, the last file's wins;
- a new event with the same quarter, section and dates as an event already in the
  target (or added from another source) and a near-identical name: a likely
  duplicate. By default both are kept, so nothing is lost; the coordinator may
  choose not to add the incoming one.

Closing paragraphs: a source's closing that differs from the target's is listed;
the target keeps its own unless the coordinator takes the other; an empty target
closing takes the source's by default. Merging the same file twice adds nothing.
"""

from __future__ import annotations

import datetime
import difflib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from smolevents.core.columns import COLUMN_BY_FIELD
from smolevents.core.domain import Event, Quarter
from smolevents.core.errors import ConflictError, UserError
from smolevents.core.identity import occasion_key
from smolevents.core.search import search_key
from smolevents.core.store import EDITABLE_FIELDS, Store
from smolevents.core.store.dictionary_words import merge_source_words
from smolevents.core.store.merge_writes import insert_merged, take_their_version, target_fingerprint
from smolevents.core.store.source_reader import read_source

# Choices a decision may take.
OURS = "ours"
THEIRS = "theirs"
KEEP_BOTH = "keep"
DROP_INCOMING = "drop"

DUPLICATE_RATIO = 0.9
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


@dataclass(frozen=True)
class Incoming:
    """An event as read from a source file, with its section named by title."""

    event: Event  # section_id is the source's own id: meaningless in the target
    section_title: str
    source: str  # the source file's name, for the coordinator


@dataclass(frozen=True)
class Conflict:
    """One event (one uuid) whose content differs between the target and a source.

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

    @property
    def default(self) -> str:
        return THEIRS if self.theirs.updated_at > self.ours.updated_at else OURS

    @property
    def changed_fields(self) -> list[str]:
        fields = [name for name in CONTENT_FIELDS if getattr(self.ours, name) != getattr(self.theirs, name)]
        if self.ours_section.casefold() != self.theirs_section.casefold():
            fields.append("section")
        if self.ours.quarter != self.theirs.quarter:
            fields.append("quarter")
        return fields

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


@dataclass
class SourcePlan:
    path: Path
    new: list[Incoming] = field(default_factory=list)
    skipped: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    duplicates: list[LikelyDuplicate] = field(default_factory=list)
    closing_differences: list[ClosingDifference] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def event_count(self) -> int:
        return len(self.new) + self.skipped + len(self.conflicts)

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
    def conflicts(self) -> list[Conflict]:
        return [conflict for source in self.sources for conflict in source.conflicts]

    @property
    def duplicates(self) -> list[LikelyDuplicate]:
        return [duplicate for source in self.sources for duplicate in source.duplicates]

    @property
    def closing_differences(self) -> list[ClosingDifference]:
        return [difference for source in self.sources for difference in source.closing_differences]

    def default_decisions(self) -> dict[str, str]:
        items = [*self.conflicts, *self.duplicates, *self.closing_differences]
        return {item.key: item.default for item in items}

    def is_empty(self) -> bool:
        """Nothing to add, change or choose."""
        return not (self.new or self.conflicts or self.closing_differences)

    def outcome(self, decisions: Mapping[str, str] | None = None) -> MergeResult:
        """What applying with these choices (defaults for the rest) would do."""
        return resolve(self, decisions).result()

    def summary(self, decisions: Mapping[str, str] | None = None) -> str:
        """`outcome` as one line in the future tense."""
        return self.outcome(decisions).summary(future=True)


@dataclass(frozen=True)
class MergeResult:
    added: int
    skipped: int
    updated: int
    duplicates: int
    duplicates_dropped: int
    closings_taken: int
    sections_added: tuple[str, ...] = ()

    def summary(self, future: bool = False) -> str:
        line = _summary_line(self.added, self.skipped, self.updated, self.duplicates,
                             self.closings_taken, future=future)
        if self.duplicates_dropped:
            line += f" ({'не будет добавлено' if future else 'не добавлено'} дублей: {self.duplicates_dropped})"
        if self.sections_added:
            line += f"; новые разделы: {', '.join(self.sections_added)}"
        return line


def _summary_line(added: int, skipped: int, updated: int, duplicates: int, closings: int,
                  future: bool) -> str:
    line = (f"{'будет ' if future else ''}добавлено {added}, пропущено {skipped}, обновлено {updated}, "
            f"возможных дублей {duplicates}")
    if closings:
        line += f", заключительных абзацев {'будет заменено' if future else 'заменено'}: {closings}"
    return line


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
    source_index: int  # -1: the target itself


def plan_merge(store: Store, source_paths: Iterable[str | Path]) -> MergePlan:
    """What merging the sources into `store` would do. Reads only; raises UserError
    for a source that is not a healthy smolevents file (nothing is planned then)."""
    paths = [Path(path) for path in source_paths]
    if not paths:
        raise UserError("Не выбран ни один файл для объединения. Выберите файлы отделов.")
    _refuse_the_target_itself(store, paths)
    titles = {section.id: section.title for section in store.sections()}
    known: dict[str, _Known] = {}
    buckets = _DuplicateFinder()
    for quarter in store.quarters():
        for event in store.events(quarter):
            title = titles[event.section_id]
            known[event.uuid] = _Known(event, title, TARGET_ORIGIN, False, -1)
            buckets.add(event, title, TARGET_ORIGIN, -1)
    closings = {quarter: (store.closing(quarter), TARGET_ORIGIN) for quarter in store.quarters()}

    sources = []
    for index, path in enumerate(paths):
        plan = SourcePlan(path)
        source_events, source_closings = read_source(path)
        incoming_events = [Incoming(event, title, path.name) for event, title in source_events]
        for incoming in incoming_events:
            _plan_event(plan, index, incoming, known, buckets)
        for quarter, theirs in source_closings:
            ours, ours_origin = closings.get(quarter, ("", TARGET_ORIGIN))
            if theirs.strip() and _squash(theirs) != _squash(ours):
                plan.closing_differences.append(ClosingDifference(
                    f"closing:{index}:{quarter.year}-{quarter.quarter}", quarter, ours, theirs,
                    plan.name, ours_origin))
                if not ours.strip():
                    # Later sources compare with what will be there by default.
                    closings[quarter] = (theirs, plan.name)
        sources.append(plan)
    return MergePlan(sources, target_fingerprint(store))


def _plan_event(plan: SourcePlan, index: int, incoming: Incoming,
                known: dict[str, _Known], buckets: _DuplicateFinder) -> None:
    event = incoming.event
    there = known.get(event.uuid)
    if there is None:
        duplicate = buckets.find(event, incoming.section_title, index)
        if duplicate is not None:
            existing, origin, ratio = duplicate
            plan.duplicates.append(LikelyDuplicate(f"duplicate:{event.uuid}", incoming, existing, origin, ratio))
        plan.new.append(incoming)
        known[event.uuid] = _Known(event, incoming.section_title, plan.name, True, index)
        buckets.add(event, incoming.section_title, plan.name, index)
    elif _same_content(there.event, there.section_title, event, incoming.section_title):
        plan.skipped += 1
    else:
        conflict = Conflict(
            key=f"conflict:{index}:{event.uuid}",
            ours=there.event, ours_section=there.section_title, ours_origin=there.origin,
            theirs=event, theirs_section=incoming.section_title, theirs_origin=plan.name,
            pending=there.pending,
        )
        plan.conflicts.append(conflict)
        if conflict.default == THEIRS:
            # A later file is compared with what the target will hold by default.
            known[event.uuid] = _Known(event, incoming.section_title, plan.name, there.pending, index)


def _same_content(ours: Event, ours_section: str, theirs: Event, theirs_section: str) -> bool:
    return (
        ours.quarter == theirs.quarter
        and ours_section.casefold() == theirs_section.casefold()
        and all(getattr(ours, name) == getattr(theirs, name) for name in CONTENT_FIELDS)
    )


def _squash(text: str) -> str:
    return " ".join(text.split())


class _DuplicateFinder:
    """Events grouped by quarter, section and dates; names compared only inside a group."""

    def __init__(self):
        self._groups: dict[tuple, list[tuple[str, Event, str, int]]] = {}

    @staticmethod
    def _group(event: Event, section_title: str) -> tuple:
        return (event.quarter, *occasion_key(search_key(section_title), event.dates))

    def add(self, event: Event, section_title: str, origin: str, source_index: int) -> None:
        name = search_key(event.name)
        if name:
            self._groups.setdefault(self._group(event, section_title), []).append(
                (name, event, origin, source_index))

    def find(self, event: Event, section_title: str, source_index: int) -> tuple[Event, str, float] | None:
        """The most similar event of another file in the same group, if near-identical."""
        name = search_key(event.name)
        candidates = self._groups.get(self._group(event, section_title))
        if not name or not candidates:
            return None
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(name)  # the expensive side, prepared once
        best = None
        for other_name, other, origin, other_index in candidates:
            if other_index == source_index:
                continue  # one file's own repeats are its clerk's business
            matcher.set_seq1(other_name)
            # The cheap upper bounds rule most names out before the real ratio.
            if matcher.real_quick_ratio() < DUPLICATE_RATIO or matcher.quick_ratio() < DUPLICATE_RATIO:
                continue
            ratio = matcher.ratio()
            if ratio >= DUPLICATE_RATIO and (best is None or ratio > best[2]):
                best = (other, origin, ratio)
        return best


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
    """The plan with every choice made: what goes in, what is replaced."""

    plan: MergePlan
    to_add: dict[str, Incoming]  # uuid → the version that goes in, in insertion order
    replacements: dict[str, Conflict]  # target uuid → the conflict whose "theirs" replaces it
    dropped: int
    closings: list[ClosingDifference]

    def result(self, sections_added: tuple[str, ...] = ()) -> MergeResult:
        incoming_total = sum(source.event_count for source in self.plan.sources)
        added, updated = len(self.to_add), len(self.replacements)
        return MergeResult(
            added=added,
            skipped=incoming_total - added - updated,
            updated=updated,
            duplicates=len(self.plan.duplicates),
            duplicates_dropped=self.dropped,
            closings_taken=len(self.closings),
            sections_added=sections_added,
        )


def resolve(plan: MergePlan, decisions: Mapping[str, str] | None = None) -> Resolution:
    """Apply the coordinator's choices (defaults for the rest) to the plan, on paper."""
    chosen = plan.default_decisions()
    for key, value in (decisions or {}).items():
        if key not in chosen:
            raise ValueError(f"no such merge decision: {key}")
        allowed = (KEEP_BOTH, DROP_INCOMING) if key.startswith("duplicate:") else (OURS, THEIRS)
        if value not in allowed:
            raise ValueError(f"decision {key} must be one of {allowed}, not {value!r}")
        chosen[key] = value
    to_add = {incoming.event.uuid: incoming for incoming in plan.new}
    dropped = 0
    for duplicate in plan.duplicates:
        if chosen[duplicate.key] == DROP_INCOMING:
            to_add.pop(duplicate.incoming.event.uuid, None)
            dropped += 1
    replacements: dict[str, Conflict] = {}
    for conflict in plan.conflicts:  # in file order: the last "theirs" for one event wins
        if chosen[conflict.key] != THEIRS:
            continue
        if not conflict.pending:
            replacements[conflict.ours.uuid] = conflict
        elif conflict.theirs.uuid in to_add:
            to_add[conflict.theirs.uuid] = Incoming(conflict.theirs, conflict.theirs_section,
                                                    conflict.theirs_origin)
    closings = [d for d in plan.closing_differences if chosen[d.key] == THEIRS]
    return Resolution(plan, to_add, replacements, dropped, closings)


def apply_merge(store: Store, plan: MergePlan, decisions: Mapping[str, str] | None = None) -> MergeResult:
    """Carry out `plan` in one transaction; `decisions` overrides the defaults by item key."""
    resolution = resolve(plan, decisions)
    with store.transaction():
        if target_fingerprint(store) != plan.target_fingerprint:
            raise ConflictError(
                "База изменилась после предпросмотра (правка в другом окне или другой копией "
                "программы). Откройте объединение заново."
            )
        sections_before = {section.title for section in store.sections()}
        for conflict in resolution.replacements.values():
            take_their_version(store, conflict.ours.uuid, conflict.theirs, conflict.theirs_section)
        insert_merged(store, [(incoming.event, incoming.section_title) for incoming in resolution.to_add.values()])
        for difference in resolution.closings:
            store.set_closing(difference.quarter, difference.theirs)
        merge_source_words(store, [source.path for source in plan.sources])  # spelling dictionary
        sections_added = tuple(section.title for section in store.sections()
                               if section.title not in sections_before)
    return resolution.result(sections_added)
