"""Key figures: what an article states in numbers ("187 nước", "gần 300 văn bản hợp tác"),
tied to its sentence and to what it counts; a topic's figures over time; the seed's figures;
figures proposed from a text for an editor's review."""

import datetime
import io
import re
import shutil
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Publication, Segment
from articles.seed import SeedError, load_seed
from figures.models import FigureTopic, KeyFigure
from figures.proposals import propose_figures
from tests.conftest import SEED_FILE
from tests.factories import ArticleFactory, SegmentFactory
from tests.test_html_validity import vnu  # noqa: F401 (the checker, a fixture)

KEY_001 = "nang-cao-cong-tac-ngoai-vu-phuc-vu-hoi-nhap-quoc-te-dia-phuong"
KEY_002 = "day-manh-nang-cao-hieu-qua-hoi-nhap-phuc-vu-phat-trien-ben-vung"
RELATIONS = "nuoc-co-quan-he-ngoai-giao"


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_seed", *args, stdout=out)
    return out.getvalue()


def topic_url(slug: str = RELATIONS) -> str:
    return reverse("figures:topic", kwargs={"slug": slug})


def figure_in(article: Article, text: str, *, topic: FigureTopic, value: int, **extra):
    place = {k: extra.pop(k) for k in ("position", "anchor") if k in extra}
    segment = SegmentFactory(article=article, text=text, **place)
    words = extra.pop("as_written", text)
    return KeyFigure.objects.create(
        article=article, segment=segment, topic=topic, value=value, as_written=words, **extra
    )


def table_rows(html: str) -> list[str]:
    body = re.search(r'<table class="figures">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert body, "no figures table"
    return re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)


# --- proposals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Trong hai năm qua, gần 300 văn kiện hợp tác đã được ký kết.",
            [("300", "nearly", "văn kiện", "gần 300 văn kiện")],
        ),
        (
            "quan hệ ngoại giao với 187 nước, 15 đối tác chiến lược",
            [
                ("187", "exact", "nước", "187 nước"),
                ("15", "exact", "đối tác chiến lược", "15 đối tác chiến lược"),
            ],
        ),
        (
            "lớp bổ trợ kiến thức cho khoảng 2.000 lượt cán bộ làm công tác đối ngoại",
            [("2000", "about", "lượt cán bộ", "khoảng 2.000 lượt cán bộ")],
        ),
        (
            "thu hút hơn 1,5 triệu lượt khách",
            [("1500000", "more_than", "lượt", "hơn 1,5 triệu lượt")],
        ),
        ("trên 20 quốc gia tham dự", [("20", "more_than", "quốc gia", "trên 20 quốc gia")]),
        ("kim ngạch tăng 12,5% so với năm trước", [("12.5", "exact", "%", "12,5%")]),
        ("chiếm khoảng 30 phần trăm", [("30", "about", "%", "khoảng 30 phần trăm")]),
        ("vốn đầu tư 3 tỷ USD", [("3000000000", "exact", "USD", "3 tỷ USD")]),
        (
            "50 tỉnh, thành phố có Sở Ngoại vụ",
            [("50", "exact", "tỉnh, thành phố", "50 tỉnh, thành phố")],
        ),
    ],
)
def test_figures_are_proposed_from_vietnamese_number_forms(text, expected):
    found = [(str(p.value), p.qualifier, p.unit, p.as_written) for p in propose_figures(text)]
    assert found == expected
    for proposal in propose_figures(text):
        assert text[proposal.start : proposal.end] == proposal.as_written


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị diễn ra trong năm 2023 tại Hà Nội.",
        "Sáng 21/8, tại Hà Nội",
        "Hội nghị Ngoại giao lần thứ 29 đã kết thúc.",
        "thực hiện Nghị quyết 22-NQ/TW của Bộ Chính trị",
        "Nghị quyết 22 của Bộ Chính trị về hội nhập quốc tế",
        "Hội nghị Trung ương 8 khóa XI",
        "12:14 11/12/2018",
        "(từ 22-26/8/2016)",
        "mục tiêu đến 2025, 2030 và 2045",
        "đại dịch Covid-19 kéo dài gần 2 năm qua",
        "trong 3-5 năm tới",
        "Ủy viên không thường trực Hội đồng Bảo an 2020-2021",
    ],
)
def test_dates_years_ordinals_and_document_numbers_are_not_proposed(text):
    assert propose_figures(text) == []


def test_every_digit_figure_of_the_seed_texts_is_proposed(seeded):
    """The curated figures printed in digits are all found by the proposals."""
    seed = load_seed(SEED_FILE)
    texts = {a.entry["key"]: "\n".join(s.text for s in a.parsed.segments) for a in seed.articles}
    for entry in seed.sections["figures"]:
        if not re.search(r"\d", entry["as_written"]):
            continue
        found = {(p.value, p.qualifier) for p in propose_figures(texts[entry["article"]])}
        assert (Decimal(entry["value"]), entry.get("qualifier", "exact")) in found, entry["key"]


