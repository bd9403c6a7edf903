"""The articles list (filters, facets, pagination), the article page and the home page."""

import re
from html import unescape

import pytest
from django.urls import reverse

from articles.models import Article
from articles.views import related_articles
from tests.factories import ArticleFactory, PersonFactory, PersonMentionFactory
from tests.scale import build_corpus

pytestmark = pytest.mark.django_db

LIST = reverse("articles:list")


def en(url: str) -> str:
    """The English version of a page: Vietnamese is served without a prefix."""
    return "/en" + url.removeprefix("/en")


def titles(response) -> list[str]:
    return re.findall(
        r'class="article-title" href="[^"]+"[^>]*>([^<]+)</a>', response.content.decode()
    )


def facet(response, param) -> dict[str, int]:
    """{label: count} of one facet box, as a reader sees it."""
    html = response.content.decode()
    box = re.search(rf'<h3 id="facet-{param}">.*?</section>', html, re.S)  # folded values too
    if not box:
        return {}
    return {
        label.strip(): int(count)
        for label, count in re.findall(
            r'(?:<a href="[^"]*">|<span class="selected">)([^<]+)</(?:a|span)> '
            r'<span class="count">(\d+)</span>',
            box.group(0),
        )
    }


def test_list_shows_published_articles_newest_first(client, seeded):
    ArticleFactory(title="Bản nháp không công khai", status=Article.Status.DRAFT)
    response = client.get(LIST)
    assert titles(response)[0].startswith("Vụ Hợp tác Quốc tế")  # 2023
    assert titles(response)[-1].startswith("Nâng cao công tác ngoại vụ")  # August 2016
    assert "Bản nháp không công khai" not in response.content.decode()
    assert "5 bài viết" in response.content.decode() or "5 articles" in response.content.decode()


def test_filter_by_official_and_year(client, seeded):
    response = client.get(LIST, {"person": "bui-thanh-son", "year": "2016"})
    assert titles(response) == ["Đẩy mạnh, nâng cao hiệu quả hội nhập, phục vụ phát triển bền vững"]
    response = client.get(LIST, {"person": "bui-thanh-son"})
    assert len(titles(response)) == 2


def test_facet_counts_follow_the_filters(client, seeded):
    everything = client.get(en(LIST))
    assert facet(everything, "year") == {"2023": 1, "2021": 1, "2018": 1, "2016": 2}
    assert facet(everything, "publication")["Vietnam+"] == 2
    assert facet(everything, "person")["Bùi Thanh Sơn"] == 2
    narrowed = client.get(en(LIST), {"person": "bui-thanh-son"})
    assert facet(narrowed, "year") == {"2021": 1, "2016": 1}
    assert facet(narrowed, "person") == {"Bùi Thanh Sơn": 2, "Nguyễn Xuân Phúc": 1}


def test_facet_links_add_a_filter_and_active_filters_can_be_removed(client, seeded):
    html = client.get(LIST, {"person": "bui-thanh-son"}).content.decode()
    assert 'href="/articles/?person=bui-thanh-son&amp;person=nguyen-xuan-phuc"' in html
    assert 'href="/articles/?person=bui-thanh-son&amp;year=2016"' in html
    # The active filter links to the list without it.
    assert 'href="/articles/?" aria-label' in html


