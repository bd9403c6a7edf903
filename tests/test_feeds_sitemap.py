"""Feeds of new articles for any list view, the sitemap and robots.txt: each parsed back as
XML (or text) and checked against what the public pages show; drafts never appear."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.contrib.sitemaps import views as sitemap_views
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from diplomacy_kb import sitemaps
from events.models import ConferenceSeries
from people.models import Person
from tests.factories import ArticleFactory, PersonFactory, PersonMentionFactory, SegmentFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def atom(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_paths(feed: ET.Element) -> list[str]:
    return [urlsplit(e.find(f"{ATOM}link").get("href")).path for e in feed.iter(f"{ATOM}entry")]


def list_paths(client, query: str) -> list[str]:
    """The articles the public list shows for the same parameters, in its order."""
    response = client.get(f"{reverse('articles:list')}?{query}&per_page=100")
    return [a.get_absolute_url() for a in response.context["articles"]]


# --- feeds --------------------------------------------------------------------------------


def test_the_feed_of_all_articles_is_the_list_newest_first_without_drafts(client, seeded):
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Bản nháp riêng tư")
    feed = atom(client, reverse("feed-atom"))
    paths = entry_paths(feed)
    assert paths == list_paths(client, "")
    assert len(paths) == Article.objects.published().count() == 5
    assert draft.get_absolute_url() not in paths
    first = next(feed.iter(f"{ATOM}entry"))
    newest = Article.objects.published().newest_first().first()
    assert first.find(f"{ATOM}title").text == newest.title
    assert first.find(f"{ATOM}published").text.startswith(newest.date.isoformat())
    assert first.find(f"{ATOM}author/{ATOM}name").text in (newest.byline, newest.publication.name)
    summary = first.find(f"{ATOM}summary").text
    assert summary and summary[:40] in " ".join(newest.segments.values_list("text", flat=True))


@pytest.mark.parametrize(
    "query",
    [
        "person=bui-thanh-son",
        "agency=bo-ngoai-giao",
        "country=vn",
        "body=asean",
        "conference=hoi-nghi-ngoai-giao-29",
        "q=hoi+nhap+quoc+te",
        "kind=interview&year=2016",
    ],
)
def test_a_feed_for_any_list_view_holds_what_the_list_shows(client, seeded, query):
    feed = atom(client, f"{reverse('feed-atom')}?{query}")
    assert entry_paths(feed) == list_paths(client, query)
    assert entry_paths(feed)  # the seeds hold an article for each of these
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert urlsplit(self_link[0].get("href")).query == query


def test_a_series_feed_holds_the_articles_on_its_conferences(client, seeded):
    series = ConferenceSeries.objects.get(slug="hoi-nghi-ngoai-giao")
    feed = atom(client, f"{reverse('feed-atom')}?series={series.slug}")
    expected = {
        a.get_absolute_url()
        for a in Article.objects.published().filter(conference_mentions__conference__series=series)
    }
    assert expected and set(entry_paths(feed)) == expected
    assert series.name_vi in feed.find(f"{ATOM}title").text


def test_the_rss_feed_parses_and_matches_the_atom_one(client, seeded):
    response = client.get(f"{reverse('feed-rss')}?person=bui-thanh-son")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    links = [urlsplit(item.find("link").text).path for item in channel.iter("item")]
    assert links == entry_paths(atom(client, f"{reverse('feed-atom')}?person=bui-thanh-son"))


def test_the_english_feed_links_english_pages(client, seeded):
    feed = atom(client, "/en/feeds/atom/")
    assert all(path.startswith("/en/articles/") for path in entry_paths(feed))


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("person=khong-co-ai", "khong-co-ai"),
        ("year=abc", "2016"),
        ("series=khong-co", "khong-co"),
        ("series=a&series=b", "series"),
        ("q=" + "a" * 600, "500"),
    ],
)
def test_bad_feed_parameters_get_a_400_saying_what_to_fix(client, seeded, query, says):
    response = client.get(f"/en{reverse('feed-atom')}?{query}")  # the English messages
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert says in response.content.decode()
    assert client.get(f"{reverse('feed-atom')}?{query}").status_code == 400  # in Vietnamese


def test_a_feed_is_read_only(client, seeded):
    assert client.post(reverse("feed-atom")).status_code == 405


def test_an_official_only_a_draft_names_has_no_feed_entries(client, seeded):
    secret = PersonFactory(name="Người Trong Bản Nháp", slug="nguoi-trong-ban-nhap")
    PersonMentionFactory(person=secret, article=ArticleFactory(status=Article.Status.DRAFT))
    response = client.get(f"{reverse('feed-atom')}?person={secret.slug}")
    assert response.status_code == 400  # not public: unknown to the feed as to the list


def test_pages_name_their_feed_in_the_head(client, seeded):
    person = Person.objects.get(slug="bui-thanh-son")
    page = client.get(person.get_absolute_url()).content.decode()
    assert 'type="application/atom+xml"' in page
    assert f'href="{reverse("feed-atom")}?person={person.slug}"' in page
    listing = client.get(f"{reverse('articles:list')}?agency=bo-ngoai-giao&page=2").content
    assert f'href="{reverse("feed-atom")}?agency=bo-ngoai-giao"'.encode() in listing


@pytest.mark.parametrize("size", [3, 30])
def test_a_feed_runs_the_same_queries_whatever_the_archive_holds(
    client, django_assert_max_num_queries, size
):
    person = PersonFactory()
    for _ in range(size):
        article = ArticleFactory()
        SegmentFactory(article=article)
        PersonMentionFactory(article=article, person=person)
    with django_assert_max_num_queries(6):
        assert client.get(f"{reverse('feed-atom')}?person={person.slug}").status_code == 200


# --- sitemap and robots.txt ----------------------------------------------------------------


def sitemap_locations(client) -> dict[str, ET.Element]:
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    urls = {}
    for loc in index.iter(f"{SITEMAP}loc"):
        section = ET.fromstring(client.get(urlsplit(loc.text).path).content)
        for url in section.iter(f"{SITEMAP}url"):
            urls[urlsplit(url.find(f"{SITEMAP}loc").text).path] = url
    return urls


def test_the_sitemap_lists_every_public_page_in_both_languages_and_no_draft(client, seeded):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    secret = PersonFactory(slug="chi-trong-ban-nhap")
    PersonMentionFactory(person=secret, article=draft)
    urls = sitemap_locations(client)
    for article in Article.objects.published():
        url = urls[article.get_absolute_url()]
        assert url.find(f"{SITEMAP}lastmod").text.startswith(str(article.updated_at.year))
        alternates = {link.get("hreflang") for link in url.findall(f"{XHTML}link")}
        assert {"vi", "en"} <= alternates
        assert "/en" + article.get_absolute_url() in urls
    for person in Person.objects.public():
        assert person.get_absolute_url() in urls
    assert draft.get_absolute_url() not in urls
    assert secret.get_absolute_url() not in urls
    assert all(client.get(path).status_code == 200 for path in list(urls)[:40])


def entries(xml: bytes) -> list[tuple]:
    """A sitemap file's entries: address, last change, change frequency, alternates."""
    found = []
    for url in ET.fromstring(xml).iter(f"{SITEMAP}url"):
        fields = [url.findtext(f"{SITEMAP}{name}") for name in ("loc", "lastmod", "changefreq")]
        links = sorted((a.get("hreflang"), a.get("href")) for a in url.findall(f"{XHTML}link"))
        found.append((*fields, links))
    return found


