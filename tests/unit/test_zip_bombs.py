"""Uploads that are zip archives (Office files) cannot unpack to gigabytes
(issue 9): what the archive's directory promises is bounded, and the one
entry ever inflated is read a few bytes at most, whatever it claims."""
import io
import struct
import tracemalloc
import zipfile

import pytest

from app.rules import RuleError
from app.services.files import MAX_UNPACKED_BYTES, check_file

ODT = b"application/vnd.oasis.opendocument.text"


def _zip(entries, level=9):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def _claim(data, name, size):
    """The archive with ``name``'s central-directory entry claiming ``size`` bytes."""
    at = data.index(b"PK\x01\x02")
    while True:
        name_len = struct.unpack("<H", data[at + 28:at + 30])[0]
        if data[at + 46:at + 46 + name_len] == name.encode():
            return data[:at + 24] + struct.pack("<I", size) + data[at + 28:]
        at = data.index(b"PK\x01\x02", at + 4)


def test_a_real_odt_passes():
    data = _zip([("mimetype", ODT), ("content.xml", b"<office:document-content/>")])
    assert check_file("bao-cao.odt", data, 20 * 1024 * 1024)[1] == ".odt"


def test_an_entry_that_inflates_hugely_is_read_a_few_bytes_only():
    # 64 MB of zeros after the right type: compresses to a few kB.
    data = _zip([("mimetype", ODT + b"\0" * (64 * 1024 * 1024))])
    assert len(data) < 200 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(RuleError):
            check_file("bom.odt", data, 20 * 1024 * 1024)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, peak


def test_an_archive_promising_too_much_is_refused_with_the_reason():
    data = _claim(_zip([("mimetype", ODT), ("content.xml", b"x" * 1000)]), "content.xml",
                  MAX_UNPACKED_BYTES + 1)
    with pytest.raises(RuleError) as refused:
        check_file("bom.odt", data, 20 * 1024 * 1024)
    assert "unpack" in refused.value.message


def test_too_many_entries_are_refused():
    data = _zip([(f"f{i}", b"") for i in range(20001)], level=1)
    with pytest.raises(RuleError) as refused:
        check_file("bom.docx", data, 20 * 1024 * 1024)
    assert "unpack" in refused.value.message
