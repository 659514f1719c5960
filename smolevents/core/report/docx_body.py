"""A Word document's body as the reader needs it: paragraphs, and tables of cells on a grid.

The main part's XML is walked directly with lxml rather than through python-docx:
python-docx would parse every part (styles alone are 800 KB in the real report), its
`row.cells` recomputes the table grid, and its paragraph text leaves out tracked
insertions and content controls. A row here is its `w:tc` cells placed on the table's
grid by `gridSpan`; a horizontally merged cell is therefore one cell, and a vertically
merged one (`vMerge`) reads as the cell above it, as Word shows it.

A paragraph's text is its `w:t` (and line breaks, tabs, non-breaking hyphens) in order,
leaving out what is not the text shown: deleted revisions, drawings and text boxes,
field codes, property blocks (w:tabs/w:tab there are tab stops, not tabs), and of a
markup-compatibility block all but its fallback.

Two walks give the same blocks. `_PlainBody` goes once through the elements that matter
(rows, cells, paragraphs, text) at C speed, checking each one's parent: it reads the
documents Word, LibreOffice and our own export write, and gives up (`_Irregular`) at the
first thing it was not built for — a nested table, a content control around paragraphs,
a markup-compatibility block, text outside a paragraph. `_Walk` then reads the document
the general way, element by element, and handles all of those.
"""

from __future__ import annotations

from collections import namedtuple

from lxml import etree

from smolevents.core.errors import UserError

_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",  # what Word writes
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict Open XML" documents
)
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Elements whose text is not the text shown.
_SKIPPED = ("del", "moveFrom", "pPr", "rPr", "drawing", "pict", "object", "txbxContent",
            "instrText", "delText", "fldData")


class Cell(namedtuple("Cell", "start span text")):
    """A cell on the table's grid: its first grid column, how many it spans, its text (a
    tuple: thousands are made per document)."""

    __slots__ = ()


class Block(namedtuple("Block", "paragraph rows grid_width text")):
    """A paragraph (`paragraph` its text) or a table (`paragraph` None, `rows` of cells,
    `grid_width`, `text` what stands in it outside its rows: paragraphs put there directly)."""

    __slots__ = ()


def clean_cell_text(text: str) -> str:
    """The cell's text as typed, without blank lines (or non-breaking spaces only) around it."""
    return text.strip()


def read_body(root: etree._Element, file_name: str) -> list[Block]:
    """The body's paragraphs and tables in order, through content controls."""
    tags = _Tags(root, file_name)
    try:
        return _PlainBody(tags).blocks()
    except _Irregular:
        return _Walk(tags).blocks()


class _Tags:
    """Tag names in the document's own WordprocessingML namespace."""

    def __init__(self, root: etree._Element, file_name: str):
        namespace = etree.QName(root).namespace
        if namespace not in _NAMESPACES or etree.QName(root).localname != "document":
            raise UserError(f"Файл «{file_name}» не является документом Word (.docx).")
        w = "{%s}" % namespace
        self.w = w
        self.body = next(root.iterchildren(w + "body"), None)  # find() would import ElementPath
        self.p, self.tbl, self.tr, self.tc, self.r = w + "p", w + "tbl", w + "tr", w + "tc", w + "r"
        self.tr_pr, self.tc_pr, self.tbl_grid = w + "trPr", w + "tcPr", w + "tblGrid"
        self.grid_before, self.grid_span, self.v_merge = w + "gridBefore", w + "gridSpan", w + "vMerge"
        self.grid_col = w + "gridCol"
        self.t = w + "t"
        # What the other text elements read as.
        self.marks = {w + "br": "\n", w + "cr": "\n", w + "tab": "\t", w + "noBreakHyphen": "-"}
        self.sdt, self.sdt_content, self.custom_xml = w + "sdt", w + "sdtContent", w + "customXml"
        self.skipped = frozenset(w + name for name in _SKIPPED)
        self.alternate_content = _MC + "AlternateContent"
        self.val = w + "val"
        self.body_tag = w + "body"

    def int_val(self, element, default: int) -> int:
        if element is None:
            return default
        try:
            return int(element.get(self.val, default))
        except ValueError:
            return default

    def place_cells(self, rows, text_of) -> tuple[list[list[Cell]], int]:
        """(gridBefore, [(gridSpan, vMerge, content)]) rows on the grid; a vMerge
        continuation reads the cell above, any other cell `text_of(content)`. With them, the
        grid columns the rows take (the end of the widest row)."""
        above: dict[int, str] = {}
        placed = []
        used = 0
        int_val, val = self.int_val, self.val
        new_cell = tuple.__new__  # what Cell(...) does, without its Python-level __new__ (14 000 cells)
        for grid_before, cells in rows:
            start = 0 if grid_before is None else int_val(grid_before, 0)
            row = []
            for grid_span, v_merge, content in cells:
                span = 1 if grid_span is None else max(1, int_val(grid_span, 1))
                if v_merge is not None and v_merge.get(val, "continue") == "continue":
                    value = above.get(start, "")
                else:
                    value = text_of(content)
                above[start] = value
                row.append(new_cell(Cell, (start, span, value)))
                start += span
            placed.append(row)
            if row and start > used:  # (cells start left to right: the last ends the row)
                used = start
        return placed, used