def test_a_sitemap_file_is_the_frameworks_and_reads_only_its_page(client, seeded, monkeypatch, rf):
    """Each file holds what Django's sitemap view writes for the same page (a page here of
    three addresses, some of an item's languages on one page and some on the next), and
    reads the articles of its page only: their ids by the list's index, then those rows."""
    monkeypatch.setattr(sitemaps._PublicSitemap, "limit", 3)
    compared = 0
    for section, site in sitemaps.SITEMAPS.items():
        for page in range(1, min(site().paginator.num_pages, 4) + 1):
            with CaptureQueriesContext(connection) as queries:
                ours = client.get(f"/sitemap-{section}.xml?p={page}")
            theirs = sitemap_views.sitemap(
                rf.get(f"/sitemap-{section}.xml?p={page}"), sitemaps.SITEMAPS, section=section
            ).render()
            assert entries(ours.content) == entries(theirs.content), (section, page)
            compared += len(entries(ours.content))
            if section == "articles":
                read = [q["sql"] for q in queries if 'FROM "articles_article"' in q["sql"]]
                assert all("COUNT(" in q or "LIMIT" in q or " IN (" in q for q in read), read
    assert compared > 20


def test_the_sitemap_index_pages_the_articles_by_their_kept_count(client, seeded, monkeypatch):
    """How many articles are published is read from the kept counts, not counted (the
    status index read at every visit); it follows a publish and an unpublish at once."""
    monkeypatch.setattr(sitemaps._PublicSitemap, "limit", 2)  # one article a file

    def article_files() -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            index = ET.fromstring(client.get(reverse("sitemap")).content)
        files = [loc.text for loc in index.iter(f"{SITEMAP}loc") if "sitemap-articles" in loc.text]
        return len(files), [q["sql"] for q in queries]

    files, sql = article_files()
    assert files == Article.objects.published().count() > 1
    assert not [q for q in sql if "COUNT(" in q and 'FROM "articles_article"' in q], sql
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert article_files()[0] == files
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert article_files()[0] == files + 1
    Article.objects.published().exclude(pk=draft.pk).first().delete()
    assert article_files()[0] == files


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_off_searches(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /search/" in lines
    assert any(line.startswith("Sitemap: http") and "/sitemap.xml" in line for line in lines)
    assert "admin" not in response.content.decode()
