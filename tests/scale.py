"""A generated corpus of realistic shape, for query-count tests and benchmarks.

``build_corpus(n)`` adds ``n`` articles (one in ten a draft) with segments and mentions of
generated officials, agencies, countries, bodies, conferences and documents, using
``bulk_create`` so that thousands of articles take seconds. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import connection

from articles.models import (
    AgencyMention,
    Article,
    BodyMention,
    ConferenceMention,
    CountryMention,
    Document,
    DocumentMention,
    PersonMention,
    Publication,
    Segment,
)
from articles.services import anchors, article_folded_text
from diplomacy_kb.names import folded_names
from diplomacy_kb.text import name_sort_key
from events.models import Conference, ConferenceSeries, Participation
from people.models import Agency, Body, Country, Person, Position

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Đào"]
MIDDLE = ["Văn", "Thị", "Đức", "Thanh", "Minh", "Hoài", "Xuân", "Ngọc", "Quốc", "Anh"]
GIVEN = (
    "An Bình Cường Dũng Đạt Giang Hà Hải Hùng Khánh Lan Long Mai Nam Nghĩa Phúc Quân Sơn Tâm "
    "Thành Trung Vinh"
).split()
TITLES = [("Thứ trưởng", "Deputy Minister"), ("Bộ trưởng", "Minister"), ("Vụ trưởng", "Director")]
WORDS = (
    "hội nhập quốc tế đối ngoại đa phương hợp tác phát triển bền vững kinh tế ngoại giao "
    "địa phương đầu tư thương mại hòa bình ổn định chủ quyền khu vực thế giới chiến lược"
).split()
COUNTRY_CODES = ["JP", "KR", "CN", "FR", "DE", "GB", "IN", "AU", "RU", "LA", "KH", "TH"]


@dataclass
class Corpus:
    articles: list[Article] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)


def _sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _named(model, objs):
    for obj in objs:
        if hasattr(obj, "search_names"):
            names = [getattr(obj, n, "") for n in ("name", "name_vi", "name_en", "abbreviation")]
            obj.search_names = folded_names(*names, other_names=getattr(obj, "other_names", []))
    return model.objects.bulk_create(objs)


def build_corpus(n_articles: int, *, seed: int = 1, prefix: str = "gen") -> Corpus:
    rng = random.Random(seed)
    corpus = Corpus()

    countries = list(Country.objects.all()) + _named(
        Country,
        [
            Country(code=c, name_vi=f"Nước {c}", name_en=f"Country {c}", slug=c.lower())
            for c in COUNTRY_CODES
            if not Country.objects.filter(code=c).exists()
        ],
    )
    bodies = _named(
        Body,
        [
            Body(
                name_vi=f"Diễn đàn {i}",
                abbreviation=f"F{i}",
                slug=f"{prefix}-body-{i}",
                kind="forum",
            )
            for i in range(10)
        ],
    )
    ministries = _named(
        Agency,
        [
            Agency(
                name_vi=f"Bộ {prefix} {i}",
                name_en=f"Ministry {i}",
                slug=f"{prefix}-bo-{i}",
                kind="ministry",
            )
            for i in range(6)
        ],
    )
    departments = _named(
        Agency,
        [
            Agency(
                name_vi="Vụ Hợp tác Quốc tế",
                name_en="International Cooperation Department",
                slug=f"{prefix}-vu-htqt-{m.pk}",
                kind="ministry_department",
                parent=m,
            )
            for m in ministries
        ],
    )
    agencies = ministries + departments
    corpus.agencies = agencies

    n_people = max(12, n_articles // 8)
    people = []
    for i in range(n_people):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        people.append(
            Person(
                name=name,
                slug=f"{prefix}-person-{i}",
                sort_key=name_sort_key(name),
                search_names=folded_names(name),
            )
        )
    people = Person.objects.bulk_create(people)
    corpus.people = people
    positions = Position.objects.bulk_create(
        [
            Position(
                person=p,
                title_vi=TITLES[i % 3][0],
                title_en=TITLES[i % 3][1],
                agency=agencies[i % len(agencies)],
                slug=f"{prefix}-position-{i}",
            )
            for i, p in enumerate(people)
        ]
    )
    position_of = {pos.person_id: pos for pos in positions}

    series = _named(
        ConferenceSeries,
        [
            ConferenceSeries(name_vi=f"Chuỗi hội nghị {prefix} {i}", slug=f"{prefix}-series-{i}")
            for i in range(3)
        ],
    )
    conferences = []
    for i in range(24):
        start = datetime.date(2005 + i % 18, 1 + i % 12, 1 + i % 27)
        in_series = i % 4 != 3
        conferences.append(
            Conference(
                series=series[i % 3] if in_series else None,
                ordinal=(i // 3) * 2 + 1 if in_series else None,  # every other ordinal: gaps
                name_vi=f"Hội nghị {prefix} {i}",
                slug=f"{prefix}-conference-{i}",
                kind="conference" if in_series else "meeting",
                start_date=start,
                start_precision="day",
                place="Hà Nội",
                organiser=agencies[i % len(agencies)],
            )
        )
    conferences = _named(Conference, conferences)
    corpus.conferences = conferences
    Participation.objects.bulk_create(
        [
            Participation(conference=c, person=people[i % n_people], role="speaker")
            for i, c in enumerate(conferences)
        ]
    )
    documents = _named(
        Document,
        [
            Document(
                kind="resolution",
                number=str(i),
                name_vi=f"Nghị quyết {i}",
                slug=f"{prefix}-doc-{i}",
            )
            for i in range(8)
        ],
    )
    publications = Publication.objects.bulk_create(
        [Publication(name=f"Báo {prefix} {i}", slug=f"{prefix}-pub-{i}") for i in range(5)]
    )

    articles, texts = [], []
    for i in range(n_articles):
        interview = i % 3 == 0
        title = f"{_sentence(rng, 8)[:-1]} ({prefix} {i})"
        if interview:
            body = [("question", _sentence(rng)[:-1] + "?"), ("answer", _sentence(rng, 40))] * 2
        else:
            body = [("paragraph", _sentence(rng, 40)) for _ in range(3)]
        texts.append(body)
        articles.append(
            Article(
                title=title,
                slug=f"{prefix}-article-{i}",
                publication=publications[i % 5],
                date=datetime.date(2010 + i % 15, 1 + i % 12, 1 + i % 28),
                date_precision="day",
                kind="interview" if interview else "report",
                status="draft" if i % 10 == 9 else "published",
                folded_text=article_folded_text(title, [t for _, t in body]),
            )
        )
    articles = Article.objects.bulk_create(articles)
    corpus.articles = articles

    segments, person_mentions, attest = [], [], []
    agency_m, country_m, body_m, conf_m, doc_m = [], [], [], [], []
    for i, (article, body) in enumerate(zip(articles, texts, strict=True)):
        speaker = people[rng.randrange(n_people)]
        other = people[(people.index(speaker) + 1 + rng.randrange(n_people - 1)) % n_people]
        text_segments = [
            Segment(
                article=article,
                position=position,
                kind=kind,
                text=text,
                speaker=speaker if kind == "answer" else None,
            )
            for position, (kind, text) in enumerate(body, start=1)
        ]
        for segment, anchor in zip(text_segments, anchors(text_segments), strict=True):
            segment.anchor = anchor
        segments += text_segments
        first_role = "interviewee" if article.kind == "interview" else "quoted"
        person_mentions += [
            PersonMention(article=article, person=speaker, role=first_role),
            PersonMention(article=article, person=other, role="mentioned"),
        ]
        agency_m.append(AgencyMention(article=article, agency=agencies[i % len(agencies)]))
        country_m.append(CountryMention(article=article, country=countries[i % len(countries)]))
        body_m.append(BodyMention(article=article, body=bodies[i % len(bodies)]))
        conf_m.append(ConferenceMention(article=article, conference=conferences[i % 24]))
        if i % 2:
            doc_m.append(DocumentMention(article=article, document=documents[i % 8]))
    Segment.objects.bulk_create(segments, batch_size=2000)
    created = PersonMention.objects.bulk_create(person_mentions, batch_size=2000)
    for mention in created:
        attest.append(
            PersonMention.positions.through(
                personmention_id=mention.pk, position_id=position_of[mention.person_id].pk
            )
        )
    PersonMention.positions.through.objects.bulk_create(attest, batch_size=2000)
    for rows in (agency_m, country_m, body_m, conf_m, doc_m):
        if rows:
            type(rows[0]).objects.bulk_create(rows, batch_size=2000)
    if connection.vendor == "postgresql":
        # Plans for the rows just written, not for the statistics of before (ANALYZE sees
        # this transaction's rows and is rolled back with it).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return corpus
