"""Web pages saved from government sites: the article, without the site around it.

Main-content extraction is trafilatura's: it drops navigation, headers, footers,
share buttons and scripts and gives the article text with its title and date.
The source (来源) is read from the ``ContentSource`` meta tag that gov.cn sites
publish, else from the page's author or site name; the page's own address (its
canonical link or ``og:url``) becomes the report's 原文链接.
"""

from __future__ import annotations

import re

from archive.parsing.decode import decode_text

from archive.parsing.readers.errors import ReadError
from archive.parsing.readers.header import with_header

_CONTENT_SOURCE = re.compile(
    r"""<meta\s[^>]*name\s*=\s*["']?ContentSource["']?[^>]*content\s*=\s*["']([^"']+)["']""", re.I
)


def read_webpage(data: bytes) -> str:
    """The article of an HTML page: title line, ``日期:… 来源:…`` line, then the text."""
    import trafilatura  # imported here: it is slow to import and only web pages need it

    html = decode_text(data)
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_tables=True, include_comments=False, output_format="python"
    )
    if document is None or not (document.text or "").strip():
        raise ReadError("网页中没有找到正文 (no article text found in the page)")
    source = _CONTENT_SOURCE.search(html)
    return with_header(
        document.text,
        title=document.title,
        date=document.date,
        source=source[1].strip() if source else document.author or document.sitename,
        url=document.url if document.url and document.url.startswith(("http://", "https://")) else None,
    )