def test_two_officials_means_articles_naming_both(client, seeded):
    response = client.get(LIST + "?person=bui-thanh-son&person=nguyen-xuan-phuc")
    assert titles(response) == ["Đẩy mạnh, nâng cao hiệu quả hội nhập, phục vụ phát triển bền vững"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"agency": "bo-xay-dung"}, {"Vụ Hợp tác Quốc tế: Đẩy mạnh ngoại giao, hội nhập quốc tế"}),
        ({"country": "cu"}, {"Vụ Hợp tác Quốc tế: Đẩy mạnh ngoại giao, hội nhập quốc tế"}),
        ({"body": "rcep"}, {"Ba trụ cột xây dựng nền ngoại giao Việt Nam toàn diện, hiện đại"}),
        (
            {"conference": "hoi-nghi-ngoai-giao-29"},
            {
                "Nâng cao công tác ngoại vụ, phục vụ hội nhập quốc tế địa phương",
                "Đẩy mạnh, nâng cao hiệu quả hội nhập, phục vụ phát triển bền vững",
            },
        ),
        (
            {"document": "chi-thi-25-ct-tw"},
            {"Vụ Hợp tác Quốc tế: Đẩy mạnh ngoại giao, hội nhập quốc tế"},
        ),
        (
            {"publication": "bao-tin-tuc"},
            {"Đội ngũ cán bộ đối ngoại cần có sự chuyên nghiệp trong hoạt động hội nhập quốc tế"},
        ),
        (
            {"kind": "report"},
            {
                "Ba trụ cột xây dựng nền ngoại giao Việt Nam toàn diện, hiện đại",
                "Đội ngũ cán bộ đối ngoại cần có sự chuyên nghiệp trong hoạt động hội nhập quốc tế",
            },
        ),
        (
            {"date_from": "2018-01-01", "date_to": "2021-12-31"},
            {
                "Ba trụ cột xây dựng nền ngoại giao Việt Nam toàn diện, hiện đại",
                "Đội ngũ cán bộ đối ngoại cần có sự chuyên nghiệp trong hoạt động hội nhập quốc tế",
            },
        ),
        # Words without diacritics, in any case, all of which must occur.
        ({"q": "MATANZAS cuba"}, {"Vụ Hợp tác Quốc tế: Đẩy mạnh ngoại giao, hội nhập quốc tế"}),
        ({"q": "an-gie-ri"}, {"Vụ Hợp tác Quốc tế: Đẩy mạnh ngoại giao, hội nhập quốc tế"}),
        (
            {"q": "Covid vaccine"},
            {"Ba trụ cột xây dựng nền ngoại giao Việt Nam toàn diện, hiện đại"},
        ),
    ],
)
def test_each_filter_narrows_the_list(client, seeded, params, expected):
    assert set(titles(client.get(LIST, params))) == expected


def test_sort_orders(client, seeded):
    oldest = titles(client.get(LIST, {"sort": "oldest"}))
    newest = titles(client.get(LIST, {"sort": "newest"}))
    assert oldest == list(reversed(newest))
    by_title = titles(client.get(LIST, {"sort": "title"}))
    assert by_title == sorted(by_title)


def test_empty_result_says_so(client, seeded):
    html = client.get(LIST, {"q": "zzzzqqq"}).content.decode()
    assert "Không có bài viết nào phù hợp với các bộ lọc này." in html
    html = client.get(en(LIST), {"q": "zzzzqqq"}).content.decode()
    assert "No article matches these filters." in html


def remove_links(html) -> list[str]:
    """The addresses of the "remove" links of the filters in force."""
    box = re.search(r'<section class="active-filters".*?</section>', html, re.S)
    return [unescape(href) for href in re.findall(r'<a href="([^"]+)" aria-label', box.group(0))]


@pytest.mark.parametrize(
    "query",
    [
        "q=%20hoi%20nhap%20",  # spaces around the words
        "year=2016.0",  # a year written as a decimal
        "date_from=2016-8-1",  # a date without leading zeros
        "date_to=2016-08-31%20",
    ],
)
def test_removing_a_filter_drops_it_however_the_address_spelt_it(client, seeded, query):
    html = client.get(f"{LIST}?{query}&kind=interview").content.decode()
    links = remove_links(html)
    assert len(links) == 2  # the filter and the kind
    assert f"{LIST}?kind=interview" in links


def test_a_one_value_filter_given_twice_is_ignored_and_said_so(client, seeded):
    response = client.get(en(LIST) + "?year=2016&year=2021&kind=interview")
    html = unescape(response.content.decode())
    assert "given more than once (“2016”, “2021”), so ignored" in html
    assert len(titles(response)) == 3  # the interviews of every year
    # The same year twice is no conflict.
    assert len(titles(client.get(LIST + "?year=2016&year=2016"))) == 2


