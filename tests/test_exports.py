"""CSV and JSON downloads of the article list, the answers, the officials with their titles
and the conferences with their participants: every row the page shows across its pages, in
its order, read back with the csv and json modules; streamed; a bounded number of queries;
400 for a bad parameter; drafts left out."""

import csv
import datetime
import io
import json
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import articles.exports
import events.exports
import people.exports
from articles.models import (
    AgencyMention,
    Article,
    BodyMention,
    ConferenceMention,
    CountryMention,
    PersonMention,
    Segment,
)
from events.models import Participation
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    ConferenceFactory,
    PersonFactory,
    PersonMentionFactory,
    PositionFactory,
    SegmentFactory,
    SeriesFactory,
)
from tests.scale import build_corpus

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"
EXPORTS = {
    "articles": ("/articles/export", articles.exports.ARTICLE_FIELDS),
    "answers": ("/answers/export", articles.exports.ANSWER_FIELDS),
    "people": ("/people/export", people.exports.FIELDS),
    "events": ("/events/export", events.exports.FIELDS),
}


def content(response) -> bytes:
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content)


def read_csv(response, fields) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    data = content(response)
    assert data.startswith(BOM)  # spreadsheet programs then read the file as UTF-8
    reader = csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline=""))
    header, *rows = list(reader)
    assert header == list(fields)
    return [dict(zip(header, row, strict=True)) for row in rows]


def read_json(response, fields) -> list[dict]:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    rows = json.loads(content(response).decode("utf-8"))
    assert isinstance(rows, list)
    assert all(list(row) == list(fields) for row in rows)
    return rows


def export(client, name, params=None, *, prefix="") -> tuple[list[dict], list[dict]]:
    """The download ``name`` in CSV and in JSON, read back; each checked against the other."""
    url, fields = EXPORTS[name]
    query = f"?{urlencode(params or {}, doseq=True)}" if params else ""
    csv_rows = read_csv(client.get(f"{prefix}{url}.csv{query}"), fields)
    json_rows = read_json(client.get(f"{prefix}{url}.json{query}"), fields)
    as_text = [{k: _text(v) for k, v in row.items()} for row in json_rows]
    assert as_text == csv_rows  # the same rows and values in both
    return csv_rows, json_rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def every_page(client, url, params, key) -> list:
    """The objects ``key`` of the page's context across all its pages, with small pages."""
    rows, page = [], 1
    while True:
        query = urlencode({**params, "per_page": 3, "page": page}, doseq=True)
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        rows += list(response.context[key])
        if not response.context["page_obj"].has_next():
            return rows
        page += 1


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


# --- the article list --------------------------------------------------------------------

ARTICLE_VIEWS = [
    {},
    {"person": "bui-thanh-son"},
    {"q": "hoi nhap"},
    {"sort": "title"},
    {"sort": "oldest", "kind": "interview"},
    {"year": 2016, "agency": "bo-ngoai-giao"},
    {"q": "-covid", "sort": "oldest"},
]


def test_the_article_export_holds_the_lists_articles_in_its_order(client, seeded):
    for params in ARTICLE_VIEWS:
        shown = every_page(client, reverse("articles:list"), params, "articles")
        assert shown, params
        rows, _ = export(client, "articles", params)
        assert [row["title"] for row in rows] == [a.title for a in shown], params
        assert [path_of(row["url"]) for row in rows] == [a.get_absolute_url() for a in shown]


