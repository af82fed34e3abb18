"""Page-chrome removal: from a report file's text to its content lines and header fields.

Sources wrap a report in text that is not part of it: web-page chrome
(``下载`` ``打印`` ``【字号：加大 还原 减小】``, crumbs such as ``当前位置：首页 > …``,
``（责任编辑：…）``, share buttons), scraper leftovers (HTML comments, literal
``<U+00A0>``, empty table rows), archiver headers and the Wikisource licence
footer. Header field lines (``日期:`` ``来源：`` ``发布时间:`` ``title:`` …) hold
metadata rather than text: they are read into ``fields`` and left out of the lines.

Every chrome pattern matches either a whole line or a fixed chrome phrase, so a
sentence of the report is never removed. Lines broken by Wikisource link markup
(documents whose paragraphs are separated by blank lines) are joined back, but a
heading line (``一、主要成效``) and the paragraph on the line below it stay apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.parsing.structure import outline_marker
from archive.text.dates import fold_digits

MARKDOWN_INFO_END = "<!-- INFO END -->"

_ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"
_EDGE_SPACE = re.compile(rf"^[\s{_ZERO_WIDTH}]+|[\s{_ZERO_WIDTH}]+$")

# Applied in this order to the whole text (re.M: ^ and $ are line edges).
_CHROME = tuple(
    re.compile(pattern, re.M)
    for pattern in (
        r"(?s:<!--.*?-->)",
        # archiver header of the pingtan files (its field lines are read as fields)
        r"^页面链接与图片详见.*$",
        r"^=+\s*正文\s*=+\s*$",
        # pingtan one-line bodies: crumb prefix up to the share buttons, and the
        # "来源：… 附件下载 …" page footer
        r"^[ \t]*当前位置：[^\n]*?微信\s*微博\s*QQ空间[ \t]*",
        r"[ \t]*来源：[^\n]{0,60}?[ \t]+附件下载[^\n]*$",
        # viewer controls, possibly one word per line
        r"【\s*字号\s*[:：]\s*加大\s*还原\s*减小\s*】",
        r"【\s*字体\s*[:：]\s*[大中小]\s*[大中小]\s*[大中小]\s*】",
        r"【\s*(?:E-mail推荐|打印本页|关闭窗口)\s*】",
        r"（\s*责任编辑\s*[:：][^）]{0,40}）",
        # crumbs: "[当前位置：]首页 > 频道 > 频道 [频道]", one item per line, or on one short line
        r"^[ \t]*(?:(?:当前位置|您的位置)\s*[:：]\s*)?首页(?:\s*\n[ \t]*>[ \t]*\n[ \t]*([^\n]{1,20}?)[ \t]*)+"
        r"(?:\n[ \t]*\1[ \t]*(?=\n))?$",
        r"^[ \t]*(?:当前位置|您的位置)\s*[:：][^\n]{0,40}$",
        # whole lines of page furniture
        r"^[ \t]*(?:下载|打印|全屏|收藏|分享(?:到)?[:：]?|分享到微信|×|\||相关(?:报道|文档|链接)[:：]?"
        r"|扫一扫在手机上查看当前页面|扫一扫在手机打开当前页|》》点击图片进入专题《《"
        r"|阅读量[:：]\s*\d*|微信\s*微博\s*QQ空间|[^\n]{0,30}中央政府门户网站\s*www\.gov\.cn[^\n]*"
        r"|（来源[:：][^）\n]{1,30}）|(?:责任)?编辑[:：][^\n]{1,12})[ \t]*$",
        r"^[ \t\u00a0]*\|(?:[ \t\u00a0]*\|)+[ \t\u00a0]*$",
        # photo captions: "…本报记者 戴冰摄"
        r"^[^\n]{0,100}记者[^\n]{0,12}摄[ \t]*$",
        # Wikisource licence footer, from its first line to the end
        r"^(?:本作品|这部作品)(?s:.*?)Public domain(?s:.*)\Z",
    )
)

_FIELD_KEYS = (
    "标题", "发布时间", "发表时间", "发布日期", "发布机构", "文号", "栏目", "原文链接",
    "本地目录", "title", "url", "author", "content", "来源", "时间", "日期",
)  # fmt: skip
_FIELD = re.compile(r"(?:^|(?<=\s))(" + "|".join(_FIELD_KEYS) + r")\s*[:：]")
# Keys whose value may sit alone on the next line ("来源：\n宁夏日报客户端").
_VALUE_ON_NEXT_LINE = {"来源", "时间", "发表时间", "发布时间", "发布日期", "日期"}
_BARE_DATETIME = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_SENTENCE_END = re.compile(r"[。！？]")
_HEADER_LINE_MAX = 50  # a longer line, or one with a full stop, starts the body

_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s")
_PARAGRAPH_INDENT = ("\u3000", "\u00a0")
_NO_JOIN_AFTER = tuple("。！？!?；;：:…”」』）)")
_SENTENCE_ENDS = tuple("。！？!?")
_HEADING_LINE_MAX = 40
_CLAUSE_ENDS = tuple("，,、；;：:")
_MAX_COPIES = 10
_ADJACENT_SHARE_MAX = 0.2  # at most this share of sentence-ending lines run straight into the next
# Fewer paragraph ends than this say nothing about how paragraphs are separated: a short
# notice (文号, title, salutation on three lines, then one paragraph) is not joined into one line.
_BLANK_SEPARATED_MIN_ENDS = 2


@dataclass
class CleanText:
    """A report's content lines and the header fields read from around them."""

    lines: list[str]  # stripped, non-empty, in order
    fields: dict[str, str] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)  # Markdown laws: lines before INFO END
    markdown: bool = False


