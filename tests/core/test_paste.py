"""Rows copied from Word (clipboard HTML) or Excel (tab-separated text) read as events."""

import pytest

from smolevents.core.dates import DatePoint
from smolevents.core.domain import Quarter
from smolevents.core.errors import UserError
from smolevents.core.paste import NOTHING_TO_PASTE, read_pasted

QUARTER = Quarter(2023, 3)

# What Word puts on the clipboard for two rows of the report (trimmed: Word adds much more style).
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8">
<style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang=RU>
<table class=MsoTableGrid border=1>
 <tr><td colspan=6><p class=MsoNormal align=center><b>Сотрудничество в сфере культуры</b></p></td></tr>
 <tr><td><p class=MsoNormal>1.</p></td>
  <td><p class=MsoNormal>Фестиваль</p><p class=MsoNormal>«Славянский базар»</p></td>
  <td><p class=MsoNormal>г.&nbsp;Витебск, Республика Беларусь</p></td>
  <td><p class=MsoNormal>14-17 августа</p></td>
  <td><p class=MsoNormal>Участие коллективов области</p></td>
  <td><p class=MsoNormal>20&nbsp;человек</p></td></tr>
 <tr><td><p class=MsoNormal>2.</p></td><td><p>Выставка</p></td><td><p>г. Смоленск</p></td>
  <td><p>5 сентября 2023 года</p></td><td><p>Показ</p></td><td><p>10 человек</p></td></tr>
</table></body></html>"""

# Excel: a cell with a line break is quoted; a header row copied with the rows.
EXCEL_TSV = ("Наименование мероприятия\tМесто проведения\tСроки проведения\tЦель, содержание и результат\tУчастники\r\n"
             "Встреча\tг. Минск\t\"28 сентября\n2023 года\"\tПереговоры\t3 человека\r\n"
             "Ярмарка\tг. Гомель\tсентябрь\tТорговля\t\r\n")


def test_rows_copied_from_word_are_events_with_their_section_and_dates_in_the_quarter():
    pasted = read_pasted(WORD_HTML, "ignored when there is HTML", QUARTER)
    festival, exhibition = pasted.events
    assert festival.section_title == "Сотрудничество в сфере культуры"
    assert festival.values["name"] == "Фестиваль\n«Славянский базар»"
    assert festival.values["place"] == "г. Витебск, Республика Беларусь"
    assert (festival.values["dates"].start, festival.values["dates"].end) == (
        DatePoint(2023, 8, 14), DatePoint(2023, 8, 17))
    assert festival.values["participants"] == "20 человек"
    assert exhibition.values["dates"].format() == "5 сентября 2023 года"
    assert pasted.single_cell is None and pasted.warnings == []


def test_rows_copied_from_excel_find_their_columns_by_the_header():
    meeting, fair = read_pasted(None, EXCEL_TSV, QUARTER).events
    assert meeting.section_title == ""
    assert meeting.values["name"] == "Встреча" and meeting.values["place"] == "г. Минск"
    assert meeting.values["dates"].format() == "28 сентября 2023 года"
    assert fair.values["dates"].format() == "сентябрь 2023 года" and fair.values["participants"] == ""


def test_five_cells_without_a_header_are_the_fields_in_the_reports_order():
    pasted = read_pasted(None, "Визит\tг. Орша\t3 июля\tОбмен опытом\t5 человек", QUARTER)
    assert [event.values["name"] for event in pasted.events] == ["Визит"]
    assert pasted.events[0].values["purpose"] == "Обмен опытом"


def test_a_single_cell_is_text_for_the_selected_cell_not_an_event():
    pasted = read_pasted("<table><tr><td><p>г. Смоленск</p></td></tr></table>", "г. Смоленск", QUARTER)
    assert pasted.single_cell == "г. Смоленск" and pasted.events == []
    assert read_pasted(None, "просто текст", QUARTER).single_cell == "просто текст"


@pytest.mark.parametrize("html, text", [
    (None, ""),
    (None, "строка\nещё строка\nи ещё"),  # lines of text, no table
    ("<p>абзац без таблицы</p>", None),
    ("<table><tr><td>1</td><td>2</td><td>3</td></tr></table>", None),  # the number row only
    (None, "\x00\x01\ufffd\t"),
])
def test_garbage_is_refused_in_one_russian_line(html, text):
    with pytest.raises(UserError) as refused:
        read_pasted(html, text, QUARTER)
    assert str(refused.value) == NOTHING_TO_PASTE