def test_an_article_row_states_what_the_archive_holds(client, db):
    ministry = AgencyFactory(name_vi="Bộ Ngoại giao", name_en="Ministry of Foreign Affairs")
    article = ArticleFactory(
        title="Đối ngoại, hội nhập",
        date=datetime.date(2016, 8, 1),
        date_precision="month",
        date_inferred_reason="Ngày không in; suy từ hội nghị.",
        date_inferred_reason_en="No date is printed; worked out from the conference.",
        title_en="Foreign affairs and integration",
        byline="Minh Anh, Thu Hà",
        source_url="https://example.vn/bai-1",
        kind=Article.Kind.INTERVIEW,
    )
    for name in ("Bùi Thanh Sơn", "Lê Hoài Trung"):
        PersonMentionFactory(article=article, person=PersonFactory(name=name))
    article.agency_mentions.create(agency=ministry)
    conference = ConferenceFactory(name_vi="Hội nghị Ngoại giao lần thứ 29")
    ConferenceMention.objects.create(article=article, conference=conference)
    ArticleFactory(title="Bản tin", date=datetime.date(2015, 1, 2))
    (row, plain_row), (json_row, plain_json) = export(client, "articles")
    assert row == {
        "title": "Đối ngoại, hội nhập",
        "title_en": "Foreign affairs and integration",
        "summary_en": "",
        "url": f"http://testserver/articles/{article.slug}/",
        "outlet": article.publication.name,
        "date": "2016-08",
        "date_precision": "month",
        "date_inferred": "true",
        "reason": "Ngày không in; suy từ hội nghị.",
        "reason_en": "No date is printed; worked out from the conference.",
        "kind": "interview",
        "byline": "Minh Anh, Thu Hà",
        "source_url": "https://example.vn/bai-1",
        "officials": "Bùi Thanh Sơn; Lê Hoài Trung",  # by given name
        "agencies": "Bộ Ngoại giao",
        "countries": "",
        "bodies": "",
        "conferences": "Hội nghị Ngoại giao lần thứ 29",
    }
    assert json_row["date_inferred"] is True and plain_json["date_inferred"] is False
    assert plain_row["title"] == "Bản tin" and plain_row["date"] == "2015-01-02"
    # From the English pages: names in English, the address still the canonical one.
    (row, _), _ = export(client, "articles", prefix="/en")
    assert row["agencies"] == "Ministry of Foreign Affairs"
    assert row["url"] == f"http://testserver/articles/{article.slug}/"


def test_the_article_list_links_its_downloads_for_its_view(client, seeded):
    html = client.get("/articles/?person=bui-thanh-son&year=2016&page=1&per_page=5").content
    html = html.decode()
    assert 'href="/articles/export.csv?person=bui-thanh-son&amp;year=2016"' in html
    assert 'href="/articles/export.json?person=bui-thanh-son&amp;year=2016"' in html
    html = client.get("/articles/?person=nobody&sort=title").content.decode()
    assert 'href="/articles/export.csv?sort=title"' in html  # the ignored filter left out


# --- the answers -------------------------------------------------------------------------

ANSWER_VIEWS = [
    {},
    {"person": "bui-thanh-son"},
    {"agency": "bo-ngoai-giao", "year": 2016},
    {"conference": "hoi-nghi-ngoai-giao-29"},
    {"q": "hoi nhap"},
]


def test_the_answer_export_holds_the_pages_answers_in_its_order(client, seeded):
    for params in ANSWER_VIEWS:
        shown = every_page(client, reverse("answers"), params, "answers")
        assert shown, params
        rows, json_rows = export(client, "answers", params)
        assert [row["quote"] for row in rows] == [a.text for a in shown]  # whole, not shortened
        assert [path_of(row["url"]) for row in rows] == [
            f"{a.article.get_absolute_url()}#{a.anchor}" for a in shown
        ]
        assert [row["speaker"] for row in rows] == [a.speaker.name for a in shown]
        assert [row["speaker_titles"] for row in rows] == [
            "; ".join(f"{p.display_title}, {p.agency.qualified_name}" for p in a.titles)
            for a in shown
        ]
        assert [row["article_title"] for row in rows] == [a.article.title for a in shown]
        assert [row["outlet"] for row in json_rows] == [a.article.publication.name for a in shown]
        assert [row["date"] for row in rows] == [a.article.date_iso for a in shown]


