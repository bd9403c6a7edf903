"""CSV and JSON downloads of the article list and of the answers ("who said what").

- ``/articles/export.csv`` / ``.json`` with the article list's parameters (its filters, words
  and sort; ``series`` as the feeds take it): every article the list would show, across all
  its pages, in its order;
- ``/answers/export.csv`` / ``.json`` with the answers page's parameters: every answer.

Streamed in chunks (``diplomacy_kb.exports``); each chunk's mentions or titles are read in a
fixed number of queries, never one per row. Addresses are the archive's canonical ones (the
Vietnamese, whatever the language of the download's own address); names follow the language.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import QueryDict
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from diplomacy_kb.exports import (
    CHUNK,
    absolute,
    bad_parameters,
    batches,
    export_response,
    require_format,
)

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


def article_rows(articles, base_url: str):
    """Rows of ``articles``, a chunk at a time: five queries per chunk for the mentions."""
    articles = articles.select_related("publication").prefetch_related(
        Prefetch("person_mentions", queryset=PersonMention.objects.select_related("person")),
        Prefetch(
            "agency_mentions", queryset=AgencyMention.objects.select_related("agency__parent")
        ),
        Prefetch("country_mentions", queryset=CountryMention.objects.select_related("country")),
        Prefetch("body_mentions", queryset=BodyMention.objects.select_related("body")),
        Prefetch(
            "conference_mentions", queryset=ConferenceMention.objects.select_related("conference")
        ),
    )
    for chunk in batches(articles.iterator(chunk_size=CHUNK), CHUNK):
        yield [_article_row(article, base_url) for article in chunk]


def _article_row(article: Article, base_url: str) -> dict:
    return {
        "title": article.title,
        "title_en": article.title_en,
        "summary_en": article.summary_en,
        "url": base_url + canonical_path(article),
        "outlet": article.publication.name,
        "date": article.date_iso,
        "date_precision": article.date_precision,
        "date_inferred": article.date_inferred,
        "reason": article.date_inferred_reason,
        "reason_en": article.date_inferred_reason_en,
        "kind": article.kind,
        "byline": article.byline,
        "source_url": article.source_url,
        "officials": _names(m.person.name for m in article.person_mentions.all()),
        "agencies": _names(m.agency.qualified_name for m in article.agency_mentions.all()),
        "countries": _names(m.country.display_name for m in article.country_mentions.all()),
        "bodies": _names(m.body.display_name for m in article.body_mentions.all()),
        "conferences": _names(m.conference.display_name for m in article.conference_mentions.all()),
    }


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
