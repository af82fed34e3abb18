"""Word files (.docx): paragraphs, headings and tables, in document order."""

from __future__ import annotations

import io
import zipfile

from archive.parsing.readers.errors import ReadError
from archive.parsing.readers.header import with_header


def read_docx(data: bytes) -> str:
    """The text of a .docx file: one line per paragraph, one per table row (cells tab-separated).

    The document's title property, when set and not already the first line,
    goes above the body as its title line.
    """
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ReadError(f"不是有效的 .docx 文件 (not a valid .docx file: {error})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_rows(block))
        else:
            lines.append(block.text)
    body = "\n".join(lines)
    if not body.strip():
        raise ReadError("Word 文件中没有文字 (the .docx file holds no text)")
    title = (document.core_properties.title or "").strip()
    first = next((line.strip() for line in lines if line.strip()), "")
    return with_header(body, title=title if title and title != first else None)


def _table_rows(table) -> list[str]:
    """One line per row; a cell merged across columns is given once."""
    rows = []
    for row in table.rows:
        cells = row.cells  # a merged cell appears once per grid column it spans
        distinct = [cell for index, cell in enumerate(cells) if index == 0 or cell._tc is not cells[index - 1]._tc]
        rows.append("\t".join(" ".join(cell.text.split()) for cell in distinct))
    return rows
