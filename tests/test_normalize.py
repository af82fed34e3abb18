"""Character normalization: what matches what, and spans that map back exactly."""

import pytest

from archive.text.normalize import normalize, normalize_with_offsets, original_span


@pytest.mark.parametrize(
    ("original", "normalized"),
    [
        ("１９８８年", "1988年"),  # full-width digits
        ("１１．２％", "11.2%"),  # full-width punctuation
        ("A级", "a级"),  # case
        ("Ａ级", "a级"),  # full-width Latin
        ("聽了劉少奇同志關於憲法草案的報告", "听了刘少奇同志关于宪法草案的报告"),  # traditional
        ("（一）依法行政", "(一)依法行政"),
        ("　　各位代表", "  各位代表"),  # ideographic spaces
        ("双随机、一公开", "双随机、一公开"),  # simplified text is unchanged
    ],
)
def test_normalize(original: str, normalized: str) -> None:
    assert normalize(original) == normalized


def test_line_breaks_stay_paragraph_breaks() -> None:
    assert normalize("甲\r\n乙\u2028丙") == "甲\n\n乙\n丙"


def test_offsets_are_none_when_lengths_agree() -> None:
    assert normalize_with_offsets("执法检查206次") == ("执法检查206次", None)


def test_expanding_characters_map_back_to_whole_characters() -> None:
    text = "拆除584宗27474㎡，见①"
    normalized, offsets = normalize_with_offsets(text)
    assert normalized == "拆除584宗27474m2,见1"
    start = normalized.index("m2")
    assert original_span(offsets, start, start + 2) == (text.index("㎡"), text.index("㎡") + 1)
    # Half of an expanded character still covers the whole character.
    assert original_span(offsets, start, start + 1) == (text.index("㎡"), text.index("㎡") + 1)
    start = normalized.index("27474")
    span = original_span(offsets, start, start + 5)
    assert text[span[0]:span[1]] == "27474"
