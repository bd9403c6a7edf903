"""Lists that grow with the archive stay the same size: the conference list is paginated
(a series longer than a page is headed on every page it spans), the agency tree is folded
(a page of top-level agencies, a few levels and a few agencies under each) and an agency's
page lists the agencies under it a page at a time. Rows, bytes and queries are measured at
two sizes of generated data."""

import datetime
import re
from html import unescape

import pytest
from django.utils import translation

from events.models import Conference, ConferenceSeries
from events.views import CONFERENCES_SHOWN, TIMELINE_MEMBERS
from people.filters import by_display_name
from people.models import Agency
from people.tree import TREE_CHILDREN_SHOWN, TREE_DEPTH, TREE_NODES_SHOWN, TREE_ROOTS_SHOWN
from people.views import SUB_AGENCIES_SHOWN
from tests.test_html_validity import _describe, vnu  # noqa: F401 (vnu: a fixture)

pytestmark = pytest.mark.django_db

CONFERENCES = "/en/events/"
AGENCIES = "/en/agencies/"
# A page of either list, whatever the archive holds (the seed pages are 10 to 20 kB; the
# lists drawn whole would pass this at the sizes generated here).
MOST_BYTES = 200_000


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


# --- generated data ----------------------------------------------------------------------


def grow_series(n_series: int, members: int, *, first_year: int = 1960) -> list[ConferenceSeries]:
    """``n_series`` series of ``members`` numbered conferences each, one a year."""
    series = ConferenceSeries.objects.bulk_create(
        [
            ConferenceSeries(name_vi=f"Chuỗi lớn {i}", name_en=f"Big series {i}", slug=f"big-{i}")
            for i in range(n_series)
        ]
    )
    Conference.objects.bulk_create(
        [
            Conference(
                series=s,
                ordinal=n,
                name_vi=f"Hội nghị lớn {i} lần thứ {n}",
                name_en=f"Big conference {i}, number {n}",
                slug=f"big-{i}-{n}",
                kind="conference",
                start_date=datetime.date(first_year + n, 5, 1),
                start_precision="day",
            )
            for i, s in enumerate(series)
            for n in range(1, members + 1)
        ]
    )
    return series


def grow_meetings(n: int) -> None:
    Conference.objects.bulk_create(
        [
            Conference(
                name_vi=f"Cuộc gặp {i}",
                slug=f"meeting-{i}",
                kind="meeting",
                start_date=datetime.date(1990, 1, 1) + datetime.timedelta(days=i),
                start_precision="day",
            )
            for i in range(n)
        ]
    )


def grow_agencies(parents: int, children: int, *, roots: int = 0) -> list[Agency]:
    """``parents`` top-level agencies with ``children`` each, and ``roots`` more without
    any; returns the parents."""
    top = Agency.objects.bulk_create(
        [
            Agency(name_vi=f"Bộ lớn {i}", slug=f"big-ministry-{i}", kind="ministry")
            for i in range(parents)
        ]
        + [
            Agency(name_vi=f"Đại sứ quán {i:04d}", slug=f"big-embassy-{i}", kind="embassy")
            for i in range(roots)
        ]
    )
    Agency.objects.bulk_create(
        [
            Agency(
                name_vi=f"Vụ {j:04d}",
                slug=f"big-department-{i}-{j}",
                kind="ministry_department",
                parent=parent,
            )
            for i, parent in enumerate(top[:parents])
            for j in range(children)
        ]
    )
    return top[:parents]


def chain(depth: int) -> list[Agency]:
    """A line of agencies, each under the one before: ``depth`` levels."""
    agencies, parent = [], None
    for level in range(depth):
        parent = Agency.objects.create(
            name_vi=f"Cấp {level}", slug=f"level-{level}", kind="other", parent=parent
        )
        agencies.append(parent)
    return agencies


# --- the conference list -----------------------------------------------------------------


def listed(html):
    """The conferences in the page's tables, by slug, in page order."""
    rows = "".join(re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S))
    return re.findall(r'<th scope="row"><a href="/en/events/([^/"]+)/">', rows)


def every_page(client, url):
    """The slugs listed on each page of a list, following its "next" links."""
    pages = []
    while url:
        html = html_of(client, url)
        pages.append(listed(html))
        found = re.search(r'<a href="([^"]+)" rel="next">', html)
        url = f"{CONFERENCES}{found.group(1)}" if found else None
    return pages


