"""Article rows (the list, the home page, entity pages): who speaks, with the title the
article gives them; the inferred-date mark, a symbol whose reason is there for hover, focus
and screen readers; agreements named as agreements on the home page."""

import re
from collections import Counter
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.scale import build_corpus
from tests.test_html_validity import CANARY, CANARY_LABEL, _describe, vnu  # noqa: F401

pytestmark = pytest.mark.django_db

LIST = reverse("articles:list")
HOME = reverse("home")
# The seeds: three interviews, two reports.
BUI_2016 = "day-manh-nang-cao-hieu-qua-hoi-nhap-phuc-vu-phat-trien-ben-vung"  # Thứ trưởng then
LE_HOAI_TRUNG = "nang-cao-cong-tac-ngoai-vu-phuc-vu-hoi-nhap-quoc-te-dia-phuong"
NGUYEN_TRUNG_THANH = "vu-hop-tac-quoc-te-day-manh-ngoai-giao-hoi-nhap-quoc-te"
BUI_2021 = "ba-tru-cot-xay-dung-nen-ngoai-giao-viet-nam-toan-dien-hien-dai"  # report, one quoted
TWO_QUOTED = "doi-ngu-can-bo-doi-ngoai-can-co-su-chuyen-nghiep-trong-hoat-dong-hoi-nhap-quoc-te"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def row(html: str, slug: str) -> str:
    """The list item of one article, as served."""
    url = reverse("articles:detail", kwargs={"slug": slug})
    found = re.search(
        rf'<li class="article-row">\s*<a class="article-title" href="{re.escape(url)}".*?</li>',
        html,
        re.S,
    )
    assert found, f"no row for {slug}"
    return found.group(0)


def speaker_lines(row_html: str) -> list[str]:
    return [
        unescape(re.sub(r"\s+", " ", line)).strip()
        for line in re.findall(r'<span class="row-speaker">(.*?)</span>', row_html, re.S)
    ]


def section(html: str, heading_id: str) -> str:
    found = re.search(rf'<section aria-labelledby="{heading_id}">.*?</section>', html, re.S)
    assert found, f"no section {heading_id}"
    return found.group(0)


@pytest.mark.parametrize("url", [LIST, HOME])
def test_an_interview_row_names_its_interviewee_with_the_title_of_that_day(client, seeded, url):
    html = page(client, url)
    # In 2016 Bùi Thanh Sơn was deputy minister (Thứ trưởng); in 2021 minister (Bộ trưởng).
    (line,) = speaker_lines(row(html, BUI_2016))
    assert "Bùi Thanh Sơn" in line and "Thứ trưởng" in line and "Bộ Ngoại giao" in line
    assert "Bộ trưởng" not in line
    (line,) = speaker_lines(row(html, LE_HOAI_TRUNG))
    assert "Lê Hoài Trung" in line and "Thứ trưởng" in line
    # A department is named with its ministry: several ministries have a Vụ Hợp tác Quốc tế.
    (line,) = speaker_lines(row(html, NGUYEN_TRUNG_THANH))
    assert "Nguyễn Trung Thành" in line
    assert "Vụ trưởng" in line and "Vụ Hợp tác Quốc tế" in line and "Bộ Xây dựng" in line


@pytest.mark.parametrize(
    "url",
    [
        "/agencies/bo-ngoai-giao/",
        "/countries/vn/",
        "/bodies/asean/",
        "/events/hoi-nghi-ngoai-giao-29/",
    ],
)
def test_the_rows_of_an_entitys_page_name_who_speaks_too(client, seeded, url):
    (line,) = speaker_lines(row(page(client, url), BUI_2016))
    assert "Bùi Thanh Sơn" in line and "Thứ trưởng" in line


def test_the_english_pages_give_the_english_title(client, seeded):
    for url in (LIST, HOME):
        html = page(client, "/en" + url)
        (line,) = speaker_lines(row(html, BUI_2016))
        assert line.startswith("Interview with Bùi Thanh Sơn, Deputy Minister")
        assert "Thứ trưởng" not in line


def test_a_report_names_its_one_quoted_person_and_nobody_when_it_quotes_several(client, seeded):
    html = page(client, LIST)
    (line,) = speaker_lines(row(html, BUI_2021))
    assert "Bùi Thanh Sơn" in line and "Bộ trưởng" in line and "Thứ trưởng" not in line
    assert "Interview" not in line
    several = row(html, TWO_QUOTED)
    assert speaker_lines(several) == []
    assert "Vũ Đức Đam" not in several and "Đào Ngọc Dung" not in several


def test_without_the_prefetch_a_row_names_nobody_and_reads_nothing(
    seeded, django_assert_num_queries
):
    """Pages that show rows without ``with_speakers()`` (entity pages) stay at their queries."""
    plain = Article.objects.get(slug=BUI_2016)
    with django_assert_num_queries(0):
        assert plain.speakers == []
    prefetched = Article.objects.with_speakers().get(slug=BUI_2016)
    with django_assert_num_queries(0):
        assert [m.person.name for m in prefetched.speakers] == ["Bùi Thanh Sơn"]
        assert prefetched.speakers[0].titles_display.startswith("Thứ trưởng")


