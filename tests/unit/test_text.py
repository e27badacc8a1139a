import pytest

from app.rules.text import fold, small_number


@pytest.mark.parametrize("text,expected", [
    ("Krông Pắc", "krong pac"),
    ("  krong   PAC ", "krong pac"),
    ("Đắk Lắk", "dak lak"),
    ("quản lý đất đai", "quan ly dat dai"),
    ("M'Đrắk", "m'drak"),
    ("Cư M'gar", "cu m'gar"),
    ("Sở Tài nguyên và Môi trường", "so tai nguyen va moi truong"),
    ("", ""),
    (None, ""),
])
def test_fold(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize("value, digits, expected", [
    ("42", 9, 42), ("007", 9, 7), ("²", 9, None), ("١٢", 9, None), ("-1", 9, None),
    ("", 9, None), (" 4", 9, None), ("1234567890", 9, None), ("1234567890", 10, 1234567890),
    (None, 9, None), (42, 9, None),
])
def test_small_number(value, digits, expected):
    assert small_number(value, digits) == expected
