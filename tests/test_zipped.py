"""The safe zip helper: bombs are refused from the zip's directory, before anything is unpacked."""

from __future__ import annotations

import io
import zipfile

import pytest

from archive.errors import UnreadableFile
from archive.parsing.readers.zipped import ZipLimits, ZippedFile, clear_done


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_parts_stream_as_xml_events() -> None:
    data = _zip({"doc.xml": b"<doc>" + b"<p>text</p>" * 1000 + b"</doc>"})
    zipped = ZippedFile(data, "OFD")
    count = 0
    for _event, element in zipped.iterparse("doc.xml", events=("end",), tag="p"):
        count += element.text == "text"
        clear_done(element)
    assert count == 1000 and zipped.names() == ["doc.xml"]


def test_high_compression_ratio_is_refused_before_unpacking() -> None:
    data = _zip({"media/image1.png": bytes(50 * 1024 * 1024)})  # 50 MB of zeros pack to ~50 kB
    with pytest.raises(UnreadableFile, match="压缩炸弹"):
        ZippedFile(data, ".docx")


def test_too_many_entries_are_refused() -> None:
    data = _zip({f"part{i}.xml": b"<a/>" for i in range(30)})
    with pytest.raises(UnreadableFile, match="部件"):
        ZippedFile(data, ".docx", ZipLimits(max_entries=20))


def test_a_part_over_the_size_limit_is_not_unpacked() -> None:
    data = _zip({"big.xml": b"<a>" + b"x" * 5000 + b"</a>"})
    zipped = ZippedFile(data, ".docx", ZipLimits(max_part_bytes=1000))
    with pytest.raises(UnreadableFile, match="上限"):
        list(zipped.iterparse("big.xml"))


@pytest.mark.parametrize("xml", [b"<a><b></a>", b"<a>" * 300 + b"</a>" * 300, b"<!DOCTYPE a [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><a>&e;</a>"])
def test_broken_or_hostile_xml_is_a_broken_file(xml: bytes) -> None:
    zipped = ZippedFile(_zip({"doc.xml": xml}), ".docx")
    try:
        text = "".join(element.text or "" for _event, element in zipped.iterparse("doc.xml", events=("end",)))
    except UnreadableFile as error:
        assert "doc.xml" in str(error)
    else:
        assert "root:" not in text  # an external entity is never read


def test_missing_part_and_broken_zip_say_so() -> None:
    with pytest.raises(UnreadableFile, match="缺少"):
        list(ZippedFile(_zip({"a.xml": b"<a/>"}), "OFD").iterparse("OFD.xml"))
    with pytest.raises(UnreadableFile, match="压缩包已损坏"):
        ZippedFile(b"PK\x03\x04 not really a zip", "OFD")