# --- the model ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad", [{"value": -1}, {"qualifier": "roughly"}, {"as_written": ""}], ids=str
)
def test_the_database_refuses_a_bad_figure(bad):
    article = ArticleFactory()
    segment = SegmentFactory(article=article, text="với 187 nước")
    topic = FigureTopic.objects.create(slug="t", name_vi="Nước")
    values = {"value": 187, "qualifier": "exact", "as_written": "187 nước"} | bad
    with pytest.raises(IntegrityError), transaction.atomic():
        KeyFigure.objects.create(article=article, segment=segment, topic=topic, **values)


@pytest.mark.django_db
def test_a_figure_must_quote_its_own_articles_sentence():
    article, other = ArticleFactory(), ArticleFactory()
    segment = SegmentFactory(article=article, text="quan hệ ngoại giao với 187 nước")
    topic = FigureTopic.objects.create(slug="t", name_vi="Nước")
    figure = KeyFigure(
        article=other, segment=segment, topic=topic, value=187, as_written="187 nước"
    )
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "segment" in error.value.message_dict
    figure.article = article
    figure.as_written = "189 nước"
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "as_written" in error.value.message_dict


# --- the seed ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_seed_figures_are_imported_with_their_sentences(seeded):
    assert KeyFigure.objects.count() == 11
    figure = KeyFigure.objects.get(seed_key="hoi-nghi-ngoai-giao-29-nuoc-co-quan-he-ngoai-giao")
    assert figure.article.slug == KEY_002
    assert figure.value == 187 and figure.qualifier == "exact" and figure.unit == "nước"
    assert "quan hệ ngoại giao với 187 nước" in figure.segment.text
    assert figure.topic.name_en == "Countries with diplomatic relations with Viet Nam"
    documents = KeyFigure.objects.get(as_written="gần 300 văn bản hợp tác")
    assert (documents.value, documents.qualifier) == (300, "nearly")
    assert documents.article.slug == KEY_001
    trained = KeyFigure.objects.get(as_written="khoảng 2.000 lượt cán bộ")
    assert (trained.value, trained.qualifier) == (2000, "about")


@pytest.mark.django_db
def test_a_second_import_changes_nothing_and_keeps_a_figure_staff_edited(seeded):
    out = run()
    assert "figures: 11 unchanged" in out and "figure_topics: 11 unchanged" in out
    assert "Nothing to do: the database already matches." in out
    figure = KeyFigure.objects.get(as_written="700 đại biểu")
    figure.qualifier = KeyFigure.Qualifier.ABOUT
    figure.save()
    KeyFigure.objects.get(as_written="15 đối tác chiến lược").delete()
    out = run()
    assert "figure hoi-nghi-ngoai-giao-29-dai-bieu: edited since the last import" in out
    assert "figure hoi-nghi-ngoai-giao-29-doi-tac-chien-luoc: deleted since the last import" in out
    assert KeyFigure.objects.get(as_written="700 đại biểu").qualifier == "about"
    assert not KeyFigure.objects.filter(as_written="15 đối tác chiến lược").exists()
    run("--force")
    assert KeyFigure.objects.get(as_written="700 đại biểu").qualifier == "exact"
    assert KeyFigure.objects.filter(as_written="15 đối tác chiến lược").exists()


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    for path in SEED_FILE.parent.iterdir():
        if path.suffix in {".toml", ".txt"}:
            shutil.copy(path, tmp_path / path.name)
    return tmp_path / SEED_FILE.name


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'as_written = "700 đại biểu"',
            'as_written = "800 đại biểu"',
            '[[figures]] #4 (key "hoi-nghi-ngoai-giao-29-dai-bieu"): as_written "800 đại biểu" '
            "does not occur in the text of article",
        ),
        (
            'value = "700"',
            'value = "70"',
            'value "70" differs from the number in "700 đại biểu"',
        ),
        ('value = "700"', 'value = "bảy trăm"', "value must be a number"),
        (
            'topic = "dai-bieu-hoi-nghi-ngoai-giao"',
            'topic = "dai-bieu"',
            'topic "dai-bieu" is not a known [[figure_topics]] entry',
        ),
    ],
)
def test_a_wrong_figure_in_the_seed_is_refused_naming_the_entry(seed_copy, old, new, message):
    edit(seed_copy, old, new)
    with pytest.raises(SeedError) as error:
        load_seed(seed_copy)
    assert message in str(error.value)


