"""Finding articles whose text is (mostly) the same: MinHash over word shingles, with LSH.

An article's segment texts (not its title) are folded (``diplomacy_kb.text.fold``: no
case, no diacritics) and cut into words; every run of five consecutive words is a
*shingle*. Two texts are as similar as the Jaccard index of their shingle sets: the same
text under another title and URL scores 1; a copy with a paragraph cut, page furniture added
and a line reworded still scores about 0.7; two different reports on the same conference,
sharing stock phrases ("hội nhập quốc tế", "đối ngoại đa phương"), score under 0.1.

**Signature.** For each of 128 hash functions, the smallest hash of the text's shingles. The
chance that two texts share that minimum is their Jaccard index, so the share of equal
positions in two signatures estimates it (±0.04 around 0.6). Hash function *i* of a shingle
is the *i*-th little-endian 32-bit word of SHAKE-128(``SEED`` + the shingle in UTF-8): a
fixed, seeded family, the same in every process and on every machine (never Python's
``hash()``, which is salted per process), as good as independent random functions, and all
128 values of a shingle come from one call.

**Bands (LSH).** The signature is cut into 32 bands of 4 values; each band's hash (BLAKE2b
of its number and values, a signed 64-bit integer) is stored as one ``FingerprintBand`` row,
indexed. Texts sharing a band hash are candidates: a pair with Jaccard index *s* shares at
least one band with probability 1 - (1 - s⁴)³²: 0.99 at 0.6, 0.87 at 0.5, 0.23 at 0.3, 0.05
at 0.2. So near-copies at the 0.6 threshold are almost never missed, and the few unrelated
candidates are dropped by the signature estimate. 16 bands of 8 rows would find only a
quarter of the pairs at 0.6 (its threshold is about 0.7); 64 bands of 2 would make nearly
half the pairs at 0.1 (two texts on the same subject) candidates.

The cost of ``similar_articles`` depends on the number of candidates (at most
``CANDIDATES``), not on the size of the archive: two indexed queries.
"""

from __future__ import annotations

import hashlib
import re
import struct
import sys
from array import array
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from diplomacy_kb.text import fold

from ..models import Article, FingerprintBand, Segment
from .parse import normalise

__all__ = [
    "BANDS",
    "HASHES",
    "MIN_WORDS",
    "ROWS",
    "SAME_TEXT",
    "SAME_TITLE",
    "SAME_URL",
    "SEED",
    "SHINGLE_WORDS",
    "Duplicate",
    "DuplicateArticleError",
    "Fingerprint",
    "article_duplicates",
    "fingerprint_articles",
    "rebuild_fingerprints",
    "similar_articles",
    "text_fingerprint",
]

SHINGLE_WORDS = 5
HASHES = 128
BANDS, ROWS = 32, 4
MIN_WORDS = 20  # shorter texts (a caption, a stub) would match on a phrase: no fingerprint
SEED = b"diplomacy-kb/text-fingerprint/1\0"  # changing it (or any of the above) needs a rebuild
CANDIDATES = 100  # the most candidates whose signatures are compared, most shared bands first

_WORD = re.compile(r"\w+")
_SEEDED = hashlib.shake_128(SEED)
_BAND_VALUES = struct.Struct(f"<{ROWS}I")
if array("I").itemsize != 4:  # a C unsigned int: 4 bytes on every platform Python supports
    raise ImportError("articles.ingest.duplicates needs 32-bit unsigned ints in array('I')")


@dataclass(frozen=True)
class Fingerprint:
    """A text's MinHash signature and its LSH band hashes; both empty for a text shorter
    than ``MIN_WORDS`` words, which is never compared."""

    words: int
    signature: tuple[int, ...] = ()
    bands: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.signature)

    def similarity(self, signature: Sequence[int | None]) -> float:
        """The Jaccard index of the two texts, estimated from their signatures."""
        if not self.signature:
            return 0.0
        return sum(a == b for a, b in zip(self.signature, signature, strict=True)) / HASHES

    def band_rows(self) -> list[tuple[int, int, bytes]]:
        """(band, band hash, its values packed little-endian) for each band: what is stored."""
        return [
            (band, hash_, _band_bytes(self.signature, band))
            for band, hash_ in enumerate(self.bands)
        ]


