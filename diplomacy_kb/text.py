"""Vietnamese text helpers: folding for matching, ASCII slugs, and the given-name sort key."""

import functools
import re
import unicodedata

# Marks that change a Vietnamese letter into another letter of the alphabet
# (ă â ê ô ơ ư), as opposed to the five tone marks.
_BREVE = "\u0306"
_CIRCUMFLEX = "\u0302"
_HORN = "\u031b"
_TONES = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
# Rank of a letter after its base letter in the Vietnamese alphabet:
# a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư.
_LETTER_RANK = {_BREVE: 2, _CIRCUMFLEX: 3, _HORN: 4}


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0]
    lowered = base.lower()
    # Exactly one character out for each one in (a few characters, e.g. "İ", lower to two).
    return lowered if len(lowered) == 1 else char


class _FoldTable(dict):
    """``str.translate``'s table for ``fold``: each character's folded form (by its code),
    worked out by ``_fold_char`` the first time it is met. A call per character cost a
    microsecond each, most of a search page's snippets. The Latin letters, Vietnamese's
    among them, and the combining marks are worked out at once; at most ``KEPT`` others are
    kept as they are met, so no text can grow the table without bound, nor push those out."""

    KEPT = 4096 + 0x250 + 0x70 + 0x100

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < self.KEPT:
            self[code] = folded
        return folded


_FOLDED = _FoldTable()
for _first, _last in ((0x0000, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF)):
    for _code in range(_first, _last + 1):
        _FOLDED[_code] = _fold_char(chr(_code))


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics, mapping đ to d.

    The input is NFC-normalised first, and the result has exactly one character for each
    character of the NFC input, so an offset found in the folded text is the same offset
    in ``unicodedata.normalize("NFC", text)``.
    """
    return unicodedata.normalize("NFC", text).translate(_FOLDED)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def tone_last(word: str) -> str:
    """``word`` with its tone mark moved to its end (its letters NFC, the mark decomposed):
    "hoà" and "hòa" both give "hoa" + U+0300. The old and the new style put the tone mark on
    different vowels; after this they compare equal, while "đảng" and "đang" still differ."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(c for c in decomposed if c in _TONES)
    letters = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", letters) + tones


def tone_variants(word: str) -> list[str] | None:
    """Every NFC word whose ``tone_last`` is ``word`` (a word as ``tone_last`` gives it): its
    letters with its tone mark, if any, on any one of them ("hoà" and "hòa", and "hoạ" for
    "họa"'s), or None for a word with more than one tone mark."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    letters = "".join(c for c in decomposed if c not in _TONES)
    if not tones:
        return [unicodedata.normalize("NFC", letters)]
    if len(tones) > 1:
        return None
    # After each letter and the marks that belong to it (NFC orders a letter's marks itself).
    ends = [i for i in range(1, len(letters) + 1) if i == len(letters) or not _is_mark(letters[i])]
    return sorted(
        {unicodedata.normalize("NFC", letters[:end] + tones[0] + letters[end:]) for end in ends}
    )


def _is_mark(char: str) -> bool:
    return unicodedata.combining(char) != 0


def slugify(text: str, *, max_length: int = 200) -> str:
    """An ASCII slug: "Bùi Thanh Sơn" -> "bui-thanh-son", "Đà Nẵng" -> "da-nang"."""
    ascii_text = unicodedata.normalize("NFKD", fold(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:max_length].rstrip("-")


class NameOrder:
    """How a personal name is written, which decides the word it sorts by."""

    VIETNAMESE = "vietnamese"  # family name first, given name last: sort by the given name
    WESTERN = "western"  # given names first, surname last: sort by the surname
    FAMILY_FIRST = "family_first"  # e.g. Chinese or Korean order: sort by the family name

    choices = (VIETNAMESE, WESTERN, FAMILY_FIRST)


@functools.lru_cache(maxsize=50_000)
def _word_key(word: str) -> tuple[str, str]:
    """Primary key (letters in Vietnamese alphabet order) and tone key of one word. Cached:
    an archive's names share most of their words, so ten thousand names sort in a fraction
    of a second (the agency tree sorts every agency's name)."""
    primary, tones = [], []
    for char in unicodedata.normalize("NFC", word):
        if char in "đĐ":
            primary.append("d2")
            tones.append("0")
            continue
        decomposed = unicodedata.normalize("NFD", char.lower())
        base = decomposed[0]
        if not ("a" <= base <= "z"):
            continue
        marks = decomposed[1:]
        rank = max((_LETTER_RANK.get(m, 1) for m in marks), default=1)
        tone = max((_TONES.get(m, 0) for m in marks), default=0)
        primary.append(f"{base}{rank}")
        tones.append(str(tone))
    return "".join(primary), "".join(tones)


def name_sort_key(name: str, order: str = NameOrder.VIETNAMESE) -> str:
    """A key that sorts personal names as a directory does.

    Vietnamese and Western names sort by their last word (the given name, the surname),
    then by the rest in order; family-first names by their first word. Letters follow
    the Vietnamese alphabet (a < ă < â < b ..., d < đ, o < ô < ơ), and tone marks only
    break ties, in dictionary order (none, huyền, hỏi, ngã, sắc, nặng).

    The key uses only the characters 0-9 and a-z, so it sorts the same under a binary
    collation (SQLite) and under the locale collations PostgreSQL clusters commonly use.
    """
    words = [w for w in re.split(r"[\s\-]+", name.strip()) if _word_key(w)[0]]
    if not words:
        return ""
    if order in (NameOrder.VIETNAMESE, NameOrder.WESTERN):
        words = [words[-1], *words[:-1]]
    elif order != NameOrder.FAMILY_FIRST:
        raise ValueError(f"unknown name order {order!r}; use one of {', '.join(NameOrder.choices)}")
    keys = [_word_key(w) for w in words]
    # "0" separates words and sorts before every letter code, so "An" sorts before "Anh";
    # "00" separates the letters from the tone digits, which then only break ties.
    return "0".join(k[0] for k in keys) + "00" + "".join(k[1] for k in keys)
