"""The clerk's own word list: `user-dictionary.txt` in the data folder, one word a line.

It holds every word the clerk added ("Добавить в словарь"), whichever database was
open, so a word added once is known in every file; the database keeps its own copy,
which travels with the file to the coordinator.
"""

from __future__ import annotations

from pathlib import Path

from smolevents.core.paths import data_dir

USER_LIST_NAME = "user-dictionary.txt"


def user_list_path() -> Path:
    return data_dir() / USER_LIST_NAME


def read_user_words(path: Path | None = None) -> list[str]:
    path = path or user_list_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError):
        return []  # a damaged list must not stop the program; the words are also in the database
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def add_user_word(word: str, path: Path | None = None) -> None:
    """Append `word` (one line) unless the list has it already."""
    path = path or user_list_path()
    if word in read_user_words(path):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    needs_newline = path.is_file() and path.stat().st_size > 0 and not path.read_bytes().endswith(b"\n")
    with path.open("a", encoding="utf-8") as stream:
        stream.write(("\n" if needs_newline else "") + word + "\n")
