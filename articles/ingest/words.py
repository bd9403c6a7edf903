"""Text as folded words with their offsets, and a trie of names made of such words.

Every name is folded (``diplomacy_kb.text.fold``: case and diacritics ignored) and split
into words; a name is a path of words in the trie. The text is folded once and split the
same way, and the trie is walked from each word, so finding every known name costs time in
proportion to the text, not to the number of names, and a name only ever matches whole
words ("UN" is not found in "trung").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from diplomacy_kb.text import fold, nfc, tone_last

WORD = re.compile(r"\w+")
# Spaces, hyphens, dashes and commas between words are all alike when comparing names
# ("Văn hóa, Thể thao" and "Văn hóa - Thể thao", "An-giê-ri" and "An giê ri"); any other
# punctuation must be the same ("Marc E. Knapper", "VHTT&DL"), so no name runs over a
# full stop.
_LOOSE = str.maketrans("", "", " -\u2010\u2011\u2012\u2013\u2014,")
_END = None  # the trie key under which a node keeps the names that end there


def spelling(text: str) -> str:
    """``text`` as compared when diacritics matter but case and the place of the tone mark
    do not: "Vụ" and "vụ" are one spelling, "Vũ" another."""
    return " ".join(tone_last(word) for word in nfc(text).lower().split())


def loose_gap(text: str) -> str:
    """The punctuation between two words that matters when comparing names."""
    return text.translate(_LOOSE)


@dataclass(frozen=True)
class Words:
    """One stretch of text (a title, a segment, a label) split into folded words, with the
    offsets of each word in the NFC text (folding keeps offsets)."""

    text: str
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Words:
        text = nfc(text)
        matches = list(WORD.finditer(fold(text)))
        return cls(
            text,
            tuple(m.group() for m in matches),
            tuple(m.start() for m in matches),
            tuple(m.end() for m in matches),
        )

    def __len__(self) -> int:
        return len(self.words)

    def gap(self, i: int) -> str:
        """The text between word ``i`` and word ``i + 1`` (or the end), as written."""
        if i + 1 >= len(self.words):
            return self.text[self.ends[i] :]
        return self.text[self.ends[i] : self.starts[i + 1]]

    def before(self, i: int) -> str:
        """The text between word ``i - 1`` (or the start) and word ``i``."""
        return self.text[self.ends[i - 1] if i else 0 : self.starts[i]]

    def hard_gap(self, i: int) -> bool:
        """Whether punctuation other than spaces, hyphens and commas follows word ``i``."""
        return bool(loose_gap(self.gap(i)))

    def capitalised(self, i: int) -> bool:
        return self.text[self.starts[i]].isupper()

    def upper(self, i: int) -> bool:
        """Whether word ``i`` is printed in capitals (more than one letter)."""
        word = self.text[self.starts[i] : self.ends[i]]
        return len(word) > 1 and word.isupper()

    def written(self, start: int, end: int) -> str:
        """Words ``start`` to ``end - 1`` as written."""
        return self.text[self.starts[start] : self.ends[end - 1]]

    def spelt(self, start: int, end: int, forms) -> bool:
        """Whether words ``start`` to ``end - 1`` are spelt as one of ``forms`` (already
        passed through ``spelling``)."""
        return spelling(self.written(start, end)) in forms

    def sentence_start(self, i: int) -> bool:
        """Whether word ``i`` opens a sentence (or the stretch)."""
        before = self.before(i).strip()
        return i == 0 or before[-1:] in {".", "!", "?", ":", "…", "\u201c", '"', "("}

    def mostly_upper(self) -> bool:
        """A stretch printed in capitals (a heading), where case tells nothing."""
        letters = [w for i, w in enumerate(self.words) if not w.isdigit()]
        return (
            len(letters) >= 3
            and sum(self.upper(i) for i in range(len(self))) * 4 >= len(letters) * 3
        )


class Trie:
    """Folded names as paths of words (and the punctuation between them).

    Given the ``vocabulary`` of the text to search, it keeps only the names made of words
    the text has: most of the archive's names are then skipped after a split and a few set
    lookups, and the trie stays small.
    """

    def __init__(self, vocabulary: set[str] | None = None) -> None:
        self.root: dict[Any, Any] = {}
        self.vocabulary = vocabulary

    def add(self, folded_name: str, value: Any) -> None:
        words = folded_name.split(" ")
        vocabulary = self.vocabulary
        if vocabulary is not None and words[0] not in vocabulary and words[0].isalnum():
            return
        if all(word.isalnum() for word in words):
            # The common case, words and single spaces: no need for the regular expression.
            steps = [("", word) for word in words[1:]]
        else:
            matches = list(WORD.finditer(folded_name))
            if not matches:
                return
            words = [m.group() for m in matches]
            steps = [
                (loose_gap(folded_name[previous.end() : match.start()]), match.group())
                for previous, match in pairwise(matches)
            ]
        if vocabulary is not None and not all(word in vocabulary for word in words):
            return
        if all(word.isdigit() for word in words):
            return  # "22" alone is not a name worth finding
        node = self.root.setdefault(words[0], {})
        for step in steps:
            node = node.setdefault(step, {})
        values = node.setdefault(_END, [])
        if value not in values:
            values.append(value)

    def walk(self, words: Words, start: int) -> Iterator[tuple[int, list]]:
        """(end, values) for every name that starts at word ``start``, shortest first."""
        node = self.root.get(words.words[start])
        i = start
        while node is not None:
            if _END in node:
                yield i + 1, node[_END]
            if i + 1 >= len(words):
                return
            node = node.get((loose_gap(words.gap(i)), words.words[i + 1]))
            i += 1

    def longest(self, words: Words, start: int) -> tuple[int, list] | None:
        found = None
        for found in self.walk(words, start):  # noqa: B007 (the last is the longest)
            pass
        return found

    def longest_spelt(self, words: Words, start: int) -> tuple[int, Any] | None:
        """(end, value) of the longest name from word ``start`` that the text spells as the
        name is spelt, diacritics included (the trie's values are ``(spelling, value)``)."""
        for end, values in reversed(list(self.walk(words, start))):
            written = spelling(words.written(start, end))
            for form, value in values:
                if form == written:
                    return end, value
        return None
