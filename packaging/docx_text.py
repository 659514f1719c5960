"""The text of a .docx as the reader sees it, to compare two exports.

    python packaging/docx_text.py A.docx B.docx   # exit 0 when the text is the same

Only word/document.xml is read: the paragraphs in document order (table cells
included), each run's text with tabs and line breaks kept. docProps carries the
time of writing and is left out on purpose. Standard library only, so it runs in
any Python.
"""

from __future__ import annotations

import difflib
import sys
import zipfile
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def document_xml(path: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml")


def paragraphs(path: str) -> list[str]:
    root = ElementTree.fromstring(document_xml(path))
    lines = []
    for paragraph in root.iter(f"{W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("Использование: docx_text.py A.docx B.docx", file=sys.stderr)
        return 2
    first, second = (paragraphs(path) for path in argv)
    if first == second:
        characters = sum(len(line) for line in first)
        print(f"Текст одинаковый: абзацев {len(first)}, знаков {characters}")
        same_xml = document_xml(argv[0]) == document_xml(argv[1])
        print("word/document.xml " + ("совпадает побайтно" if same_xml else "отличается вне текста"))
        return 0
    print("Текст различается:")
    sys.stdout.writelines(difflib.unified_diff(
        [line + "\n" for line in first], [line + "\n" for line in second], argv[0], argv[1], n=1))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
