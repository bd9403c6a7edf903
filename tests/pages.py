"""Every public page type, as (label, url) pairs, for the HTML-validity and accessibility tests.

URLs are built from the database (``reverse()`` and ``get_absolute_url()``), so the list keeps
working as pages and seeds grow. Call ``public_pages()`` on a database holding the seeds, with
Vietnamese active (the ``_default_language`` fixture in tests/conftest.py sees to that).
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation

from articles.models import Article, Document, Segment
from events.models import Conference, ConferenceSeries
from figures.models import KeyFigure
from people.models import Agency, Body, Country, Person

# The pages whose status is not 200, by label.
EXPECTED_STATUS = {
    "404 (unknown address)": 404,
    "400 (NUL in the query)": 400,
    "en 404 (unknown address)": 404,
}

# Preferred objects for the single-object pages: the richest in the seeds. When a slug is
# missing (the seeds changed), the first object by primary key is used instead.
PREFERRED = {
    Person: "bui-thanh-son",
    Agency: "bo-ngoai-giao",
    Country: "vn",
    Body: "asean",
    ConferenceSeries: "hoi-nghi-ngoai-vu-toan-quoc",
    Conference: "hoi-nghi-ngoai-giao-29",
    Document: "chien-luoc-ve-hoi-nhap-quoc-te",
}


def _pick(model):
    obj = model.objects.filter(slug=PREFERRED[model]).first() or model.objects.order_by("pk")[0]
    return obj


def _with_query(url, **params):
    return f"{url}?{urlencode(params)}"


def _answer_citation() -> str:
    answer = Segment.objects.filter(
        kind=Segment.Kind.ANSWER, article__status=Article.Status.PUBLISHED
    ).earliest("pk")
    url = reverse("articles:citation", args=[answer.article.slug])
    return _with_query(url, anchor=answer.anchor)


def _figure_topic_url() -> str:
    figure = KeyFigure.objects.public().select_related("topic").order_by("pk").first()
    assert figure, "public_pages() needs the seeds' key figures"
    return figure.topic.get_absolute_url()


def expected_status(label):
    return EXPECTED_STATUS.get(label, 200)


def public_pages():
    """A list of (label, url): every public page type in Vietnamese, a few in English."""
    with translation.override("vi"):
        person = _pick(Person)
        articles = list(Article.objects.published().order_by("pk"))
        assert articles, "public_pages() needs the seeds (the `seeded` fixture)"
        pages = [
            ("home", reverse("home")),
            ("articles list", reverse("articles:list")),
            (
                "articles list, filtered by person and year",
                _with_query(reverse("articles:list"), person=person.slug, year=2016),
            ),
            (
                "articles list, its filters open on a longer facet",
                _with_query(reverse("articles:list"), more="agency"),
            ),
            (
                "articles list, empty result",
                _with_query(reverse("articles:list"), q="zzzz"),
            ),
            (
                "articles list, words and a date range",
                _with_query(
                    reverse("articles:list"), q="hoi nhap", date_from="2016-01-01", per_page=10
                ),
            ),
            (
                "articles list, ignored filters",
                reverse("articles:list")
                + "?year=2016&year=2021&person=nobody&date_to=2016-13-01&page=abc",
            ),
            *((f"article {article.slug}", article.get_absolute_url()) for article in articles),
            ("document", _pick(Document).get_absolute_url()),
            ("citation of an article", reverse("articles:citation", args=[articles[0].slug])),
            ("citation of an answer", _answer_citation()),
            ("who said what", reverse("answers")),
            (
                "who said what, filtered by speaker, agency and words",
                _with_query(
                    reverse("answers"), person=person.slug, agency="bo-ngoai-giao", q="hoi nghi"
                ),
            ),
            ("who said what, empty result", _with_query(reverse("answers"), q="zzzz")),
            (
                "who said what, ignored filters",
                reverse("answers") + "?year=2016&year=2021&person=nobody&conference=x&page=abc",
            ),
            ("search", _with_query(reverse("search"), q="bui thanh son")),
            ("search, no results", _with_query(reverse("search"), q="zzzz")),
            ("officials list", reverse("people:person-list")),
            ("official", person.get_absolute_url()),
            ("agencies list", reverse("people:agency-list")),
            ("agency", _pick(Agency).get_absolute_url()),
            ("countries list", reverse("people:country-list")),
            ("country", _pick(Country).get_absolute_url()),
            ("body", _pick(Body).get_absolute_url()),
            ("conferences list", reverse("events:conference-list")),
            ("series", _pick(ConferenceSeries).get_absolute_url()),
            ("conference", _pick(Conference).get_absolute_url()),
            ("data download", reverse("datapackage:index")),
            ("key figures", reverse("figures:list")),
            ("key figure topic", _figure_topic_url()),
            ("404 (unknown address)", "/khong-co-trang-nay/"),
            ("400 (NUL in the query)", reverse("articles:list") + "?q=%00"),
        ]
    with translation.override("en"):
        pages += [
            ("en home", reverse("home")),
            ("en articles list, filtered", _with_query(reverse("articles:list"), year=2016)),
            ("en article", articles[0].get_absolute_url()),
            *(
                ("en article, its title inferred", article.get_absolute_url())
                for article in [a for a in articles if a.title_inferred][:1]
            ),
            ("en search, an English word", _with_query(reverse("search"), q="pillars")),
            ("en who said what", _with_query(reverse("answers"), year=2016)),
            ("en citation of an answer", _answer_citation()),
            ("en official", person.get_absolute_url()),
            ("en conference", _pick(Conference).get_absolute_url()),
            ("en key figure topic", _figure_topic_url()),
            ("en 404 (unknown address)", "/en/no-such-page/"),
        ]
    return pages
