"""The benchmarks' generated corpus: published articles (and one draft for every twenty) with
Vietnamese text drawn from a diplomatic vocabulary, common and rare words, and officials with
diacritics. ``build`` writes it with bulk inserts (no signals: index it afterwards with
``articles.search_index.rebuild``); ``link_entities`` adds what the page benchmark also needs.
Both are deterministic: the same size and seed give the same rows.
"""

from __future__ import annotations

import datetime
import random

FAMILY = "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Đào Dương Lý Đinh Trịnh".split()
MIDDLE = "Văn Thị Đức Thanh Minh Hoài Xuân Ngọc Quốc Anh Hữu Thế Mạnh Thu".split()
GIVEN = (
    "An Bình Cường Dũng Đạt Giang Hà Hải Hùng Khánh Lan Long Mai Nam Nghĩa Phúc Quân Sơn Tâm "
    "Thành Trung Vinh Yến Hương Tuấn Thắng Hiếu Lực Phong Nhung"
).split()
TITLES = ["Bộ trưởng", "Thứ trưởng", "Vụ trưởng", "Giám đốc Sở Ngoại vụ", "Đại sứ"]
# Vocabulary in rough order of frequency; sampled with Zipf-like weights.
VOCABULARY = (
    "và|của|các|với|trong|hợp tác|đối ngoại|phát triển|quốc tế|được|đã|những|ngoại giao|"
    "hội nhập|cho|về|tại|quan hệ|kinh tế|Việt Nam|là|này|tiếp tục|đẩy mạnh|nâng cao hiệu quả|"
    "địa phương|thúc đẩy|triển khai|đầu tư|thương mại|khu vực|thế giới|đa phương|song phương|"
    "đối tác|toàn diện|chiến lược|hòa bình|ổn định|bền vững|doanh nghiệp|văn hóa|giáo dục|"
    "khoa học|công nghệ|an ninh|chủ quyền|biển|năng lượng|biến đổi khí hậu|chuyển đổi số|"
    "cộng đồng|người Việt Nam ở nước ngoài|bảo hộ công dân|ngoại giao kinh tế|"
    "ngoại giao văn hóa|thông tin đối ngoại|tham mưu|chủ trì|phối hợp|các bộ, ngành|Đảng|"
    "Nhà nước|Nhân dân|Chính phủ|Quốc hội|nhiệm kỳ|Nghị quyết|Chỉ thị|hội nghị|diễn đàn|"
    "cơ chế|thỏa thuận|hiệp định|ký kết|thực hiện|cam kết|lợi ích quốc gia|dân tộc|vị thế|"
    "uy tín|đổi mới|cơ hội|thách thức|nguồn lực|xuất khẩu|du lịch|lao động|y tế|vắc-xin|"
    "nông nghiệp|logistics|cảng biển|hạ tầng|kết nối|chuỗi cung ứng|nhân lực|đào tạo|cán bộ|"
    "chuyên nghiệp"
).split("|")
PLACES = (
    "Hà Nội|Thành phố Hồ Chí Minh|Đà Nẵng|Hải Phòng|Cần Thơ|Quảng Ninh|Khánh Hòa|Lào Cai|"
    "Nghệ An|Thừa Thiên Huế|Bình Dương|Đồng Nai|Lạng Sơn|Điện Biên|Kiên Giang|An Giang|"
    "Quảng Nam|Bắc Ninh"
).split("|")
COUNTRIES = (
    "Hoa Kỳ|Nhật Bản|Hàn Quốc|Trung Quốc|Lào|Campuchia|Pháp|Đức|Ấn Độ|Ô-xtrây-li-a|"
    "Liên bang Nga|Cuba|An-giê-ri|Xin-ga-po|Thái Lan|In-đô-nê-xi-a|Anh|Ca-na-đa"
).split("|")
BODIES = "ASEAN|APEC|Liên hợp quốc|WTO|CPTPP|EVFTA|RCEP|Tiểu vùng Mê Kông".split("|")
RARE = "Matanzas|Cáp Nhĩ Tân|Ulaanbaatar|Vla-đi-vô-xtốc|Hăm-buốc|Ba Lan".split("|")
QUESTIONS = [
    "Xin ông cho biết đánh giá về kết quả công tác đối ngoại năm qua?",
    "Thưa Thứ trưởng, đâu là những điểm nhấn của hội nghị lần này?",
    "Địa phương cần làm gì để tận dụng cơ hội hội nhập quốc tế?",
    "Ông có thể chia sẻ về định hướng hợp tác trong thời gian tới?",
    "Những khó khăn, thách thức đặt ra là gì, thưa ông?",
]


