"""What a three-way merge needs: which side changed a field since the two last agreed.

Every database keeps, per event (by uuid) and per field, short digests of the values
the field held before its current one (`field_history`, written by the store on
every change and carried along by copies and merges). Two versions of a field:

- equal: nothing to do;
- the other side's value is in our past: only we changed it since (ours stays);
- our value is in the other side's past: only they changed it (theirs is taken);
- neither: both changed it differently, a conflict the coordinator decides.

A value typed anew, even the same words again, is still found by its digest, so a
field changed back and forth never looks like a conflict with its own past. A
history longer than `PAST_LIMIT` forgets its oldest values: the merge then asks
rather than guesses, never the other way round.
"""

from __future__ import annotations

from collections.abc import Iterable

from smolevents.core.domain import Event

# The fields a merge compares: the report's five and where the event stands.
MERGE_FIELDS = ("name", "place", "dates", "purpose", "participants", "section", "quarter")
TEXT_FIELDS = ("name", "place", "purpose", "participants")  # the coordinator may edit these by hand
PAST_LIMIT = 64

Past = tuple[str, ...]  # digests, oldest first


def field_value(event: Event, section_title: str, name: str) -> str:
    """One field as the merge compares it (sections by title, ignoring case and spacing)."""
    if name == "section":
        return " ".join(section_title.split()).casefold()
    if name == "quarter":
        return f"{event.quarter.year}-{event.quarter.quarter}"
    if name == "dates":
        return "|".join(str(part or "") for part in event.dates.to_storage())
    return getattr(event, name)


def digest(value: str) -> str:
    import hashlib  # here, not at import: the store (and the window's start-up) need not load OpenSSL

    return hashlib.blake2b(value.encode("utf-8"), digest_size=8).hexdigest()


def parse_past(text: str) -> Past:
    return tuple(text.split())


def format_past(past: Iterable[str]) -> str:
    return " ".join(past)


def with_past(past: Past, *values: str, current: str | None = None) -> Past:
    """`past` plus the digests of `values`, without the current value's, newest last, capped."""
    combined = list(dict.fromkeys([*past, *(digest(value) for value in values)]))
    if current is not None:
        current_digest = digest(current)
        combined = [each for each in combined if each != current_digest]
    return tuple(combined[-PAST_LIMIT:])


def union(*pasts: Past) -> Past:
    return tuple(list(dict.fromkeys(each for past in pasts for each in past))[-PAST_LIMIT:])


def who_changed(ours: str, ours_past: Past, theirs: str, theirs_past: Past) -> str:
    """"same", "ours" (only we changed it), "theirs" (only they did) or "both"."""
    if ours == theirs:
        return "same"
    if digest(theirs) in ours_past:
        return "ours"
    if digest(ours) in theirs_past:
        return "theirs"
    return "both"


def content_fingerprint(event: Event, section_title: str) -> str:
    """One digest of everything a merge compares (to tell whether a source event changed)."""
    return digest("\x1f".join(field_value(event, section_title, name) for name in MERGE_FIELDS))
