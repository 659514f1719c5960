"""`smolevents check | head`: the reader stops early; the program stops quietly (issue 17, item 8)."""

import subprocess
import sys

from smolevents.core.domain import Event
from smolevents.core.store import Store
from tests.real_report import QUARTER


def test_check_into_a_closed_pipe_ends_quietly(db_path):
    with Store.open(db_path) as store:
        section = store.sections()[0].id
        # Events with every field empty: several error lines each, far more than a pipe holds.
        store.insert_events([Event(id=None, uuid="", quarter=QUARTER, section_id=section, position=0)
                             for _ in range(1500)])
    process = subprocess.Popen([sys.executable, "-m", "smolevents", "check", "--db", str(db_path)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()  # what `head -1` reads, then it goes away
    process.stdout.close()
    stderr = process.stderr.read().decode("utf-8")
    process.wait(timeout=60)
    assert first
    assert stderr == ""  # not "Ошибка доступа к файлу: Broken pipe."
    assert process.returncode == 0


def test_a_broken_pipe_is_not_reported_as_a_file_error(capsys):
    from argparse import Namespace

    from smolevents.cli.main import run_command

    def handler(_args):
        raise BrokenPipeError(32, "Broken pipe")

    assert run_command(Namespace(handler=handler)) == 0
    assert capsys.readouterr().err == ""