@pytest.mark.parametrize("size", [1, 5])
def test_a_page_of_the_conference_list_stays_the_same_size(
    client, seeded, size, django_assert_max_num_queries
):
    """60 or 300 conferences in series, and as many meetings: one page, the same number
    of rows, bytes under a fixed bound, the same number of queries."""
    grow_series(size, 60)
    grow_meetings(60 * size)
    with django_assert_max_num_queries(4):
        html = html_of(client, CONFERENCES)
    assert len(listed(html)) == CONFERENCES_SHOWN
    assert len(html.encode()) < MOST_BYTES
    total = Conference.objects.count()
    assert f"{total} conferences and events." in html
    assert f"Page 1 of {-(-total // CONFERENCES_SHOWN)}" in html
    with django_assert_max_num_queries(4):
        html = html_of(client, f"{CONFERENCES}?page=2")
    assert len(listed(html)) == CONFERENCES_SHOWN


def test_the_pages_list_every_conference_once_in_series_order(client, seeded):
    grow_series(5, 60)
    grow_meetings(40)
    pages = every_page(client, CONFERENCES)
    assert all(len(p) == CONFERENCES_SHOWN for p in pages[:-1])
    slugs = [slug for p in pages for slug in p]
    assert sorted(slugs) == sorted(Conference.objects.values_list("slug", flat=True))
    # A series is listed whole, by number, before the next; the meetings come last.
    for i in range(5):
        mine = [s for s in slugs if s.startswith(f"big-{i}-")]
        assert mine == [f"big-{i}-{n}" for n in range(1, 61)]
        first = slugs.index(mine[0])
        assert slugs[first : first + 60] == mine
    meetings = [s for s in slugs if s.startswith("meeting-")]
    assert meetings == [f"meeting-{i}" for i in range(39, -1, -1)]  # newest first
    assert slugs.index(meetings[0]) > max(slugs.index(s) for s in slugs if s.startswith("big-"))


def test_a_series_spanning_pages_is_headed_on_each(client, seeded):
    grow_series(1, 120)  # more than a page, fewer than the timelines' budget
    pages = {n: html_of(client, f"{CONFERENCES}?page={n}") for n in (1, 2, 3)}
    slugs = {n: listed(html) for n, html in pages.items()}
    spanned = [n for n in pages if any(s.startswith("big-0-") for s in slugs[n])]
    assert spanned == [1, 2, 3]  # first by name: rows 1-50, 51-100, 101-120
    for n in spanned:
        group = section(pages[n], "series-big-0")
        assert "Big series 0" in group
        assert "120 members in the archive." in group
        # The timeline draws the whole series on every page, not only the rows shown.
        assert 'href="/en/events/big-0-1/">1st</a>' in group
        assert 'href="/en/events/big-0-120/">120th</a>' in group
    assert "Continues on the next page." in section(pages[spanned[0]], "series-big-0")
    assert "Continued from the previous page." not in section(pages[spanned[0]], "series-big-0")
    assert "Continued from the previous page." in section(pages[spanned[1]], "series-big-0")
    assert "Continued from the previous page." in section(pages[spanned[-1]], "series-big-0")
    assert "Continues on the next page." not in section(pages[spanned[-1]], "series-big-0")
    assert slugs[3][:20] == [f"big-0-{n}" for n in range(101, 121)]


def test_a_series_too_long_for_the_page_links_its_timeline(client, seeded):
    grow_series(1, TIMELINE_MEMBERS + 1)
    html = html_of(client, CONFERENCES)
    group = section(html, "series-big-0")
    assert "too many members for its timeline to be drawn here" in group
    assert 'see <a href="/en/events/series/big-0/">the series page</a>' in group
    assert "1st</a>" not in group
    assert len(html.encode()) < MOST_BYTES


def test_the_pages_keep_the_filters(client, seeded):
    grow_series(2, 60, first_year=1950)
    url = f"{CONFERENCES}?kind=conference"
    html = html_of(client, url)
    assert '<a href="?kind=conference&page=2" rel="next">' in html
    pages = every_page(client, url)
    slugs = [s for p in pages for s in p]
    expected = Conference.objects.public().filter(kind="conference")
    assert sorted(slugs) == sorted(expected.values_list("slug", flat=True))
    # The count of matches is the series', not the page's.
    html = html_of(client, f"{CONFERENCES}?kind=conference&page=2")
    assert "60 match the filters." in html


