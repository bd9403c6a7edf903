"""Full-text search over articles, interview answers and entities, on SQLite and PostgreSQL.

Both backends index the same text: every name, title and segment folded (no case, no
diacritics, đ as d) and cut into words of letters and digits, joined by single spaces. So
"Đà Nẵng", "da nang" and "ĐÀ NẴNG" are the same two words to either engine, "hoà" and "hòa"
are the same word, and a query is tokenised exactly as the text was. SQLite keeps the words in
an FTS5 table; PostgreSQL in a generated ``tsvector`` column (``simple`` configuration, no
stemming) with a GIN index. The SQL for each lives in ``_sqlite_*`` and ``_postgres_*``.

A query is words (all must match), "quoted phrases" (the words in that order, adjacent) and
-exclusions (-word or -"a phrase"). Nothing a user types reaches either engine's query
syntax: terms are folded to plain words first and passed as parameters.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from diplomacy_kb.text import fold, tone_last, tone_variants

MAX_QUERY = 500  # characters; anything longer is cut before parsing
MAX_TERMS = 16
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The folded words of ``text``, as the index stores them."""
    return _WORD.findall(fold(text))


def word_text(*parts: str) -> str:
    return " ".join(w for part in parts if part for w in words(part))


# --- queries -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    raw: str
    required: tuple[tuple[str, ...], ...] = ()  # each a word (1 item) or a phrase
    excluded: tuple[tuple[str, ...], ...] = ()
    typed: tuple[str, ...] = ()  # the required terms as typed, diacritics and all
    truncated: bool = False  # the text was longer than MAX_QUERY and was cut

    def __bool__(self) -> bool:
        return bool(self.required)

    @property
    def only_exclusions(self) -> bool:
        return not self.required and bool(self.excluded)

    @property
    def together(self) -> tuple[str, ...]:
        """Every required word in the order typed, as one phrase, when there are several
        terms ("hoi nghi ngoai vu"): hits holding them side by side rank first (after title
        matches), and the snippet marks them as one phrase. Empty for a single term."""
        if len(self.required) < 2:
            return ()
        return tuple(word for term in self.required for word in term)


_PART = re.compile(r'(?P<neg>(?<!\S)-)?(?:"(?P<phrase>[^"]*)(?:"|$)|(?P<word>[^\s"]+))')


def parse_query(text: str) -> Query:
    """Words, "phrases" and -exclusions; never fails, whatever ``text`` holds.

    A word that folds to several (e.g. "an-giê-ri", "25-CT/TW") is searched as a phrase, since
    it was typed as one. An unbalanced quote runs to the end of the text. NUL characters are
    dropped (PostgreSQL refuses them in text).
    """
    text = unicodedata.normalize("NFC", (text or "").replace("\x00", "")).strip()
    truncated = len(text) > MAX_QUERY
    text = text[:MAX_QUERY]
    required: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []
    typed: list[str] = []
    for match in _PART.finditer(text):
        spelled = match["phrase"] if match["phrase"] is not None else match["word"]
        term = tuple(words(spelled))
        if not term:
            continue
        target = excluded if match["neg"] else required
        if term not in target and len(required) + len(excluded) < MAX_TERMS:
            target.append(term)
            if not match["neg"]:
                typed.append(spelled)
    return Query(
        raw=text,
        required=tuple(required),
        excluded=tuple(excluded),
        typed=tuple(typed),
        truncated=truncated,
    )


def validate_query(text: str) -> None:
    """For a form field: refuse text that holds nothing to search for, or far too much."""
    if len(text) > MAX_QUERY:
        raise ValidationError(
            _("The text is %(length)s characters long; a search takes at most %(max)s."),
            code="max_length",
            params={"length": len(text), "max": MAX_QUERY},
        )
    query = parse_query(text)
    if not query and not query.only_exclusions:
        raise ValidationError(
            _("Type at least one word made of letters or digits."), code="no_words"
        )


# --- the backends --------------------------------------------------------------------------

TABLE = "articles_searchentry"
FTS_TABLE = "articles_searchentry_fts"
# SQLite: the drafts' own full-text table (see migration 0015), apart so that they weigh
# nothing in the public table's statistics.
DRAFTS_FTS_TABLE = "articles_searchentry_fts_drafts"
# SQLite: the entities' entries copied into a table of their own (migration 0028), from which
# the results page ranks them (``search_rank``); they stay in the public table too.
ENTITIES_FTS_TABLE = "articles_searchentry_fts_entities"


