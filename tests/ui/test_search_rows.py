"""The rows a search shows, picked out as they are reached, equal the rows filtered at once."""

import random

import pytest

from smolevents.ui import search_rows
from smolevents.ui.search_rows import SearchRows


def _quarter(count: int, sections: list[int], seed: int):
    """The quarter's rows in report order: ids shuffled (as after moves and inserts), sections in runs."""
    shuffle = random.Random(seed)
    ids = list(range(1, 3 * count, 3))
    shuffle.shuffle(ids)
    cuts = sorted(shuffle.sample(range(1, count), len(sections) - 1))
    rows, start = [], 0
    for section_id, end in zip(sections, [*cuts, count]):
        rows.extend((event_id, section_id, number + 1) for number, event_id in enumerate(ids[start:end], start))
        start = end
    runs = {}
    for index, (_, section_id, _) in enumerate(rows):
        runs[section_id] = (runs.get(section_id, (index,))[0], index + 1)
    return rows, runs


def _filtered_at_once(rows, catalogue, found: set[int]):
    shown = []
    for section_id in catalogue:
        mine = [row for row in rows if row[1] == section_id and row[0] in found]
        if mine:
            shown.extend([(None, section_id, 0), *mine])
    return shown


@pytest.mark.parametrize("share", [0.98, 0.3, 0.01, 0.0])
def test_rows_picked_out_as_reached_are_the_rows_filtered_at_once(monkeypatch, share):
    monkeypatch.setattr(search_rows, "_SET_AFTER", 50)  # both ways of testing membership are used
    catalogue = [7, 3, 9, 4]  # 4 has no events this quarter
    rows, runs = _quarter(3000, [7, 3, 9], seed=int(share * 100))
    pick = random.Random(1)
    found = {row[0] for row in rows if pick.random() < share} | {2, 5, 10_000}  # and ids of other quarters
    expected = _filtered_at_once(rows, catalogue, found)
    section_of = {event_id: section_id for event_id, section_id, _ in rows}

    shown = SearchRows(rows, runs, catalogue, section_of.get, sorted(found))
    assert len(shown) == len(expected)
    assert shown.section_rows() == [index for index, row in enumerate(expected) if row[0] is None]
    assert shown.event_count == len(expected) - len(shown.section_rows())
    order = list(range(len(expected)))
    pick.shuffle(order)  # reached in any order: the view jumps, a lookup goes far down
    assert [shown[index] for index in order] == [expected[index] for index in order]

    fresh = SearchRows(rows, runs, catalogue, section_of.get, sorted(found))
    for event_id, _section_id, number in pick.sample(rows, 200):
        row = fresh.row_of(event_id, number)
        assert row == (expected.index((event_id, _section_id, number)) if event_id in found else None)
    with pytest.raises(IndexError):
        shown[len(expected)]