class Corpus:
    """Text drawn from the vocabulary with Zipf-like weights, and names with diacritics."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.weights = [1 / (rank + 1) for rank in range(len(VOCABULARY))]

    def sentence(self, words: int, people: list[str]) -> str:
        rng = self.rng
        parts = rng.choices(VOCABULARY, weights=self.weights, k=words)
        extras = []
        if rng.random() < 0.25:
            extras.append(rng.choice(PLACES))
        if rng.random() < 0.25:
            extras.append(rng.choice(COUNTRIES))
        if rng.random() < 0.06:
            extras.append(rng.choice(BODIES))
        if rng.random() < 0.002:
            extras.append(rng.choice(RARE))
        if people and rng.random() < 0.2:
            extras.append(f"{rng.choice(TITLES)} {rng.choice(people)}")
        for extra in extras:
            parts.insert(rng.randrange(len(parts) + 1), extra)
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, people: list[str]) -> str:
        rng = self.rng
        return " ".join(self.sentence(rng.randint(8, 16), people) for _ in range(rng.randint(1, 3)))

    def name(self) -> str:
        rng = self.rng
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def build(n_articles: int, *, seed: int = 2024, chunk: int = 5000) -> dict:
    """Generate ``n_articles`` published articles and ``n_articles // 20`` drafts, with their
    segments and the officials they mention; return the sizes. Written ``chunk`` articles at
    a time, so that memory stays flat whatever the size."""
    from articles.models import Article, PersonMention, Publication, Segment
    from articles.services import anchors, article_folded_text
    from diplomacy_kb.names import folded_names
    from diplomacy_kb.text import name_sort_key, slugify
    from people.models import Person

    corpus = Corpus(seed)
    rng = corpus.rng
    names = ["Bùi Thanh Sơn", *sorted({corpus.name() for _ in range(600)} - {"Bùi Thanh Sơn"})]
    people = Person.objects.bulk_create(
        [
            Person(
                name=name,
                slug=f"{slugify(name)}-{i}",
                sort_key=name_sort_key(name),
                search_names=folded_names(name),
            )
            for i, name in enumerate(names)
        ],
        batch_size=1000,
    )
    publications = [
        Publication.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
        for name in ("Báo Quốc tế", "Vietnam+", "Báo Xây dựng", "VnExpress", "Báo Nhân Dân")
    ]
    total = n_articles + n_articles // 20  # and one draft for every twenty published
    sizes = {"segments": 0, "words": 0}
    for first in range(0, total, chunk):
        articles, bodies = [], []
        for i in range(first, min(first + chunk, total)):
            interview = i % 3 == 0
            cast = rng.sample(people, 3)
            # About one article in fifty names the minister.
            if rng.random() < 0.02 and people[0] not in cast:
                cast[0] = people[0]
            cast_names = [p.name for p in cast]
            title = corpus.sentence(rng.randint(6, 12), [])[:-1]
            if interview:
                body = [("paragraph", corpus.paragraph(cast_names), None)]
                for _ in range(rng.randint(2, 4)):
                    body.append(("question", rng.choice(QUESTIONS), None))
                    body.append(("answer", corpus.paragraph(cast_names), cast[0]))
            else:
                body = [
                    ("paragraph", corpus.paragraph(cast_names), None)
                    for _ in range(rng.randint(2, 5))
                ]
            bodies.append((body, cast))
            articles.append(
                Article(
                    title=title,
                    slug=f"bai-{i}",
                    publication=publications[i % len(publications)],
                    date=datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(7300)),
                    date_precision="day",
                    kind="interview" if interview else "report",
                    status="published" if i < n_articles else "draft",
                    folded_text=article_folded_text(title, [text for _, text, _ in body]),
                )
            )
        articles = Article.objects.bulk_create(articles, batch_size=1000)
        segments, mentions = [], []
        for article, (body, cast) in zip(articles, bodies, strict=True):
            text_segments = [
                Segment(article=article, position=position, kind=kind, text=text, speaker=speaker)
                for position, (kind, text, speaker) in enumerate(body, start=1)
            ]
            for segment, anchor in zip(text_segments, anchors(text_segments), strict=True):
                segment.anchor = anchor
            segments += text_segments
            role = "interviewee" if article.kind == "interview" else "quoted"
            mentions += [
                PersonMention(article=article, person=person, role=role if n == 0 else "mentioned")
                for n, person in enumerate(cast)
            ]
        Segment.objects.bulk_create(segments, batch_size=2000)
        PersonMention.objects.bulk_create(mentions, batch_size=2000)
        sizes["segments"] += len(segments)
        sizes["words"] += sum(len(s.text.split()) for s in segments)
        sizes["words"] += sum(len(a.title.split()) for a in articles)
    return {
        "published": n_articles,
        "drafts": total - n_articles,
        "segments": sizes["segments"],
        "people": len(people),
        "words": sizes["words"],
    }


def link_entities(*, seed: int = 2025) -> dict:
    """Link the generated articles to the agencies, countries, bodies, conferences and
    documents already in the database (the seed import's), and give each generated official
    a title at an agency, attested by an article: so that every public page type has rows
    behind it. Its own random stream: ``build``'s corpus is the same with or without it."""
    from articles.models import (
        AgencyMention,
        Article,
        BodyMention,
        ConferenceMention,
        CountryMention,
        DocumentMention,
        PersonMention,
    )
    from events.models import Conference
    from people.models import Agency, Body, Country, Person, Position

    rng = random.Random(seed)
    generated = Article.objects.filter(slug__startswith="bai-")
    article_ids = list(generated.order_by("pk").values_list("pk", flat=True))
    links = {}
    for mention, field, model, share in (
        (AgencyMention, "agency_id", Agency, 0.6),
        (CountryMention, "country_id", Country, 0.5),
        (BodyMention, "body_id", Body, 0.3),
        (ConferenceMention, "conference_id", Conference, 0.15),
        (DocumentMention, "document_id", model_of(DocumentMention, "document"), 0.05),
    ):
        targets = list(model.objects.order_by("pk").values_list("pk", flat=True))
        rows = [
            mention(article_id=article_id, **{field: rng.choice(targets)})
            for article_id in article_ids
            if targets and rng.random() < share
        ]
        mention.objects.bulk_create(rows, batch_size=5000)
        links[mention.__name__] = len(rows)

    # A title for each generated official, attested by the first article that mentions them.
    agencies = list(Agency.objects.order_by("pk"))
    people = Person.objects.filter(slug__regex=r"-[0-9]+$").order_by("pk")
    positions = Position.objects.bulk_create(
        [
            Position(
                person=person,
                title_vi=rng.choice(TITLES),
                agency=rng.choice(agencies),
                slug=f"{person.slug}-chuc-vu",
            )
            for person in people
        ],
        batch_size=1000,
    )
    first_mention = {}
    for mention_id, person_id in (
        PersonMention.objects.filter(article__in=generated)
        .order_by("pk")
        .values_list("pk", "person_id")
    ):
        first_mention.setdefault(person_id, mention_id)
    through = PersonMention.positions.through
    through.objects.bulk_create(
        [
            through(personmention_id=first_mention[p.person_id], position_id=p.pk)
            for p in positions
            if p.person_id in first_mention
        ],
        batch_size=2000,
    )
    links["Position"] = len(positions)
    return links


def model_of(mention, field: str):
    return mention._meta.get_field(field).related_model
