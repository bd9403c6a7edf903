"""Full-text search: matching, ranking, snippets, the results page, the article list's ``q``,
the index following every change, the rebuild command, hostile input and query counts.

CI runs this same module on SQLite (FTS5) and on PostgreSQL (tsvector with a GIN index).
Expected results are written out as literal titles and names, worked out by reading the
seed texts and the factory-made rows below, not copied from the engine's output; so each
passing run on both backends shows that the same queries return the same results on both.
Where the order of several hits is not a rule of the engine, they are compared sorted.
"""

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, SearchEntry, Segment
from articles.search import (
    ENTITIES_FTS_TABLE,
    MAX_QUERY,
    MAX_TERMS,
    highlight,
    parse_query,
    search,
    spelling,
    words,
)
from articles.search_index import rebuild
from events.models import ConferenceSeries
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    BodyFactory,
    ConferenceFactory,
    CountryFactory,
    PersonFactory,
    PositionFactory,
    SegmentFactory,
    SeriesFactory,
)
from tests.scale import build_corpus
from tests.test_html_validity import (
    _describe,
    vnu,  # noqa: F401 (the checker fixture)
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")
LIST = reverse("articles:list")

# The five seed articles, by title.
VU_HTQT = "Vụ Hợp tác Quốc tế: Đẩy mạnh ngoại giao, hội nhập quốc tế"
BA_TRU_COT = "Ba trụ cột xây dựng nền ngoại giao Việt Nam toàn diện, hiện đại"
DOI_NGU = "Đội ngũ cán bộ đối ngoại cần có sự chuyên nghiệp trong hoạt động hội nhập quốc tế"
DAY_MANH = "Đẩy mạnh, nâng cao hiệu quả hội nhập, phục vụ phát triển bền vững"
NGOAI_VU = "Nâng cao công tác ngoại vụ, phục vụ hội nhập quốc tế địa phương"
ALL_SEED_ARTICLES = sorted([VU_HTQT, BA_TRU_COT, DOI_NGU, DAY_MANH, NGOAI_VU])


def found(q: str, kind: str = "article") -> list[str]:
    """What ``search()`` finds of one kind, best first: titles, or the first line of names."""
    results = search(parse_query(q), per_kind=50)
    return [hit.title.split("\n")[0] for hit in results.hits.get(kind, [])]


def en(url: str) -> str:
    return "/en" + url


def search_page(client, q: str, *, lang: str = "en") -> str:
    url = en(SEARCH) if lang == "en" else SEARCH
    response = client.get(url, {"q": q})
    assert response.status_code == 200, (q[:80], response.status_code)
    return response.content.decode()


def groups(html: str) -> dict[str, str]:
    """{kind: the HTML of its section} on the results page, in page order."""
    return dict(
        re.findall(
            r'<section class="search-group" aria-labelledby="group-(\w+)">(.*?)</section>',
            html,
            re.S,
        )
    )


def vietnamese_titles(titles: list[str]) -> list[str]:
    """An English page names an article by its English title where it has one: its Vietnamese
    title instead, so that expectations read the same in either language."""
    by_english = dict(Article.objects.exclude(title_en="").values_list("title_en", "title"))
    return [by_english.get(unescape(title), title) for title in titles]


def hit_titles(section_html: str) -> list[str]:
    return vietnamese_titles(
        re.findall(r'<a class="hit-title" href="[^"]+"(?: lang="\w+")?>([^<]+)</a>', section_html)
    )


def listed(response) -> list[str]:
    """Titles on the article list page, in page order."""
    return vietnamese_titles(
        re.findall(
            r'class="article-title" href="[^"]+"[^>]*>([^<]+)</a>', response.content.decode()
        )
    )


def article_with(title: str, *texts: str, **kwargs) -> Article:
    article = ArticleFactory(title=title, **kwargs)
    for position, text in enumerate(texts, start=1):
        SegmentFactory(article=article, position=position, anchor=f"p{position}", text=text)
    return article


# --- matching ------------------------------------------------------------------------------


# Tests on the seeds loop over their cases rather than being parametrized: importing the
# seeds is most of each test's time.


def test_official_is_found_whatever_the_case_and_diacritics(seeded):
    for q in ("bui thanh son", "Bui Thanh Son", "BÙI THANH SƠN", "Bùi Thanh Sơn"):
        assert found(q, "person") == ["Bùi Thanh Sơn"], q
        # The two seed articles that name him (the 2016 Diplomatic Conference, the 2021
        # National Conference on External Affairs).
        assert sorted(found(q)) == sorted([BA_TRU_COT, DAY_MANH]), q


def test_results_page_lists_the_official_for_any_spelling(client, seeded):
    for q in ("bui thanh son", "BÙI THANH SƠN"):
        html = search_page(client, q)
        assert hit_titles(groups(html)["person"]) == ["Bùi Thanh Sơn"], q
        assert 'href="/en/people/bui-thanh-son/"' in groups(html)["person"], q


@pytest.mark.parametrize("q", ["da nang", "Da Nang", "ĐÀ NẴNG", "Đà Nẵng", '"da nang"'])
def test_da_nang_without_diacritics_finds_da_nang(db, q):
    article_with("Hợp tác địa phương", "Đoàn công tác làm việc với thành phố Đà Nẵng.")
    article_with("Tin khác", "Đoàn công tác làm việc với tỉnh Quảng Nam.")
    assert found(q) == ["Hợp tác địa phương"]


def test_hoa_binh_matches_both_tone_placements_in_the_seeds(seeded):
    # "hòa bình" (tone on the o) is in the 2021 and 2016 conference reports; the 2018
    # steering-committee report writes "hoà bình" (tone on the a).
    for q in ("hoa binh", "hòa bình", "hoà bình", "HOÀ BÌNH", '"hoa binh"'):
        assert sorted(found(q)) == sorted([BA_TRU_COT, DAY_MANH, DOI_NGU]), q


def test_hoa_binh_matches_both_tone_placements_in_answers(db):
    article = ArticleFactory(title="Phỏng vấn", kind=Article.Kind.INTERVIEW)
    speaker = PersonFactory(name="Trần Văn Hải")
    SegmentFactory(article=article, position=1, kind="question", anchor="q1", text="Hỏi?")
    for n, text in enumerate(["Giữ gìn hòa bình.", "Vì hoà bình."], start=1):
        SegmentFactory(
            article=article, position=n + 1, kind="answer", anchor=f"a{n}", text=text,
            speaker=speaker,
        )  # fmt: skip
    for q in ("hòa bình", "hoà bình", "hoa binh"):
        assert sorted(found(q, "answer")) == ["", ""], q
        assert {h.body for h in search(parse_query(q)).hits["answer"]} == {
            "Giữ gìn hòa bình.",
            "Vì hoà bình.",
        }


def test_all_words_must_match(db):
    article_with("Hợp tác kinh tế với Nhật Bản", "Hai nước ký kết thỏa thuận.")
    article_with("Hợp tác văn hóa", "Giao lưu nghệ thuật.")
    article_with("Kinh tế số", "Chuyển đổi số.")
    assert found("hop tac kinh te") == ["Hợp tác kinh tế với Nhật Bản"]
    assert sorted(found("hop tac")) == ["Hợp tác kinh tế với Nhật Bản", "Hợp tác văn hóa"]
    assert found("hop tac kinh te nga") == []


def test_quoted_phrase_matches_the_words_in_order_only(db):
    article_with("Bài một", "Việt Nam chủ động hội nhập quốc tế sâu rộng.")
    article_with("Bài hai", "Quốc tế ghi nhận nỗ lực hội nhập của Việt Nam.")
    assert found('"hoi nhap quoc te"') == ["Bài một"]
    assert found('"hội nhập quốc tế"') == ["Bài một"]
    assert sorted(found("hoi nhap quoc te")) == ["Bài hai", "Bài một"]


def test_a_phrase_does_not_run_from_the_title_into_the_text(db):
    article_with("Bàn về hội nhập", "Quốc tế ghi nhận nỗ lực của Việt Nam.")
    assert found('"hoi nhap quoc te"') == []
    assert found("hoi nhap quoc te") == ["Bàn về hội nhập"]
    assert found('"ban ve hoi nhap"') == ["Bàn về hội nhập"]


def test_phrase_in_the_seeds(seeded):
    # "đối ngoại địa phương" (local foreign affairs) as a phrase is in the two reports on the
    # National Conference on External Affairs; three more articles have the words apart.
    assert sorted(found('"đối ngoại địa phương"')) == sorted([BA_TRU_COT, NGOAI_VU])
    assert sorted(found('"doi ngoai dia phuong"')) == sorted([BA_TRU_COT, NGOAI_VU])
    assert sorted(found("doi ngoai dia phuong")) == sorted(
        [VU_HTQT, BA_TRU_COT, DAY_MANH, NGOAI_VU]
    )


def test_minus_excludes_a_word_and_a_phrase(db):
    article_with("Hợp tác kinh tế", "Thúc đẩy thương mại.")
    article_with("Hợp tác văn hóa", "Giao lưu nghệ thuật.")
    assert found("hop tac -kinh") == ["Hợp tác văn hóa"]
    assert found('hop tac -"kinh te"') == ["Hợp tác văn hóa"]
    # The same words not side by side as a phrase exclude nothing.
    assert sorted(found('hop tac -"te kinh"')) == ["Hợp tác kinh tế", "Hợp tác văn hóa"]
    assert found("hop tac -HỢP") == []


def test_minus_exclusion_in_the_seeds(seeded):
    # "covid" occurs only in the 2021 report.
    assert sorted(found("hoi nhap -covid")) == sorted([VU_HTQT, DOI_NGU, DAY_MANH, NGOAI_VU])


def test_hyphenated_and_numbered_names_are_found(seeded):
    assert found("an gie ri", "country") == ["An-giê-ri"]
    assert found("An-giê-ri", "country") == ["An-giê-ri"]
    directive = "Chỉ thị 25-CT/TW về đẩy mạnh và nâng tầm đối ngoại đa phương đến năm 2030"
    assert found("25-ct/tw", "document") == [directive]
    assert found("chi thi 25", "document") == [directive]


def test_entities_of_every_kind_are_found(seeded):
    assert found("cuba", "country") == ["Cuba"]
    assert sorted(found("cuba", "agency")) == [
        "Đại sứ quán Cuba tại Việt Nam",  # Đ (U+0110) sorts before Ủ (U+1EE6)
        "Ủy ban liên Chính phủ Việt Nam - Cuba",
    ]
    assert found("cuba", "conference")[0].startswith("Lễ trao tặng của DN Việt Nam")
    assert found("asean", "body") == ["Hiệp hội các quốc gia Đông Nam Á"]
    assert found("ngoai vu toan quoc lan thu 18", "conference") == [
        "Hội nghị Ngoại vụ toàn quốc lần thứ 18"
    ]


# --- ranking -------------------------------------------------------------------------------


def test_title_match_ranks_above_body_match(db):
    article_with("Tin tổng hợp trong tuần", "Mê Kông, Mê Kông và Mê Kông: hợp tác Mê Kông.")
    article_with("Hợp tác sông Mê Kông", "Một đoạn văn khác hẳn.")
    assert found("me kong") == ["Hợp tác sông Mê Kông", "Tin tổng hợp trong tuần"]
    assert found("mê kông hợp tác") == ["Hợp tác sông Mê Kông", "Tin tổng hợp trong tuần"]


def test_name_match_ranks_above_a_match_in_other_names(db):
    parent = AgencyFactory(name_vi="Cục Hàng hải", name_en="Maritime Administration")
    AgencyFactory(name_vi="Phòng Pháp chế", name_en="Legal Office", parent=parent)
    assert found("hang hai", "agency") == ["Cục Hàng hải", "Phòng Pháp chế"]
    assert found("cuc hang hai", "agency") == ["Cục Hàng hải", "Phòng Pháp chế"]


def test_exact_diacritics_rank_above_folded_matches(db):
    exact = "Lãnh đạo thành phố Đà Nẵng tiếp đoàn công tác của tỉnh bạn trong chuyến thăm."
    folded = "Đa năng, đa năng và đa năng."
    article_with("Tin địa phương", exact)
    article_with("Thiết bị mới", folded)
    # Folded alike, the short text with the words three times ranks first ...
    assert found("da nang") == ["Thiết bị mới", "Tin địa phương"]
    # ... but typed with its diacritics, the exact spelling moves ahead.
    assert found("Đà Nẵng") == ["Tin địa phương", "Thiết bị mới"]
    assert found("đa năng") == ["Thiết bị mới", "Tin địa phương"]


def test_ranking_reads_no_text_and_only_the_kept_hits_texts_are_read(db):
    """The candidates are ranked by their titles and words, not their texts (a whole article
    each): the texts are read after, of the few hits kept of each kind (three times those
    shown), and each hit shown has its text, for the exact-diacritics rule and the snippet."""
    for n in range(8):
        article_with(f"Bài {n}", f"Đoàn công tác thăm Matanzas lần thứ {n}.")
    with CaptureQueriesContext(connection) as queries:
        results = search(parse_query("matanzas"), per_kind=2)
    sql = [q["sql"] for q in queries]
    ranking = [s for s in sql if "bm25(" in s or "ts_rank(" in s]
    assert ranking and not any("e.body," in s or "e.body " in s for s in ranking), ranking
    texts = [s for s in sql if s.startswith("SELECT id, body FROM")]
    assert len(texts) == 1, sql
    hits = results.hits["article"]
    assert len(hits) == 2 and all("Matanzas lần thứ" in hit.body for hit in hits)
    read = re.findall(r"\d+", texts[0].split(" WHERE ", 1)[1])
    assert len(read) == 2 * 3, read  # the six kept of the eight that match


def test_exact_match_ignores_where_the_tone_mark_sits(db):
    article_with("Tin một", "Cả khu vực mong muốn giữ vững hòa bình, ổn định và hợp tác lâu dài.")
    article_with("Tin hai", "Bình hoa, bình hoa và bình hoa.")
    assert found("hoa binh") == ["Tin hai", "Tin một"]
    # "hoà" with the tone on the a is the same word as the text's "hòa".
    assert found("hoà bình") == ["Tin một", "Tin hai"]
    assert found("hòa bình") == ["Tin một", "Tin hai"]


# --- snippets ------------------------------------------------------------------------------


def test_snippet_marks_the_original_words_with_their_diacritics(db):
    text = "Đoàn đã tới Đà Nẵng, rồi ra Hà Nội."
    # Where the words stand together, that place is marked as one phrase, and "đã" (also
    # "da") is left alone; typed in another order, every word is marked wherever it is.
    assert str(highlight(text, parse_query("da nang"))) == (
        "Đoàn đã tới <mark>Đà Nẵng</mark>, rồi ra Hà Nội."
    )
    assert str(highlight(text, parse_query("nang da"))) == (
        "Đoàn <mark>đã</mark> tới <mark>Đà Nẵng</mark>, rồi ra Hà Nội."
    )
    # A phrase is marked only where its words stand together.
    assert str(highlight(text, parse_query('"DA NANG"'))) == (
        "Đoàn đã tới <mark>Đà Nẵng</mark>, rồi ra Hà Nội."
    )
    # Both placements of a tone mark are marked.
    marked = str(highlight("Vì hoà bình và hòa bình.", parse_query('"hòa bình"')))
    assert marked == "Vì <mark>hoà bình</mark> và <mark>hòa bình</mark>."


def test_snippet_escapes_html_in_the_text(db):
    text = 'Đà Nẵng <script>alert("x")</script> & <b>đậm</b>'
    snippet = str(highlight(text, parse_query("da nang")))
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in snippet
    assert snippet.startswith("<mark>Đà Nẵng</mark>")


def test_snippet_is_a_passage_around_the_first_match(db):
    text = " ".join(["mở đầu"] * 200) + " hợp tác với Cuba " + " ".join(["kết thúc"] * 200)
    snippet = str(highlight(text, parse_query("cuba")))
    assert "<mark>Cuba</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 500


def test_results_page_escapes_html_in_snippets_and_titles(client, db):
    article = ArticleFactory(title="Bài <i>nghiêng</i> về Đà Nẵng")
    SegmentFactory(article=article, text="Tại Đà Nẵng <script>alert(1)</script> hôm nay.")
    html = search_page(client, "da nang")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Bài &lt;i&gt;nghiêng&lt;/i&gt; về Đà Nẵng" in html
    assert "<mark>Đà Nẵng</mark>" in html


# --- the results page ----------------------------------------------------------------------


def test_results_page_groups_hits_by_kind_in_order(client, seeded):
    html = search_page(client, "cuba")
    assert list(groups(html)) == ["article", "answer", "conference", "agency", "country"]
    assert re.findall(r'<h2 id="group-\w+">([^<]+)<', html) == [
        "Articles ",
        "Interview answers ",
        "Conferences and events ",
        "Agencies ",
        "Countries ",
    ]
    page = groups(html)
    assert hit_titles(page["article"]) == [VU_HTQT]
    assert hit_titles(page["country"]) == ["Cuba"]
    assert 'href="/en/countries/cu/"' in page["country"]
    assert sorted(hit_titles(page["agency"])) == [
        "Embassy of Cuba in Viet Nam",
        "Viet Nam - Cuba Intergovernmental Committee",
    ]


def test_results_page_shows_bodies(client, seeded):
    page = groups(search_page(client, "asean"))
    assert "body" in page
    assert 'href="/en/bodies/asean/"' in page["body"]


def test_answer_hits_show_the_quote_speaker_and_link_to_the_answer(client, db):
    article = ArticleFactory(title="Phỏng vấn về Biển Đông", kind=Article.Kind.INTERVIEW)
    speaker = PersonFactory(name="Trần Thị Hải Yến", slug="tran-thi-hai-yen")
    SegmentFactory(article=article, position=1, kind="question", anchor="q1", text="Xin hỏi?")
    SegmentFactory(
        article=article, position=2, kind="answer", anchor="a1", speaker=speaker,
        text="Chúng tôi kiên trì giải quyết tranh chấp ở Biển Đông bằng biện pháp hòa bình.",
    )  # fmt: skip
    url = en(article.get_absolute_url())
    page = groups(search_page(client, "bien dong hoa binh"))
    answer = page["answer"]
    assert f'href="{url}#a1"' in answer
    assert ">Phỏng vấn về Biển Đông</a>" in answer
    assert 'href="/en/people/tran-thi-hai-yen/">Trần Thị Hải Yến</a>' in answer
    assert "<mark>Biển Đông</mark>" in answer
    assert "<mark>hòa bình</mark>" in answer


def test_results_page_links_to_all_matching_articles_on_the_list(client, db):
    for n in range(12):
        article_with(f"Bài số {n}", "Hợp tác với Xin-ga-po.")
    html = search_page(client, "xin ga po")
    assert len(hit_titles(groups(html)["article"])) == 10
    assert 'href="/en/articles/?q=xin%20ga%20po"' in html
    assert "12 matching articles" in html


def test_every_state_of_the_results_page_is_valid_html(client, seeded, vnu):  # noqa: F811
    states = {
        "results of every kind": "hội nhập quốc tế",
        "answers": "cuba",
        "no word": "((",
        "only exclusions": "-covid",
        "cut": "hoi nhap " + "x" * MAX_QUERY,
        "nothing found": "zzzz",
        "empty": "",
    }
    documents = {}
    for label, q in states.items():
        documents[label] = search_page(client, q, lang="vi")
        documents[f"en {label}"] = search_page(client, q)
    failures = vnu(documents)
    report = [
        f"{label}:\n" + "\n".join(_describe(message) for message in messages)
        for label, messages in failures.items()
        if messages
    ]
    assert not report, "\n\n".join(report)


def test_header_search_box_is_on_every_page_but_the_results_page_which_has_one_box(client, seeded):
    for url in ("/", LIST, "/people/", "/events/", "/khong-co-trang-nay/"):
        html = client.get(url).content.decode()
        assert re.search(r'<form class="header-search" method="get" action="/search/"', html), url
    for url in (SEARCH, f"{SEARCH}?q=hoi+nhap", en(SEARCH)):
        html = client.get(url).content.decode()
        assert html.count('role="search"') == 1, url
        assert html.count('type="search"') == 1, url


# --- phrases: highlighted as one, ranked first ---------------------------------------------


def test_words_that_stand_together_are_highlighted_as_one_phrase_and_alone_not_at_all():
    text = (
        "Ông Vũ nói ngoài lề rằng Hội nghị Ngoại vụ toàn quốc lần thứ 19 đã bàn về công tác "
        "ngoại vụ của các địa phương."
    )
    marked = highlight(text, parse_query("hoi nghi ngoai vu"))
    assert re.findall(r"<mark>(.*?)</mark>", str(marked)) == ["Hội nghị Ngoại vụ"]


def test_matched_words_that_follow_each_other_share_one_mark():
    # Typed in another order, so the words never stand together as typed: each match is
    # marked, and neighbours are joined ("hợp tác" is one mark, not two).
    marked = highlight("Hợp tác quốc tế và hội nhập; tác giả hợp đồng", parse_query("tac hop"))
    assert re.findall(r"<mark>(.*?)</mark>", str(marked)) == ["Hợp tác", "tác", "hợp"]


def test_a_hit_holding_the_words_together_ranks_first(db):
    scattered = article_with(
        "Tin ngắn",
        "Hội nghị bàn về vụ việc. Ngoại giao và hội nghị; nghị sự ngoại giao, vụ ngoại.",
    )
    together = article_with(
        "Tin dài",
        "Năm nay, các tỉnh gửi báo cáo về công tác đối ngoại, kinh tế, văn hóa và "
        "nhiều lĩnh vực khác tới Bộ; Hội nghị Ngoại vụ toàn quốc sẽ tổng kết các báo cáo đó "
        "vào cuối năm, cùng nhiều nội dung khác của công tác đối ngoại địa phương.",
    )
    assert found("hoi nghi ngoai vu") == [together.title, scattered.title]
    # The engine alone scores the short text with every word repeated higher: the order
    # above is the phrase's doing.
    assert found("vu nghi hoi ngoai") == [scattered.title, together.title]


def test_conference_series_are_found_by_name(client, seeded):
    series = ConferenceSeries.objects.get(slug="hoi-nghi-ngoai-vu-toan-quoc")
    html = search_page(client, "ngoai vu toan quoc", lang="vi")
    assert hit_titles(groups(html)["series"]) == [series.display_name]
    assert series.get_absolute_url() in groups(html)["series"]


def test_a_new_series_is_searchable_at_once_and_gone_when_deleted(db):
    series = SeriesFactory(name_vi="Diễn đàn Hợp tác Mê Công thử nghiệm")
    assert found("dien dan me cong", kind="series") == [series.name_vi]
    series.delete()
    assert found("dien dan me cong", kind="series") == []


def test_the_results_page_always_links_to_the_same_words_in_the_article_list(client, seeded):
    html = search_page(client, "ngoai vu", lang="vi")
    section = groups(html)["article"]
    assert f'href="{LIST}?q=ngoai%20vu"' in section


def test_results_page_in_vietnamese_keeps_the_query(client, seeded):
    html = search_page(client, "bui thanh son", lang="vi")
    assert 'value="bui thanh son"' in html
    assert hit_titles(groups(html)["person"]) == ["Bùi Thanh Sơn"]


# --- the article list's q ------------------------------------------------------------------


COMBINED = [  # (filters, the titles listed)
    ({"q": "hoi nhap"}, ALL_SEED_ARTICLES),
    ({"q": "hoi nhap", "person": "bui-thanh-son"}, sorted([BA_TRU_COT, DAY_MANH])),
    ({"q": "bui thanh son", "year": "2016"}, [DAY_MANH]),
    ({"q": "hoa binh", "year": "2016"}, [DAY_MANH]),
    ({"q": "hoa binh", "conference": "hoi-nghi-ngoai-vu-toan-quoc-20"}, [BA_TRU_COT]),
    ({"q": "hoa binh", "conference": "hoi-nghi-ngoai-giao-29"}, [DAY_MANH]),
    ({"q": '"đối ngoại địa phương"', "year": "2016"}, [NGOAI_VU]),
    ({"q": "hoi nhap -covid", "kind": "report"}, [DOI_NGU]),
    ({"q": "-covid"}, sorted([VU_HTQT, DOI_NGU, DAY_MANH, NGOAI_VU])),
    ({"q": "cuba", "person": "bui-thanh-son"}, []),
]


def test_article_list_text_filter_combines_with_other_filters(client, seeded):
    for params, expected in COMBINED:
        response = client.get(en(LIST), params)
        assert sorted(listed(response)) == expected, params
        assert "Some filters in the address were ignored" not in response.content.decode()


def test_article_list_text_filter_keeps_the_chosen_sort(client, seeded):
    response = client.get(LIST, {"q": "bui thanh son", "sort": "oldest"})
    assert listed(response) == [DAY_MANH, BA_TRU_COT]


# --- the index follows every change -------------------------------------------------------


def test_article_create_edit_delete_is_followed(db):
    article = article_with("Quan hệ Việt Nam - Xin-ga-po", "Hai nước hợp tác.")
    assert found("xin ga po") == ["Quan hệ Việt Nam - Xin-ga-po"]
    article.title = "Quan hệ Việt Nam - Niu Di-lân"
    article.save()
    assert found("xin ga po") == []
    assert found("niu di lan") == ["Quan hệ Việt Nam - Niu Di-lân"]
    article.delete()
    assert found("niu di lan") == []
    assert not SearchEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_deleting_an_article_commits_and_leaves_no_entries(db):
    """Deleting an interview with its answers, as the admin does (autocommit)."""
    article = ArticleFactory(title="Phỏng vấn Bộ trưởng", kind=Article.Kind.INTERVIEW)
    speaker = PersonFactory()
    SegmentFactory(article=article, position=1, kind="question", anchor="q1", text="Hỏi?")
    SegmentFactory(
        article=article, position=2, kind="answer", anchor="a1", speaker=speaker, text="Đáp."
    )
    assert SearchEntry.objects.filter(article=article).count() == 2
    Article.objects.filter(pk=article.pk).delete()  # the admin's bulk action
    assert not SearchEntry.objects.filter(kind__in=["article", "answer"]).exists()


def test_segment_create_edit_delete_is_followed(db):
    article = ArticleFactory(title="Bài viết")
    segment = SegmentFactory(article=article, text="Hợp tác với Mông Cổ.")
    assert found("mong co") == ["Bài viết"]
    segment.text = "Hợp tác với Ca-dắc-xtan."
    segment.save()
    assert found("mong co") == []
    assert found("ca dac xtan") == ["Bài viết"]
    segment.delete()
    assert found("ca dac xtan") == []
    assert found("bai viet") == ["Bài viết"]


def test_answer_create_edit_delete_is_followed(db):
    article = ArticleFactory(title="Phỏng vấn", kind=Article.Kind.INTERVIEW)
    speaker = PersonFactory()
    answer = SegmentFactory(
        article=article, kind="answer", anchor="a1", speaker=speaker, text="Về Mông Cổ."
    )
    assert [h.body for h in search(parse_query("mong co")).hits["answer"]] == ["Về Mông Cổ."]
    answer.kind = Segment.Kind.PARAGRAPH
    answer.speaker = None
    answer.save()
    assert "answer" not in search(parse_query("mong co")).hits
    assert found("mong co") == ["Phỏng vấn"]


def test_person_create_rename_position_delete_is_followed(db):
    person = PersonFactory(name="Hồ Thị Thanh Trúc")
    assert found("ho thi thanh truc", "person") == ["Hồ Thị Thanh Trúc"]
    person.name = "Hồ Thị Thanh Trâm"
    person.save()
    assert found("truc", "person") == []
    assert found("tram", "person") == ["Hồ Thị Thanh Trâm"]
    PositionFactory(person=person, agency=AgencyFactory(name_vi="Bộ Tài nguyên và Môi trường"))
    assert found("tai nguyen moi truong", "person") == ["Hồ Thị Thanh Trâm"]
    person.positions.all().delete()
    assert found("tai nguyen moi truong", "person") == []
    person.delete()
    assert found("tram", "person") == []


def test_agency_rename_is_followed_by_its_people(db):
    agency = AgencyFactory(name_vi="Bộ Khoa học", name_en="Ministry of Science")
    PositionFactory(person=PersonFactory(name="Lý Văn Tám"), agency=agency)
    assert found("bo khoa hoc", "agency") == ["Bộ Khoa học"]
    assert found("khoa hoc", "person") == ["Lý Văn Tám"]
    agency.name_vi = "Bộ Khoa học và Công nghệ"
    agency.save()
    assert found("cong nghe", "agency") == ["Bộ Khoa học và Công nghệ"]
    assert found("cong nghe", "person") == ["Lý Văn Tám"]


def test_agency_create_delete_is_followed(db):
    agency = AgencyFactory(name_vi="Sở Ngoại vụ Khánh Hòa")
    assert found("khanh hoa", "agency") == ["Sở Ngoại vụ Khánh Hòa"]
    agency.delete()
    assert found("khanh hoa", "agency") == []


@pytest.mark.parametrize(
    ("factory", "kind", "field"),
    [
        (ConferenceFactory, "conference", "name_vi"),
        (BodyFactory, "body", "name_vi"),
        (lambda **kw: CountryFactory(code="SG", **kw), "country", "name_vi"),
    ],
    ids=["conference", "body", "country"],
)
def test_entity_create_rename_delete_is_followed(db, factory, kind, field):
    obj = factory(**{field: "Xin-ga-po Lào Cai"})
    assert found("xin ga po", kind) == ["Xin-ga-po Lào Cai"]
    setattr(obj, field, "Ô-xtrây-li-a")
    obj.save()
    assert found("xin ga po", kind) == []
    assert found("o xtray li a", kind) == ["Ô-xtrây-li-a"]
    obj.delete()
    assert found("o xtray li a", kind) == []


def test_draft_is_never_found_by_the_public_and_publishing_is_followed(client, db):
    article = ArticleFactory(
        title="Chuẩn bị chuyến thăm Mông Cổ",
        kind=Article.Kind.INTERVIEW,
        status=Article.Status.DRAFT,
    )
    speaker = PersonFactory(name="Đinh Văn Bảy")
    SegmentFactory(
        article=article, kind="answer", anchor="a1", speaker=speaker, text="Mông Cổ là bạn."
    )

    def public():
        page = groups(search_page(client, "mong co"))
        listing = listed(client.get(LIST, {"q": "mong co"}))
        return hit_titles(page.get("article", "")), "answer" in page, listing

    assert public() == ([], False, [])
    article.status = Article.Status.PUBLISHED
    article.save()
    assert public() == (["Chuẩn bị chuyến thăm Mông Cổ"], True, ["Chuẩn bị chuyến thăm Mông Cổ"])
    article.status = Article.Status.DRAFT
    article.save()
    assert public() == ([], False, [])
    # Drafts are not indexed: a publish by queryset update (no signals) is found once the
    # index is rebuilt, as after any bulk write.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    assert public() == ([], False, [])
    call_command("rebuild_search_index")
    assert public()[2] == ["Chuẩn bị chuyến thăm Mông Cổ"]
    # An unpublish by queryset update hides it at once: visibility is also read live.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert public() == ([], False, [])


def test_seed_import_indexes_everything_and_a_second_run_changes_nothing(seeded):
    from articles.services import seed_import
    from tests.conftest import SEED_FILE

    before = list(SearchEntry.objects.order_by("pk").values_list("pk", "title_words", "body_words"))
    kinds = set(SearchEntry.objects.values_list("kind", flat=True))
    assert kinds == {"article", "answer", "person", "agency", "conference", "series", "country",
                     "body", "document"}  # fmt: skip
    seed_import(path=SEED_FILE)
    after = list(SearchEntry.objects.order_by("pk").values_list("pk", "title_words", "body_words"))
    assert after == before


# --- rebuilding ----------------------------------------------------------------------------


def _corrupt_the_index():
    SearchEntry.objects.filter(kind="person").delete()
    SearchEntry.objects.filter(kind="article").update(title_words="", body_words="zzz")
    SearchEntry.objects.create(kind="country", object_id=999_999, title="Ma", title_words="ma")


def _index_is_right():
    assert found("bui thanh son", "person") == ["Bùi Thanh Sơn"]
    assert sorted(found("hoa binh")) == sorted([BA_TRU_COT, DAY_MANH, DOI_NGU])
    assert found("zzz") == []
    assert found("ma", "country") == []


@pytest.mark.parametrize("args", [(), ("--from-scratch",)])
def test_rebuild_command_repairs_a_corrupted_index(seeded, args, capsys):
    expected = set(SearchEntry.objects.values_list("kind", "object_id", "title_words"))
    _corrupt_the_index()
    assert found("bui thanh son", "person") == []
    call_command("rebuild_search_index", *args)
    assert "Search index rebuilt" in capsys.readouterr().out
    _index_is_right()
    assert set(SearchEntry.objects.values_list("kind", "object_id", "title_words")) == expected


@pytest.mark.parametrize("args", [(), ("--from-scratch",)])
def test_rebuild_command_fills_an_emptied_index(seeded, args):
    SearchEntry.objects.all().delete()
    assert found("bui thanh son", "person") == []
    call_command("rebuild_search_index", *args)
    _index_is_right()


def test_rebuild_indexes_rows_written_in_bulk(seeded):
    build_corpus(30, prefix="bulk")  # bulk_create sends no signals
    assert not SearchEntry.objects.filter(title__contains="(bulk 0)").exists()
    rebuild()
    published = Article.objects.published().filter(title__contains="(bulk ").count()
    assert search(parse_query("bulk")).counts["article"] == published
    assert rebuild() == 0  # nothing left to change


def _break_full_text_structure(cursor) -> None:
    """Damage what each backend keeps beside the entries: SQLite's FTS5 table loses every
    row; PostgreSQL's GIN index is dropped."""
    if connection.vendor == "sqlite":
        cursor.execute(
            "INSERT INTO articles_searchentry_fts(articles_searchentry_fts) VALUES ('delete-all')"
        )
    else:
        cursor.execute("DROP INDEX articles_searchentry_document")


def _full_text_structure_is_whole(cursor) -> bool:
    if connection.vendor == "sqlite":
        # FTS5's own consistency check raises when the table and the entries differ.
        cursor.execute(
            "INSERT INTO articles_searchentry_fts(articles_searchentry_fts) "
            "VALUES ('integrity-check')"
        )
        # An emptied index passes that check (its content lives in the entries), so ask it
        # for a word every seed entry of an official holds.
        cursor.execute(
            "SELECT COUNT(*) FROM articles_searchentry_fts WHERE articles_searchentry_fts "
            "MATCH 'son'"
        )
        return cursor.fetchone()[0] > 0
    cursor.execute(
        "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'articles_searchentry_document'"
    )
    return cursor.fetchone()[0] == 1


@pytest.mark.parametrize("options", [[], ["--from-scratch"]])
def test_rebuild_repairs_the_full_text_structure_itself(seeded, options):
    with connection.cursor() as cursor:
        _break_full_text_structure(cursor)
    if connection.vendor == "sqlite":
        assert found("bui thanh son", "person") == []
    with connection.cursor() as cursor:
        assert not _full_text_structure_is_whole(cursor)
    call_command("rebuild_search_index", *options)
    _index_is_right()
    with connection.cursor() as cursor:
        assert _full_text_structure_is_whole(cursor)


# --- hostile input -------------------------------------------------------------------------

NEEDS_A_WORD = "The search needs at least one word made of letters or digits."
NOTHING = "Nothing in the archive matches"
SOME = "results for"
ONLY_MINUS = "A minus sign only excludes words"
EMPTY_FORM = "Diacritics and case do not matter"
CUT = f"Only the first {MAX_QUERY} characters of your search were used."
LIST_NEEDS_A_WORD = "Type at least one word made of letters or digits."
LIST_TOO_LONG = f"characters long; a search takes at most {MAX_QUERY}."
ALL = ALL_SEED_ARTICLES
NUL = "NUL"

HOSTILE = [
    # (query, what the search page says, on the list: (notice, titles))
    ("", EMPTY_FORM, (None, ALL)),
    ("   \t ", EMPTY_FORM, (None, ALL)),
    ("?!.,;… — «»", NEEDS_A_WORD, (LIST_NEEDS_A_WORD, ALL)),
    ('"', NEEDS_A_WORD, (LIST_NEEDS_A_WORD, ALL)),
    ('""', NEEDS_A_WORD, (LIST_NEEDS_A_WORD, ALL)),
    ("*", NEEDS_A_WORD, (LIST_NEEDS_A_WORD, ALL)),
    ("-", NEEDS_A_WORD, (LIST_NEEDS_A_WORD, ALL)),
    ("((", NEEDS_A_WORD, (LIST_NEEDS_A_WORD, ALL)),
    (")(*&^%$#@!", NEEDS_A_WORD, (LIST_NEEDS_A_WORD, ALL)),
    ("OR", NOTHING, (None, [])),
    ("hoi OR nhap", NOTHING, (None, [])),
    ("NEAR(a b)", NOTHING, (None, [])),
    ("^a", SOME, (None, None)),
    ("a:b", NOTHING, (None, [])),
    ("title_words:bui", NOTHING, (None, [])),
    ('"unbalanced', NOTHING, (None, [])),
    ('bui "thanh son', SOME, (None, sorted([BA_TRU_COT, DAY_MANH]))),
    ("bui*", SOME, (None, sorted([BA_TRU_COT, DAY_MANH]))),
    ("-covid", ONLY_MINUS, (None, sorted([VU_HTQT, DOI_NGU, DAY_MANH, NGOAI_VU]))),
    ('-"', NEEDS_A_WORD, (LIST_NEEDS_A_WORD, ALL)),
    ("'; DROP TABLE articles_searchentry; --", NOTHING, (None, [])),
    ("<script>alert(1)</script>", NOTHING, (None, [])),
    ("\x00", NUL, NUL),
    ("bui\x00son", NUL, NUL),
    ("x" * 10_000, CUT, (LIST_TOO_LONG, ALL)),
    ("bui thanh son " * 800, CUT, (LIST_TOO_LONG, ALL)),
]


def test_hostile_input_gets_a_helpful_page_not_an_error(client, seeded):
    for q, says, on_list in HOSTILE:
        _check_hostile(client, q, says, on_list)


def _check_hostile(client, q, says, on_list):
    case = repr(q[:40])
    response = client.get(en(SEARCH), {"q": q})
    html = response.content.decode()
    if says is NUL:
        assert response.status_code == 400, case
        assert "NUL character" in html, case
    else:
        assert response.status_code == 200, case
        assert says in html, case
        assert "<h1>Search the archive</h1>" in html, case
        assert "<script>alert(1)" not in html, case
        if says is EMPTY_FORM:
            assert NEEDS_A_WORD not in html and SOME not in html and NOTHING not in html, case

    response = client.get(en(LIST), {"q": q})
    html = response.content.decode()
    if on_list is NUL:
        assert response.status_code == 400, case
        assert "NUL character" in html, case
        return
    notice, titles = on_list
    assert response.status_code == 200, case
    if notice:
        assert "Some filters in the address were ignored" in html, case
        assert notice in html, case
    else:
        assert "Some filters in the address were ignored" not in html, case
    if titles is not None:
        assert sorted(listed(response)) == titles, case
    if titles == []:
        assert "No article matches these filters." in html, case


def test_the_function_strips_nul_characters(seeded):
    """The middleware refuses NUL in a request; the engine itself drops it, so no caller
    can hand one to PostgreSQL (which refuses NUL in text)."""
    query = parse_query("bui\x00 thanh son\x00")
    assert query.required == (("bui",), ("thanh",), ("son",))
    assert found("bui\x00 thanh son", "person") == ["Bùi Thanh Sơn"]


def test_long_queries_are_cut_and_capped(seeded):
    query = parse_query("x" * 10_000)
    assert query.truncated and len(query.raw) == MAX_QUERY
    many = parse_query(" ".join(f"w{n}" for n in range(100)))
    assert len(many.required) == MAX_TERMS
    assert search(many).total == 0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text())
