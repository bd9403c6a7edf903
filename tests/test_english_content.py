"""English content: an article's English title and summary, written by the editors (the seeds
carry them in fixtures/seed.toml), are shown on the English pages, in the page's <title> and
Open Graph, in the rows of lists and in search results, and they are searchable in either
language; an article without them says on the English pages that it is in Vietnamese. The
Vietnamese pages stay as they were.
"""

import json
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Article, SearchEntry
from articles.search_index import rebuild
from tests.factories import ArticleFactory
from tests.scale import build_corpus

pytestmark = pytest.mark.django_db

ARTICLE_003 = "ba-tru-cot-xay-dung-nen-ngoai-giao-viet-nam-toan-dien-hien-dai"
TITLE_EN_003 = "Three pillars for building a comprehensive, modern Vietnamese diplomacy"
IN_VIETNAMESE = "This article is in Vietnamese."


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def url_of(article: Article, language: str) -> str:
    with translation.override(language):
        return article.get_absolute_url()


def path(name: str, language: str) -> str:
    # Built in the language asked for: a request leaves the test's thread in the language of
    # the page it asked for.
    with translation.override(language):
        return reverse(name)


def without_data_block(html: str) -> str:
    """The page less its JSON-LD (which names the English title on every page)."""
    return re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)


def json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def meta(html: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)
    assert found, name
    return unescape(found.group(1))


def title_tag(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1)).strip()


# --- the article page ----------------------------------------------------------------------------


def test_the_english_page_gives_the_english_title_and_summary_beside_the_original(client, seeded):
    article = Article.objects.get(slug=ARTICLE_003)
    assert article.title_en == TITLE_EN_003 and article.summary_en
    html = page(client, url_of(article, "en"))
    assert f'<h1 lang="en">{TITLE_EN_003}</h1>' in html
    original = re.search(r'<p class="original-title" lang="en">(.*?)</p>', html, re.S).group(1)
    assert f'<span lang="vi">{article.title}</span>' in original
    assert f'<p class="summary-en" lang="en">{article.summary_en}</p>' in unescape(html)
    assert IN_VIETNAMESE not in html
    assert title_tag(html).startswith(TITLE_EN_003 + " · ")
    assert meta(html, "og:title") == TITLE_EN_003
    assert meta(html, "og:description") == article.summary_en[:299] + "…"


def test_the_vietnamese_page_is_as_it_was(client, seeded):
    article = Article.objects.get(slug=ARTICLE_003)
    html = page(client, url_of(article, "vi"))
    assert f'<h1 lang="vi">{article.title}</h1>' in html
    shown = unescape(without_data_block(html))
    assert TITLE_EN_003 not in shown and article.summary_en[:40] not in shown
    assert "original-title" not in html and IN_VIETNAMESE not in html
    assert title_tag(html).startswith(article.title + " · ")
    assert meta(html, "og:title") == article.title


def test_an_article_without_english_says_it_is_in_vietnamese(client, db):
    article = ArticleFactory(status=Article.Status.PUBLISHED, title="Ngoại giao kinh tế 2024")
    html = page(client, url_of(article, "en"))
    assert '<h1 lang="vi">Ngoại giao kinh tế 2024</h1>' in html
    assert f'<p class="language-note meta" lang="en">{IN_VIETNAMESE}</p>' in html
    assert title_tag(html).startswith("Ngoại giao kinh tế 2024 · ")
    assert "This article is in Vietnamese" not in page(client, url_of(article, "vi"))


def test_the_json_ld_tags_the_english_title_and_summary_as_english(client, seeded):
    article = Article.objects.get(slug=ARTICLE_003)
    data = json_ld(page(client, url_of(article, "vi")))
    assert data["headline"] == article.title and data["inLanguage"] == "vi"
    assert data["alternativeHeadline"] == {"@value": TITLE_EN_003, "@language": "en"}
    assert data["abstract"] == {"@value": article.summary_en, "@language": "en"}


# --- lists and search ----------------------------------------------------------------------------


def row_titles(html: str) -> dict[str, str]:
    """The lang attribute of each article row's title, by its text."""
    return {
        unescape(text): lang
        for lang, text in re.findall(
            r'<a class="article-title" href="[^"]+" lang="(\w+)">([^<]+)</a>', html
        )
    }


def test_the_english_list_rows_give_the_english_titles(client, seeded):
    titles = row_titles(page(client, path("articles:list", "en")))
    expected = {a.title_en: "en" for a in Article.objects.published()}
    assert titles == expected
    titles = row_titles(page(client, path("articles:list", "vi")))
    assert titles == {a.title: "vi" for a in Article.objects.published()}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_english_word_of_the_title_finds_the_article_first(client, seeded, language):
    html = page(client, path("search", language) + "?q=pillars")
    hits = re.findall(r'<a class="hit-title" href="([^"]+)" lang="(\w+)">([^<]+)</a>', html)
    article = Article.objects.get(slug=ARTICLE_003)
    assert hits[0] == (
        url_of(article, language),
        language,
        TITLE_EN_003 if language == "en" else article.title,
    )
    # The list's word filter reads the same index.
    assert row_titles(page(client, path("articles:list", language) + "?q=pillars"))


def test_a_word_only_in_the_summary_finds_the_article_with_its_summary_marked(client, seeded):
    html = page(client, path("search", "en") + "?q=chairmanship")
    hits = re.findall(r'<a class="hit-title" href="([^"]+)"', html)
    assert hits == [url_of(Article.objects.get(slug=ARTICLE_003), "en")]
    summary = re.search(r'<p class="snippet summary" lang="en">(.*?)</p>', html, re.S).group(1)
    assert "<mark>chairmanship</mark>" in summary
    # The Vietnamese snippet is the article's own text, without the English summary.
    snippet = re.search(r'<p class="snippet" lang="vi">(.*?)</p>', html, re.S).group(1)
    assert "chairmanship" not in snippet and "Đại hội XIII" in unescape(snippet)


def test_an_edited_english_title_is_searchable_at_once_and_after_a_rebuild(client, seeded):
    article = Article.objects.get(slug=ARTICLE_003)
    article.title_en = "Three pillars of a seamless diplomacy"
    article.save()
    link = f'href="{url_of(article, "vi")}"'
    assert link in page(client, path("search", "vi") + "?q=seamless")
    SearchEntry.objects.filter(article=article).update(title="", title_words="")
    assert link not in page(client, path("search", "vi") + "?q=seamless")
    rebuild()
    assert link in page(client, path("search", "vi") + "?q=seamless")


def test_the_seed_import_indexes_the_english(seeded):
    entry = SearchEntry.objects.get(kind="article", article__slug=ARTICLE_003)
    assert "three pillars" in entry.title_words
    assert "chairmanship" in entry.body_words


# --- what it costs ------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 200])
def test_english_pages_run_a_bounded_number_of_queries(
    client, seeded, extra, django_assert_max_num_queries
):
    if extra:
        build_corpus(extra)
    urls = [
        path("articles:list", "en"),
        path("articles:list", "en") + "?q=pillars",
        path("search", "en") + "?q=pillars",
        path("search", "en") + "?q=hoi+nghi",
        *(url_of(a, "en") for a in Article.objects.filter(seed_file__gt="")),
    ]
    for url in urls:
        # The bounds of the Vietnamese pages (tests/test_article_pages.py, test_search.py):
        # the English adds no query.
        with django_assert_max_num_queries(18, info=url):
            assert client.get(url).status_code == 200
