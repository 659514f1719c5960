import datetime

import pytest

from smolevents.core.errors import UserError
from smolevents.core.store.set_aside import set_aside

NOW = datetime.datetime(2026, 11, 29, 20, 40)


def test_a_refused_file_and_its_journal_are_kept_under_a_new_name(tmp_path):
    damaged = tmp_path / "events.sqlite"
    damaged.write_bytes(b"not a database")
    (tmp_path / "events.sqlite-journal").write_bytes(b"journal")
    kept = set_aside(damaged, NOW)
    assert kept.name == "events (не открылась 2026-11-29 20-40).sqlite"
    assert kept.read_bytes() == b"not a database" and not damaged.exists()
    assert (tmp_path / f"{kept.name}-journal").read_bytes() == b"journal"
    damaged.write_bytes(b"again")
    assert set_aside(damaged, NOW).name == "events (не открылась 2026-11-29 20-40, 2).sqlite"


def test_a_folder_is_not_moved(tmp_path):
    with pytest.raises(UserError, match="отложить нечего"):
        set_aside(tmp_path, NOW)