def test_any_text_is_a_valid_query_for_the_function(seeded, text):
    query = parse_query(text)
    for term in (*query.required, *query.excluded):
        assert term and all(words(word) == [word] for word in term)
    assert len(query.required) + len(query.excluded) <= MAX_TERMS
    results = search(query)
    assert results.total >= 0
    snippet = str(highlight(text.replace("\x00", ""), query))
    assert "<" not in re.sub(r"</?mark>", "", snippet)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_text_is_a_valid_query_on_the_pages(client, seeded, text):
    for url in (en(SEARCH), en(LIST)):
        response = client.get(url, {"q": text})
        if "\x00" in text:
            assert response.status_code == 400  # refused, with an explanation, by middleware
        else:
            assert response.status_code == 200
            assert "</html>" in response.content.decode()


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list('abc đăêôơưàáạ "-*()^:ÀÁĐ')), min_size=0, max_size=30
    )
)
def test_fts_syntax_alphabet_never_breaks_the_parser(text):
    """Without a database: the query language's own characters, densely mixed."""
    query = parse_query(text)
    assert all(term for term in (*query.required, *query.excluded))
    str(highlight(text, query))


# --- many matches: a bounded set of candidates --------------------------------------------


@pytest.fixture
def few_ranked(monkeypatch):
    """Small limits, so that a handful of rows takes the path a common word takes."""
    from articles import search_rank

    monkeypatch.setattr(search_rank, "RANK_ALL", 3)
    monkeypatch.setattr(search_rank, "POOL", 2)
    monkeypatch.setattr(search_rank, "COUNT_CAP", 4)


