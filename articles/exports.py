"""CSV and JSON downloads of the article list and of the answers ("who said what").

- ``/articles/export.csv`` / ``.json`` with the article list's parameters (its filters, words
  and sort; ``series`` as the feeds take it): every article the list would show, across all
  its pages, in its order;
- ``/answers/export.csv`` / ``.json`` with the answers page's parameters: every answer.

Streamed in chunks (``diplomacy_kb.exports``); each chunk's mentions or titles are read in a
fixed number of queries, never one per row. Addresses are the archive's canonical ones (the
Vietnamese, whatever the language of the download's own address); names follow the language.

An article download may hold every article of the archive, so its rows are read as plain
values (the columns it writes, not the article's folded text), and the names each chunk
mentions as flat (article, name) pairs: no model instance, prefetch or ``reverse()`` per row.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from django.http import QueryDict
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from diplomacy_kb.dates import iso_partial
from diplomacy_kb.exports import (
    CHUNK,
    absolute,
    bad_parameters,
    batches,
    export_response,
    queryset_chunks,
    require_format,
)
from events.models import Conference
from people.models import Agency, Body, Country

from .answers import AnswerFilter, answers, attach_titles
from .citations import canonical_path
from .feeds import BadFeedParameters, FeedQuery
from .filters import ArticleFilter
from .models import (
    AgencyMention,
    Article,
    BodyMention,
    ConferenceMention,
    CountryMention,
    PersonMention,
    Segment,
)
from .search import in_id_set

ARTICLE_FIELDS = (
    "title",
    "title_en",
    "summary_en",
    "url",
    "outlet",
    "date",
    "date_precision",
    "date_inferred",
    "reason",
    "reason_en",
    "kind",
    "byline",
    "source_url",
    "officials",
    "agencies",
    "countries",
    "bodies",
    "conferences",
)
ANSWER_FIELDS = (
    "speaker",
    "speaker_titles",
    "quote",
    "article_title",
    "url",
    "date",
    "date_precision",
    "outlet",
)


def _names(names) -> str:
    return "; ".join(names)


def listed_articles(request):
    """The article list's articles for the request's parameters, in the list's order;
    BadFeedParameters for a value the list would ignore."""
    problems = []
    try:
        query = FeedQuery(request)  # every filter but the sort, validated as the feeds do
    except BadFeedParameters as exc:
        query, problems = None, list(exc.problems)
    only_sort = QueryDict(mutable=True)
    only_sort.setlist("sort", request.GET.getlist("sort"))
    sorting = ArticleFilter(only_sort, queryset=Article.objects.none())
    problems += [f"{label}: {message}" for label, message in sorting.ignored]
    if problems:
        raise BadFeedParameters(problems)
    order = sorting.form.cleaned_data.get("sort") or "newest"
    return query.filterset.filter_sort(query.queryset, "sort", order)


# The article columns a row is made from, read as plain values.
ARTICLE_COLUMNS = (
    "pk",
    "title",
    "title_en",
    "summary_en",
    "slug",
    "publication__name",
    "date",
    "date_precision",
    "date_inferred_reason",
    "date_inferred_reason_en",
    "kind",
    "byline",
    "source_url",
)


def article_rows(articles, base_url: str):
    """Rows of ``articles``, a chunk at a time: one query for the chunk's articles, five for
    the names they mention (``MentionNames``)."""
    path_of = article_paths()
    names = MentionNames()
    for chunk in queryset_chunks(articles.values_list(*ARTICLE_COLUMNS), CHUNK):
        mentioned = names.of([values[0] for values in chunk])
        yield [_article_row(values, base_url, path_of, mentioned) for values in chunk]


def _article_row(values: tuple, base_url: str, path_of, mentioned: dict) -> dict:
    pk, title, title_en, summary_en, slug, outlet, date, precision = values[:8]
    reason, reason_en, kind, byline, source_url = values[8:]
    return {
        "title": title,
        "title_en": title_en,
        "summary_en": summary_en,
        "url": base_url + path_of(slug),
        "outlet": outlet,
        "date": iso_partial(date, precision),  # Article.date_iso
        "date_precision": precision,
        "date_inferred": bool(reason),  # Article.date_inferred
        "reason": reason,
        "reason_en": reason_en,
        "kind": kind,
        "byline": byline,
        "source_url": source_url,
        **{column: names.get(pk, "") for column, names in mentioned.items()},
    }


# A slug the ``slug`` path converter takes: reversed, it is written as it is.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


def article_paths() -> Callable[[str], str]:
    """``canonical_path`` of an article by its slug, with one ``reverse()`` for them all."""
    marker = "slug-marker"
    head, _, tail = canonical_path(Article(slug=marker)).rpartition(marker)

    def path_of(slug: str) -> str:
        if _PLAIN_SLUG.match(slug):
            return f"{head}{slug}{tail}"
        return canonical_path(Article(slug=slug))

    return path_of


def _bilingual(model) -> Callable[..., str]:
    return lambda name_vi, name_en: model(name_vi=name_vi, name_en=name_en).display_name


def _agency_name(name_vi, name_en, kind, parent_id, parent_vi, parent_en) -> str:
    parent = Agency(pk=parent_id, name_vi=parent_vi, name_en=parent_en) if parent_id else None
    return Agency(name_vi=name_vi, name_en=name_en, kind=kind, parent=parent).qualified_name


# For each column of names: the mentions, the order the article's page gives them (their
# model's ordering within an article), the name's columns (after the named row's id), and
# how a name is made of them (once per named row and download).
MENTIONS = (
    ("officials", PersonMention, "person__sort_key", ("person_id", "person__name"), str),
    (
        "agencies",
        AgencyMention,
        "agency__name_vi",
        (
            "agency_id",
            "agency__name_vi",
            "agency__name_en",
            "agency__kind",
            "agency__parent_id",
            "agency__parent__name_vi",
            "agency__parent__name_en",
        ),
        _agency_name,
    ),
    (
        "countries",
        CountryMention,
        "country__name_vi",
        ("country_id", "country__name_vi", "country__name_en"),
        _bilingual(Country),
    ),
    (
        "bodies",
        BodyMention,
        "body__name_vi",
        ("body_id", "body__name_vi", "body__name_en"),
        _bilingual(Body),
    ),
    (
        "conferences",
        ConferenceMention,
        "conference__name_vi",
        ("conference_id", "conference__name_vi", "conference__name_en"),
        _bilingual(Conference),
    ),
)


class MentionNames:
    """The names articles mention, column by column, as the download writes them; each
    named row's name is made once per download (the language is the download's)."""

    def __init__(self):
        self.known: dict[str, dict[int, str]] = {column: {} for column, *_ in MENTIONS}

    def of(self, article_ids: list[int]) -> dict[str, dict[int, str]]:
        """{column: {article id: its names joined}}: one query per column."""
        return {
            column: self._column(column, model, order, fields, make, article_ids)
            for column, model, order, fields, make in MENTIONS
        }

    def _column(self, column, model, order, fields, make, article_ids) -> dict[int, str]:
        known = self.known[column]
        # The ids as one parameter: a thousand, each prepared and bound on its own, would
        # cost more than the query.
        in_chunk = in_id_set(f'"{model._meta.db_table}"."article_id"', article_ids)
        pairs = (
            model.objects.filter(in_chunk)
            .order_by("article_id", order)
            .values_list("article_id", *fields)
        )
        names: dict[int, list[str]] = defaultdict(list)
        for row in pairs:  # (article id, named row's id, *its name's columns)
            text = known.get(row[1])
            if text is None:
                text = known[row[1]] = make(*row[2:])
            names[row[0]].append(text)
        return {article_id: _names(texts) for article_id, texts in names.items()}


def answer_rows(segments, base_url: str):
    """Rows of answers, a chunk at a time: two queries per chunk for the speakers' titles."""
    for chunk in batches(segments.iterator(chunk_size=CHUNK), CHUNK):
        attach_titles(chunk)
        yield [_answer_row(segment, base_url) for segment in chunk]


