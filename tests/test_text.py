import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplomacy_kb import text as text_module
from diplomacy_kb.text import NameOrder, fold, name_sort_key, slugify, tone_last, tone_variants


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đà Nẵng", "da nang"),
        ("BÙI THANH SƠN", "bui thanh son"),
        ("Bùi Thanh Sơn", "bui thanh son"),
        ("Hội nhập quốc tế", "hoi nhap quoc te"),
        ("ĐẠI HỘI XIII", "dai hoi xiii"),
        ("Marc E. Knapper", "marc e. knapper"),
        ("An-giê-ri", "an-gie-ri"),
        ("Müller, François", "muller, francois"),
    ],
)
def test_fold_removes_case_and_diacritics(text, folded):
    assert fold(text) == folded


def test_tone_mark_on_either_vowel_folds_the_same():
    # Old and new style: the tone mark on the o or on the a.
    assert fold("hoà") == fold("hòa") == "hoa"
    assert fold("Hoà Bình") == fold("hòa bình")


def test_fold_keeps_one_character_per_nfc_character_for_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Đà Nẵng")
    assert len(decomposed) > len("Đà Nẵng")
    assert fold(decomposed) == "da nang"


@given(st.text())
def test_fold_offsets_line_up_with_the_nfc_text(text):
    nfc = unicodedata.normalize("NFC", text)
    assert len(fold(text)) == len(nfc)


@given(st.text())
def test_fold_is_each_character_folded_in_turn(text):
    # The translation table (worked out once per character) gives what folding each
    # character of the NFC text by itself gives.
    nfc = unicodedata.normalize("NFC", text)
    assert fold(text) == "".join(text_module._fold_char(char) for char in nfc)


def test_the_fold_table_keeps_a_bounded_number_of_characters():
    table = text_module._FOLDED
    assert ord("ệ") in table and ord("Đ") in table  # Vietnamese's from the start
    many = "".join(chr(code) for code in range(0x4E00, 0x4E00 + 2 * table.KEPT))  # CJK
    assert fold(many) == many  # folded right, kept or not
    assert len(table) <= table.KEPT
    assert fold("Ngoại giao Việt Nam") == "ngoai giao viet nam"


def test_match_in_folded_text_highlights_original():
    text = "Thứ trưởng Bùi Thanh Sơn phát biểu tại Đà Nẵng."
    start = fold(text).index("da nang")
    assert text[start : start + len("da nang")] == "Đà Nẵng"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Bùi Thanh Sơn", "bui-thanh-son"),
        ("Đà Nẵng", "da-nang"),
        ("Hội nghị Ngoại vụ toàn quốc lần thứ 18", "hoi-nghi-ngoai-vu-toan-quoc-lan-thu-18"),
        ("Chỉ thị 25-CT/TW", "chi-thi-25-ct-tw"),
        ("Marc E. Knapper", "marc-e-knapper"),
        ("  —  ", ""),
    ],
)
def test_slugify_is_ascii(text, slug):
    assert slugify(text) == slug


def test_vietnamese_names_sort_by_given_name_then_the_rest():
    names = ["Vũ Đức Đam", "Bùi Thanh Sơn", "Nguyễn Xuân Phúc", "Lê Hoài Trung", "Đào Ngọc Dung"]
    # Given names Dung, Đam, Phúc, Sơn, Trung: d comes before đ in the Vietnamese alphabet.
    assert sorted(names, key=name_sort_key) == [
        "Đào Ngọc Dung",
        "Vũ Đức Đam",
        "Nguyễn Xuân Phúc",
        "Bùi Thanh Sơn",
        "Lê Hoài Trung",
    ]


def test_same_given_name_sorts_by_family_name():
    names = ["Nguyễn Văn Thành", "Lê Thành", "Nguyễn Trung Thành"]
    assert sorted(names, key=name_sort_key) == [
        "Lê Thành",
        "Nguyễn Trung Thành",
        "Nguyễn Văn Thành",
    ]


def test_vietnamese_alphabet_order_of_modified_letters():
    # a < ă < â, o < ô < ơ, u < ư, d < đ: "Anh" before "Ân", "Dung" before "Đam".
    assert sorted(["Lê Ân", "Trần Anh", "Phạm An"], key=name_sort_key) == [
        "Phạm An",
        "Trần Anh",
        "Lê Ân",
    ]
    assert name_sort_key("Vũ Đức Đam") > name_sort_key("Đào Ngọc Dung")


def test_tone_marks_only_break_ties():
    # "Hoa" < "Hòa" < "Hóa" by tone, but "Hòa" < "Hoan" by letters first.
    keys = sorted(["Lê Hóa", "Lê Hoan", "Lê Hòa", "Lê Hoa"], key=name_sort_key)
    assert keys == ["Lê Hoa", "Lê Hòa", "Lê Hóa", "Lê Hoan"]


def test_foreign_names_sort_by_surname_or_family_name():
    assert name_sort_key("Marc E. Knapper", NameOrder.WESTERN).startswith(
        name_sort_key("Knapper", NameOrder.WESTERN)[:10]
    )
    western = sorted(
        ["Marc E. Knapper", "Ann Ashe", "Zoe Brown"],
        key=lambda n: name_sort_key(n, NameOrder.WESTERN),
    )
    assert western == ["Ann Ashe", "Zoe Brown", "Marc E. Knapper"]
    family_first = sorted(
        ["Wang Yi", "Li Qiang"], key=lambda n: name_sort_key(n, NameOrder.FAMILY_FIRST)
    )
    assert family_first == ["Li Qiang", "Wang Yi"]


def test_sort_key_is_plain_ascii_letters_and_digits():
    key = name_sort_key("Nguyễn Thị Ánh Hồng")
    assert key and key.isascii() and key.isalnum() and key == key.lower()


def test_unknown_name_order_is_refused():
    with pytest.raises(ValueError, match="unknown name order"):
        name_sort_key("Bùi Thanh Sơn", "reverse")


def test_a_words_tone_variants_are_every_way_to_write_it():
    nfc = [unicodedata.normalize("NFC", w) for w in ("hòa", "hoà")]
    assert set(nfc) <= set(tone_variants(tone_last("hoà")))
    assert tone_variants(tone_last("hòa")) == tone_variants(tone_last("hoà"))
    for word in ("hợp", "tác", "đảng", "thuỷ", "hoa", "ăn"):
        variants = tone_variants(tone_last(word))
        assert unicodedata.normalize("NFC", word) in variants
        assert {tone_last(v) for v in variants} == {tone_last(word)}
    assert tone_variants("hoa") == ["hoa"]
    assert tone_variants(tone_last("hoà") + "\u0301") is None  # two tone marks