def test_an_answer_row_names_the_titles_held_that_day(client, db):
    ministry = AgencyFactory(name_vi="Bộ Ngoại giao")
    speaker = PersonFactory(name="Bùi Thanh Sơn")
    deputy = PositionFactory(person=speaker, agency=ministry, title_vi="Thứ trưởng")
    minister = PositionFactory(person=speaker, agency=ministry, title_vi="Bộ trưởng")
    old = ArticleFactory(date=datetime.date(2016, 8, 26))
    PersonMention.objects.create(article=old, person=speaker, role="interviewee").positions.add(
        deputy
    )
    new = ArticleFactory(date=datetime.date(2021, 12, 13))
    PersonMention.objects.create(article=new, person=speaker, role="interviewee").positions.add(
        minister
    )
    for article in (old, new):
        SegmentFactory(article=article, kind=Segment.Kind.ANSWER, speaker=speaker, text="Vâng.")
    rows, _ = export(client, "answers")
    assert [row["speaker_titles"] for row in rows] == [
        "Bộ trưởng, Bộ Ngoại giao",
        "Thứ trưởng, Bộ Ngoại giao",
    ]


# --- the officials and their titles ------------------------------------------------------

PEOPLE_VIEWS = [
    {},
    {"agency": "bo-ngoai-giao"},
    {"letter": "S"},
    {"q": "nguyen"},
    {"nationality": "vn", "title": "Thứ trưởng"},
]


def test_the_officials_export_holds_the_index_and_every_title(client, seeded):
    for params in PEOPLE_VIEWS:
        shown = every_page(client, reverse("people:person-list"), params, "people")
        assert shown, params
        rows, _ = export(client, "people", params)
        in_order = list(dict.fromkeys(row["person_url"] for row in rows))
        assert [path_of(url) for url in in_order] == [p.get_absolute_url() for p in shown]
        for person in shown:
            titles = [
                (row["title_vi"], row["agency"])
                for row in rows
                if path_of(row["person_url"]) == person.get_absolute_url()
            ]
            expected = [(p.title_vi, p.agency.qualified_name) for p in person.positions.public()]
            assert sorted(titles) == sorted(expected) or (not expected and titles == [("", "")])


def test_a_title_gives_its_dates_or_the_articles_it_is_known_from(client, db):
    person = PersonFactory(name="Lê Hoài Trung")
    ministry = AgencyFactory(name_vi="Bộ Ngoại giao")
    dated = PositionFactory(
        person=person,
        agency=ministry,
        title_vi="Vụ trưởng",
        title_en="Director",
        start_date=datetime.date(2011, 1, 1),
        start_precision="year",
        end_date=datetime.date(2014, 3, 1),
        end_precision="month",
    )
    undated = PositionFactory(person=person, agency=ministry, title_vi="Thứ trưởng")
    for day in (datetime.date(2016, 8, 26), datetime.date(2019, 5, 4)):
        mention = PersonMentionFactory(person=person, article=ArticleFactory(date=day))
        mention.positions.add(undated)
    PersonFactory(name="Trần Không Chức")  # no title known: one row, its title columns empty
    rows, json_rows = export(client, "people")
    by_title = {row["title_vi"]: row for row in rows}
    assert by_title["Vụ trưởng"] | {"person_url": ""} == {
        "person": "Lê Hoài Trung",
        "person_url": "",
        "person_wikidata": "",
        "title_vi": "Vụ trưởng",
        "title_en": "Director",
        "agency": "Bộ Ngoại giao",
        "start": "2011",
        "start_precision": "year",
        "end": "2014-03",
        "end_precision": "month",
        "as_of_first": "",
        "as_of_last": "",
    }
    assert (by_title["Thứ trưởng"]["start"], by_title["Thứ trưởng"]["as_of_first"]) == (
        "",
        "2016-08-26",
    )
    assert by_title["Thứ trưởng"]["as_of_last"] == "2019-05-04"
    assert by_title[""]["person"] == "Trần Không Chức"
    assert [row["title_vi"] for row in rows if row["person"] == "Lê Hoài Trung"] == [
        "Vụ trưởng",
        "Thứ trưởng",
    ]  # in time order, as on the official's page
    assert dated.pk and len(json_rows) == 3