# --- the pages ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_topic_page_lists_figures_by_date_with_links_to_their_sentences(client, seeded):
    topic = FigureTopic.objects.get(slug=RELATIONS)
    later = ArticleFactory(title="Bài năm 2021", date=datetime.date(2021, 12, 20))
    figure_in(later, "Việt Nam có quan hệ ngoại giao với 189 nước.", topic=topic, value=189,
              as_written="189 nước")  # fmt: skip
    html = client.get(topic_url()).content.decode()
    rows = table_rows(html)
    assert len(rows) == 2
    assert "187" in rows[0] and "2016" in rows[0] and "189" in rows[1] and "2021" in rows[1]
    seed_figure = KeyFigure.objects.get(as_written="quan hệ ngoại giao với 187 nước")
    anchor = f"{seed_figure.article.get_absolute_url()}#{seed_figure.segment.anchor}"
    assert f'href="{anchor}"' in rows[0]
    chart = re.search(r"<figure class=\"figure-chart\">.*?</figure>", html, re.S)
    assert chart and len(re.findall(r"<circle ", chart.group(0))) == 2
    assert not re.search(r'="\d+,\d', chart.group(0))  # no localised coordinates
    with translation.override("en"):
        english = client.get(topic_url()).content.decode()
    assert "<h1>Countries with diplomatic relations with Viet Nam</h1>" in english
    assert "The table below gives the same figures." in english


@pytest.mark.django_db
def test_a_topic_page_with_its_chart_is_valid_html(client, seeded, vnu):  # noqa: F811
    topic = FigureTopic.objects.get(slug=RELATIONS)
    later = ArticleFactory(date=datetime.date(2021, 12, 20))
    figure_in(later, "với 189 nước", topic=topic, value=189, as_written="189 nước")
    pages = {
        "topic with chart": client.get(topic_url()).content.decode(),
        "topic with chart, en": client.get("/en" + topic_url()).content.decode(),
        "article with figures": client.get(
            Article.objects.get(slug=KEY_002).get_absolute_url()
        ).content.decode(),
    }
    assert '<figure class="figure-chart">' in pages["topic with chart"]
    failures = vnu(pages)
    assert not any(failures.values()), failures


@pytest.mark.django_db
def test_a_drafts_figures_stay_private(client, seeded):
    topic = FigureTopic.objects.get(slug=RELATIONS)
    draft = ArticleFactory(status=Article.Status.DRAFT, date=datetime.date(2022, 1, 1))
    figure_in(draft, "với 190 nước", topic=topic, value=190, as_written="190 nước")
    hidden_topic = FigureTopic.objects.create(slug="chi-ban-nhap", name_vi="Chỉ bản nháp")
    figure_in(draft, "với 3 nước khác", topic=hidden_topic, value=3, as_written="3 nước")
    page = client.get(topic_url()).content.decode()
    assert "190" not in page and len(table_rows(page)) == 1
    assert client.get(topic_url("chi-ban-nhap")).status_code == 404
    listing = client.get(reverse("figures:list")).content.decode()
    assert "Chỉ bản nháp" not in listing
    assert "Nước có quan hệ ngoại giao với Việt Nam" in listing


@pytest.mark.django_db
def test_the_topic_list_names_each_topic_with_its_count(client, seeded):
    html = client.get(reverse("figures:list")).content.decode()
    assert html.count('<th scope="row">') == 11
    assert f'href="{topic_url()}"' in html


@pytest.mark.django_db
def test_an_unknown_topic_is_404(client, seeded):
    assert client.get(topic_url("khong-co")).status_code == 404


