"""Partner countries as the database stores them: ISO 3166 codes joined by commas ("BY,CN").

Apart from `countries` (names, suggestions, the index): reading an event's stored codes
needs none of that, and the window reads its first events before it shows.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without typing's import (on the window's start-up path)

if TYPE_CHECKING:
    from collections.abc import Iterable

HOME_COUNTRY = "RU"
CODE_RE = re.compile(r"^[A-Z]{2}$")


def codes_text(codes: Iterable[str]) -> str:
    """How stored codes are written in the database column: "BY,CN"."""
    return ",".join(codes)


def codes_of(text: str | None) -> tuple[str, ...]:
    """Codes from the database column; anything that is not a foreign ISO code is dropped."""
    return tuple(code for code in (text or "").split(",") if CODE_RE.match(code) and code != HOME_COUNTRY)
