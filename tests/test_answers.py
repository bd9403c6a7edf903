"""Who said what (/answers/): every answer of the published interviews, its speaker with the
titles held that day, the article; filters by speaker, agency, conference, year and words;
ignored values explained, never a 500; pages; a bounded number of queries."""

import datetime
import re
from urllib.parse import urlencode

import pytest

from articles.models import Article, ConferenceMention, PersonMention, Segment
from articles.search import parse_query, search
from diplomacy_kb.filters import MAX_FILTER_VALUES
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    ConferenceFactory,
    PersonFactory,
    PositionFactory,
    SegmentFactory,
)
from tests.scale import build_corpus

pytestmark = pytest.mark.django_db

URL = "/answers/"


def answer(article, speaker, text="Chúng tôi sẽ hợp tác.", *, positions=(), position=None):
    """An answer by ``speaker`` in ``article``, the article naming them with ``positions``."""
    mention, _ = PersonMention.objects.get_or_create(
        article=article, person=speaker, defaults={"role": PersonMention.Role.INTERVIEWEE}
    )
    mention.positions.add(*positions)
    kwargs = {"position": position} if position is not None else {}
    return SegmentFactory(
        article=article, kind=Segment.Kind.ANSWER, speaker=speaker, text=text, **kwargs
    )


def listed(client, params=None, *, per_page=100) -> list[Segment]:
    """Every answer the page shows, across all its pages, in order."""
    params = {**(params or {}), "per_page": per_page}
    rows, page = [], 1
    while True:
        response = client.get(f"{URL}?{urlencode({**params, 'page': page}, doseq=True)}")
        assert response.status_code == 200
        rows += response.context["answers"]
        if not response.context["page_obj"].has_next():
            return rows
        page += 1


@pytest.fixture
def interview(db):
    ministry = AgencyFactory(name_vi="Bộ Ngoại giao", name_en="Ministry of Foreign Affairs")
    speaker = PersonFactory(name="Bùi Thanh Sơn", slug="bui-thanh-son")
    deputy = PositionFactory(
        person=speaker, agency=ministry, title_vi="Thứ trưởng", title_en="Deputy Minister"
    )
    article = ArticleFactory(
        title="Ngoại giao phục vụ phát triển",
        kind=Article.Kind.INTERVIEW,
        date=datetime.date(2016, 8, 1),
        date_precision="month",
    )
    segment = answer(article, speaker, "Hội nghị đã thành công tốt đẹp.", positions=[deputy])
    return article, speaker, segment, ministry


def test_an_answer_shows_its_quote_speaker_title_held_that_day_and_article(client, interview):
    article, speaker, segment, _ = interview
    html = client.get(URL).content.decode()
    assert "Hội nghị đã thành công tốt đẹp." in html
    assert f'href="{article.get_absolute_url()}#{segment.anchor}"' in html
    assert f'href="{speaker.get_absolute_url()}"' in html
    assert "Bùi Thanh Sơn</a>, Thứ trưởng, Bộ Ngoại giao" in html
    assert article.title in html and article.publication.name in html
    assert '<time datetime="2016-08">' in html  # the date at its precision, a month
    english = client.get(f"/en{URL}").content.decode()
    assert "Bùi Thanh Sơn</a>, Deputy Minister, Ministry of Foreign Affairs" in english


def test_a_long_answer_is_shortened_and_links_to_the_whole(client, interview):
    article, speaker, _, _ = interview
    long_text = "Chúng ta " + "hội nhập sâu rộng " * 60 + "đến cùng."
    long = answer(article, speaker, long_text)
    html = client.get(URL).content.decode()
    assert long_text not in html and "đến cùng." not in html
    assert "Chúng ta hội nhập sâu rộng" in html
    assert f"{article.get_absolute_url()}#{long.anchor}" in html


def test_answers_of_drafts_never_appear(client, interview):
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Bản nháp chưa đăng")
    answer(draft, PersonFactory(name="Người Chỉ Trong Bản Nháp"), "Câu trả lời trong bản nháp.")
    html = client.get(URL).content.decode()
    assert "Câu trả lời trong bản nháp." not in html
    assert "Bản nháp chưa đăng" not in html and "Người Chỉ Trong Bản Nháp" not in html
    assert [a.text for a in listed(client)] == ["Hội nghị đã thành công tốt đẹp."]


