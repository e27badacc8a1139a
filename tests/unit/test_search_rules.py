"""Search rules (app.rules.search): words, whole-word matching, ranking."""
import re
import unicodedata

import pytest

from app.rules.search import (MAX_WORDS, Word, as_typed, matches, parse, rank, ranked,
                               word_pattern, words)
from app.rules.text import fold


@pytest.mark.parametrize("text,expected", [
    ("Quá hạn", [("quá", "qua"), ("hạn", "han")]),
    ("  hạn   HÁN ", [("hạn", "han"), ("hán", "han")]),
    ("Đắk Lắk", [("đắk", "dak"), ("lắk", "lak")]),
    ("45/2016/QĐ-UBND", [("45", "45"), ("2016", "2016"), ("qđ", "qd"), ("ubnd", "ubnd")]),
    ("M'Đrắk, Cư M'gar.", [("m", "m"), ("đrắk", "drak"), ("cư", "cu"), ("m", "m"),
                           ("gar", "gar")]),
    ("(báo cáo) “quá hạn”!", [("báo", "bao"), ("cáo", "cao"), ("quá", "qua"), ("hạn", "han")]),
    # Decomposed accents, as some keyboards type them, read as composed ones.
    (unicodedata.normalize("NFD", "quá hạn"), [("quá", "qua"), ("hạn", "han")]),
    ("", []),
    (None, []),
    ("%%% ---", []),
])
def test_words(text, expected):
    assert [(w.exact, w.folded) for w in words(text)] == expected


@pytest.mark.parametrize("text", [
    "Rà soát, báo cáo tình hình quản lý đất đai (ghi chú)",
    "Số 1234/UBND-TH của Ủy ban nhân dân tỉnh Đắk Lắk; người ký: Phạm Ngọc Nghị",
    "M'Đrắk — Cư M'gar — Ea H'leo",
])
def test_words_fold_like_the_stored_key(text):
    """The database matches on fold(text); the words of fold(text) are the
    folded words of text, so both sides cut words the same way."""
    assert re.findall(r"\w+", fold(text)) == [w.folded for w in words(text)]


@pytest.mark.parametrize("typed,folded,truncated", [
    ("quá hạn", ("qua", "han"), False),
    ("QUÁ hạn quá", ("qua", "han"), False),
    ("hạn hán", ("han",), False),
    ("   ", (), False),
    ("100%_", ("100", "_"), False),
    (" ".join(f"w{i}" for i in range(MAX_WORDS + 3)),
     tuple(f"w{i}" for i in range(MAX_WORDS)), True),
])
def test_parse(typed, folded, truncated):
    query = parse(typed)
    assert query.folded == folded
    assert query.truncated is truncated
    assert bool(query) is bool(folded)


def test_parse_keeps_each_spelling_once():
    assert parse("hạn HẠN hán han").words == (Word("hạn", "han"), Word("hán", "han"),
                                              Word("han", "han"))


@pytest.mark.parametrize("typed,text,found", [
    # The reported defect: "quá hạn" found "hạn hán" (the "qua" of "quan").
    ("quá hạn", "Khắc phục hậu quả hạn hán", True),  # "quả" is the word "qua"
    ("quá hạn", "Phòng, chống hạn hán, bảo đảm nước tưới", False),
    ("quá hạn", "Quản lý hạn mức tín dụng", False),  # "quan" is not "qua"
    ("quá hạn", "Nhiệm vụ quá hạn", True),
    ("qua han", "Nhiệm vụ quá hạn", True),  # accents optional
    ("QUÁ HẠN", "nhiệm vụ quá hạn", True),
    ("hạn quá", "nhiệm vụ quá hạn", True),  # every word, any order
    ("quá hạn", "Nhiệm vụ quá thời gian", False),  # every word
    ("dat", "quản lý đất đai", True),
    ("da", "quản lý đất đai", False),  # whole words only
    ("dai", "đại hội", True),
    ("ubnd", "1234/UBND-TH", True),
    ("1234/ubnd", "Số 1234/UBND-TH", True),
    ("123", "Số 1234/UBND-TH", False),
    ("m'drak", "Huyện M'Đrắk", True),
    ("drak", "Huyện M'Đrắk", True),
    ("", "anything", False),
    ("quá hạn", "", False),
    ("quá hạn", None, False),
])
def test_matches(typed, text, found):
    assert matches(parse(typed), text) is found