@pytest.mark.django_db
def test_the_article_page_lists_its_figures_linked_to_sentence_and_topic(client, seeded):
    article = Article.objects.get(slug=KEY_002)
    html = client.get(article.get_absolute_url()).content.decode()
    section = re.search(r'<section aria-labelledby="figures-heading">(.*?)</section>', html, re.S)
    assert section, "no key figures section"
    figure = KeyFigure.objects.get(as_written="15 đối tác chiến lược")
    assert f'href="#{figure.segment.anchor}"' in section.group(1)
    assert f'id="{figure.segment.anchor}"' in html
    assert f'href="{topic_url("doi-tac-chien-luoc")}"' in section.group(1)
    assert section.group(1).count("<li>") == 7
    other = Article.objects.get(seed_file__startswith="004_")
    assert 'id="figures-heading"' not in client.get(other.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_figures(client, seeded, django_assert_max_num_queries):
    topic = FigureTopic.objects.get(slug=RELATIONS)
    article = Article.objects.get(slug=KEY_002)
    # The topic, its figures' count and page, the chart's points; the topics' count and page;
    # the article page's budget (tests/test_article_pages.py).
    bounds = {topic_url(): 4, reverse("figures:list"): 2, article.get_absolute_url(): 17}
    for url, bound in bounds.items():
        with django_assert_max_num_queries(bound, info=url):
            assert client.get(url).status_code == 200
    for n in range(60):
        other = ArticleFactory(date=datetime.date(2000 + n % 25, 1 + n % 12, 1))
        figure_in(other, f"với {150 + n} nước", topic=topic, value=150 + n,
                  as_written=f"{150 + n} nước")  # fmt: skip
        figure_in(article, f"Câu số {n}: {n + 1} nước", topic=topic, value=n + 1,
                  as_written=f"{n + 1} nước", position=1000 + n, anchor=f"p{1000 + n}")  # fmt: skip
    for url, bound in bounds.items():
        with django_assert_max_num_queries(bound, info=url):
            assert client.get(url).status_code == 200
    assert len(table_rows(client.get(topic_url()).content.decode())) == 50  # a page of them


# --- add from text --------------------------------------------------------------------------------

TEXT = """Việt Nam có quan hệ với 189 nước
Hà Nội, ngày 21/8/2023
Năm 2023, Việt Nam có quan hệ ngoại giao với 189 nước, trong đó có 18 đối tác chiến lược.
Hội nghị Ngoại giao lần thứ 32 có khoảng 1.000 đại biểu tham dự."""


@pytest.fixture
def admin(client, db):
    client.force_login(User.objects.create_superuser("quantri", "q@example.org", "pw"))
    return client


def source(**extra):
    return {
        "publication": Publication.objects.get(slug="bao-tin-tuc").pk,
        "kind": "report",
        "date": "21/8/2023",
        "date_precision": "",
        "source_url": "",
        "title": "",
        "title_in_text": "on",
        "text": TEXT,
        **extra,
    }


@pytest.mark.django_db
def test_add_from_text_proposes_figures_and_saves_those_kept(admin, seeded):
    from tests.test_editorial import review_data

    url = reverse("admin:articles_article_add_from_text")
    with translation.override("en"):
        response = admin.post(url, source())
        page = response.content.decode()
        found = re.search(r'<fieldset class="module aligned" id="figures-found">(.*?)</fieldset>',
                          page, re.S)  # fmt: skip
        assert found, "no figures found"
        table = found.group(1)
        for words in ("189 nước", "18 đối tác chiến lược", "khoảng 1.000 đại biểu"):
            assert f"“{words}”" in table
        assert "2023" not in re.sub(r"<select.*?</select>", "", table, flags=re.S)
        assert "“32" not in table
        keys = re.findall(r'name="figure" value="([\d-]+)"[^>]*checked', table)
        assert len(keys) == 3
        relations = FigureTopic.objects.get(slug=RELATIONS)
        # The unit "nước" matches the seed's topic, chosen already.
        assert re.search(rf'<option value="{relations.pk}" selected>', table)
        data = review_data(response.context["review"])
        data["figure"] = [keys[0], keys[2]]  # "18 đối tác chiến lược" unticked
        data[f"figure-topic-{keys[0]}"] = str(relations.pk)
        data[f"figure-topic-{keys[2]}"] = ""  # a new topic, named by the unit
        response = admin.post(url, {**data, "save": "save"})
    assert response.status_code == 302
    article = Article.objects.get(title="Việt Nam có quan hệ với 189 nước")
    figures = {f.as_written: f for f in article.figures.select_related("topic", "segment")}
    assert set(figures) == {"189 nước", "khoảng 1.000 đại biểu"}
    assert figures["189 nước"].topic == relations
    assert figures["189 nước"].segment.text.startswith("Năm 2023, Việt Nam")
    delegates = figures["khoảng 1.000 đại biểu"]
    assert (delegates.value, delegates.qualifier) == (1000, "about")
    assert delegates.topic.name_vi == "đại biểu" and delegates.topic.slug == "dai-bieu"
    # A draft's figures stay off the public topic page.
    assert "189" not in admin.get(topic_url()).content.decode()


@pytest.mark.django_db
def test_a_refused_figure_leaves_no_draft_behind(admin, seeded):
    from tests.test_editorial import review_data

    url = reverse("admin:articles_article_add_from_text")
    before = Article.objects.count()
    with translation.override("en"):
        response = admin.post(url, source())
        data = review_data(response.context["review"])
        data["figure"] = ["3-1"]
        data["figure-topic-3-1"] = "999999"  # a topic deleted meanwhile
        response = admin.post(url, {**data, "save": "save"})
    assert response.status_code == 200
    # The admin speaks the language of its address (Vietnamese here).
    with translation.override("vi"):
        refused = translation.gettext(
            "The topic chosen for “%(figure)s” no longer exists: choose another."
        )
    assert refused.split("“")[0] in unescape(response.content.decode())
    assert Article.objects.count() == before
    assert not Segment.objects.filter(text__contains="1.000 đại biểu").exists()