def test_answers_come_newest_article_first_in_reading_order(client, db):
    speaker = PersonFactory()
    old = ArticleFactory(date=datetime.date(2010, 1, 1))
    new = ArticleFactory(date=datetime.date(2020, 1, 1))
    first_old, second_old = answer(old, speaker, "cũ một"), answer(old, speaker, "cũ hai")
    first_new = answer(new, speaker, "mới một")
    assert listed(client) == [first_new, first_old, second_old]


def test_filter_by_speakers_takes_any_of_them(client, db):
    article = ArticleFactory()
    a, b, c = PersonFactory(), PersonFactory(), PersonFactory()
    by_a, by_b = answer(article, a, "của A"), answer(article, b, "của B")
    answer(article, c, "của C")
    assert listed(client, {"person": a.slug}) == [by_a]
    assert listed(client, {"person": [a.slug, b.slug]}) == [by_a, by_b]


def test_filter_by_agency_follows_the_titles_the_article_gives(client, db):
    ministry, embassy = AgencyFactory(), AgencyFactory()
    speaker = PersonFactory()
    minister = PositionFactory(person=speaker, agency=ministry)
    ambassador = PositionFactory(person=speaker, agency=embassy)
    as_minister = answer(ArticleFactory(), speaker, "với tư cách bộ trưởng", positions=[minister])
    as_ambassador = answer(ArticleFactory(), speaker, "với tư cách đại sứ", positions=[ambassador])
    assert listed(client, {"agency": ministry.slug}) == [as_minister]
    assert listed(client, {"agency": embassy.slug}) == [as_ambassador]


def test_filter_by_conference_and_year(client, db):
    speaker, conference = PersonFactory(), ConferenceFactory()
    at_conference = ArticleFactory(date=datetime.date(2016, 8, 26))
    ConferenceMention.objects.create(article=at_conference, conference=conference)
    there = answer(at_conference, speaker, "tại hội nghị")
    later = answer(ArticleFactory(date=datetime.date(2021, 12, 13)), speaker, "năm sau")
    assert listed(client, {"conference": conference.slug}) == [there]
    assert listed(client, {"year": 2021}) == [later]
    assert listed(client, {"year": 2016, "conference": conference.slug}) == [there]


@pytest.mark.parametrize("q", ["hoi nghi", "hợp tác", '"hội nhập quốc tế"', "ngoai giao -kinh"])
def test_words_find_what_the_search_page_finds_among_answers(client, seeded, q):
    found = search(parse_query(q), per_kind=10_000).hits.get("answer", [])
    assert found, q  # the seeds hold such answers, or the test proves nothing
    assert {a.pk for a in listed(client, {"q": q})} == {hit.object_id for hit in found}


def test_words_may_exclude(client, seeded):
    everything = listed(client)
    without = listed(client, {"q": "-hoi"})
    with_hoi = listed(client, {"q": "hoi"})
    assert with_hoi and without
    assert {a.pk for a in without} == {a.pk for a in everything} - {a.pk for a in with_hoi}


def test_the_page_is_paginated_and_clamps_bad_pages(client, seeded):
    everything = listed(client)
    assert len(everything) > 20  # more than one page of the default size
    assert listed(client, per_page=7) == everything
    response = client.get(f"{URL}?page=abc")
    assert response.context["page_obj"].number == 1
    response = client.get(f"{URL}?page=999")
    assert response.context["page_obj"].number == response.context["paginator"].num_pages
    assert 'rel="next"' in client.get(URL).content.decode()


IGNORED = [
    ({"person": "nobody"}, "Người trả lời", "nobody"),
    ({"agency": "khong-co"}, "Cơ quan", "khong-co"),
    ({"conference": "khong-co"}, "Hội nghị", "khong-co"),
    ({"year": "abc"}, "Năm", "2016"),
    ({"year": ["2016", "2021"]}, "Năm", "2021"),
    ({"q": "x" * 10_000}, "Từ khóa", "500"),
    ({"q": "!!!"}, "Từ khóa", ""),
]