def test_many_matches_are_counted_up_to_a_cap_and_the_page_says_there_are_more(
    client, db, few_ranked
):
    for n in range(6):
        article_with(f"Tin số {n}", "Hai nước tăng cường hợp tác kinh tế.")
    AgencyFactory(name_vi="Vụ Hợp tác Quốc tế", name_en="International Cooperation Department")
    results = search(parse_query("hop tac"))
    assert results.counts == {"article": 4, "agency": 1}
    assert results.counts["article"].more and results.more
    html = search_page(client, "hợp tác")
    assert "More than 5 results for" in html
    assert re.search(r"Articles <span class=\"count\">\(4\+\)</span>", html)
    assert "See all matching articles, with filters" in html
    # Few enough, every kind is counted exactly.
    assert search(parse_query("quoc te")).counts == {"agency": 1}
    assert "1 result for" in search_page(client, "quoc te")


def test_with_many_matches_title_and_together_hits_still_rank_first(db, few_ranked):
    title = article_with("Hợp tác sông Mê Kông", "Một đoạn văn khác hẳn về sông.")
    together = article_with("Tin cũ", "Các bên bàn về hợp tác lâu dài trên sông.")
    for n in range(5):  # newer, the words apart: they fill the pool of the newest matches
        article_with(f"Tin mới {n}", "Tác giả của bản hợp đồng đi dọc sông, sông, sông.")
    assert found("hop tac")[:2] == [title.title, together.title]
    assert found("hợp tác")[:2] == [title.title, together.title]


