"""The two walks over a document's body (docx_body.py) read the same paragraphs and cells.

The plain pass reads Word's ordinary documents at C speed and gives up on anything
else; the general walk reads everything. Documents are made here at random from
WordprocessingML's pieces — runs, hyperlinks, tracked changes, property blocks with tab
stops, content controls, markup-compatibility blocks, text boxes, merged and spanned
cells, nested tables, text where Word never puts it — and whenever the plain pass
reads one, it must read it exactly as the general walk does.
"""

from __future__ import annotations

import random
import zipfile

import pytest
from lxml import etree

from smolevents.core.columns import COLUMNS
from smolevents.core.report import docx_body
from tests.real_report import REPORT_DOCX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WORDS = ["Минск", "Республика Беларусь", "25 мая 2023 года", "1.", "2", " ", "", "\u00a0", "x"]
ODD_INLINE = ["del", "moveFrom", "moveTo", "smartTag", "fldSimple", "sdt", "customXml", "pPr",
              "drawing", "txbxContent", "AlternateContent", "delText", "instrText", "tabs", "p", "tbl"]
PLAIN_INLINE = ["t", "br", "cr", "tab", "noBreakHyphen", "hyperlink", "ins", "bookmarkStart", "rPr"]


class Maker:
    def __init__(self, seed: int, oddity: float):
        self.random = random.Random(seed)
        self.oddity = oddity  # how often something Word rarely writes is put in

    def odd(self, chance: float = 1.0) -> bool:
        return self.random.random() < self.oddity * chance

    def element(self, tag: str, namespace: str = W, text: str | None = None):
        element = etree.Element(f"{{{namespace}}}{tag}")
        element.text = text
        return element

    def inline(self, depth: int):
        tag = self.random.choice(ODD_INLINE if depth < 4 and self.odd() else PLAIN_INLINE)
        if tag == "AlternateContent":
            block = self.element("AlternateContent", MC)
            for _ in range(self.random.randint(0, 3)):
                choice = self.element(self.random.choice(["Choice", "Fallback", "Fallback"]), MC)
                choice.extend(self.inline(depth + 1) for _ in range(self.random.randint(0, 2)))
                block.append(choice)
            return block
        if tag == "tbl":
            return self.table(depth + 1, self.random.randint(0, 2))
        element = self.element(tag, text=self.random.choice(WORDS) if tag in ("t", "delText", "instrText") else None)
        if tag in ("t", "br", "cr", "tab", "noBreakHyphen", "delText", "instrText", "bookmarkStart"):
            if self.odd(0.05):
                element.append(self.inline(depth + 1))  # something inside a text element
        elif tag == "sdt":
            content = self.element("sdtContent")
            content.extend(self.inline(depth + 1) for _ in range(self.random.randint(0, 2)))
            element.append(content)
        else:
            element.extend(self.inline(depth + 1) for _ in range(self.random.randint(0, 3)))
        return element

    def paragraph(self, depth: int, text: str | None = None):
        paragraph = self.element("p")
        if self.random.random() < 0.5:
            properties = self.element("pPr")
            if self.random.random() < 0.3:
                tabs = self.element("tabs")
                tabs.append(self.element("tab"))  # a tab stop, not a tab
                properties.append(tabs)
            paragraph.append(properties)
        if text is not None:
            run = self.element("r")
            run.append(self.element("t", text=text))
            paragraph.append(run)
            return paragraph
        for _ in range(self.random.randint(0, 3)):
            if self.random.random() < 0.6:
                run = self.element("r")
                if self.random.random() < 0.5:
                    run.append(self.element("rPr"))
                for _ in range(self.random.randint(0, 3)):
                    run.append(self.inline(depth + 1) if self.random.random() < 0.3
                               else self.element("t", text=self.random.choice(WORDS)))
                paragraph.append(run)
            else:
                paragraph.append(self.inline(depth + 1))
        return paragraph

    def blocks(self, container, depth: int) -> None:
        for _ in range(self.random.randint(0, 3)):
            if depth > 3 or not self.odd(0.3):
                container.append(self.paragraph(depth))
            elif self.random.random() < 0.4:
                control, content = self.element("sdt"), self.element("sdtContent")
                self.blocks(content, depth + 1)
                control.append(content)
                container.append(control)
            elif self.random.random() < 0.5:
                custom = self.element("customXml")
                self.blocks(custom, depth + 1)
                container.append(custom)
            else:
                container.append(self.table(depth + 1, self.random.randint(0, 2)))

    def cell(self, depth: int, text: str | None = None, span: int | None = None, merge: str | None = None):
        cell = self.element("tc")
        if span or merge is not None or self.random.random() < 0.3:
            properties = self.element("tcPr")
            if span:
                properties.append(self.element("gridSpan"))
                properties[-1].set(f"{{{W}}}val", str(span))
            if merge is not None:
                properties.append(self.element("vMerge"))
                if merge:
                    properties[-1].set(f"{{{W}}}val", merge)
            cell.append(properties)
        if text is None:
            self.blocks(cell, depth + 1)
        else:
            cell.extend(self.paragraph(depth, line) for line in text.split("\n"))
        if self.random.random() < 0.3:  # a second property block: the first gridSpan counts
            properties = self.element("tcPr")
            properties.append(self.element("gridSpan"))
            properties[-1].set(f"{{{W}}}val", self.random.choice(["2", "x", "0", "1"]))
            cell.append(properties)
        return cell

    def table(self, depth: int, rows: int, header: bool = False):
        table = self.element("tbl")
        if self.random.random() < 0.7:
            grid = self.element("tblGrid")
            grid.extend(self.element("gridCol") for _ in range(self.random.choice([6, 6, 5, 7])))
            table.append(grid)
        if header:
            row = self.element("tr")
            row.extend(self.cell(depth, column.label) for column in COLUMNS)
            table.append(row)
        for number in range(1, rows + 1):
            row = self.element("tr")
            if self.random.random() < 0.1:
                properties = self.element("trPr")
                properties.append(self.element("gridBefore"))
                properties[-1].set(f"{{{W}}}val", "1")
                row.append(properties)
            kind = self.random.random()
            if kind < 0.2:
                row.append(self.cell(depth, "Сотрудничество в сфере культуры", span=6))
            elif kind < 0.8:
                row.append(self.cell(depth, f"{number}."))
                for _ in range(5):
                    choice = self.random.random()
                    if choice < 0.4:
                        row.append(self.cell(depth, self.random.choice(WORDS) + "\n" + self.random.choice(WORDS)))
                    elif choice < 0.5:
                        row.append(self.cell(depth, self.random.choice(WORDS), span=self.random.choice([1, 2])))
                    elif choice < 0.6:
                        row.append(self.cell(depth, merge=self.random.choice(["", "continue", "restart"])))
                    else:
                        row.append(self.cell(depth))
            else:
                row.extend(self.cell(depth) for _ in range(self.random.randint(0, 7)))
            table.append(row)
        return table

    def document(self):
        root, body = self.element("document"), self.element("body")
        root.append(body)
        body.append(self.paragraph(0, "Отчет о мероприятиях во II квартале 2023 года"))
        self.blocks(body, 1)
        body.append(self.table(0, self.random.randint(1, 8), header=True))
        self.blocks(body, 1)
        if self.random.random() < 0.3:
            body.append(self.table(0, self.random.randint(1, 4)))
        return etree.fromstring(etree.tostring(root))