# --- the conferences and their participants ----------------------------------------------

EVENT_VIEWS = [{}, {"year": 2016}, {"series": "hoi-nghi-ngoai-giao"}, {"kind": "meeting"}]


def listed_conferences(response) -> list:
    context = response.context
    return [c for group in context["groups"] for c in group.conferences] + context["standalone"]


def test_the_conference_export_holds_the_lists_events_in_its_order(client, seeded):
    for params in EVENT_VIEWS:
        response = client.get(f"{reverse('events:conference-list')}?{urlencode(params)}")
        shown = listed_conferences(response)
        assert shown, params
        rows, _ = export(client, "events", params)
        in_order = list(dict.fromkeys(row["conference_url"] for row in rows))
        assert [path_of(url) for url in in_order] == [c.get_absolute_url() for c in shown]
        for conference in shown:
            people = [
                row["person"]
                for row in rows
                if path_of(row["conference_url"]) == conference.get_absolute_url()
            ]
            expected = [p.person.name for p in conference.participations.by_role()]
            assert people == (expected or [""])


def test_a_participant_row_gives_the_event_role_and_title(client, db):
    series = SeriesFactory(name_vi="Hội nghị Ngoại giao")
    conference = ConferenceFactory(
        series=series,
        ordinal=29,
        name_vi="Hội nghị Ngoại giao lần thứ 29",
        start_date=datetime.date(2016, 8, 22),
        start_precision="day",
        end_date=datetime.date(2016, 8, 26),
        end_precision="day",
    )
    chair = PersonFactory(name="Phạm Bình Minh")
    minister = PositionFactory(person=chair, title_vi="Bộ trưởng", agency__name_vi="Bộ Ngoại giao")
    Participation.objects.create(
        conference=conference, person=chair, role="chair", position=minister
    )
    Participation.objects.create(conference=conference, person=PersonFactory(), role="attendee")
    ConferenceFactory(name_vi="Lễ đón", kind="ceremony")  # nobody recorded: one row
    rows, json_rows = export(client, "events")
    assert rows[0] | {"conference_url": "", "person_url": ""} == {
        "conference": "Hội nghị Ngoại giao lần thứ 29",
        "conference_url": "",
        "series": "Hội nghị Ngoại giao",
        "series_wikidata": "",
        "ordinal": "29",
        "start": "2016-08-22",
        "start_precision": "day",
        "end": "2016-08-26",
        "end_precision": "day",
        "person": "Phạm Bình Minh",
        "person_url": "",
        "person_wikidata": "",
        "role": "chair",
        "title": "Bộ trưởng, Bộ Ngoại giao",
    }
    assert rows[1]["role"] == "attendee" and json_rows[0]["ordinal"] == 29
    assert rows[2]["conference"] == "Lễ đón" and rows[2]["person"] == ""
    assert json_rows[2]["ordinal"] is None


def test_lists_link_their_downloads_for_their_view(client, seeded):
    for url, link in [
        ("/people/?letter=S&page=1", 'href="/people/export.csv?letter=S"'),
        ("/people/?letter=S&agency=nobody", 'href="/people/export.json?letter=S"'),
        ("/events/?year=2016", 'href="/events/export.json?year=2016"'),
        ("/events/?year=abc&kind=meeting", 'href="/events/export.csv?kind=meeting"'),
    ]:
        assert link in client.get(url).content.decode(), url


# --- streaming, chunks, queries ----------------------------------------------------------


def test_rows_run_across_chunks_unchanged(client, seeded, monkeypatch):
    whole = {name: export(client, name) for name in EXPORTS}
    for module in (articles.exports, people.exports, events.exports):
        monkeypatch.setattr(module, "CHUNK", 2)  # many chunks, boundaries between every pair
    for name in EXPORTS:
        assert export(client, name) == whole[name], name


