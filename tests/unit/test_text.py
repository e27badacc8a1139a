import pytest

from app.rules.text import fold


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
