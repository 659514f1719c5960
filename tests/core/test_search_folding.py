"""The index's `ascii` tokenizer, handed `index_form` texts, makes exactly the words SQLite's
`unicode61 remove_diacritics 2` made of the texts themselves (schema 2-7), so a search finds
what it found before."""

import random
import sqlite3
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

from smolevents.core import search_folding_data
from smolevents.core.search import search_key, search_text_of
from smolevents.core.search_folding import index_form
from smolevents.core.store import search_index

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from make_search_folding import unicode61_treatment  # noqa: E402

# Every code point of the Basic Multilingual Plane (all scripts in use), and every 61st beyond.
_POINTS = [point for point in range(0x10000) if not 0xD800 <= point <= 0xDFFF] + list(range(0x10000, 0x110000, 61))


def _words(tokenizer: str, texts: list[str]) -> list[tuple[str, int, int]]:
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize = '{tokenizer}')")
    conn.execute("CREATE VIRTUAL TABLE w USING fts5vocab(t, 'instance')")
    conn.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", list(enumerate(texts, 1)))
    return conn.execute("SELECT term, doc, offset FROM w ORDER BY doc, offset").fetchall()


def _same_words(texts: list[str]) -> None:
    before = _words("unicode61 remove_diacritics 2", texts)
    now = _words("ascii", [index_form(text) for text in texts])
    assert now == before


def test_the_tables_are_what_sqlites_unicode61_does():
    points = [point for point in _POINTS if point >= 0x80]
    separators, folds = unicode61_treatment(points)
    chosen = set(points)
    expected = {point for start, end in search_folding_data.SEPARATOR_RANGES for point in range(start, end + 1)}
    assert {point for start, end in separators for point in range(start, end + 1)} == expected & chosen
    assert folds == {point: folded for point, folded in search_folding_data.FOLDS.items() if point in chosen}


def test_every_character_between_letters_makes_the_same_words():
    _same_words([f"a{chr(point)}b" for point in _POINTS]
                + [f"ж{chr(point)}ё {chr(point)}" for point in _POINTS[::11]]
                + [chr(point) for point in _POINTS[::13]])


def _texts_of(store):
    from tests.real_report import QUARTER

    return [event for event in store.events(QUARTER)], [
        "\n".join((event.name, event.place, event.dates.format(), event.purpose, event.participants))
        .casefold().replace("ё", "е") for event in store.events(QUARTER)]


def test_the_real_reports_texts_make_the_same_words(real_store):
    events, texts = _texts_of(real_store)
    assert len(texts) == 47
    _same_words(texts)
    assert [search_text_of(event) for event in events] == [index_form(text) for text in texts]


_MIXED = st.text(st.one_of(st.sampled_from(list("абвгдежзийклмнопрстуфхцчшщъыьэюяё АБВ«»—–-.,№\u00a0\u0301éÉßçǅ")),
                           st.characters(blacklist_categories=("Cs",))), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MIXED, min_size=1, max_size=20))
def test_any_text_makes_the_same_words(texts):
    _same_words(texts)


def test_a_search_finds_what_unicode61_found(real_store):
    before = sqlite3.connect(":memory:")
    before.execute("CREATE VIRTUAL TABLE s USING fts5(text, tokenize = 'unicode61 remove_diacritics 2', prefix = '1')")
    events, texts = _texts_of(real_store)
    before.executemany("INSERT INTO s (rowid, text) VALUES (?, ?)", [(e.id, t) for e, t in zip(events, texts)])
    rng = random.Random(17)
    words = [word for event in events for word in event.name.split()]
    searches = ["в", "«Белагро", "витеб", "республика беларусь", "смоленск-вит", "—", "№", "г.", "Cafe", "café",
                "ООО «Корпорация", "14-17", "XXVI"] + [" ".join(rng.sample(words, 2))[:rng.randrange(2, 12)]
                                                      for _ in range(60)]
    for search in searches:
        words_of = search_key(search).split()
        phrases = ['"' + word.replace('"', '""') + '"*' for word in words_of if any(c.isalnum() for c in word)]
        expected = sorted(row[0] for row in before.execute("SELECT rowid FROM s WHERE s MATCH ?",
                                                           (" AND ".join(phrases),))) if phrases else None
        found = search_index.matching_ids(real_store.conn, search)
        assert (sorted(found) if found is not None else None) == expected, search