# Other namespaces' elements that carry WordprocessingML's names: DrawingML's text in a
# drawing (a:p, a:r, a:t), Office Math's runs (m:r, m:t), and the like.
FOREIGN = ("http://schemas.openxmlformats.org/drawingml/2006/main",
           "http://schemas.openxmlformats.org/officeDocument/2006/math", "")
FOREIGN_NAMES = ["p", "r", "t", "tc", "tr", "tbl", "br", "tab", "noBreakHyphen", "gridSpan", "vMerge", "gridCol"]


class ForeignMaker(Maker):
    """Documents with other namespaces' elements of those names here and there, inside
    paragraphs and drawings and between blocks, some holding WordprocessingML inside."""

    def inline(self, depth: int):
        if self.random.random() < 0.2:
            return self.foreign(depth)
        return super().inline(depth)

    def blocks(self, container, depth: int) -> None:
        if self.random.random() < 0.1:
            container.append(self.foreign(depth))
        super().blocks(container, depth)

    def foreign(self, depth: int):
        namespace = self.random.choice(FOREIGN)
        name = self.random.choice(FOREIGN_NAMES)
        element = etree.Element(f"{{{namespace}}}{name}" if namespace else name)
        element.text = self.random.choice(WORDS + [None])
        for _ in range(self.random.randint(0, 2) if depth < 4 else 0):
            element.append(self.foreign(depth + 1) if self.random.random() < 0.7
                           else self.element("t", text=self.random.choice(WORDS)))
        return element


def both_walks(root):
    tags = docx_body._Tags(root, "test.docx")
    general = docx_body._Walk(tags).blocks()
    try:
        plain = docx_body._PlainBody(tags).blocks()
    except docx_body._Irregular:
        plain = None
    return plain, general