def text_fingerprint(*, texts: Sequence[str]) -> Fingerprint:
    """The fingerprint of an article's text, given as its segments' texts in reading order.
    The segments are read as one run of words, so where the text is cut into segments does
    not matter."""
    if isinstance(texts, str):
        raise TypeError("texts is a sequence of segment texts, not one string")
    words = _WORD.findall(fold("\n".join(texts)))
    if len(words) < MIN_WORDS:
        return Fingerprint(words=len(words))
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }
    signature = _minhashes(shingles)
    bands = tuple(_band_hash(band, _band_bytes(signature, band)) for band in range(BANDS))
    return Fingerprint(words=len(words), signature=signature, bands=bands)


def _minhashes(shingles: Iterable[bytes]) -> tuple[int, ...]:
    # One SHAKE-128 output per shingle holds its 128 hash values, one row of a table; the
    # signature is the minimum of each column. array() reads the machine's byte order.
    digests = []
    for shingle in shingles:
        h = _SEEDED.copy()
        h.update(shingle)
        digests.append(h.digest(4 * HASHES))
    table = array("I", b"".join(digests))
    if sys.byteorder == "big":
        table.byteswap()
    return tuple(min(table[i::HASHES]) for i in range(HASHES))


def _band_bytes(signature: Sequence[int], band: int) -> bytes:
    return _BAND_VALUES.pack(*signature[band * ROWS : (band + 1) * ROWS])


def _band_hash(band: int, values: bytes) -> int:
    digest = hashlib.blake2b(bytes([band]) + values, digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)  # fits a BigIntegerField


def _signature(bands: dict[int, bytes]) -> tuple[int | None, ...]:
    """A stored signature put back together from its band rows (None where one is missing)."""
    values: list[int | None] = []
    for band in range(BANDS):
        packed = bands.get(band)
        values += _BAND_VALUES.unpack(packed) if packed else [None] * ROWS
    return tuple(values)


# --- reading -----------------------------------------------------------------------------------


def similar_articles(
    *,
    texts: Sequence[str],
    exclude_ids: Collection[int] = (),
    threshold: float = 0.6,
    limit: int = 5,
) -> list[tuple[Article, float]]:
    """Articles (drafts included) whose text is similar to ``texts`` (segment texts, in
    reading order), with their estimated Jaccard index, best first (then oldest first);
    those at or above ``threshold`` only, at most ``limit``. Two queries at most, whatever
    the size of the archive; none for a text shorter than ``MIN_WORDS`` words.
    """
    fingerprint = text_fingerprint(texts=texts)
    if not fingerprint or limit < 1:
        return []
    matches = FingerprintBand.objects.filter(band_hash__in=fingerprint.bands)
    if exclude_ids:
        matches = matches.exclude(article_id__in=list(exclude_ids))
    # One statement: the signatures of the articles sharing the most bands with the text.
    candidates = (
        matches.values("article_id")
        .annotate(shared=Count("*"))
        .order_by("-shared", "article_id")
        .values("article_id")[:CANDIDATES]
    )
    bands: dict[int, dict[int, bytes]] = defaultdict(dict)
    rows = (
        FingerprintBand.objects.filter(article_id__in=candidates)
        .order_by()
        .values_list("article_id", "band", "minhashes")
    )
    for article_id, band, minhashes in rows:
        bands[article_id][band] = bytes(minhashes)  # memoryview on PostgreSQL
    scored = sorted(
        (
            (article_id, fingerprint.similarity(_signature(article_bands)))
            for article_id, article_bands in bands.items()
        ),
        key=lambda scored: (-scored[1], scored[0]),
    )
    best = [(article_id, score) for article_id, score in scored if score >= threshold][:limit]
    if not best:
        return []
    articles = (
        Article.objects.select_related("publication")
        .defer("folded_text")
        .in_bulk([article_id for article_id, _score in best])
    )
    # An article deleted since its bands were read is left out.
    return [(articles[article_id], score) for article_id, score in best if article_id in articles]


# --- writing -----------------------------------------------------------------------------------


def fingerprint_articles(article_ids: Iterable[int]) -> None:
    """Recompute the fingerprints of these articles from their segments and store them;
    articles gone, or now too short, lose theirs. Only what changed is written, in one
    transaction; a handful of queries for any number of articles (give it a few thousand
    ids at a time at most). Bulk writes of segments send no signals: call this after them.
    """
    _store(set(article_ids))


