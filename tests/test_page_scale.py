"""The article list at any size: the same articles, count and facets whichever way they are
read (the kept counts for the whole list; the search's matches read once, counted directly
when few, as "all but the others" when most), and a bounded number of queries at two sizes."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from articles.filters import ArticleFilter
from articles.models import Article
from articles.search import MANY_IDS, parse_query
from articles.search_index import rebuild
from tests.scale import build_corpus

pytestmark = pytest.mark.django_db

LIST = reverse("articles:list")
# In build_corpus, "hợp tác" is in nearly every article; "bền vững" in fewer; "gen 7" in the
# titles of a few (and "-hợp" excludes nearly all).
QUERIES = ["hợp tác", "bền vững", '"gen 7"', "-hợp", "hợp tác -bền"]


def shown(client, params: dict) -> tuple[str, list[str]]:
    """The page's heading with the count, and the articles it lists, by address."""
    page = client.get(f"{LIST}?{urlencode(params)}").content.decode()
    heading = page.split('id="results-heading">', 1)[1].split("</h2>", 1)[0]
    links = [a.get_absolute_url() for a in Article.objects.published()]
    return heading, sorted(url for url in links if f'href="{url}"' in page)


@pytest.fixture
def corpus(seeded):
    build_corpus(120)
    rebuild()


def matches_by_hand(article: Article, q: str) -> bool:
    """The query's meaning, checked on the article's folded text word by word."""
    text = " " + " ".join(re.findall(r"[^\W_]+", article.folded_text)) + " "
    query = parse_query(q)

    def holds(term):
        return f" {' '.join(term)} " in text

    return all(holds(t) for t in query.required) and not any(holds(t) for t in query.excluded)


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("many", [True, False])
def test_the_words_list_shows_what_the_search_matches_however_it_is_read(
    client, corpus, q, many, monkeypatch
):
    """``many``: the matches are read as a large set (as past MANY_IDS at scale) or as a
    small one; the page must be the same either way, and what a check by hand finds."""
    monkeypatch.setattr("articles.search.MANY_IDS", 0 if many else 10**9)
    expected = [a for a in Article.objects.published().newest_first() if matches_by_hand(a, q)]
    assert expected  # each query finds something
    heading, listed = shown(client, {"q": q, "per_page": 100})
    assert heading.startswith(f"{len(expected)} ")
    assert listed == sorted(a.get_absolute_url() for a in expected[:100])


def test_most_of_the_archive_is_counted_as_all_but_the_others(client, corpus):
    """A word most articles hold: the index sends the few it does not match, not the many.
    (PostgreSQL judges which side is smaller by its planner's estimate, from the statistics
    that ANALYZE, or autovacuum, gathers.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    found = ArticleFilter(QueryDict("q=hợp+tác"), queryset=Article.objects.published())
    found.qs  # noqa: B018 (reads the matches)
    published = set(Article.objects.published().values_list("pk", flat=True))
    expected = {a.pk for a in Article.objects.published() if matches_by_hand(a, "hợp tác")}
    assert found.matched is None
    assert set(found.others) == published - expected
    assert len(found.others) * 2 < len(published)
    heading, _ = shown(client, {"q": "hợp tác"})
    assert heading.startswith(f"{len(expected)} ")


@pytest.mark.parametrize("extra", [0, 400])
def test_lists_at_scale_run_a_bounded_number_of_queries(
    client, seeded, extra, django_assert_max_num_queries, monkeypatch
):
    if extra:
        build_corpus(extra)
        rebuild()
    monkeypatch.setattr("articles.search.MANY_IDS", min(MANY_IDS, 50))
    urls = [reverse("home"), LIST, f"{LIST}?page=3", f"{LIST}?page=99999"]
    urls += [f"{LIST}?{urlencode({'q': q})}" for q in QUERIES]
    urls += [f"{LIST}?{urlencode({'q': 'hợp tác', 'year': 2016, 'kind': 'report'})}"]
    for url in urls:
        # 16, and 2 for the rows' speakers (their mentions, then the titles they hold)
        with django_assert_max_num_queries(18, info=url):
            assert client.get(url).status_code == 200
