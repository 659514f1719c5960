"""argparse with its help and its complaints in Russian, for the main parser and each command."""

from __future__ import annotations

import argparse
import re
import sys


# argparse's own English messages, as the clerk reads them (unknown ones pass as they are).
_ARGPARSE_MESSAGES = (
    (r"unrecognized arguments: (.*)", r"лишние аргументы: \1"),
    (r"the following arguments are required: (.*)", r"не указано обязательное: \1"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.*)\)", r"\1: нет такого значения \2 (можно: \3)"),
    (r"argument (.+?): invalid int value: (.*)", r"\1: нужно целое число, а не \2"),
    (r"argument (.+?): invalid .* value: (.*)", r"\1: недопустимое значение \2"),
    (r"argument (.+?): expected one argument", r"после \1 укажите значение"),
    (r"argument (.+?): expected at least one argument", r"после \1 укажите хотя бы одно значение"),
    (r"ambiguous option: (.+?) could match (.*)", r"неоднозначный параметр \1 (подходят: \2)"),
)


def russian_argparse_message(message: str) -> str:
    for english, russian in _ARGPARSE_MESSAGES:
        if re.fullmatch(english, message):
            return re.sub(english, russian, message)
    return message


class RussianHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Использование: " if prefix is None else prefix)


class RussianArgumentParser(argparse.ArgumentParser):
    """argparse with its help and its complaints in Russian, for the main parser and each command."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", RussianHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "аргументы"
        self._optionals.title = "параметры"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="показать эту справку и выйти")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"Ошибка в команде: {russian_argparse_message(message)}\nСправка: smolevents --help\n")
