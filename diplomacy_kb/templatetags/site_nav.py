"""The site navigation: which of its sections the page being shown belongs to."""

from django import template

register = template.Library()

# Each section's list page, by URL name; the section's navigation item links to it.
SECTION_LISTS = {
    "articles": "articles:list",
    "answers": "answers",
    "people": "people:person-list",
    "events": "events:conference-list",
    "agencies": "people:agency-list",
    "countries": "people:country-list",
}
# Every page of these apps belongs to the section of the same name: an article, its
# documents and citations are read from the article list, a series from the conferences.
SECTION_APPS = {"articles", "events"}
# The people app serves three sections; the pages beyond their list pages.
SECTION_PAGES = {
    "people:person-detail": "people",
    "people:agency-detail": "agencies",
    "people:country-detail": "countries",
    "people:body-detail": "countries",  # bodies (ASEAN, APEC) are listed with the countries
}
_SECTION_OF_LIST = {view_name: section for section, view_name in SECTION_LISTS.items()}


def page_section(resolver_match) -> str | None:
    """The section of the page `resolver_match` resolved, None outside every section
    (the home page, search, a 404)."""
    if resolver_match is None:
        return None
    view_name = resolver_match.view_name
    if view_name in _SECTION_OF_LIST:
        return _SECTION_OF_LIST[view_name]
    if resolver_match.namespace in SECTION_APPS:
        return resolver_match.namespace
    return SECTION_PAGES.get(view_name)


@register.simple_tag(takes_context=True)
def nav_current(context, section):
    """The navigation item's aria-current value: "page" on the section's list page, "true"
    on another page inside the section, "" elsewhere."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if page_section(match) != section:
        return ""
    return "page" if match.view_name == SECTION_LISTS[section] else "true"