class _Irregular(Exception):
    """The plain walk met something only the general walk reads."""


class _PlainBody:
    """One pass over the rows, cells, paragraphs and text elements, each checked to stand
    where a plain document puts it (see the module's docstring)."""

    def __init__(self, tags: _Tags):
        self.tags = tags

    def blocks(self) -> list[Block]:
        tags = self.tags
        body = tags.body
        if body is None:
            return []
        p_tag, tbl_tag, tr_tag, tc_tag, run_tag, t_tag = tags.p, tags.tbl, tags.tr, tags.tc, tags.r, tags.t
        marks = tags.marks
        # Raw blocks: ("p", parts) or ("tbl", [grid columns], rows); a row is
        # [gridBefore, cells], a cell [gridSpan, vMerge, lines], a line a list of parts.
        raw: list = []
        table = row = cell = paragraph = None
        table_record: list = []
        row_record: list = []
        cell_record: list = []
        parts: list[str] = []
        w = tags.w
        # Matched by local name in any namespace ("{*}p"): lxml then compares names only, not
        # the long namespace string of every element; another namespace's few elements of
        # these names (DrawingML's a:p, a:t in a drawing) are passed over below, as a filter
        # with the namespace would have passed them.
        for element in body.iter(*(f"{{*}}{tag[len(w):]}" for tag in (
                p_tag, t_tag, *marks, tc_tag, tr_tag, tbl_tag, tags.grid_span, tags.v_merge, tags.grid_before,
                tags.grid_col))):
            tag = element.tag
            # Text first, then the others by plain comparison: `tag in marks` hashes the new
            # string each .tag makes, which only the marks (few) need.
            if tag == t_tag:
                parent = element.getparent()
                if (parent.tag == run_tag and paragraph is not None and parent.getparent() is paragraph) \
                        or self._shown(parent, paragraph):
                    parts.append(element.text or "")
            elif tag == p_tag:
                parent = element.getparent()
                paragraph, parts = element, []
                if parent is body:
                    table = row = cell = None
                    raw.append(("p", parts))
                elif parent is cell and cell is not None:
                    cell_record[2].append(parts)
                else:
                    raise _Irregular
            elif tag == tc_tag:
                if row is None or element.getparent() is not row:
                    raise _Irregular
                cell, paragraph = element, None
                cell_record = [None, None, []]
                row_record[1].append(cell_record)
            elif tag == tr_tag:
                if table is None or element.getparent() is not table:
                    raise _Irregular
                row, cell, paragraph = element, None, None
                row_record = [None, []]
                table_record[2].append(row_record)
            elif tag == tbl_tag:
                if element.getparent() is not body:
                    raise _Irregular  # a nested table
                table, row, cell, paragraph = element, None, None, None
                table_record = ["tbl", [0], []]
                raw.append(table_record)
            elif tag in marks:
                parent = element.getparent()
                if (parent.tag == run_tag and paragraph is not None and parent.getparent() is paragraph) \
                        or self._shown(parent, paragraph):
                    parts.append(marks[tag])
            elif tag.startswith(w):
                self._grid_property(element, tag, table, row, cell, table_record, row_record, cell_record)
        return [self._block(item) for item in raw]

    def _shown(self, parent, paragraph) -> bool:
        """Whether a text element under `parent` is part of `paragraph`'s text (False: inside
        something skipped); _Irregular when it stands where only the general walk reads it."""
        tags = self.tags
        element = parent
        while element is not paragraph or paragraph is None:
            if element is None:
                raise _Irregular
            tag = element.tag
            if tag in tags.skipped:
                return False
            if (tag in (tags.p, tags.tc, tags.tr, tags.tbl, tags.t, tags.body_tag) or tag in tags.marks
                    or tag.startswith(_MC)):
                raise _Irregular
            element = element.getparent()
        return True

    def _grid_property(self, element, tag, table, row, cell, table_record, row_record, cell_record) -> None:
        """gridCol, gridBefore, gridSpan, vMerge: counted or kept (the first) where the general
        walk looks for them (`tblGrid/gridCol`, `trPr/gridBefore`, `tcPr/gridSpan`, `tcPr/vMerge`)."""
        tags = self.tags
        parent = element.getparent()
        owner = parent.getparent()
        if tag == tags.grid_col and parent.tag == tags.tbl_grid and owner is table and table is not None:
            table_record[1][0] += 1
        elif tag == tags.grid_before and parent.tag == tags.tr_pr and owner is row and row is not None:
            if row_record[0] is None:
                row_record[0] = element
        elif parent.tag == tags.tc_pr and owner is cell and cell is not None:
            slot = 0 if tag == tags.grid_span else 1
            if cell_record[slot] is None:
                cell_record[slot] = element
        else:
            raise _Irregular

    def _block(self, item) -> Block:
        if item[0] == "p":
            return Block("".join(item[1]), [], 0, "")
        _, (declared,), raw_rows = item
        rows, used = self.tags.place_cells(raw_rows, _lines_text)
        return Block(None, rows, max(declared, used), "")