def rebuild_fingerprints(*, batch_size: int = 500) -> tuple[int, int]:
    """Recompute every article's fingerprint; return (articles read, articles whose rows
    changed). Rows that are right are left alone, so a second run changes nothing. Memory
    stays bounded: the ids are streamed, ``batch_size`` articles' texts at a time."""
    read = changed = 0
    with transaction.atomic():
        ids = Article.objects.order_by("pk").values_list("pk", flat=True)
        batch: list[int] = []
        for article_id in ids.iterator(chunk_size=batch_size):
            batch.append(article_id)
            if len(batch) == batch_size:
                changed += _store(set(batch))
                read, batch = read + len(batch), []
        changed += _store(set(batch))
        read += len(batch)
    return read, changed


def _store(article_ids: set[int]) -> int:
    """Make the stored bands of ``article_ids`` match their texts; return the number of
    articles whose rows changed."""
    if not article_ids:
        return 0
    texts: dict[int, list[str]] = defaultdict(list)
    segments = (
        Segment.objects.filter(article_id__in=article_ids)
        .order_by("article_id", "position")
        .values_list("article_id", "text")
    )
    for article_id, text in segments:
        texts[article_id].append(text)
    wanted = {
        article_id: set(fingerprint.band_rows())
        for article_id, article_texts in texts.items()
        if (fingerprint := text_fingerprint(texts=article_texts))
    }
    stored: dict[int, set[tuple[int, int, bytes]]] = defaultdict(set)
    rows = (
        FingerprintBand.objects.filter(article_id__in=article_ids)
        .order_by()
        .values_list("article_id", "band", "band_hash", "minhashes")
    )
    for article_id, band, band_hash, minhashes in rows:
        stored[article_id].add((band, band_hash, bytes(minhashes)))
    changed = [i for i in article_ids if wanted.get(i, set()) != stored.get(i, set())]
    if not changed:
        return 0
    with transaction.atomic():
        FingerprintBand.objects.filter(article_id__in=changed).delete()
        FingerprintBand.objects.bulk_create(
            [
                FingerprintBand(article_id=i, band=band, band_hash=band_hash, minhashes=minhashes)
                for i in changed
                for band, band_hash, minhashes in wanted.get(i, ())
            ],
            batch_size=1000,
        )
    return len(changed)


# --- the duplicate check of a new article ------------------------------------------------------

SAME_URL = gettext_noop("the same source URL")
SAME_TITLE = gettext_noop("the same title")
SAME_TEXT = gettext_noop("most of the same text")


@dataclass(frozen=True)
class Duplicate:
    """An article already in the archive that a new one probably repeats, and why."""

    article: Article
    reason: str  # SAME_URL, SAME_TITLE or SAME_TEXT: a message id, translated where shown
    similarity: float = 0.0  # for SAME_TEXT, the estimated Jaccard index of the two texts

    @property
    def percent(self) -> int:
        return round(100 * self.similarity)


class DuplicateArticleError(ValidationError):
    """The archive already holds the article; ``existing`` lists what was found."""

    def __init__(self, existing: Sequence[Duplicate]):
        self.existing = list(existing)
        titles = "; ".join(f"“{duplicate.article.title}”" for duplicate in self.existing)
        super().__init__(
            _("The archive already has this article: %(titles)s.") % {"titles": titles},
            code="duplicate",
        )


def article_duplicates(
    *, source_url: str = "", title: str = "", texts: Sequence[str] = (), limit: int = 10
) -> list[Duplicate]:
    """Articles already in the archive that a new one probably repeats: the same source URL
    or a title equal once case and diacritics are folded (``Article.objects.duplicates_of``),
    then those with most of the same text (``similar_articles``); each article once."""
    source_url = source_url.strip()
    found = [
        Duplicate(
            article, SAME_URL if source_url and article.source_url == source_url else SAME_TITLE
        )
        for article in Article.objects.duplicates_of(title=normalise(title), source_url=source_url)
        .select_related("publication")
        .defer("folded_text")[:limit]
    ]
    if texts and len(found) < limit:
        found += [
            Duplicate(article, SAME_TEXT, similarity)
            for article, similarity in similar_articles(
                texts=texts,
                exclude_ids=[duplicate.article.pk for duplicate in found],
                limit=limit - len(found),
            )
        ]
    return found