@pytest.mark.parametrize(
    ("asked", "shown"), [("abc", 1), ("0", 1), ("-3", 1), ("9999", 7), ("9" * 30, 7)]
)
def test_a_page_that_does_not_exist_is_explained(client, seeded, asked, shown):
    grow_series(5, 60)  # with the seeds' events: 7 pages
    response = client.get(f"{CONFERENCES}?page={asked}")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert f"There is no page “{asked[:20]}”: showing page {shown} of 7." in html
    assert f"Page {shown} of 7" in html
    assert listed(html)


# --- the agency tree ---------------------------------------------------------------------


def tree_links(html):
    """The agency links in the tree, in page order (the "more" links excluded)."""
    tree = section(html, "tree-heading")
    return re.findall(r'<a href="/en/agencies/([^/"#]+)/">', tree)


def test_the_seed_tree_is_shown_whole(client, seeded):
    html = html_of(client, AGENCIES)
    assert len(tree_links(html)) == Agency.objects.public().count()
    assert 'class="more"' not in html and 'class="pagination"' not in html
    assert "Under each agency the tree shows" not in html


@pytest.mark.parametrize("children", [50, 500])
def test_the_agency_tree_is_folded_under_each_agency(
    client, seeded, children, django_assert_max_num_queries
):
    parents = grow_agencies(3, children)
    with django_assert_max_num_queries(2):
        html = html_of(client, AGENCIES)
    assert len(html.encode()) < MOST_BYTES
    links = tree_links(html)
    for parent in parents:
        under = [s for s in links if s.startswith(f"big-department-{parents.index(parent)}-")]
        assert len(under) == TREE_CHILDREN_SHOWN
        more = children - TREE_CHILDREN_SHOWN
        assert (
            f'<li class="more"><a href="/en/agencies/{parent.slug}/#children-heading">'
            f"and {more} more bodies under {parent.name_vi}</a></li>"
        ) in html
    assert f"the tree shows up to {TREE_CHILDREN_SHOWN} bodies, three levels deep" in html


def test_the_tree_stops_three_levels_down(client, seeded):
    levels = chain(TREE_DEPTH + 2)
    html = html_of(client, AGENCIES)
    links = tree_links(html)
    assert [a.slug for a in levels[:TREE_DEPTH]] == [s for s in links if s.startswith("level-")]
    last = levels[TREE_DEPTH - 1]
    assert (
        f'href="/en/agencies/{last.slug}/#children-heading">1 body under Cấp {TREE_DEPTH - 1}'
        in html
    )


def test_the_tree_draws_a_bounded_number_of_agencies(client, seeded):
    """50 top-level agencies with 10 under each and 10 under each of those: the budget
    keeps the page to TREE_NODES_SHOWN agencies, the upper levels first."""
    top = grow_agencies(TREE_ROOTS_SHOWN, TREE_CHILDREN_SHOWN)
    middle = Agency.objects.filter(parent__in=top)
    Agency.objects.bulk_create(
        [
            Agency(name_vi=f"Phòng {j}", slug=f"office-{m.pk}-{j}", kind="other", parent=m)
            for m in middle
            for j in range(TREE_CHILDREN_SHOWN)
        ]
    )
    html = html_of(client, f"{AGENCIES}?per_page=100")
    links = tree_links(html)
    assert len(links) <= TREE_NODES_SHOWN
    assert all(f"big-department-{i}-" in " ".join(links) for i in range(TREE_ROOTS_SHOWN))
    assert len(html.encode()) < MOST_BYTES


