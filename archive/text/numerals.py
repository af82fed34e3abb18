"""Numbers as reports write them: Arabic (``1,234.5``) or Chinese numerals, digit by digit
(``二〇二六``, ``二0一0``) or with powers (``二十七``, ``六千``, ``一万二千``, ``四十七点三``, ``百``).

The one digit table of the archive: ``dates`` reads years and days with it, ``figures`` counts.
"""

from __future__ import annotations

_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2, "O": 0, "o": 0, "0": 0}
_POWERS = {"十": 10, "百": 100, "千": 1000}
_SECTIONS = (("亿", 100_000_000), ("万", 10_000))
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千"


def is_typed_number(text: str) -> bool:
    """Whether ``text``, a number a person gives (a URL's ``page``, the CLI's ``--page``), is ASCII
    digits only: ``int()`` also takes ``1_0`` (10), ``٣`` (3), ``２``, `` 2`` and ``+2``."""
    return text.isascii() and text.isdigit()


def not_typed_number(text: str, label: str = "") -> str:
    """What to say of ``text`` given as the number ``label`` names that is not one (``is_typed_number``)."""
    return f"{label}应为整数（数字 0–9），而不是“{text}”。"


def numeral_value(numeral: str) -> float:
    """The value of an Arabic number (commas allowed) or a Chinese numeral:
    ``1,100.76`` 1100.76, ``4·3`` 4.3, ``二〇二六`` 2026, ``二十七`` 27, ``一万二千`` 12000, ``四十七点三`` 47.3,
    ``2千`` 2000."""
    if numeral[0].isdigit() and not set(numeral) & set(CHINESE_DIGITS):
        return float(numeral.replace(",", "").replace("·", ".").replace(" ", ""))  # (1 6 5 5: a scraping artifact)
    if numeral[0].isdigit() and numeral[-1] in _POWERS and numeral[:-1].replace(".", "", 1).isdigit():
        return float(numeral[:-1]) * _POWERS[numeral[-1]]
    whole, _, decimals = numeral.partition("点")
    fraction = float("0." + "".join(str(_DIGITS[c]) for c in decimals)) if decimals else 0.0
    return _whole(whole) + fraction


def _whole(numeral: str) -> float:
    for mark, factor in _SECTIONS:
        if mark in numeral:
            high, _, low = numeral.partition(mark)
            return (_whole(high) if high else 1) * factor + (_whole(low) if low else 0)
    total, digit = 0, None
    for char in numeral:
        if char in _POWERS:
            total += (1 if digit is None else digit) * _POWERS[char]
            digit = None
        else:  # digit by digit: 二〇二六
            digit = _DIGITS[char] if digit is None else digit * 10 + _DIGITS[char]
    return float(total + (digit or 0))