BUDGETS = {
    # Queries at most, whatever the number of rows within a chunk (CHUNK rows): the filters'
    # choices, the rows, and a fixed number per chunk for what each row names.
    "articles": 6,  # the articles; officials, agencies, countries, bodies, conferences
    "answers": 3,  # the answers (speaker, article, outlet joined); the titles held (2)
    "people": 6,  # 3 for the filters' choices; the officials; their titles; attesting articles
    "events": 6,  # 2 for the choices; the order; series names; events, participants, titles
}
# On PostgreSQL the article download first has its read planned for every row it reads.
PLANNING = {"articles": 1} if connection.vendor == "postgresql" else {}


@pytest.mark.parametrize("size", [10, 200])
def test_downloads_run_a_bounded_number_of_queries(client, db, size, django_assert_max_num_queries):
    build_corpus(size)
    for name, budget in BUDGETS.items():
        url, fields = EXPORTS[name]
        with django_assert_max_num_queries(budget + PLANNING.get(name, 0), info=name):
            rows = read_json(client.get(f"{url}.json"), fields)
        assert len(rows) >= (size * 9 // 10 if name == "articles" else 1), name


def test_queries_grow_with_chunks_not_rows(client, db, monkeypatch, django_assert_max_num_queries):
    build_corpus(60)  # 54 published articles, 20 answers
    monkeypatch.setattr(articles.exports, "CHUNK", 10)
    with django_assert_max_num_queries(1 + 5 * 6 + 2):  # the articles, 5 per chunk of 10
        assert len(read_json(client.get("/articles/export.json"), EXPORTS["articles"][1])) == 54


ARTICLE_MODELS = (
    Article,
    PersonMention,
    AgencyMention,
    CountryMention,
    BodyMention,
    ConferenceMention,
)


@pytest.mark.parametrize("size", [10, 200])
def test_the_article_download_builds_no_object_per_article(client, db, size):
    """Rows are written from plain values: an article download of any length builds at most
    one article object (for the form of its addresses) and no mention object."""
    build_corpus(size)
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    for model in ARTICLE_MODELS:
        post_init.connect(count, sender=model)
    try:
        for fmt in ("csv", "json"):
            assert len(content(client.get(f"/articles/export.{fmt}"))) > size * 100
    finally:
        for model in ARTICLE_MODELS:
            post_init.disconnect(count, sender=model)
    assert built.count(Article) <= 2 and len(built) == built.count(Article), built[:5]


def test_the_article_download_reads_only_the_columns_it_writes(client, db):
    build_corpus(20)
    with CaptureQueriesContext(connection) as queries:
        assert content(client.get("/articles/export.csv"))
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "articles_article" in read
    for unwritten in ("folded_text", "photo_credits", "search_names"):
        assert unwritten not in read, unwritten


# --- refusals ----------------------------------------------------------------------------

BAD = [
    ("articles", {"person": "nobody"}, "nobody"),
    ("articles", {"year": "abc"}, "2016"),
    ("articles", {"sort": "random"}, "random"),
    ("articles", {"sort": ["title", "oldest"]}, "oldest"),
    ("articles", {"q": "x" * 10_000}, "500"),
    ("articles", {"agency": [f"a{i}" for i in range(12)]}, "a11"),
    ("articles", {"series": "nope"}, "nope"),
    ("answers", {"person": "nobody"}, "nobody"),
    ("answers", {"agency": "é" * 10_000}, "é" * 10),
    ("answers", {"year": ["2016", "2021"]}, "2021"),
    ("people", {"agency": "nobody"}, "nobody"),
    ("people", {"q": "x" * 10_000}, "10000"),
    ("people", {"letter": ["S", "T"]}, ""),
    ("events", {"year": "abc"}, "abc"),
    ("events", {"series": "nope"}, "nope"),
]


@pytest.mark.parametrize(("name", "params", "quoted"), BAD)
def test_a_bad_parameter_gets_400_saying_what_to_change(client, db, name, params, quoted):
    url, _ = EXPORTS[name]
    for fmt in ("csv", "json"):
        response = client.get(f"{url}.{fmt}?{urlencode(params, doseq=True)}")
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        text = response.content.decode()
        assert text.startswith("Không thể tạo tệp tải về từ các tham số này:\n")
        assert quoted in text
        assert len(text) < 2000  # a long value is quoted by its first characters
    english = client.get(f"/en{url}.csv?{urlencode(params, doseq=True)}").content.decode()
    assert english.startswith("No download can be made from these parameters:\n")


HOSTILE = [
    "q=%00",
    "page=%00",
    "year=" + "9" * 10_000,
    "person=" + "x" * 10_000,
    "sort=" + "z" * 10_000,
    "agency=" + "&agency=".join(["đ" * 200] * 40),
    "q=" + "%22" * 3000,
    "letter=" + "%E2%80%AE" * 100,
    "series=../../etc/passwd",
]


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_hostile_parameters_never_fail(client, seeded, name):
    url, _ = EXPORTS[name]
    for query in HOSTILE:
        response = client.get(f"{url}.csv?{query}")
        assert response.status_code in (200, 400), (name, query)
        if response.streaming:
            content(response)  # the rows are written without error too
        if "%00" in query:
            assert response.status_code == 400 and "NUL" in response.content.decode()


def test_an_unknown_format_is_not_found(client, db):
    for url, _ in EXPORTS.values():
        assert client.get(f"{url}.xlsx").status_code == 404
    assert client.post("/articles/export.csv").status_code == 405


# --- drafts --------------------------------------------------------------------------------


def test_drafts_and_what_only_drafts_name_are_left_out(client, db):
    ministry = AgencyFactory(name_vi="Bộ Ngoại giao")
    public_person = PersonFactory(name="Bùi Thanh Sơn")
    public_title = PositionFactory(person=public_person, agency=ministry, title_vi="Thứ trưởng")
    published = ArticleFactory(title="Bài đã đăng")
    PersonMention.objects.create(
        article=published, person=public_person, role="interviewee"
    ).positions.add(public_title)
    SegmentFactory(article=published, kind="answer", speaker=public_person, text="Đã đăng.")

    draft = ArticleFactory(title="Bài nháp", status=Article.Status.DRAFT)
    secret = PersonFactory(name="Người Trong Bản Nháp")
    secret_title = PositionFactory(person=public_person, agency=ministry, title_vi="Bộ trưởng")
    PersonMention.objects.create(article=draft, person=secret, role="interviewee")
    PersonMention.objects.create(article=draft, person=public_person, role="quoted").positions.add(
        secret_title
    )
    SegmentFactory(article=draft, kind="answer", speaker=secret, text="Chưa đăng.")
    conference = ConferenceFactory(name_vi="Hội nghị Công khai")
    draft_conference = ConferenceFactory(name_vi="Hội nghị Chỉ Bản Nháp")
    ConferenceMention.objects.create(article=draft, conference=draft_conference)
    Participation.objects.create(conference=conference, person=secret, role="speaker")
    Participation.objects.create(
        conference=conference, person=public_person, role="chair", position=secret_title
    )

    everything = json.dumps({name: export(client, name) for name in EXPORTS}, ensure_ascii=False)
    for private in ("Bài nháp", "Chưa đăng.", "Người Trong Bản Nháp", "Bộ trưởng", "Chỉ Bản Nháp"):
        assert private not in everything, private
    for public in ("Bài đã đăng", "Đã đăng.", "Bùi Thanh Sơn", "Thứ trưởng", "Hội nghị Công khai"):
        assert public in everything, public


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(client, db):
    ArticleFactory(title='=HYPERLINK("http://example.org","bấm")')
    ArticleFactory(title="-5 độ")
    text = b"".join(client.get("/articles/export.csv").streaming_content).decode("utf-8-sig")
    rows = {row["title"] for row in csv.DictReader(io.StringIO(text))}
    assert '\'=HYPERLINK("http://example.org","bấm")' in rows
    assert "-5 độ" in rows