@pytest.mark.parametrize(("params", "label", "quoted"), IGNORED)
def test_a_bad_value_is_ignored_with_the_article_lists_message(
    client, interview, params, label, quoted
):
    everything = listed(client)
    response = client.get(f"{URL}?{urlencode(params, doseq=True)}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters in the address were ignored" in html or "bị bỏ qua" in html
    (ignored_label, message), *_ = response.context["ignored"]
    assert ignored_label == label and quoted in message
    assert list(response.context["answers"]) == everything[:20]  # the rest still applies
    main = html[html.index("<main") :]
    assert "x" * 100 not in main  # a long value is quoted by its first characters


def test_more_speakers_than_the_limit_are_ignored_past_it(client, db):
    article = ArticleFactory()
    people = PersonFactory.create_batch(MAX_FILTER_VALUES + 2)
    answers = [answer(article, person, f"câu {i}") for i, person in enumerate(people)]
    response = client.get(f"{URL}?{urlencode({'person': [p.slug for p in people]}, doseq=True)}")
    assert response.status_code == 200
    assert list(response.context["answers"]) == answers[:MAX_FILTER_VALUES]
    (_label, message), *_ = response.context["ignored"]
    assert people[-1].slug in message and str(MAX_FILTER_VALUES) in message


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "person=%00",
        "year=1e999",
        "agency=" + "a" * 10_000,
        "conference=" + "é" * 10_000,
        "person=" + "&person=".join(["x" * 300] * 50),
        "page=" + "9" * 5000,
        "per_page=-5",
    ],
)
def test_hostile_addresses_never_fail(client, interview, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code in (200, 400), query
    if "%00" in query:
        assert response.status_code == 400 and "NUL" in response.content.decode()


def test_filters_in_force_can_be_removed(client, interview):
    _, speaker, _, ministry = interview
    response = client.get(f"{URL}?person={speaker.slug}&agency={ministry.slug}&year=2016")
    html = response.content.decode()
    labels = [f.label for f in response.context["active"]]
    assert labels == ["Bùi Thanh Sơn", "Bộ Ngoại giao", "2016"]
    assert f'href="{URL}?agency={ministry.slug}&amp;year=2016"' in html  # the speaker removed


def test_the_site_navigation_links_the_page_and_marks_it_current(client, interview):
    home = client.get("/").content.decode()
    assert re.search(r'<a href="/answers/">[^<]+</a>', home)
    page = client.get(URL).content.decode()
    assert '<a href="/answers/" aria-current="page">' in page
    assert '<a href="/en/answers/" aria-current="page">' in client.get(f"/en{URL}").content.decode()


def test_the_page_links_its_downloads_with_its_filters(client, interview):
    _, speaker, _, _ = interview
    html = client.get(
        f"{URL}?person={speaker.slug}&person=nobody&page=1&year=2016"
    ).content.decode()
    assert 'href="/answers/export.csv?year=2016"' in html  # the ignored filter left out
    html = client.get(f"{URL}?person={speaker.slug}&per_page=5").content.decode()
    assert f'href="/answers/export.csv?person={speaker.slug}"' in html
    assert f'href="/answers/export.json?person={speaker.slug}"' in html


@pytest.mark.parametrize("size", [0, 300])
def test_the_page_runs_a_bounded_number_of_queries(
    client, seeded, size, django_assert_max_num_queries
):
    if size:
        build_corpus(size)
    person = "gen-person-0" if size else "bui-thanh-son"
    for params in ({}, {"person": person, "year": 2016}, {"q": "hoi nghi", "per_page": 100}):
        with django_assert_max_num_queries(9, info=str(params)):
            response = client.get(f"{URL}?{urlencode(params)}")
        assert response.status_code == 200
    with django_assert_max_num_queries(11):
        client.get(f"{URL}?agency=bo-ngoai-giao&conference=hoi-nghi-ngoai-giao-29&person={person}")
