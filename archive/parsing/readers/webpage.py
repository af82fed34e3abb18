"""Web pages saved from government sites: the article, without the site around it.

Main-content extraction is trafilatura's: it drops navigation, headers, footers,
share buttons and scripts and gives the article text with its title and date.
The source (来源) is read from the ``ContentSource`` meta tag that gov.cn sites
publish, else from the page's author or site name; the page's own address (its
canonical link or ``og:url``) becomes the report's 原文链接.

The page is parsed here, not by trafilatura, so that libxml2's limit on nesting is raised from
256 levels (past which a page's text was silently dropped) to 2048; a page nested deeper than
that is refused with the reason, since its text would be cut off.
"""

from __future__ import annotations

import re

import lxml.html

from archive.errors import UnreadableFile
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
        _parse(html), with_metadata=True, include_tables=True, include_comments=False, output_format="python"
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


def _parse(html: str) -> lxml.html.HtmlElement:
    """The page's tree, parsed as trafilatura does but with nesting allowed to 2048 levels."""
    parser = lxml.html.HTMLParser(
        huge_tree=True, collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
    )
    try:
        tree = lxml.html.fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (ValueError, lxml.etree.ParserError) as error:
        raise UnreadableFile(f"无法解析网页 (cannot parse the page: {error})") from None
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        raise UnreadableFile(
            "网页的标签嵌套超过 2048 层，超出解析器的上限，正文会被截断，已拒绝；请在浏览器中另存为纯文本 (.txt) 后再导入 "
            "(HTML nested deeper than 2048 levels: its text would be cut off)"
        )
    if "html" not in html[:50].lower() and len(tree) < 2:  # trafilatura's test: not a page at all
        raise ReadError("网页中没有找到正文 (no article text found in the page)")
    return tree
