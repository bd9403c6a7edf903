"""The lists that grow, at a size that pages and folds them, pass axe-core's WCAG 2.2 A and AA
rules: the conference list's pages and notes, the folded agency tree, an agency's pages of
the agencies under it (tests/test_growing_lists.py checks what they show)."""

from events.views import TIMELINE_MEMBERS
from people.tree import TREE_DEPTH, TREE_ROOTS_SHOWN
from people.views import SUB_AGENCIES_SHOWN
from tests.browser.conftest import axe_violations, describe_violations, preload_axe
from tests.test_growing_lists import chain, grow_agencies, grow_meetings, grow_series


def test_grown_lists_pass_axe_wcag22_aa(seeded_live_server, page):
    grow_series(1, TIMELINE_MEMBERS + 1)
    grow_meetings(60)
    (parent,) = grow_agencies(1, SUB_AGENCIES_SHOWN + 10, roots=TREE_ROOTS_SHOWN)
    chain(TREE_DEPTH + 1)
    urls = [
        "/events/",
        "/events/?page=2",
        "/en/events/?page=abc",
        "/agencies/",
        "/en/agencies/?page=2",
        f"/agencies/{parent.slug}/",
        f"/en/agencies/{parent.slug}/?page=9999",
    ]
    preload_axe(page)
    report = []
    for url in urls:
        response = page.goto(seeded_live_server.url + url)
        assert response.status == 200, url
        violations = axe_violations(page)
        if violations:
            report.append(f"{url}:\n{describe_violations(violations)}")
    assert not report, "\n\n".join(report)
