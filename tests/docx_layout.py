"""The page layout read back from a written .docx, styles resolved as Word resolves them.

Tests compare it with what the Qt renderer laid out, so both renderers are checked
against what they actually produced, not against the layout module they share.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def part_xml(path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


@dataclass
class Paragraph:
    text: str
    style: str
    bold: bool
    size_pt: float
    align: str  # "left", "center", "both"
    keep_with_next: bool
    run_properties: int  # runs that carry formatting of their own


@dataclass
class Row:
    cells: list[list[Paragraph]]
    widths: list[int]
    cant_split: bool
    repeats: bool
    vertical_align: list[str]

    @property
    def texts(self) -> list[str]:
        return ["\n".join(paragraph.text for paragraph in cell) for cell in self.cells]


@dataclass
class DocxLayout:
    grid: list[int]
    title: list[Paragraph]
    rows: list[Row] = field(default_factory=list)
    styles: dict[str, dict] = field(default_factory=dict)
    defaults: dict = field(default_factory=dict)

    @property
    def column_fractions(self) -> list[float]:
        return [width / sum(self.grid) for width in self.grid]


def _on(element) -> bool:
    return element is not None and element.get(f"{W}val") not in ("0", "false")


def _style_properties(styles_root) -> tuple[dict, dict[str, dict]]:
    defaults_rpr = styles_root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    size = defaults_rpr.find(f"{W}sz")
    defaults = {
        "fonts": {key.split("}")[1]: value for key, value in defaults_rpr.find(f"{W}rFonts").attrib.items()},
        "size_pt": int(size.get(f"{W}val")) / 2 if size is not None else 10,
    }
    raw = {}
    for style in styles_root.findall(f"{W}style"):
        properties = {}
        based = style.find(f"{W}basedOn")
        properties["basedOn"] = based.get(f"{W}val") if based is not None else None
        properties["name"] = style.find(f"{W}name").get(f"{W}val")
        ppr, rpr = style.find(f"{W}pPr"), style.find(f"{W}rPr")
        if ppr is not None:
            if ppr.find(f"{W}keepNext") is not None:
                properties["keep_with_next"] = _on(ppr.find(f"{W}keepNext"))
            if ppr.find(f"{W}jc") is not None:
                properties["align"] = ppr.find(f"{W}jc").get(f"{W}val")
        if rpr is not None:
            if rpr.find(f"{W}b") is not None:
                properties["bold"] = _on(rpr.find(f"{W}b"))
            if rpr.find(f"{W}sz") is not None:
                properties["size_pt"] = int(rpr.find(f"{W}sz").get(f"{W}val")) / 2
            if rpr.find(f"{W}rFonts") is not None:
                properties["fonts"] = dict(rpr.find(f"{W}rFonts").attrib)
        raw[style.get(f"{W}styleId")] = properties
    return defaults, raw


def _resolved(style_id: str, raw: dict[str, dict], defaults: dict) -> dict:
    chain = []
    while style_id:
        chain.append(raw[style_id])
        style_id = raw[style_id]["basedOn"]
    result = {"bold": False, "size_pt": defaults["size_pt"], "align": "left", "keep_with_next": False}
    for properties in reversed(chain):
        result.update({key: value for key, value in properties.items() if key in result})
    return result


def _paragraph(element, raw, defaults) -> Paragraph:
    style_element = element.find(f"{W}pPr/{W}pStyle")
    style = style_element.get(f"{W}val") if style_element is not None else "Normal"
    properties = _resolved(style, raw, defaults)
    ppr = element.find(f"{W}pPr")
    if ppr is not None:  # direct paragraph formatting over the style
        if ppr.find(f"{W}jc") is not None:
            properties["align"] = ppr.find(f"{W}jc").get(f"{W}val")
        if ppr.find(f"{W}keepNext") is not None:
            properties["keep_with_next"] = _on(ppr.find(f"{W}keepNext"))
    runs = element.findall(f"{W}r")
    formatted = sum(1 for run in runs if run.find(f"{W}rPr") is not None)
    text = "".join(node.text or "" if node.tag == f"{W}t" else "\t"
                   for run in runs for node in run if node.tag in (f"{W}t", f"{W}tab"))
    return Paragraph(text, style, properties["bold"], properties["size_pt"], properties["align"],
                     properties["keep_with_next"], formatted)


def read_docx_layout(path) -> DocxLayout:
    defaults, raw = _style_properties(part_xml(path, "word/styles.xml"))
    body = part_xml(path, "word/document.xml").find(f"{W}body")
    table = body.find(f"{W}tbl")
    layout = DocxLayout(
        grid=[int(column.get(f"{W}w")) for column in table.findall(f"{W}tblGrid/{W}gridCol")],
        title=[_paragraph(p, raw, defaults) for p in body.findall(f"{W}p")],
        styles={style_id: _resolved(style_id, raw, defaults) | {"name": raw[style_id]["name"]}
                for style_id in raw},
        defaults=defaults,
    )
    for row in table.findall(f"{W}tr"):
        cells = row.findall(f"{W}tc")
        layout.rows.append(Row(
            cells=[[_paragraph(p, raw, defaults) for p in cell.findall(f"{W}p")] for cell in cells],
            widths=[int(cell.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for cell in cells],
            cant_split=row.find(f"{W}trPr/{W}cantSplit") is not None,
            repeats=row.find(f"{W}trPr/{W}tblHeader") is not None,
            vertical_align=[(cell.find(f"{W}tcPr/{W}vAlign").get(f"{W}val")
                             if cell.find(f"{W}tcPr/{W}vAlign") is not None else "top") for cell in cells],
        ))
    return layout