def strip_line(line: str) -> str:
    """Strip whitespace, ideographic and no-break spaces and zero-width characters."""
    return _EDGE_SPACE.sub("", line)


def clean(text: str) -> CleanText:
    """Remove chrome from ``text``; return its content lines and header fields.

    Markdown laws keep their ``# title`` as the ``title`` field and their history
    lines (enactment and amendment dates) both in ``history`` and as content.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("<U+00A0>", " ")
    markdown = MARKDOWN_INFO_END in text
    fields: dict[str, str] = {}
    history: list[str] = []
    if markdown:
        head, _, body = text.partition(MARKDOWN_INFO_END)
        head_lines = [strip_line(line) for line in head.split("\n") if strip_line(line)]
        titles = [line.lstrip("#").strip() for line in head_lines if line.startswith("#")]
        history = [line for line in head_lines if not line.startswith("#")]
        if titles:
            fields["title"] = " ".join(titles)
        text = "\n\n".join([*history, body])
    for pattern in _CHROME:
        text = pattern.sub("", text)
    lines = text.split("\n")
    if not markdown:
        fields.update(_read_fields(lines))
    return CleanText(_join_broken_lines(lines, markdown), fields, history, markdown)


def drop_repeated_copies(lines: list[str]) -> list[str]:
    """Keep one copy of a body that a scraper saved several times over.

    The gov.cn pages of the 1989–1996 reports hold the whole report once per
    page of the original site; once chrome and title lines are gone, the lines
    are the same block repeated exactly. Anything short of an exact repeat is
    kept as it is.
    """
    count = len(lines)
    for copies in range(_MAX_COPIES, 1, -1):
        size, rest = divmod(count, copies)
        if size and not rest and lines == lines[:size] * copies:
            return lines[:size]
    return lines


def _field_values(line: str) -> dict[str, str] | None:
    """The ``key: value`` pairs of a header field line, or None if it is not one."""
    matches = list(_FIELD.finditer(line))
    if not matches or matches[0].start() != 0:
        return None
    ends = [m.start() for m in matches[1:]] + [len(line)]
    return {m[1]: line[m.end() : end].strip() for m, end in zip(matches, ends)}


def _read_fields(lines: list[str]) -> dict[str, str]:
    """Read the header field lines above the body, blanking them in ``lines``.

    Lines above the body that repeat an earlier one (pages that show the title
    and subtitle twice, around a crumb) are blanked too.
    """
    fields: dict[str, str] = {}
    seen: set[str] = set()
    index = 0
    while index < len(lines):
        line = strip_line(lines[index])
        values = _field_values(line) if line else None
        if line in seen:
            lines[index] = ""
        elif values is not None:
            lines[index] = ""
            for key, value in values.items():
                if not value and key in _VALUE_ON_NEXT_LINE:
                    value = _take_next_value(lines, index)
                fields.setdefault(key, value)
            if "content" in values:  # the press transcripts' last header line
                break
        elif _BARE_DATETIME.match(fold_digits(line)):
            fields.setdefault("时间", line)
            lines[index] = ""
        elif len(line) > _HEADER_LINE_MAX or _SENTENCE_END.search(line):
            break
        seen.add(line)
        index += 1
    return fields


def _take_next_value(lines: list[str], index: int) -> str:
    """Take a field's value from the next non-empty line, if it is a short plain one."""
    for next_index in range(index + 1, min(index + 3, len(lines))):
        line = strip_line(lines[next_index])
        if not line:
            continue
        if len(line) <= 30 and _field_values(line) is None and not line.startswith("【"):
            lines[next_index] = ""
            return line
        break
    return ""


def _is_heading_line(line: str) -> bool:
    """A line that is a heading of its own (``一、主要成效``, ``（一）项目建设``): short,
    starting with an outline marker, ending no sentence or clause. Its paragraph
    on the next line stays a paragraph of its own."""
    return (
        len(line) <= _HEADING_LINE_MAX
        and outline_marker(line) is not None
        and not line.endswith(_SENTENCE_ENDS + _CLAUSE_ENDS)
    )


def _join_broken_lines(lines: list[str], markdown: bool) -> list[str]:
    """Strip lines and drop empty ones; rejoin lines broken inside a paragraph.

    Only in plain-text documents whose paragraphs are separated by blank lines:
    there, a line directly below another continues it, unless the upper line
    ends a sentence or clause, or the lower one is indented as a new paragraph.
    """
    stripped = [strip_line(line) for line in lines]
    filled = [i for i, line in enumerate(stripped) if line]
    # Where a paragraph ends (a line ending a sentence), is the next line blank?
    # (the last line counts too, as an end with nothing below it)
    ends = [(a, b) for a, b in zip(filled, [*filled[1:], -1]) if stripped[a].endswith(_SENTENCE_ENDS)]
    adjacent_ends = sum(1 for a, b in ends if b == a + 1)
    blank_separated = (
        not markdown and len(ends) >= _BLANK_SEPARATED_MIN_ENDS and adjacent_ends <= _ADJACENT_SHARE_MAX * len(ends)
    )
    result: list[str] = []
    previous_index = -2
    for index in filled:
        line = stripped[index]
        if (
            blank_separated
            and result
            and index == previous_index + 1
            and not result[-1].endswith(_NO_JOIN_AFTER)
            and not lines[index].startswith(_PARAGRAPH_INDENT)
            and not _MARKDOWN_HEADING.match(line)
            and not _is_heading_line(result[-1])
            and not _is_heading_line(line)
        ):
            result[-1] += line
        else:
            result.append(line)
        previous_index = index
    return result