@pytest.mark.parametrize("folded_word,text,found", [
    ("qua", "qua han", True),
    ("qua", "nhiem vu qua han", True),
    ("qua", "nhiem vu qua", True),
    ("qua", "quan ly", False),
    ("qua", "thong qua.", True),
    ("qua", "(qua)", True),
    ("han", "han-han", True),
    ("han", "khan", False),
    ("45", "so 45/2016/qd-ubnd", True),
    ("_", "a_b", False),
])
def test_word_pattern_is_a_whole_word(folded_word, text, found):
    """Python's re is what SQLite's REGEXP runs; PostgreSQL gets the same
    pattern (checked against the database in tests/integration/test_search.py)."""
    assert (re.search(word_pattern(folded_word), text) is not None) is found


@pytest.mark.parametrize("typed,text,expected", [
    ("quá hạn", "Nhiệm vụ QUÁ HẠN", True),
    ("quá hạn", "hạn đã quá", True),
    ("quá hạn", "Khắc phục hậu quả hạn hán", False),  # quả is not quá
    ("quá hạn", "qua han", False),
    ("qua han", "Nhiệm vụ quá hạn", True),  # typed without accents: any accents
    ("qua han", "Khắc phục hậu quả hạn hán", True),
    ("quá han", "hậu quả hạn hán", False),  # accents where typed, any elsewhere
    ("quá han", "đã quá hạn", True),
    ("dak lak", "Đắk Lắk", True),
    ("đắk lắk", "Dak Lak", False),
    ("đak", "Đắk", False),  # đ is an accent too
    ("quá hạn", "Quản lý hạn mức", False),
    ("", "anything", False),
])
def test_as_typed(typed, text, expected):
    assert as_typed(parse(typed), text) is expected


@pytest.mark.parametrize("typed,better,worse", [
    # The phrase exactly as typed beats the same words apart.
    ("quá hạn", "Báo cáo nhiệm vụ quá hạn", "Hạn chót đã quá, chưa báo cáo"),
    # Words with their accents beat the same letters with others.
    ("quá hạn", "Quá thời hạn báo cáo", "Khắc phục hậu quả hạn hán"),
    ("quá hạn", "Khắc phục hậu quả, hạn chế", "Qua cầu, hàn đường"),
    # Typed without accents: any accents are as typed; the letters written
    # so, together, come first; then together with accents; then apart.
    ("qua han", "ghi chu: qua han", "Nhiệm vụ quá hạn"),
    ("qua han", "Nhiệm vụ quá hạn", "Thông qua kế hoạch, hạn chót"),
    ("qua han", "Quả hạn", "hạn quả"),
])
def test_rank_puts_the_exact_words_first(typed, better, worse):
    query = parse(typed)
    assert matches(query, better) and matches(query, worse)
    assert rank(query, better) > rank(query, worse)


def test_ranked_keeps_the_callers_order_among_equals():
    query = parse("quá hạn")
    rows = ["Khắc phục hậu quả hạn hán (1)", "Nhiệm vụ quá hạn (2)",
            "Hậu quả hạn hán (3)", "Quá hạn báo cáo (4)", "hạn ... quá (5)"]
    assert ranked(query, rows, str) == ["Nhiệm vụ quá hạn (2)", "Quá hạn báo cáo (4)",
                                        "hạn ... quá (5)", "Khắc phục hậu quả hạn hán (1)",
                                        "Hậu quả hạn hán (3)"]