def test_with_many_matches_every_matching_entity_is_found(db, few_ranked):
    country = CountryFactory(name_vi="Cu-ba", name_en="Cuba")
    for n in range(6):
        article_with(f"Tin Cu-ba {n}", "Đoàn công tác thăm Cu-ba.")
    PersonFactory(name="Nguyễn Văn Cu Ba")  # newer than the country's entry
    assert found("cu ba", "country") == ["Cu-ba"]
    assert found("cu ba", "person") == ["Nguyễn Văn Cu Ba"]
    assert search(parse_query("cu ba")).counts["country"] == 1
    assert country.pk


def test_with_many_matches_the_entities_index_follows_every_change(db, few_ranked):
    """With many matches, SQLite ranks the entities from their own full-text table
    (migration 0028): it follows a new, renamed and deleted entity, and the rebuild refills
    it. PostgreSQL ranks them with the rest."""
    for n in range(6):
        article_with(f"Tin {n}", "Đoàn công tác thăm Cu-ba và Ăng-gô-la.")
    country = CountryFactory(name_vi="Cu-ba", name_en="Cuba")
    body = BodyFactory(name_vi="Uỷ ban Cu-ba")
    assert (found("cu ba", "country"), found("cu ba", "body")) == (["Cu-ba"], ["Uỷ ban Cu-ba"])
    country.name_vi = "Ăng-gô-la"
    country.save()
    assert (found("cu ba", "country"), found("ang go la", "country")) == ([], ["Ăng-gô-la"])
    body.delete()
    assert found("cu ba", "body") == []
    assert search(parse_query("ang go la")).counts["country"] == 1
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {ENTITIES_FTS_TABLE}")
        assert found("ang go la", "country") == []
    call_command("rebuild_search_index")
    assert found("ang go la", "country") == ["Ăng-gô-la"]