def sqlite_parts(query: Query) -> tuple[str, str]:
    """The FTS5 query's two halves: every required term, and the exclusions to append."""
    # FTS5: a double-quoted string is a phrase; juxtaposition is AND. Words hold only letters
    # and digits, so no quoting inside is needed.
    positive = " AND ".join('"' + " ".join(term) + '"' for term in query.required)
    negative = "".join(' NOT "' + " ".join(term) + '"' for term in query.excluded)
    return f"({positive})", negative


def sqlite_match(query: Query) -> str:
    """SQLite: the query as one FTS5 query."""
    return "".join(sqlite_parts(query))


def postgres_tsquery(query: Query) -> tuple[str, list]:
    """PostgreSQL: the query as one ``tsquery`` expression, and its parameters."""
    parts = ["phraseto_tsquery('simple', %s)" for _ in query.required]
    parts += ["!! phraseto_tsquery('simple', %s)" for _ in query.excluded]
    params = [" ".join(t) for t in (*query.required, *query.excluded)]
    return "(" + " && ".join(parts) + ")", params


def _matches_sql(query: Query) -> tuple[str, list]:
    """SQL selecting the ids (``entry_id``) of the index entries that match ``query``."""
    if connection.vendor == "postgresql":
        tsquery, params = postgres_tsquery(query)
        return f"SELECT e.id AS entry_id FROM {TABLE} e WHERE e.document @@ {tsquery}", params
    sql = f"SELECT {FTS_TABLE}.rowid AS entry_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    return sql, [sqlite_match(query)]


# The entries (as ``e``) the public may see: entities, and the texts of published articles;
# never the staff's "draft" entries, nor an article unpublished since it was indexed. (Asked
# as "no unpublished article": PostgreSQL then hashes the few unpublished ones.)
VISIBLE = (
    "e.kind <> 'draft' AND NOT EXISTS (SELECT 1 FROM articles_article a "
    "WHERE a.id = e.article_id AND a.status <> 'published')"
)


def _visible_sql() -> str:
    """The matches (``m``) joined to their entries (``e``), those the public may see."""
    return f"JOIN {TABLE} e ON e.id = m.entry_id WHERE {VISIBLE}"


