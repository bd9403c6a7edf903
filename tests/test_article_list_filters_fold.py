"""The articles list's markup for a phone: every filter (the form's fields and every facet) in
one "Filters" fold, the filters in force outside it, long facets showing their first values,
the results before the chart, and a bounded number of queries."""

import re

import pytest
from django.urls import reverse

from articles.facets import FACET_FEW, Facet, FacetItem
from tests.factories import ArticleFactory, PersonMentionFactory
from tests.scale import build_corpus

pytestmark = pytest.mark.django_db

LIST = reverse("articles:list")
FIELDS = ("q", "year", "kind", "date_from", "date_to", "sort")


def main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def fold_and_rest(html: str) -> tuple[str, str]:
    """The "Filters" fold (its <details> with those nested in it), and main without it."""
    html = main(html)
    start = html.index('<details class="filters"')
    depth = 0
    for tag in re.finditer(r"<(/?)details\b", html[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = start + tag.end() + len(">")
            return html[start:end], html[:start] + html[end:]
    raise AssertionError("the filters fold is not closed")


def facet_params(html: str) -> list[str]:
    return re.findall(r'<h3 id="facet-([a-z]+)">', html)


def test_one_fold_holds_every_field_and_every_facet(client, seeded):
    html = client.get(LIST, {"person": "bui-thanh-son"}).content.decode()
    assert main(html).count('<details class="filters"') == 1
    fold, rest = fold_and_rest(html)
    assert "<summary>Bộ lọc" in fold or "<summary>Filters" in fold
    for name in FIELDS:
        assert f'name="{name}"' in fold, name
        assert f'name="{name}"' not in rest, name
    # The entity filter in force is kept by the form, inside the fold.
    assert '<input type="hidden" name="person" value="bui-thanh-son">' in fold
    assert "<form" not in rest
    # Every facet, and every value of each, is inside the fold.
    params = facet_params(fold)
    assert {"publication", "kind", "year", "person", "agency", "conference"} <= set(params)
    assert facet_params(rest) == [] and 'class="count"' not in rest
    # The filter in force stays outside, with its remove link.
    chips = re.search(r'<section class="active-filters".*?</section>', rest, re.S).group(0)
    assert "Bùi Thanh Sơn" in chips and "?person=" not in chips


def test_the_summary_counts_the_filters_in_force(client, seeded):
    html = client.get("/en" + LIST, {"person": "bui-thanh-son", "year": "2016"}).content.decode()
    assert re.search(r"<summary>Filters <span[^>]*>\(2 active\)</span></summary>", html)
    html = client.get("/en" + LIST).content.decode()
    assert "<summary>Filters</summary>" in html


def test_the_fold_is_closed_unless_a_facet_or_a_correction_is_asked_for(client, seeded):
    def is_open(params) -> bool:
        html = client.get(LIST, params).content.decode()
        return (
            re.search(r'<details class="filters" id="filters"( open)?>', html).group(1) is not None
        )

    assert not is_open({})
    assert not is_open({"person": "bui-thanh-son", "year": "2016"})
    assert is_open({"more": "agency"})  # the reader asked for a longer facet
    assert is_open({"year": "20x6"})  # a value to correct, in the form


def person_facet(client, params) -> tuple[str, str]:
    """The officials facet: its values shown at once, and those folded."""
    fold, _rest = fold_and_rest(client.get("/en" + LIST, params).content.decode())
    facet = re.search(r'<h3 id="facet-person">.*?</section>', fold, re.S).group(0)
    first, folded = facet.split('<details class="facet-rest">')
    return first, folded


def test_a_long_facet_shows_its_first_values_and_folds_the_rest(client, db):
    article = ArticleFactory()
    for _ in range(8):
        PersonMentionFactory(article=article)
    first, folded = person_facet(client, {})
    assert first.count("<li>") == FACET_FEW
    assert folded.count("<li>") == 8 - FACET_FEW
    assert (
        f'<summary>{8 - FACET_FEW} more<span class="visually-hidden">: Officials</span>' in folded
    )
    # A value chosen from the folded ones is shown at once, never folded.
    last = re.findall(r'<a href="[^"]*\?person=([^"&]+)">', folded)[-1]
    first, folded = person_facet(client, {"person": last})
    assert first.count("<li>") == FACET_FEW + 1 and 'class="selected"' in first
    assert folded.count("<li>") == 8 - FACET_FEW - 1


def test_a_facet_one_value_longer_than_the_first_few_is_not_folded():
    items = [FacetItem(str(i), str(i), 1) for i in range(FACET_FEW + 1)]
    assert Facet("year", "Years", items).rest == []
    longer = Facet("year", "Years", [*items, FacetItem("x", "x", 1)])
    assert [item.value for item in longer.first] == [str(i) for i in range(FACET_FEW)]
    assert len(longer.rest) == 2
    expanded = Facet("year", "Years", longer.items, expanded=True)
    assert expanded.rest == [] and len(expanded.first) == FACET_FEW + 2


def test_the_results_come_before_the_chart_and_scripts_are_files(client, seeded):
    html = client.get(LIST).content.decode()
    first_row = html.index('class="article-row"')
    if 'class="year-chart"' in html:
        assert first_row < html.index('class="year-chart"')
    assert re.search(r'<script src="/static/js/article-list\.js[^"]*" defer></script>', html)
    assert re.search(r'<script src="/static/js/dismiss\.js[^"]*" defer></script>', html)
    assert not re.search(r"<script>|<script [^>]*>[^<]", html)  # no inline script (the CSP)


@pytest.mark.parametrize("extra", [0, 300])
def test_the_folded_list_runs_a_bounded_number_of_queries(
    client, seeded, extra, django_assert_max_num_queries
):
    if extra:
        build_corpus(extra)
    for params in (
        {},
        {"more": "agency"},
        {"person": "bui-thanh-son", "year": "2016"},
        {"q": "hoi nhap", "kind": "interview"},
    ):
        # As the list's bound in tests/test_article_pages.py: the fold adds none.
        with django_assert_max_num_queries(18, info=str(params)):
            response = client.get(LIST, params)
        assert response.status_code == 200
        assert '<details class="filters"' in response.content.decode()