def _lines_text(lines: list[list[str]]) -> str:
    if len(lines) == 1:
        return clean_cell_text("".join(lines[0]))
    return clean_cell_text("\n".join(["".join(parts) for parts in lines]))


class _Walk:
    """The general walk: every element of a block visited, content controls, nested tables,
    markup-compatibility blocks and skipped subtrees handled as they come."""

    def __init__(self, tags: _Tags):
        self.tags = tags

    def blocks(self) -> list[Block]:
        result = []
        for block in self._blocks(self.tags.body):
            if block.tag == self.tags.p:
                result.append(Block(self.paragraph_text(block), [], 0, ""))
            else:
                rows, used = self.tags.place_cells(self._raw_rows(block), self.block_text)
                declared = len(block.findall(f"{self.tags.tbl_grid}/{self.tags.grid_col}"))
                result.append(Block(None, rows, max(declared, used), self.block_text(block)))
        return result

    def _blocks(self, container):
        """Paragraphs and tables of a container in order, through content controls."""
        if container is None:
            return
        tags = self.tags
        for child in container:
            if child.tag in (tags.p, tags.tbl):
                yield child
            elif child.tag == tags.sdt:
                yield from self._blocks(child.find(tags.sdt_content))
            elif child.tag == tags.custom_xml:
                yield from self._blocks(child)

    def paragraph_text(self, paragraph) -> str:
        parts: list[str] = []
        self._collect(paragraph, parts)
        return "".join(parts)

    def _collect(self, element, parts: list[str]) -> None:
        tags = self.tags
        for child in element:
            tag = child.tag
            if tag == tags.t:
                parts.append(child.text or "")
            elif tag in tags.marks:
                parts.append(tags.marks[tag])
            elif tag == tags.alternate_content:
                # Word's fallback for what older readers cannot show (drawings are skipped).
                fallback = child.find(_MC + "Fallback")
                if fallback is not None:
                    self._collect(fallback, parts)
            elif tag not in tags.skipped and isinstance(tag, str):
                self._collect(child, parts)

    def block_text(self, container) -> str:
        """A cell's (or any container's) text: paragraphs as lines, nested tables flattened."""
        tags = self.tags
        lines = []
        for block in self._blocks(container):
            if block.tag == tags.p:
                lines.append(self.paragraph_text(block))
            else:
                for row in block.findall(tags.tr):
                    lines.extend(self.block_text(tc) for tc in row.findall(tags.tc))
        return clean_cell_text("\n".join(lines))

    def _raw_rows(self, table):
        tags = self.tags
        for tr in table.findall(tags.tr):
            cells = [(tc.find(f"{tags.tc_pr}/{tags.grid_span}"), tc.find(f"{tags.tc_pr}/{tags.v_merge}"), tc)
                     for tc in tr.findall(tags.tc)]
            yield tr.find(f"{tags.tr_pr}/{tags.grid_before}"), cells