def article_entry_ids(query: Query, *, drafts: bool = False) -> list[int]:
    """The ids of the articles whose index entries match ``query``, in one query: published
    ones (entries of kind "article"), and with ``drafts`` the staff's drafts too (kind
    "draft", which nothing public reads). The caller still checks the status
    (``ArticleFilter.filter_text``): checking here, row by row, costs most of the time for a
    word most articles hold."""
    matches, params = _matches_sql(query)
    kinds = "'article', 'draft'" if drafts else "'article'"
    sql = (
        f"SELECT e2.article_id FROM ({matches}) m JOIN {TABLE} e2 ON e2.id = m.entry_id "
        f"WHERE e2.kind IN ({kinds})"
    )
    if drafts and connection.vendor == "sqlite":
        sql += (
            f" UNION SELECT e3.article_id FROM {DRAFTS_FTS_TABLE} d "
            f"JOIN {TABLE} e3 ON e3.id = d.rowid WHERE {DRAFTS_FTS_TABLE} MATCH %s"
        )
        params = [*params, sqlite_match(query)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def id_set_sql(ids: list[int]) -> tuple[str, list]:
    """SQL selecting ``ids``, for ``pk__in``, as one parameter whatever their number (each
    database limits the parameters of a statement: SQLite to 32,766, PostgreSQL to 65,535)."""
    if connection.vendor == "postgresql":
        return "SELECT unnest(%s::bigint[]) AS id", [id_array(ids)]
    return "SELECT value AS id FROM json_each(%s)", [json.dumps(list(ids))]


def id_array(ids: list[int]) -> str:
    """PostgreSQL: ``ids`` as an array literal, for a ``%s::bigint[]`` parameter. Built here:
    psycopg's list adapter costs about a microsecond an element, most of a page's time for a
    set of tens of thousands."""
    return "{" + ",".join(map(str, map(int, ids))) + "}"


def published_by_id(ids_sql: str, columns: str = "a.id", join: str = "") -> str:
    """SQL for ``columns`` of each published article ``a`` (and of what ``join`` adds) among
    the ids ``ids_sql`` selects (a column ``id``), each looked up for its status. On SQLite,
    CROSS JOIN keeps that order: the ids drive the lookups. On PostgreSQL, the ids as an
    array drive one scan of the articles' (id, status) index (migration 0022); as a join,
    its planner read every article's entry to match the two."""
    if connection.vendor == "postgresql":
        return (
            f"SELECT {columns} FROM articles_article a {join} "
            f"WHERE a.id = ANY(ARRAY({ids_sql})) AND a.status = 'published'"
        )
    return (
        f"SELECT {columns} FROM ({ids_sql}) AS found CROSS JOIN articles_article a {join} "
        "WHERE a.id = found.id AND a.status = 'published'"
    )


# Past this many ids, SQLite is told to read the table in the order of its index and keep
# the rows whose id is in the set, rather than look each id up (which, for most of the
# archive, reads every row, and sorts them all for one page).
MANY_IDS = 20000


def in_id_set(column: str, ids: list[int]) -> RawSQL:
    """A condition: ``column`` (qualified: "articles_article"."id") is one of ``ids``."""
    sql, params = id_set_sql(ids)
    # SQLite's unary + keeps the column's own index from driving the query.
    plus = "+" if connection.vendor == "sqlite" and len(ids) > MANY_IDS else ""
    return RawSQL(f"{plus}{column} IN ({sql})", params, output_field=BooleanField())


@dataclass
class Hit:
    kind: str
    object_id: int
    article_id: int | None
    title: str
    body: str
    tier: int  # 0: the title or name matches by itself
    score: float  # the engine's relevance, lower is better
    exact: bool = False  # the text holds every term as typed, diacritics included
    obj: object = None  # the model instance, attached by the caller
    apart: int = 0  # 0: the query's words stand together in it (see Query.together)
    entry: int = 0  # its index entry's id

    @property
    def order(self) -> tuple:
        return (self.tier, self.apart, not self.exact, self.score, self.object_id)


@dataclass
class Results:
    query: Query
    # Per kind; a count that stopped at a cap is an ``AtLeast`` (see articles.search_rank).
    counts: dict[str, int] = field(default_factory=dict)
    hits: dict[str, list[Hit]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def more(self) -> bool:
        """Some kind has more hits than counted: ``total`` is a lower bound."""
        return any(getattr(count, "more", False) for count in self.counts.values())


def search(query: Query, *, per_kind: int = 10) -> Results:
    """The best ``per_kind`` hits of each kind, and how many there are of each.

    A few queries whatever the data (see ``articles.search_rank`` for which entries are
    ranked when there are very many). Within a kind, hits whose title or name matches come
    first; among those and among the rest, hits holding the query's words side by side, in
    the order typed, come first; then hits whose text holds the terms exactly as typed,
    diacritics included, ahead of folded-only matches; then the engine's score.
    """
    from .search_rank import candidates  # it builds on this module's queries

    results = Results(query=query)
    if not query:
        return results
    rows, results.counts = candidates(query)
    by_kind: dict[str, list[Hit]] = {}
    for entry, kind, object_id, article_id, title, title_words, body_words, score in rows:
        hit = Hit(kind, object_id, article_id, title, "", tier=1, score=float(score), entry=entry)
        hit.tier = 0 if all(_holds(title_words, term) for term in query.required) else 1
        if query.together:
            together = query.together
            hit.apart = 0 if _holds(title_words, together) or _holds(body_words, together) else 1
        by_kind.setdefault(kind, []).append(hit)
    for hits in by_kind.values():
        # Ties go by the row's id, not the entry's: the same order after a rebuild. A few
        # more than shown are kept, so exact-diacritic matches can move up among them.
        hits.sort(key=lambda h: (h.tier, h.apart, h.score, h.object_id))
        del hits[per_kind * 3 :]
    # The texts of the hits kept only: a candidate's whole text is most of its row.
    bodies = _bodies([hit.entry for hits in by_kind.values() for hit in hits])
    holds_as_typed = as_typed(query.typed)
    for kind, hits in by_kind.items():
        for hit in hits:
            hit.body = bodies.get(hit.entry, "")
            hit.exact = holds_as_typed(hit.title + "\n" + hit.body)
        hits.sort(key=lambda h: h.order)
        results.hits[kind] = hits[:per_kind]
    return results


def _bodies(entries: list[int]) -> dict[int, str]:
    """The texts of the index entries ``entries``, by id: one query."""
    if not entries:
        return {}
    ids_sql, params = id_set_sql(entries)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, body FROM {TABLE} WHERE id IN ({ids_sql})", params)
        return dict(cursor.fetchall())


def _holds(words: str, term: tuple[str, ...]) -> bool:
    """Whether ``words`` (one column's, as indexed: words joined by single spaces) hold
    ``term``'s words side by side. One search of the string: split into words first, an
    article's text cost more than the rest of ranking it."""
    return f" {' '.join(term)} " in f" {words} "


def as_typed(terms: tuple[str, ...]) -> Callable[[str], bool]:
    """A test of whether a text holds every one of ``terms`` as typed, diacritics included:
    its ``spelling`` holds each term's, its words side by side.

    Each term is looked for in the text as it is, as any of the ways its words may be
    written (``tone_variants``: a word typed without diacritics only as itself; "hoà" also
    as "hòa"), so a whole answer's every word need not be spelt for a search's few hits each.
    A word with more than one tone mark is compared spelling to spelling."""
    spelled = [spelling(term).split() for term in terms]
    variants = [[tone_variants(word) for word in words] for words in spelled]
    if all(words and None not in words for words in variants):
        patterns = [
            re.compile(
                r"(?<![^\W_])"
                + r"[\W_]+".join("(?:" + "|".join(map(re.escape, ways)) + ")" for ways in words)
                + r"(?![^\W_])"
            )
            for words in variants
        ]

        def holds(text: str) -> bool:
            text = unicodedata.normalize("NFC", text).lower()
            return all(pattern.search(text) for pattern in patterns)

        return holds
    phrases = [f" {' '.join(words)} " for words in spelled]

    def holds_spelt(text: str) -> bool:
        text = f" {spelling(text)} "
        return all(phrase in text for phrase in phrases)

    return holds_spelt


def spelling(text: str) -> str:
    """``text``'s words, lower-cased with their diacritics, each word's tone mark moved to its
    end: "Hoà bình" and "hòa  bình!" both give "hoa\\u0300 binh\\u0300". Two spellings of a word
    that differ only in where the tone mark sits (old and new style) compare equal."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    return " ".join(tone_last(word) for word in words)


# --- snippets ------------------------------------------------------------------------------


def _term_pattern(terms: Iterable[tuple[str, ...]]) -> re.Pattern | None:
    alternatives = [r"[\W_]+".join(re.escape(w) for w in term) for term in terms]
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")


def _marked_spans(folded: str, query: Query) -> list[tuple[int, int]]:
    """Where to put marks in ``folded``: where the query's words stand together (see
    ``Query.together``), each such place as one mark, if there is any; else every match of a
    term, with terms that follow each other (only spaces or punctuation between) joined
    into one mark."""
    if query.together:
        phrase = _term_pattern([query.together])
        spans = [m.span() for m in phrase.finditer(folded)]
        if spans:
            return spans
    pattern = _term_pattern(query.required)
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(folded) if pattern else ():
        a, b = m.span()
        if spans and folded[spans[-1][1] : a].strip(" ,;:-") == "" and a - spans[-1][1] <= 3:
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def highlight(text: str, query: Query, *, context: int = 160) -> SafeString:
    """A passage of ``text`` around the first match, each match wrapped in <mark>.

    Matching runs on the folded text, whose offsets are the NFC text's, so the marks land
    on the original words with their diacritics. Everything else is escaped. Where the
    query's words stand together, the passage shows that place and marks it as one phrase.
    """
    original = unicodedata.normalize("NFC", text)
    spans = _marked_spans(fold(original), query)
    if spans:
        start = max(0, spans[0][0] - context // 2)
        end = min(len(original), start + context * 2)
        start = _word_start(original, start)
        end = _word_end(original, end)
    else:
        start, end = 0, _word_end(original, min(len(original), context * 2))
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for a, b in spans:
        if a < start or b > end:
            continue
        pieces.append(escape(original[cursor:a]))
        pieces.append(f"<mark>{escape(original[a:b])}</mark>")
        cursor = b
    pieces.append(escape(original[cursor:end]))
    pieces.append("…" if end < len(original) else "")
    # Every piece of text is escaped above; only the <mark> tags are markup.
    return mark_safe("".join(pieces))


def _word_start(text: str, index: int) -> int:
    if index <= 0:
        return 0
    space = text.rfind(" ", 0, index)
    return space + 1 if space != -1 else 0


def _word_end(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    space = text.find(" ", index)
    return space if space != -1 else len(text)