def speaker_titles(segment: Segment) -> str:
    return _names(f"{p.display_title}, {p.agency.qualified_name}" for p in segment.titles)


def _answer_row(segment: Segment, base_url: str) -> dict:
    article = segment.article
    return {
        "speaker": segment.speaker.name if segment.speaker else segment.speaker_label,
        "speaker_titles": speaker_titles(segment),
        "quote": segment.text,
        "article_title": article.title,
        "url": base_url + canonical_path(article, segment.anchor),
        "date": article.date_iso,
        "date_precision": article.date_precision,
        "outlet": article.publication.name,
    }


@csrf_exempt
@require_safe
def article_export(request, fmt):
    require_format(fmt)
    try:
        articles = listed_articles(request)
    except BadFeedParameters as exc:
        return bad_parameters(exc.problems)
    rows = article_rows(articles, absolute(request, ""))
    return export_response(fmt, ARTICLE_FIELDS, rows, "diplomacy-kb-articles")


@csrf_exempt
@require_safe
def answer_export(request, fmt):
    require_format(fmt)
    filterset = AnswerFilter(request.GET, queryset=answers())
    if filterset.ignored:
        return bad_parameters(f"{label}: {message}" for label, message in filterset.ignored)
    rows = answer_rows(filterset.qs, absolute(request, ""))
    return export_response(fmt, ANSWER_FIELDS, rows, "diplomacy-kb-answers")
