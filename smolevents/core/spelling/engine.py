"""The Hunspell engine under the spelling checker: pyenchant where its C library is
present (the Windows wheel carries it; on Linux it is the `libenchant-2-2` package),
else spylls, a pure-Python port of Hunspell. Both read the same ru_RU.dic/.aff.

Measured on this machine (benchmarks/spelling.py): pyenchant loads the Russian
dictionary in ~0.2 s and suggests in ~0.2 s; spylls takes ~2.3 s and ~1 s. So
pyenchant is used when it can be, and spylls keeps the feature working where the
library is missing (a developer's Linux or macOS without it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from smolevents.resources import resource_path

LANGUAGE = "ru_RU"
ENGINE_VARIABLE = "SMOLEVENTS_SPELLING_ENGINE"  # "spylls" or "pyenchant": to compare or test one
HUNSPELL_DIR = "spelling/hunspell"  # under resources/: ru_RU.dic, ru_RU.aff and their licence


class Engine(Protocol):
    name: str
    releases_gil: bool  # its calls let other threads run (a C library)

    def check(self, word: str) -> bool: ...

    def suggest(self, word: str) -> list[str]: ...


def dictionary_dir() -> Path:
    return resource_path(HUNSPELL_DIR)


class _Enchant:
    name = "pyenchant"
    releases_gil = True

    def __init__(self, folder: Path):
        # Enchant's Hunspell provider looks for dictionaries in <config dir>/hunspell;
        # pointing the config dir at ours makes it read the shipped files, not the system's.
        os.environ["ENCHANT_CONFIG_DIR"] = str(folder.parent)
        import enchant

        broker = enchant.Broker()
        broker.set_ordering(LANGUAGE, "hunspell")
        self._dictionary = broker.request_dict(LANGUAGE)
        provider = self._dictionary.provider.name
        if provider != "hunspell":
            raise ImportError(f"enchant chose {provider} for {LANGUAGE}")
        self._broker = broker

    def check(self, word: str) -> bool:
        return self._dictionary.check(word)

    def suggest(self, word: str) -> list[str]:
        return self._dictionary.suggest(word)


class _Spylls:
    name = "spylls"
    releases_gil = False

    def __init__(self, folder: Path):
        from spylls.hunspell import Dictionary

        self._dictionary = Dictionary.from_files(str(folder / LANGUAGE))

    def check(self, word: str) -> bool:
        return self._dictionary.lookup(word)

    def suggest(self, word: str) -> list[str]:
        return list(self._dictionary.suggest(word))


ENGINES = {"pyenchant": _Enchant, "spylls": _Spylls}


def load_engine(folder: Path | None = None, prefer: str | None = None) -> Engine:
    """The Russian dictionary in `folder` (resources/spelling/hunspell by default).

    `prefer` names one engine (tests and benchmarks); otherwise pyenchant when its
    library loads, else spylls. Raises FileNotFoundError when the files are missing.
    """
    folder = folder or dictionary_dir()
    prefer = prefer or os.environ.get(ENGINE_VARIABLE) or None
    if not (folder / f"{LANGUAGE}.dic").is_file() or not (folder / f"{LANGUAGE}.aff").is_file():
        raise FileNotFoundError(f"нет словаря {folder / LANGUAGE}.dic/.aff")
    if prefer:
        return ENGINES[prefer](folder)
    try:
        return _Enchant(folder)
    except (ImportError, OSError, AttributeError):
        # ImportError: pyenchant or its C library missing; enchant raises it for both.
        return _Spylls(folder)
