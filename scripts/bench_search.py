#!/usr/bin/env python
"""Search benchmark: a generated corpus of 10,000+ articles, typical searches timed.

    .venv/bin/python scripts/bench_search.py                           # SQLite, a temp file
    scripts/with-postgres .venv/bin/python scripts/bench_search.py     # PostgreSQL

Builds a throwaway database with Django's test-database machinery (SQLite: a file in a
temporary folder; PostgreSQL: ``test_<name>`` on the server DATABASE_URL names, dropped at
the end), generates published articles with Vietnamese text (reports and interviews, names
with diacritics, common and rare words), indexes them with ``rebuild()`` and times each query
through the real code: ``search()`` (the results page's engine), the article list's queryset
with ``q`` (count and first page), and both pages through Django's test client. Prints the
median and 95th percentile in milliseconds, as a Markdown table. Not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy_kb.settings")

QUERIES = [
    ("name without diacritics", "bui thanh son"),
    ("phrase", '"hội nhập quốc tế"'),
    ("two words", "da nang"),
    ("word with exclusion", "hoi nhap -asean"),
    ("rare word", "matanzas"),
    ("common word", "hợp tác"),
]

# --- the corpus -----------------------------------------------------------------------------

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


def build(n_articles: int, *, seed: int = 2024) -> dict:
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
    publications = Publication.objects.bulk_create(
        [
            Publication(name=name, slug=slugify(name))
            for name in ("Báo Quốc tế", "Vietnam+", "Báo Xây dựng", "VnExpress", "Báo Nhân Dân")
        ]
    )
    articles, bodies = [], []
    total = n_articles + n_articles // 20  # and one draft for every twenty published
    for i in range(total):
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
                ("paragraph", corpus.paragraph(cast_names), None) for _ in range(rng.randint(2, 5))
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
    word_count = sum(len(s.text.split()) for s in segments) + sum(
        len(a.title.split()) for a in articles
    )
    return {
        "published": n_articles,
        "drafts": total - n_articles,
        "segments": len(segments),
        "people": len(people),
        "words": word_count,
    }


# --- timing ---------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5))  # nearest rank
    return ordered[min(rank, len(ordered)) - 1]


def timed(function, repeat: int) -> tuple[float, float]:
    function()  # warm up: caches, prepared plans, template loading
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 95)


def run(args) -> None:
    import django

    # Pages are served from the finders; whitenoise would warn that nothing was collected.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    tmp = None
    if connection.vendor == "sqlite":
        tmp = tempfile.TemporaryDirectory(prefix="bench-search-")
        connection.settings_dict["TEST"]["NAME"] = str(Path(tmp.name) / "bench.sqlite3")
    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from django.http import QueryDict

        from articles.filters import ArticleFilter
        from articles.models import Article, SearchEntry
        from articles.search import parse_query, search
        from articles.search_index import rebuild

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT version()")
            else:
                cursor.execute("SELECT 'SQLite ' || sqlite_version()")
            server = cursor.fetchone()[0].split(" on ")[0].split(",")[0]

        print(f"Generating {args.articles} published articles ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        sizes = build(args.articles)
        generated = time.perf_counter() - start
        print("Indexing ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        rebuild()
        indexed = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        entries = SearchEntry.objects.count()

        client = Client()

        def list_queryset(q):
            data = QueryDict(mutable=True)
            data["q"] = q
            qs = ArticleFilter(data, queryset=Article.objects.published().newest_first()).qs
            return qs.count(), list(qs[:20])

        paths = [
            ("search()", lambda q: search(parse_query(q))),
            ("list queryset", list_queryset),
            ("results page", lambda q: client.get("/search/", {"q": q})),
            ("list page", lambda q: client.get("/articles/", {"q": q})),
        ]
        rows = []
        for label, q in QUERIES:
            matched = list_queryset(q)[0]
            timings = [
                timed(lambda function=function, q=q: function(q), args.repeat)
                for _, function in paths
            ]
            rows.append((label, q, matched, timings))
            print(f"  {label}: done", file=sys.stderr, flush=True)

        today = datetime.date.today().isoformat()
        print(f"## Search benchmark, {connection.vendor} ({server})\n")
        print(
            f"{today}; {os.cpu_count()} CPU cores, {platform.machine()}, Python "
            f"{platform.python_version()}. Corpus: {sizes['published']:,} published articles "
            f"(+{sizes['drafts']:,} drafts), {sizes['segments']:,} segments, "
            f"{sizes['words']:,} words, {sizes['people']:,} officials; {entries:,} index entries. "
            f"Generated in {generated:.1f} s; index built (`rebuild()`) in {indexed:.1f} s. "
            f"Each figure: {args.repeat} runs after one warm-up, in ms, median / 95th percentile."
            "\n"
        )
        header = "| query | articles found | " + " | ".join(p for p, _ in paths) + " |"
        print(header)
        print("|" + " --- |" * (2 + len(paths)))
        for label, q, matched, timings in rows:
            cells = " | ".join(f"{median:.1f} / {p95:.1f}" for median, p95 in timings)
            print(f"| {label}: `{q}` | {matched:,} | {cells} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        if tmp:
            tmp.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="published articles")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per query and path")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