@pytest.mark.parametrize("roots", [60, 600])
def test_the_top_level_is_paginated_in_name_order(
    client, seeded, roots, django_assert_max_num_queries
):
    grow_agencies(0, 0, roots=roots)
    with translation.override("en"):
        order = [a.slug for a in by_display_name(Agency.objects.public().filter(parent=None))]
    with django_assert_max_num_queries(2):
        first = html_of(client, AGENCIES)
    second = html_of(client, f"{AGENCIES}?page=2")
    top = [s for s in tree_links(first) if s in order]
    top_2 = [s for s in tree_links(second) if s in order]
    assert top == order[:TREE_ROOTS_SHOWN]
    assert top_2 == order[TREE_ROOTS_SHOWN : 2 * TREE_ROOTS_SHOWN]
    assert len(first.encode()) < MOST_BYTES
    pages = -(-len(order) // TREE_ROOTS_SHOWN)
    late = html_of(client, f"{AGENCIES}?page=9999")
    assert f"There is no page “9999”: showing page {pages} of {pages}." in late
    assert "There is no page “abc”: showing page 1" in html_of(client, f"{AGENCIES}?page=abc")


def test_the_kind_filter_is_kept_across_pages(client, seeded):
    grow_agencies(0, 0, roots=120)
    html = html_of(client, f"{AGENCIES}?kind=embassy")
    assert 'href="?kind=embassy&page=2" rel="next"' in html
    second = html_of(client, f"{AGENCIES}?kind=embassy&page=2")
    assert "of the kind “embassy or mission”" in second
    assert "bo-y-te" not in section(second, "tree-heading")


# --- an agency's page --------------------------------------------------------------------


def sub_agencies(html):
    return re.findall(r'<li><a href="/en/agencies/([^/"]+)/">', section(html, "children-heading"))


@pytest.mark.parametrize("children", [SUB_AGENCIES_SHOWN + 10, 1500])
def test_an_agency_page_lists_the_agencies_under_it_a_page_at_a_time(
    client, seeded, children, django_assert_max_num_queries
):
    (parent,) = grow_agencies(1, children)
    url = f"/en/agencies/{parent.slug}/"
    with django_assert_max_num_queries(14):
        html = html_of(client, url)
    assert len(html.encode()) < MOST_BYTES
    expected = [f"big-department-0-{j}" for j in range(children)]
    first = sub_agencies(html)
    assert first == expected[:SUB_AGENCIES_SHOWN]
    assert f"{children} bodies, in name order." in html
    pages = -(-children // SUB_AGENCIES_SHOWN)
    assert f"Page 1 of {pages}" in html
    second = sub_agencies(html_of(client, f"{url}?page=2"))
    assert second == expected[SUB_AGENCIES_SHOWN : 2 * SUB_AGENCIES_SHOWN]
    late = html_of(client, f"{url}?page=abc")
    assert "There is no page “abc”: showing page 1" in late


def test_an_agency_with_few_agencies_under_it_lists_them_on_one_page(client, seeded):
    html = html_of(client, "/en/agencies/bo-xay-dung/")
    assert len(sub_agencies(html)) == Agency.objects.get(slug="bo-xay-dung").children.count()
    assert 'class="pagination"' not in section(html, "children-heading")


# --- valid HTML at size --------------------------------------------------------------------


def test_the_grown_pages_are_valid_html(client, seeded, vnu):  # noqa: F811
    """The markup only a large archive brings out (pages, continued series, a series too
    long to draw, the folded tree, an agency's pages of sub-agencies), checked by vnu."""
    grow_series(1, TIMELINE_MEMBERS + 1)
    small = ConferenceSeries.objects.create(name_vi="Chuỗi nhỏ", slug="small")
    Conference.objects.create(
        series=small, ordinal=2, name_vi="Hội nghị nhỏ", slug="small-2", kind="meeting"
    )
    grow_meetings(60)
    (parent,) = grow_agencies(1, SUB_AGENCIES_SHOWN + 10, roots=TREE_ROOTS_SHOWN)
    chain(TREE_DEPTH + 1)
    urls = [
        "/events/",
        "/events/?page=2",
        "/en/events/?page=3",
        "/events/?kind=meeting&page=2",
        "/events/?page=abc",
        "/agencies/",
        "/en/agencies/?page=2",
        "/agencies/?page=9999",
        f"/agencies/{parent.slug}/",
        f"/en/agencies/{parent.slug}/?page=2",
    ]
    documents = {url: html_of(client, url) for url in urls}
    failures = vnu(documents)
    report = [
        f"{url}:\n" + "\n".join(_describe(m) for m in messages)
        for url, messages in failures.items()
        if messages
    ]
    assert not report, "\n\n".join(report)


@pytest.mark.django_db
def test_the_conference_list_without_any_series_lists_its_events(client):
    """No series at all (a fresh archive, or one restored table by table): the events outside a
    series are still listed, newest first, on both databases."""
    from tests.factories import ConferenceFactory

    older = ConferenceFactory(
        name_vi="Hội thảo cũ", start_date=datetime.date(2015, 3, 1), start_precision="day"
    )
    newer = ConferenceFactory(
        name_vi="Hội thảo mới", start_date=datetime.date(2020, 3, 1), start_precision="day"
    )
    response = client.get("/events/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(newer.name_vi) < html.index(older.name_vi)
