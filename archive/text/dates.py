"""Dates as Chinese reports write them, read into ISO ``yyyy-mm-dd``.

Reports write dates as ``2025-01-13``, ``2025年1月13日``, with fullwidth digits
(``１９８９年３月２０日``) or in Chinese numerals (``二〇二六年一月二十七日``).
A date is only returned when year, month and day are all present and form a
real calendar day: a damaged date such as ``2025110`` gives nothing rather
than a guess.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from archive.settings import DEFAULTS

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "O": 0, "o": 0}
_CN_NUMBER = "〇零一二三四五六七八九十"

_DATE = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s*(?:[-/.]\s*(?P<m1>\d{1,2})\s*[-/.]\s*(?P<d1>\d{1,2})(?!\d)"
    r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日)"
    rf"|(?P<cy>[{_CN_NUMBER}Oo]{{4}})年(?P<cm>[{_CN_NUMBER}]{{1,3}})月(?P<cd>[{_CN_NUMBER}]{{1,3}})日"
)
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")

MIN_YEAR, MAX_YEAR = DEFAULTS.min_year, DEFAULTS.max_year


def fold_digits(text: str) -> str:
    """Fold fullwidth digits and punctuation to ASCII (NFKC), for reading numbers only."""
    return unicodedata.normalize("NFKC", text)


def chinese_numeral_value(numeral: str) -> int:
    """Read a Chinese numeral: digit by digit (``二〇二六``) or with 十 (``二十七``)."""
    if "十" not in numeral:
        return int("".join(str(_CN_DIGITS[c]) for c in numeral))
    tens, _, units = numeral.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _iso(year: int, month: int, day: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[str]:
    """Every valid full date written in ``text``, in order, as ISO strings."""
    dates = []
    for match in _DATE.finditer(fold_digits(text)):
        if match["cy"]:
            parts = tuple(chinese_numeral_value(match[key]) for key in ("cy", "cm", "cd"))
        else:
            parts = (
                int(match["y"]),
                int(match["m1"] or match["m2"]),
                int(match["d1"] or match["d2"]),
            )
        iso = _iso(*parts)
        if iso:
            dates.append(iso)
    return dates


def parse_date(text: str) -> str | None:
    """The first valid full date in ``text`` as ISO ``yyyy-mm-dd``, else None."""
    dates = find_dates(text)
    return dates[0] if dates else None


def first_year(text: str) -> int | None:
    """The first ``NNNN年`` year in ``text`` (fullwidth digits too), else None."""
    for match in _YEAR.finditer(fold_digits(text)):
        year = int(match[1])
        if MIN_YEAR <= year <= MAX_YEAR:
            return year
    return None
