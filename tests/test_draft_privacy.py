"""What only a draft names stays private until it is published: officials, titles, agencies,
countries, bodies, conferences and documents a draft creates or alone attests leave every
public page as it was (lists, counts, facets, timelines, search and its ranking), in both
languages; their own pages answer 404; publishing the draft makes them public."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import translation

from articles.ingest.save import article_create_from_text
from articles.ingest.suggest import suggest_links
from articles.models import Article, Document, Publication
from diplomacy_kb.sitemaps import SITEMAPS
from events.models import Conference, ConferenceSeries
from people.models import Agency, Body, Country, Person, Position
from tests.pages import public_pages

pytestmark = pytest.mark.django_db

DRAFT = """Hợp tác quốc phòng và ngoại giao kinh tế năm mới
Ông Đinh Quang Hưng, Quyền Cục trưởng Cục Hợp tác quốc tế, Bộ Văn hóa, Thể thao và Du \
lịch, cho biết Nhật Bản và Liên minh châu Âu sẽ cùng Việt Nam chuẩn bị HNNG 30.
Thứ trưởng Thường trực Bộ Ngoại giao Lê Hoài Trung nhấn mạnh hội nhập quốc tế, hợp tác \
quốc tế và ngoại giao kinh tế; các bộ triển khai Chỉ thị số 15-CT/TW về hợp tác, hội nhập.
Đại sứ Nhật Bản Yamada Takio cho biết hợp tác hợp tác hợp tác hội nhập hội nhập quốc tế."""

QUERIES = [
    "hợp tác",
    "hội nhập quốc tế",
    "ngoai giao kinh te",
    "le hoai trung",
    "Đinh Quang Hưng",
    "Nhật Bản",
    "HNNG",
    "15-CT/TW",
]


def every_public_page() -> list[str]:
    """Every page of every public row, in both languages, and searches and lists."""
    urls = [url for _label, url in public_pages()]
    models = (Person, Agency, Country, Body, Conference, ConferenceSeries, Document)
    for language in ("vi", "en"):
        with translation.override(language):
            for model in models:
                urls += [obj.get_absolute_url() for obj in model.objects.all()]
            urls += [a.get_absolute_url() for a in Article.objects.published()]
            for name in ("home", "search", "articles:list", "people:person-list"):
                urls.append(reverse(name))
            urls += [reverse("people:agency-list"), reverse("people:country-list")]
            urls.append(reverse("events:conference-list"))
            urls += [f"{reverse('search')}?{urlencode({'q': q})}" for q in QUERIES]
            urls += [f"{reverse('articles:list')}?{urlencode({'q': q})}" for q in QUERIES]
    return list(dict.fromkeys(urls + machine_readable_addresses()))


API_RESOURCES = (
    "article",
    "answer",
    "person",
    "agency",
    "country",
    "body",
    "series",
    "conference",
    "document",
)


def machine_readable_addresses() -> list[str]:
    """The feeds (all articles, and each official's), the sitemaps, the API's lists, the
    list's downloads and the data package: what machines read, drafts left out as on pages."""
    urls = [reverse("feed-atom"), reverse("feed-rss"), reverse("sitemap")]
    urls += [reverse("sitemap-section", args=[section]) for section in SITEMAPS]
    urls += [f"{reverse('feed-atom')}?person={p.slug}" for p in Person.objects.all()]
    urls += [reverse(f"api:{name}-list") for name in API_RESOURCES]
    urls += [f"{reverse('api:person-list')}?page_size=100", reverse("datapackage:index")]
    urls += [reverse("articles:export", args=[fmt]) for fmt in ("csv", "json")]
    urls += [f"{reverse('articles:export', args=['csv'])}?{urlencode({'q': q})}" for q in QUERIES]
    return urls


def body(response) -> bytes:
    if response.streaming:  # the downloads
        return b"".join(response.streaming_content)
    return response.content


def snapshot(client, urls) -> dict[str, tuple[int, bytes]]:
    return {url: (r.status_code, body(r)) for url in urls for r in [client.get(url)]}


def save_draft() -> Article:
    suggestions = suggest_links(text=DRAFT, date=datetime.date(2025, 6, 2), kind="report")
    return article_create_from_text(
        publication=Publication.objects.first(),
        date=datetime.date(2025, 6, 2),
        date_precision="day",
        kind="report",
        text=DRAFT,
        accepted=suggestions.accept_all(),
    )


def test_saving_a_draft_changes_no_public_page(seeded, client):
    urls = every_public_page()
    assert len(urls) > 100
    before = snapshot(client, urls)
    assert {before[url][0] for url in machine_readable_addresses()} == {200}
    counts = (Person.objects.count(), Agency.objects.count(), Position.objects.count())
    draft = save_draft()
    # The draft did create rows (or this test would prove nothing) ...
    assert (Person.objects.count(), Agency.objects.count(), Position.objects.count()) > counts
    for model in (Country, Body, Conference, Document):
        assert (
            model.objects.filter(mentions__article=draft)
            .exclude(mentions__article__status="published")
            .exists()
        ), model
    # ... and no public page shows them.
    after = snapshot(client, urls)
    changed = [url for url in urls if before[url] != after[url]]
    assert not changed, changed


def test_what_only_a_draft_names_has_no_public_page_until_it_is_published(seeded, client):
    draft = save_draft()
    hung = Person.objects.get(name="Đinh Quang Hưng")
    private = [
        hung,
        Agency.objects.get(name_vi="Cục Hợp tác quốc tế"),
        Country.objects.get(code="JP"),
        Body.objects.get(name_vi="Liên minh châu Âu"),
        Conference.objects.get(ordinal=30),
        Document.objects.get(number="15-CT/TW"),
    ]
    for row in private:
        assert client.get(row.get_absolute_url()).status_code == 404, row
    assert "Đinh Quang Hưng" not in client.get(f"{reverse('search')}?q=dinh+quang+hung").text
    response = client.get(f"{reverse('articles:list')}?{urlencode({'person': hung.slug})}")
    assert "Đinh Quang Hưng" not in response.text  # not even as the filter's label
    trung = Person.objects.get(slug="le-hoai-trung")
    assert "Thứ trưởng Thường trực" not in client.get(trung.get_absolute_url()).text

    draft.status = Article.Status.PUBLISHED
    draft.save()
    for row in private:
        assert client.get(row.get_absolute_url()).status_code == 200, row
    assert "Đinh Quang Hưng" in client.get(f"{reverse('search')}?q=dinh+quang+hung").text
    assert "Thứ trưởng Thường trực" in client.get(trung.get_absolute_url()).text


def test_a_participant_only_a_draft_names_is_not_listed_on_the_conference_page(seeded, client):
    from events.models import Participation
    from tests.factories import ArticleFactory, PersonFactory, PersonMentionFactory

    conference = Conference.objects.public().first()
    secret = PersonFactory(name="Người Chỉ Có Trong Bản Nháp", slug="nguoi-chi-trong-ban-nhap")
    PersonMentionFactory(person=secret, article=ArticleFactory(status=Article.Status.DRAFT))
    Participation.objects.create(
        conference=conference, person=secret, role=Participation.Role.values[0]
    )
    assert secret.name not in client.get(conference.get_absolute_url()).content.decode()
    PersonMentionFactory(person=secret, article=ArticleFactory())  # now published
    assert secret.name in client.get(conference.get_absolute_url()).content.decode()
