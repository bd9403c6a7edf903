"""The results page passes axe-core's WCAG 2.2 A and AA rules in every state it can be in:
results of every kind with highlighted snippets, and each message it gives instead."""

from urllib.parse import urlencode

from django.urls import reverse

from articles.search import MAX_QUERY
from tests.browser.conftest import axe_violations, describe_violations, preload_axe

STATES = {
    "results of every kind": "hội nhập quốc tế",
    "interview answers": "cuba",
    "no word": "((",
    "only exclusions": "-covid",
    "cut": "hoi nhap " + "x" * MAX_QUERY,
    "nothing found": "zzzz",
}


def test_every_state_of_the_results_page_passes_axe(seeded_live_server, page):
    preload_axe(page)
    report = []
    for prefix in ("", "/en"):
        for label, q in STATES.items():
            url = f"{seeded_live_server.url}{prefix}{reverse('search')}?{urlencode({'q': q})}"
            response = page.goto(url)
            assert response.status == 200, (label, response.status)
            violations = axe_violations(page)
            if violations:
                report.append(f"{prefix or 'vi'} {label}:\n{describe_violations(violations)}")
    assert not report, "\n\n".join(report)