def test_with_many_matches_unpublished_articles_are_neither_shown_nor_counted(db, few_ranked):
    hidden = article_with("Hợp tác mới nhất", "Hợp tác, hợp tác.")
    shown = [article_with(f"Tin hợp tác {n}", "Hợp tác.") for n in range(4)]
    article_with("Bản nháp hợp tác", "Hợp tác.", status=Article.Status.DRAFT)
    # Unpublished by a queryset update: its entries stay until a rebuild, hidden meanwhile.
    Article.objects.filter(pk=hidden.pk).update(status=Article.Status.DRAFT)
    results = search(parse_query("hop tac"))
    # Only the pools' newest are ranked; the newest of all is not among them.
    assert found("hop tac") and set(found("hop tac")) <= {a.title for a in shown}
    assert results.counts == {"article": 4} and not results.more


def test_the_newest_matches_are_read_past_the_drafts_entries_without_testing_them(db, few_ranked):
    """The pools of newest matches leave out the drafts' entries (the newest, often). On
    PostgreSQL they are read backwards along an index of the entries the public may see, so
    the drafts' entries are not read and tested one by one."""
    from articles.search_rank import _Postgres

    shown = [article_with(f"Tin hợp tác {n}", "Hợp tác.") for n in range(5)]
    for n in range(20):
        article_with(f"Nháp hợp tác {n}", "Hợp tác.", status=Article.Status.DRAFT)
    assert set(found("hop tac")) == {a.title for a in shown[-2:]}  # the pool of the newest
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # A tiny table: the plan a large one gets, with the index of every word set aside.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("ANALYZE articles_searchentry")  # most of its entries are drafts
        backend = _Postgres(parse_query("hop tac"))
        cursor.execute(
            f"EXPLAIN SELECT e.id FROM articles_searchentry e WHERE e.document @@ "
            f"{backend.tsquery} AND e.kind <> 'draft' ORDER BY e.id DESC LIMIT 2",
            backend.params,
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "search_entry_shown_id" in plan, plan


# --- query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 300])
def test_search_pages_run_a_bounded_number_of_queries(
    client, seeded, size, django_assert_max_num_queries
):
    if size:
        build_corpus(size)
        rebuild()
        assert search(parse_query("hoi nhap")).counts["article"] > size // 2
    for q in ("hoi nhap", "hội nhập quốc tế -covid", "cuba", "bui thanh son", "zzzz"):
        with django_assert_max_num_queries(10, info=q):  # 2 to search, 1 per kind shown
            assert client.get(SEARCH, {"q": q}).status_code == 200
    # With more matches than are all ranked: 4 to search.
    from articles import search_rank

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_rank, "RANK_ALL", 2)
        for q in ("hoi nhap", "hội nhập quốc tế -covid"):
            with django_assert_max_num_queries(12, info=q):
                assert client.get(SEARCH, {"q": q}).status_code == 200
    for params in (
        {"q": "hoi nhap"},
        {"q": "hoi nhap", "person": "bui-thanh-son", "year": "2016"},
        {"q": "-covid", "sort": "title"},
    ):
        # 16, and 2 for the rows' speakers (their mentions, their titles).
        with django_assert_max_num_queries(18, info=str(params)):
            assert client.get(LIST, params).status_code == 200


# Words to build texts and queries from: plain, with tone marks in old and new places, with
# other marks, and joined by punctuation or underscores.
_SPELT = ["hop", "tac", "hợp", "tác", "hoà", "hòa", "hoa", "binh", "bình", "a", "an", "ăn", "đa"]


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(
        st.tuples(st.sampled_from(_SPELT), st.sampled_from([" ", ", ", "_", "-", "\n", "  "])),
        max_size=12,
    ),
    terms=st.lists(st.lists(st.sampled_from(_SPELT), min_size=1, max_size=3), max_size=3),
    upper=st.booleans(),
)
def test_a_text_holds_the_terms_as_typed_exactly_when_its_spelling_does(text, terms, upper):
    """``as_typed`` (a plain term looked for in the text as it is) agrees with the rule it
    stands for: the text's spelling holds each term's spelling."""
    from articles.search import as_typed

    written = "".join(word + sep for word, sep in text)
    written = written.upper() if upper else written
    typed = tuple(" ".join(term) for term in terms)
    spelt = f" {spelling(written)} "
    expected = all(f" {spelling(term)} " in spelt for term in typed)
    assert as_typed(typed)(written) == expected
