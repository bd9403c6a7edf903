"""The citation pages and downloads.

- ``/articles/<slug>/cite/`` (``?anchor=a2`` for one answer): the readable citation and
  links to the three downloads;
- ``/articles/<slug>/cite.bib`` / ``.ris`` / ``.json`` (same ``anchor``): one citation;
- ``/articles/cite.bib`` / ``.ris`` / ``.json`` with the article list's parameters: every
  article the list would show, across all its pages, streamed.

A citation states the date accessed, so these responses are never kept by a cache.
"""

from __future__ import annotations

from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from diplomacy_kb.linked_data import base_url

from .citations import FORMATS, Citation
from .citations import render as render_citations
from .feeds import BadFeedParameters, FeedQuery
from .models import Article, PersonMention, Segment


def _bad_request(problems: list[str]) -> HttpResponseBadRequest:
    lines = [_("No citations can be made from these parameters:"), *problems]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _answer(article: Article, anchor: str) -> Segment | None:
    """The answer at ``anchor``; ValueError if the article has none there."""
    if not anchor:
        return None
    answer = (
        article.segments.filter(kind=Segment.Kind.ANSWER, anchor=anchor[:20])
        .select_related("speaker")
        .first()
    )
    if answer is None:
        raise ValueError(
            _("The article has no answer at “%(anchor)s”: use an anchor such as a2 from its page.")
            % {"anchor": anchor[:20]}
        )
    return answer


def _speaker_titles(article: Article, answer: Segment | None) -> list[str]:
    if answer is None or not answer.speaker_id:
        return []
    mention = (
        PersonMention.objects.filter(article=article, person_id=answer.speaker_id)
        .prefetch_related("positions__agency__parent")
        .first()
    )
    if mention is None:
        return []
    return [f"{p.display_title}, {p.agency.qualified_name}" for p in mention.positions.all()]


def _citation(request, article: Article, answer: Segment | None) -> Citation:
    return Citation(
        article=article,
        base_url=base_url(request),
        accessed=timezone.localdate(),
        answer=answer,
        speaker_titles=_speaker_titles(article, answer),
    )


def _published(slug: str) -> Article:
    return get_object_or_404(Article.objects.published().select_related("publication"), slug=slug)


@csrf_exempt
@require_safe
def article_citation(request, slug):
    article = _published(slug)
    anchor = request.GET.get("anchor", "")
    status, problem = 200, ""
    try:
        answer = _answer(article, anchor)
    except ValueError as exc:
        answer, status, problem = None, 400, str(exc)
    citation = _citation(request, article, answer)
    query = f"?anchor={answer.anchor}" if answer else ""
    response = render(
        request,
        "articles/citation.html",
        {
            "article": article,
            "citation": citation,
            "problem": problem,
            "back": article.get_absolute_url() + (f"#{answer.anchor}" if answer else ""),
            "downloads": [
                (label, f"{article.get_absolute_url()}cite.{fmt}{query}")
                for fmt, label in (("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON"))
            ],
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


@csrf_exempt
@require_safe
def article_citation_download(request, slug, fmt):
    if fmt not in FORMATS:
        raise Http404
    article = _published(slug)
    try:
        answer = _answer(article, request.GET.get("anchor", ""))
    except ValueError as exc:
        return _bad_request([str(exc)])
    citation = _citation(request, article, answer)
    return _download(render_citations([citation], fmt), fmt, citation.key)


@csrf_exempt
@require_safe
def list_citations(request, fmt):
    """Every article of a list view, in one format; streamed in chunks from the database."""
    if fmt not in FORMATS:
        raise Http404
    try:
        query = FeedQuery(request)
    except BadFeedParameters as exc:
        return _bad_request(exc.problems)
    base, accessed = base_url(request), timezone.localdate()
    articles = query.queryset.select_related("publication").newest_first()
    citations = (
        Citation(article=a, base_url=base, accessed=accessed)
        for a in articles.iterator(chunk_size=1000)
    )
    return _download(render_citations(citations, fmt), fmt, "diplomacy-kb-articles")


def _download(chunks, fmt: str, name: str) -> StreamingHttpResponse:
    content_type, extension = FORMATS[fmt]
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    add_never_cache_headers(response)
    return response