def read_plainly(maker, oddity) -> int:
    """How many of 200 documents the plain pass read; each read as the general walk reads it."""
    count = 0
    for seed in range(200):
        plain, general = both_walks(maker(seed, oddity).document())
        if plain is not None:
            count += 1
            assert plain == general, seed
    return count


@pytest.mark.parametrize("oddity, at_least_plain", [(0.0, 200), (0.03, 100), (0.3, 12), (1.0, 1)])
def test_the_plain_pass_reads_what_the_general_walk_reads(oddity, at_least_plain):
    assert read_plainly(Maker, oddity) >= at_least_plain  # the plain pass was really tried


@pytest.mark.parametrize("oddity, at_least_plain", [(0.0, 100), (0.3, 10)])
def test_other_namespaces_elements_of_the_same_names_are_read_as_the_general_walk_reads_them(
        oddity, at_least_plain):
    """The plain pass finds its elements by name in any namespace (cheaper for lxml to match)
    and passes over another namespace's: what it reads is still what the general walk reads."""
    assert read_plainly(ForeignMaker, oddity) >= at_least_plain


def test_drawing_and_math_text_is_left_out_by_both_walks():
    a, m = FOREIGN[:2]
    root = etree.fromstring(
        f'<w:document xmlns:w="{W}" xmlns:a="{a}" xmlns:m="{m}"><w:body><w:p><w:r><w:t>Форум</w:t></w:r>'
        "<w:r><w:drawing><a:p><a:r><a:t>подпись</a:t></a:r></a:p></w:drawing></w:r>"
        "<m:oMath><m:r><m:t>x</m:t></m:r></m:oMath><w:r><w:t> в Минске</w:t></w:r></w:p></w:body></w:document>")
    plain, general = both_walks(root)
    assert plain is not None and plain == general
    assert [block.paragraph for block in plain] == ["Форум в Минске"]


def test_the_real_report_is_read_by_the_plain_pass():
    with zipfile.ZipFile(REPORT_DOCX) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    plain, general = both_walks(root)
    assert plain is not None and plain == general
    assert sum(len(block.rows) for block in plain) == 57  # header, 8 sections, 47 events, closing


@pytest.mark.parametrize("odd_xml", [
    "<w:tbl><w:tr><w:tc><w:tbl/></w:tc></w:tr></w:tbl>",  # a table in a cell
    "<w:sdt><w:sdtContent><w:p/></w:sdtContent></w:sdt>",  # a content control around a paragraph
    '<w:p><mc:AlternateContent xmlns:mc="%s"><mc:Fallback><w:r><w:t>x</w:t></w:r></mc:Fallback>'
    "</mc:AlternateContent></w:p>" % MC,
    "<w:tbl><w:tr><w:tc><w:r><w:t>outside a paragraph</w:t></w:r></w:tc></w:tr></w:tbl>",
])
def test_the_plain_pass_gives_up_on_what_it_was_not_built_for(odd_xml):
    root = etree.fromstring(f'<w:document xmlns:w="{W}"><w:body>{odd_xml}</w:body></w:document>')
    plain, general = both_walks(root)
    assert plain is None
    assert docx_body.read_body(root, "test.docx") == general


@pytest.mark.parametrize("declared, rows, width", [
    (6, [("", ["a", "b"])], 6),  # the grid declares more columns than the rows take
    (2, [("", ["a", "b", "c"]), ("1", ["d"])], 3),  # a row wider than the declared grid
    (0, [("2", ["a"]), ("", ["b"])], 3),  # gridBefore moves a row's cells right
    (1, [("9", []), ("", ["a"])], 1),  # a row with no cells takes no columns, whatever its gridBefore
    (0, [("-3", ["a", "b"])], 0),  # a negative gridBefore: cells left of the grid
])
def test_a_tables_grid_width_is_the_declared_grid_or_its_widest_row(declared, rows, width):
    def row(grid_before: str, texts: list[str]) -> str:
        before = f'<w:trPr><w:gridBefore w:val="{grid_before}"/></w:trPr>' if grid_before else ""
        cells = "".join(f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>" for text in texts)
        return f"<w:tr>{before}{cells}</w:tr>"

    grid = "<w:tblGrid>" + "<w:gridCol/>" * declared + "</w:tblGrid>"
    root = etree.fromstring(f'<w:document xmlns:w="{W}"><w:body><w:tbl>{grid}'
                            + "".join(row(*spec) for spec in rows) + "</w:tbl></w:body></w:document>")
    plain, general = both_walks(root)
    assert plain is not None and plain == general
    [table] = plain
    assert table.grid_width == width
    assert width == max([declared] + [cell.start + cell.span for cells in table.rows for cell in cells])
