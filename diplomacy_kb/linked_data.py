"""schema.org JSON-LD for the public pages: what search engines and linked-data tools read.

One function per kind of page builds a plain dict from objects the page has already loaded
(its prefetched mentions, positions, sessions), so the markup costs no query of its own:

- an article: ``NewsArticle`` with its author (the byline), publisher (the outlet), dates at
  their precision (ISO 8601 allows "2016" and "2016-08"), and ``about`` the entities it names;
- an official: ``Person`` with ``hasOccupation`` (each title) and ``worksFor`` as
  ``EmployeeRole``s with their agency and dates;
- a conference: ``Event`` with ``superEvent`` (its series, or the conference it is part of)
  and ``subEvent`` (its sessions);
- an agency: ``GovernmentOrganization`` with ``parentOrganization``; a country: ``Country``;
  a multilateral body: ``Organization``; a series: ``EventSeries``; a policy document:
  ``CreativeWork`` with its number and issuer; the home page: ``WebSite`` with its search.

An entity with a Wikidata ID names its Wikidata item as ``sameAs``.

Every address is absolute and canonical (the Vietnamese one, without /en/). A value the
archive does not hold is left out, never filled in.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation

from diplomacy_kb.dates import iso_partial
from diplomacy_kb.wikidata import wikidata_url

CONTEXT = "https://schema.org"
CANONICAL_LANGUAGE = "vi"
SITE_NAME = "Diplomacy KB"


def base_url(request) -> str:
    """The site's scheme and host as the request reached it: "https://archive.example"."""
    return request.build_absolute_uri("/").rstrip("/")


def canonical_path(obj) -> str:
    """``obj``'s address in the default language (no /en/ prefix), whatever is active."""
    with translation.override(CANONICAL_LANGUAGE):
        return obj.get_absolute_url()


def canonical(base_url: str, obj) -> str:
    return base_url + canonical_path(obj)


def _named(kind: str, name: str, url: str | None = None, **extra) -> dict[str, Any]:
    node = {"@type": kind, "name": name}
    if url:
        node["url"] = url
    node.update({key: value for key, value in extra.items() if value})
    return node


def _alternate(obj) -> dict[str, Any]:
    return {"alternateName": obj.name_en} if getattr(obj, "name_en", "") else {}


def _same_as(obj) -> dict[str, Any]:
    qid = getattr(obj, "wikidata_id", "")
    return {"sameAs": wikidata_url(qid)} if qid else {}


def agency_node(base_url: str, agency) -> dict[str, Any]:
    return _named(
        "GovernmentOrganization",
        agency.name_vi,
        canonical(base_url, agency),
        **_alternate(agency),
        **_same_as(agency),
    )


def country_node(base_url: str, country) -> dict[str, Any]:
    return _named(
        "Country",
        country.name_vi,
        canonical(base_url, country),
        **_alternate(country),
        **_same_as(country),
    )


def body_node(base_url: str, body) -> dict[str, Any]:
    return _named(
        "Organization",
        body.name_vi,
        canonical(base_url, body),
        **_alternate(body),
        **_same_as(body),
    )


def person_node(base_url: str, person) -> dict[str, Any]:
    return _named("Person", person.name, canonical(base_url, person), **_same_as(person))


def conference_node(base_url: str, conference) -> dict[str, Any]:
    return _named(
        "Event",
        conference.name_vi,
        canonical(base_url, conference),
        startDate=conference.start_iso,
        endDate=conference.end_iso,
    )


def series_node(base_url: str, series) -> dict[str, Any]:
    return _named(
        "EventSeries",
        series.name_vi,
        canonical(base_url, series),
        **_alternate(series),
        **_same_as(series),
    )


def document_node(base_url: str, document) -> dict[str, Any]:
    return _named(
        "CreativeWork",
        document.name_vi,
        canonical(base_url, document),
        **_alternate(document),
        **_same_as(document),
    )


def _with_context(node: dict[str, Any]) -> dict[str, Any]:
    return {"@context": CONTEXT, **node}


# --- pages -----------------------------------------------------------------------------------