def test_the_inferred_mark_is_a_symbol_whose_reason_is_there_for_hover_focus_and_readers(
    client, seeded
):
    html = page(client, LIST)
    inferred = Article.objects.get(slug=BUI_2016)
    marks = re.findall(
        r'<span class="inferred-mark" tabindex="0">'
        r'<span class="inferred-symbol" aria-hidden="true">(.*?)</span>'
        r'<span class="inferred-why">(.*?)</span></span>',
        row(html, BUI_2016),
        re.S,
    )
    ((symbol, why),) = marks
    assert symbol == "≈"  # what is seen in the row: one character, not a sentence
    assert inferred.date_inferred_reason in unescape(why)
    assert "date inferred" not in row(html, BUI_2016)  # the old long marker is gone
    # A printed date has no mark.
    assert "inferred-mark" not in row(html, TWO_QUOTED)
    # The reason is hidden until the mark is hovered or focused (then shown as a tooltip).
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    hidden = re.search(r"\.inferred-mark \.inferred-why \{([^}]*)\}", css)
    assert hidden and "clip: rect(0 0 0 0)" in hidden.group(1)
    assert "position: absolute" in hidden.group(1)  # in the page for screen readers
    # Shown on hover and focus, unless Escape dismissed it (static/js/dismiss.js).
    shown = re.search(
        r"\.inferred-mark(?::not\(\.is-dismissed\))?:hover \.inferred-why, "
        r"\.inferred-mark(?::not\(\.is-dismissed\))?:focus \.inferred-why \{([^}]*)\}",
        css,
    )
    assert shown and "clip: auto" in shown.group(1)


@pytest.mark.parametrize("url", [LIST, HOME, "/en" + LIST, "/en" + HOME])
def test_ids_on_the_pages_with_rows_are_unique(client, seeded, url):
    ids = Counter(re.findall(r'\sid="([^"]+)"', page(client, url)))
    assert ids and [name for name, n in ids.items() if n > 1] == []


def test_agreements_are_named_as_agreements_wherever_bodies_are_listed(client, seeded):
    article = Article.objects.filter(body_mentions__body__slug="evfta").first()
    # The addresses first: a request under /en/ leaves English active for reverse().
    article_url, list_url = article.get_absolute_url(), reverse("articles:list")
    search_url = reverse("search") + "?q=evfta"
    body_url = reverse("people:body-detail", args=["evfta"])
    label = "Multilateral bodies and agreements"
    html = page(client, "/en" + article_url)
    assert '<h2 id="countries-heading">Countries, multilateral bodies and agreements</h2>' in html
    assert label in page(client, "/en" + list_url)  # the facet
    html = page(client, "/en" + search_url)
    assert re.search(rf'<h2 id="group-body">{label} <span class="count">', html)
    html = page(client, "/en" + body_url)
    assert f'#bodies-heading">{label}</a>' in html  # the breadcrumb
    # And in Vietnamese.
    html = page(client, article_url)
    assert "Quốc gia, tổ chức đa phương và hiệp định" in html


def test_agreements_are_listed_as_agreements_on_the_home_page(client, seeded):
    html = page(client, HOME)
    agreements = section(html, "agreements-heading")
    assert re.search(r'<h2 id="agreements-heading">(Agreements|Hiệp định)</h2>', agreements)
    countries = section(html, "countries-heading")
    for name in ("CPTPP", "EVFTA", "RCEP"):
        assert f">{name}</a>" in agreements
        assert name not in countries
    assert ">ASEAN</a>" in countries and "ASEAN" not in agreements


@pytest.mark.parametrize("url", [LIST, HOME])
def test_the_list_and_home_read_as_many_queries_at_two_sizes(client, seeded, url):
    counts = []
    for extra in (0, 300):
        if extra:
            build_corpus(extra)  # a third interviews, each with an interviewee and a title
        with CaptureQueriesContext(connection) as queries:
            html = page(client, url)
        counts.append(len(queries))
        assert html.count('class="row-speaker"') >= 3
    assert counts[0] == counts[1]


def test_the_list_and_home_are_valid_html(client, seeded, vnu):  # noqa: F811
    documents = {url: page(client, url) for url in (LIST, HOME, "/en" + LIST, "/en" + HOME)}
    failures = vnu({**documents, CANARY_LABEL: CANARY})
    assert failures.pop(CANARY_LABEL), "vnu reported nothing for a broken document"
    report = [
        f"{label}:\n" + "\n".join(_describe(m) for m in messages)
        for label, messages in failures.items()
        if messages
    ]
    assert not report, "\n\n".join(report)
