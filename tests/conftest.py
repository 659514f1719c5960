"""Shared fixtures. Qt draws offscreen, set before anything imports Qt."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys  # noqa: E402

import pytest  # noqa: E402

from smolevents.core.store import Store  # noqa: E402
from tests.real_report import REPORT_DOCX, load_real_report, real_report_into  # noqa: E402,F401


def pytest_collection_modifyitems(config, items):
    """Tests marked `windows` need Windows itself; elsewhere they are skipped, saying why."""
    if sys.platform == "win32":
        return
    skip = pytest.mark.skip(reason="needs Windows (run by .github/workflows/windows-build.yml); "
                                   "its logic is tested on Linux by the unmarked tests beside it")
    for item in items:
        if "windows" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def store():
    """A fresh database in memory with the default catalogue."""
    with Store.in_memory() as fresh:
        yield fresh


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "events.sqlite"


@pytest.fixture(scope="session")
def real_report():
    """The 47 events of the real Q2 2023 report, read from the seed text."""
    return load_real_report()


@pytest.fixture
def real_store(store, real_report):
    """A database holding the real Q2 2023 report."""
    real_report_into(store, real_report)
    return store


@pytest.fixture(params=["copy in memory", "copy on disk"])
def either_copy(request, monkeypatch):
    """Runs a test of the vetting twice: a file sent is copied into memory when it is small
    (every file of the tests is), and to disk when it is larger than MEMORY_COPY_BYTES."""
    from smolevents.core.store import vetting
    if request.param == "copy on disk":
        monkeypatch.setattr(vetting, "MEMORY_COPY_BYTES", 0)
    return request.param