def test_a_long_facet_offers_more_values_than_the_first_ten(client, db):
    article = ArticleFactory()
    for _ in range(12):
        PersonMentionFactory(article=article)
    response = client.get(en(LIST))
    assert len(facet(response, "person")) == 10
    html = response.content.decode()
    assert (
        '<a href="/en/articles/?more=person">Show more<span class="visually-hidden">: Officials'
        in html
    )
    expanded = client.get(en(LIST), {"more": "person"})
    assert len(facet(expanded, "person")) == 12
    assert "Show fewer" in expanded.content.decode()
    # Short facets offer nothing more.
    assert "?more=year" not in html


def test_the_form_keeps_the_page_size_and_the_entity_filters(client, seeded):
    html = client.get(LIST, {"per_page": "3", "person": "bui-thanh-son"}).content.decode()
    form = re.search(r'<form class="filter-form".*?</form>', html, re.S).group(0)
    assert '<input type="hidden" name="per_page" value="3">' in form
    assert '<input type="hidden" name="person" value="bui-thanh-son">' in form


def test_bad_filter_values_are_ignored_and_explained(client, seeded):
    response = client.get(en(LIST), {"person": "nobody", "year": "20x6", "date_from": "2016-13-01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The archive has no official “nobody”." in html
    assert "Write the year as four digits" in html
    assert "Write the date as YYYY-MM-DD" in html
    assert len(titles(response)) == 5  # the bad filters are ignored, not applied


def test_pagination_is_capped_and_clamped(client, seeded):
    build_corpus(60)
    first = client.get(LIST, {"per_page": "10"})
    assert len(titles(first)) == 10
    capped = client.get(LIST, {"per_page": "100000"})
    assert len(titles(capped)) == 59  # 54 published generated + 5 seeds, under the cap of 100
    last = client.get(LIST, {"per_page": "10", "page": "99999"})
    assert len(titles(last)) == 9
    assert titles(client.get(LIST, {"page": "abc"})) == titles(client.get(LIST))
    assert titles(client.get(LIST, {"page": "0"})) == titles(client.get(LIST))


def test_article_page_shows_the_interview_with_titles_held_on_that_date(client, seeded):
    article = Article.objects.get(seed_file="002_718387a4edb66b09.txt")
    html = client.get(en(article.get_absolute_url())).content.decode()
    assert 'id="q1"' in html and 'id="a1"' in html and 'id="a3-6"' in html
    assert "Bùi Thanh Sơn</a>, Deputy Minister, Ministry of Foreign Affairs" in html
    # The date's reason, folded, in English on the English page.
    reason = article.date_inferred_reason_en
    assert f'<summary class="inferred">inferred</summary><p lang="en">{reason}' in unescape(html)
    assert "The source gives no address for the original." in html
    later = Article.objects.get(seed_file="003_478af4e0ced61de0.txt")
    html = client.get(en(later.get_absolute_url())).content.decode()
    assert "Bùi Thanh Sơn</a>, Minister (Ministry of Foreign Affairs)" in html
    assert 'href="https://dantri.com.vn/' in html


def answer_openings(html) -> dict[str, str]:
    """{anchor: the speaker line} of every answer block that names its speaker."""
    return dict(
        re.findall(
            r'<div class="qa answer" id="([^"]+)">\s*<p class="speaker"[^>]*>(.*?)</p>', html, re.S
        )
    )


def test_every_answer_names_its_speaker_and_the_title_of_the_day(client, seeded):
    # A reader who follows a quote to #a3 sees who speaks there, not only at #a1.
    article = Article.objects.get(seed_file="000_0cd05a0591aad6d5.txt")
    html = client.get(en(article.get_absolute_url())).content.decode()
    openings = answer_openings(html)
    assert sorted(openings) == ["a1", "a2", "a3"]  # one per question, not per paragraph
    for line in openings.values():
        # The department is qualified by its ministry: several ministries have one.
        assert "Nguyễn Trung Thành</a>, Director, International Cooperation Department " in line
        assert "(Ministry of Construction)" in line


def test_source_credit_is_quoted_as_printed(client, seeded):
    article = Article.objects.get(seed_file="002_718387a4edb66b09.txt")
    html = client.get(en(article.get_absolute_url())).content.decode()
    assert 'credited as <q lang="vi">(TTXVN/Vietnam+)</q>' in html


def test_article_page_links_everything_it_mentions(client, seeded):
    article = Article.objects.get(seed_file="000_0cd05a0591aad6d5.txt")
    html = client.get(article.get_absolute_url()).content.decode()
    for url in (
        reverse("people:person-detail", args=["nguyen-trung-thanh"]),
        reverse("people:agency-detail", args=["vu-hop-tac-quoc-te-bo-xay-dung"]),
        reverse("people:country-detail", args=["cu"]),
        reverse("people:body-detail", args=["wto"]),
        reverse("articles:document-detail", args=["chi-thi-25-ct-tw"]),
        reverse(
            "events:conference-detail",
            args=["le-trao-tang-ung-ho-nhan-dan-cuba-vu-chay-no-matanzas"],
        ),
    ):
        assert f'href="{url}"' in html, url


def test_related_articles_share_entities(client, seeded):
    article = Article.objects.get(seed_file="001_b75d1dc0e5a8a592.txt")
    html = client.get(article.get_absolute_url()).content.decode()
    related = html[html.index('id="related-heading"') :]
    # 002 shares the 29th Diplomatic Conference, the XII Congress and the Foreign Ministry.
    assert "Đẩy mạnh, nâng cao hiệu quả hội nhập" in related


def naming(person, *others, **fields):
    """A new article naming ``person`` and ``others``."""
    article = ArticleFactory(**fields)
    for p in (person, *others):
        PersonMentionFactory(article=article, person=p)
    return article


def test_related_articles_weigh_a_rare_official_above_two_common_ones():
    common, also_common, rare = PersonFactory(), PersonFactory(), PersonFactory()
    article = naming(common, also_common, rare)
    for _ in range(20):
        naming(common)
        naming(also_common)
    both_common = naming(common, also_common, title="Hai người ai cũng nhắc")
    rare_too = naming(rare, title="Người ít được nhắc")
    # Two shared officials named by half the archive relate less than one named by two articles.
    assert related_articles(article, size=2) == [rare_too, both_common]


def test_related_articles_look_at_the_last_published_articles_naming_each_official(
    monkeypatch,
):
    monkeypatch.setattr("articles.views.RELATED_SAMPLE", 3)
    person = PersonFactory()
    article = naming(person)
    older = [naming(person, title=f"Cũ {n}") for n in range(2)]
    newer = [naming(person, title=f"Mới {n}") for n in range(3)]
    naming(person, title="Bản nháp", status=Article.Status.DRAFT)
    related = related_articles(article, size=5)
    assert related == newer[::-1]  # the last 3 published, the draft neither shown nor counted
    assert not set(older) & set(related)


def test_home_offers_ways_in(client, seeded):
    html = client.get(en(reverse("home"))).content.decode()
    assert en(reverse("events:series-detail", args=["hoi-nghi-ngoai-vu-toan-quoc"])) in html
    assert en(reverse("people:person-detail", args=["bui-thanh-son"])) in html
    assert f'{en(LIST)}?year=2016">2016</a> <span class="count">(2)</span>' in html


LIST_URLS = [
    reverse("home"),
    LIST,
    LIST + "?person=bui-thanh-son&year=2016&q=hoi+nhap&kind=interview&sort=oldest",
    LIST + "?agency=bo-ngoai-giao&agency=chinh-phu&country=vn&body=asean&page=2",
]


@pytest.mark.parametrize("extra", [0, 300])
def test_lists_run_a_bounded_number_of_queries(
    client, seeded, extra, django_assert_max_num_queries
):
    if extra:
        build_corpus(extra)
    for url in LIST_URLS:
        # 16, and 2 for the rows' speakers (their mentions, then the titles they hold)
        with django_assert_max_num_queries(18, info=url):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("extra", [0, 300])
def test_article_and_document_pages_run_a_bounded_number_of_queries(
    client, seeded, extra, django_assert_max_num_queries
):
    if extra:
        build_corpus(extra)
    for article in Article.objects.filter(seed_file__gt=""):
        with django_assert_max_num_queries(17):  # 16, and 1 for its key figures
            assert client.get(article.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(6):
        url = reverse("articles:document-detail", args=["nghi-quyet-22-bo-chinh-tri"])
        assert "Bộ Chính trị" in client.get(url).content.decode()