def article_data(base_url: str, article) -> dict[str, Any]:
    url = canonical(base_url, article)
    about = [person_node(base_url, m.person) for m in article.person_mentions.all()]
    about += [agency_node(base_url, m.agency) for m in article.agency_mentions.all()]
    about += [country_node(base_url, m.country) for m in article.country_mentions.all()]
    about += [body_node(base_url, m.body) for m in article.body_mentions.all()]
    about += [conference_node(base_url, m.conference) for m in article.conference_mentions.all()]
    about += [document_node(base_url, m.document) for m in article.document_mentions.all()]
    publisher = _named("NewsMediaOrganization", article.publication.name)
    node = {
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "name": article.title,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "vi",
        "datePublished": article.date_iso,
        "publisher": publisher,
        "author": _named("Person", article.byline) if article.byline else publisher,
        "isAccessibleForFree": True,
    }
    # The editors' English title and summary, tagged as English in a Vietnamese article.
    if article.title_en:
        node["alternativeHeadline"] = {"@value": article.title_en, "@language": "en"}
    if article.summary_en:
        node["abstract"] = {"@value": article.summary_en, "@language": "en"}
    if article.source_url:
        node["isBasedOn"] = article.source_url
    if about:
        node["about"] = about
    return _with_context(node)


def person_data(base_url: str, person, positions) -> dict[str, Any]:
    node = person_node(base_url, person)
    roles, occupations = [], []
    for position in positions:
        role = {
            "@type": "EmployeeRole",
            "roleName": position.title_vi,
            "worksFor": agency_node(base_url, position.agency),
        }
        if position.start_date:
            role["startDate"] = iso_partial(position.start_date, position.start_precision)
        if position.end_date:
            role["endDate"] = iso_partial(position.end_date, position.end_precision)
        roles.append(role)
        occupation = {"@type": "Occupation", "name": position.title_vi}
        if position.title_en:
            occupation["alternateName"] = position.title_en
        if occupation not in occupations:
            occupations.append(occupation)
    if getattr(person, "nationality", None):
        node["nationality"] = country_node(base_url, person.nationality)
    if occupations:
        node["hasOccupation"] = occupations
    if roles:
        node["worksFor"] = roles
    return _with_context(node)


def conference_data(base_url: str, conference, sessions=()) -> dict[str, Any]:
    node = conference_node(base_url, conference)
    node.update(_alternate(conference))
    if conference.place:
        node["location"] = {"@type": "Place", "name": conference.place}
    if conference.organiser_id:
        node["organizer"] = agency_node(base_url, conference.organiser)
    if conference.part_of_id:
        node["superEvent"] = conference_node(base_url, conference.part_of)
    elif conference.series_id:
        node["superEvent"] = series_node(base_url, conference.series)
    subs = [conference_node(base_url, session) for session in sessions]
    if subs:
        node["subEvent"] = subs
    return _with_context(node)


def series_data(base_url: str, series, conferences=()) -> dict[str, Any]:
    node = series_node(base_url, series)
    subs = [conference_node(base_url, c) for c in conferences]
    if subs:
        node["subEvent"] = subs
    return _with_context(node)


def agency_data(base_url: str, agency) -> dict[str, Any]:
    node = agency_node(base_url, agency)
    if agency.parent_id:
        node["parentOrganization"] = agency_node(base_url, agency.parent)
    if getattr(agency, "country", None):
        node["areaServed"] = country_node(base_url, agency.country)
    return _with_context(node)


def country_data(base_url: str, country) -> dict[str, Any]:
    node = country_node(base_url, country)
    node["identifier"] = country.code
    return _with_context(node)


def body_data(base_url: str, body) -> dict[str, Any]:
    node = body_node(base_url, body)
    if getattr(body, "abbreviation", ""):
        node["alternateName"] = [n for n in (body.abbreviation, body.name_en) if n]
    return _with_context(node)


def document_data(base_url: str, document) -> dict[str, Any]:
    node = document_node(base_url, document)
    if document.number:
        node["identifier"] = document.number
    if document.issuer_id:
        node["creator"] = agency_node(base_url, document.issuer)
    return _with_context(node)


def website_data(base_url: str) -> dict[str, Any]:
    with translation.override(CANONICAL_LANGUAGE):
        search = base_url + reverse("search")
    return _with_context(
        {
            "@type": "WebSite",
            "name": SITE_NAME,
            "url": base_url + "/",
            "inLanguage": ["vi", "en"],
            "potentialAction": {
                "@type": "SearchAction",
                "target": f"{search}?q={{search_term_string}}",
                "query-input": "required name=search_term_string",
            },
        }
    )
