"""Keeping the search index in step with the rows it describes.

``reindex_*`` functions write only what changed (an unchanged row is not touched, so a
re-run of the seed import leaves the database identical). ``connect_signals`` ties them to
saves and deletes, so every change made in the admin or by the importer is followed;
bulk writes (which send no signals) call ``reindex_articles`` / ``rebuild`` themselves.
Signals are used here, and only here, because the index is a derived cache of other rows,
not business logic: forgetting a call site must not leave it stale.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from events.models import Conference, ConferenceSeries
from people.models import Agency, Body, Country, Person, Position

from . import answer_words, word_absences, word_index, word_shares
from .models import (
    AgencyMention,
    Article,
    BodyMention,
    ConferenceMention,
    CountryMention,
    Document,
    DocumentMention,
    PersonMention,
    SearchEntry,
    Segment,
)
from .search import DRAFTS_FTS_TABLE, ENTITIES_FTS_TABLE, FTS_TABLE, TABLE, word_text
from .search_rank import ENTITY_KINDS, kinds_sql

Kind = SearchEntry.Kind
PUBLISHED = Article.Status.PUBLISHED


def _entry(kind, obj_id, *, title, body, article_id=None) -> dict:
    return {
        "kind": kind,
        "object_id": obj_id,
        "article_id": article_id,
        "title": title,
        "body": body,
        "title_words": word_text(title),
        "body_words": word_text(body),
    }


def _sync(kind: str, object_ids: Iterable[int], entries: list[dict]) -> int:
    """Make the entries of ``kind`` for ``object_ids`` exactly ``entries``; return writes."""
    object_ids = set(object_ids) | {e["object_id"] for e in entries}
    existing = {
        e.object_id: e for e in SearchEntry.objects.filter(kind=kind, object_id__in=object_ids)
    }
    wanted = {e["object_id"]: e for e in entries}
    writes = 0
    stale = [entry.pk for obj_id, entry in existing.items() if obj_id not in wanted]
    if stale:
        writes += SearchEntry.objects.filter(pk__in=stale).delete()[0]
    fields = ("article_id", "title", "body", "title_words", "body_words")
    new = []
    for obj_id, values in wanted.items():
        current = existing.get(obj_id)
        if current is None:
            new.append(SearchEntry(**values))
        elif any(getattr(current, f) != values[f] for f in fields):
            for f in fields:
                setattr(current, f, values[f])
            current.save(update_fields=fields)
            writes += 1
    # One INSERT for many rows: a rebuild of thousands of articles takes seconds.
    writes += len(SearchEntry.objects.bulk_create(new, batch_size=500))
    return writes


def reindex_articles(article_ids: Iterable[int], *, linked: bool = True) -> int:
    """Index published articles (title and whole text) and their interview answers. A
    draft gets one entry of its own kind ("draft", title and whole text) for the staff's
    search in the admin, and nothing else: the public search, the lists and the API read
    only the kinds "article" and "answer", of published articles.

    With ``linked``, the officials, agencies, countries, bodies, conferences and documents
    the articles link are indexed again too: publishing an article makes public what only it
    named (see ``people.models.public_q``), unpublishing may make it private again."""
    article_ids = set(article_ids)
    articles = Article.objects.filter(pk__in=article_ids).prefetch_related(
        Prefetch("segments", queryset=Segment.objects.order_by("position"))
    )
    article_entries, answer_entries, draft_entries = [], [], []
    answer_ids = set(
        SearchEntry.objects.filter(kind=Kind.ANSWER, article_id__in=article_ids).values_list(
            "object_id", flat=True
        )
    )
    for article in articles:
        segments = list(article.segments.all())
        # The English title is a title (a match in it ranks as one), the English summary is
        # text, after the article's own (``article_text`` takes it off again).
        title = "\n".join(t for t in (article.title, article.title_en) if t)
        body = "\n".join([*(s.text for s in segments), *filter(None, [article.summary_en])])
        if article.status != PUBLISHED:
            draft_entries.append(
                _entry(Kind.DRAFT, article.pk, title=title, body=body, article_id=article.pk)
            )
            continue
        article_entries.append(
            _entry(Kind.ARTICLE, article.pk, title=title, body=body, article_id=article.pk)
        )
        for segment in segments:
            if segment.kind == Segment.Kind.ANSWER:
                answer_ids.add(segment.pk)
                answer_entries.append(
                    _entry(
                        Kind.ANSWER, segment.pk, title="", body=segment.text, article_id=article.pk
                    )
                )
    writes = articles_written = _sync(Kind.ARTICLE, article_ids, article_entries)
    writes += _sync(Kind.DRAFT, article_ids, draft_entries)
    writes += _sync(Kind.ANSWER, answer_ids, answer_entries)
    if linked:
        writes += _reindex_linked(article_ids)
        if articles_written:  # a change, not a rebuild's batch (it reads them at its end)
            word_shares.keep()
            word_absences.keep()
    return writes


def article_text(body: str, summary_en: str) -> str:
    """An article entry's body without the English summary the index appends to it."""
    if summary_en and body == summary_en:
        return ""
    if summary_en and body.endswith("\n" + summary_en):
        return body[: -len(summary_en) - 1]
    return body


def _reindex_linked(article_ids: set[int]) -> int:
    """Index again what these articles link: whether each is public may have changed."""
    mentions = PersonMention.objects.filter(article_id__in=article_ids)
    positions = Position.objects.filter(attestations__in=mentions)
    people = set(mentions.values_list("person_id", flat=True))
    people |= set(positions.values_list("person_id", flat=True))
    agencies = set(positions.values_list("agency_id", flat=True))
    agencies |= set(
        AgencyMention.objects.filter(article_id__in=article_ids).values_list("agency_id", flat=True)
    )
    writes = reindex_people(people) + reindex_agencies(agencies)
    for reindex, mention, field in (
        (reindex_countries, CountryMention, "country_id"),
        (reindex_bodies, BodyMention, "body_id"),
        (reindex_conferences, ConferenceMention, "conference_id"),
        (reindex_documents, DocumentMention, "document_id"),
    ):
        ids = mention.objects.filter(article_id__in=article_ids).values_list(field, flat=True)
        writes += reindex(set(ids))
    return writes


def reindex_people(person_ids: Iterable[int]) -> int:
    person_ids = set(person_ids)
    # Only what the public may see: an official, and a title, only a draft names is not
    # searchable until it is published.
    people = (
        Person.objects.filter(pk__in=person_ids)
        .public()
        .prefetch_related(
            Prefetch("positions", queryset=Position.objects.public().select_related("agency"))
        )
    )
    entries = [
        _entry(
            Kind.PERSON,
            p.pk,
            title=p.name,
            body="\n".join(
                [*p.other_names]
                + [
                    f"{pos.title_vi} {pos.agency.name_vi} {pos.title_en}"
                    for pos in p.positions.all()
                ]
            ),
        )
        for p in people
    ]
    return _sync(Kind.PERSON, person_ids, entries)


def _names(*names: str, other_names=()) -> str:
    return "\n".join(n for n in (*names, *other_names) if n)


def reindex_agencies(ids: Iterable[int]) -> int:
    ids = set(ids)
    entries = [
        _entry(
            Kind.AGENCY,
            a.pk,
            title=_names(a.name_vi, a.abbreviation),
            body=_names(a.name_en, a.parent.name_vi if a.parent else "", other_names=a.other_names),
        )
        for a in Agency.objects.filter(pk__in=ids).public().select_related("parent")
    ]
    return _sync(Kind.AGENCY, ids, entries)


def reindex_conferences(ids: Iterable[int]) -> int:
    ids = set(ids)
    entries = [
        _entry(
            Kind.CONFERENCE,
            c.pk,
            title=c.name_vi,
            body=_names(c.name_en, c.theme, c.place, other_names=c.other_names),
        )
        for c in Conference.objects.filter(pk__in=ids).public()
    ]
    return _sync(Kind.CONFERENCE, ids, entries)


def reindex_countries(ids: Iterable[int]) -> int:
    ids = set(ids)
    entries = [
        _entry(
            Kind.COUNTRY, c.pk, title=c.name_vi, body=_names(c.name_en, other_names=c.other_names)
        )
        for c in Country.objects.filter(pk__in=ids).public()
    ]
    return _sync(Kind.COUNTRY, ids, entries)


def reindex_bodies(ids: Iterable[int]) -> int:
    ids = set(ids)
    entries = [
        _entry(
            Kind.BODY,
            b.pk,
            title=_names(b.name_vi, b.abbreviation),
            body=_names(b.name_en, other_names=b.other_names),
        )
        for b in Body.objects.filter(pk__in=ids).public()
    ]
    return _sync(Kind.BODY, ids, entries)


def reindex_documents(ids: Iterable[int]) -> int:
    ids = set(ids)
    entries = [
        _entry(
            Kind.DOCUMENT,
            d.pk,
            title=_names(d.name_vi, d.number),
            body=_names(d.name_en, other_names=d.other_names),
        )
        for d in Document.objects.filter(pk__in=ids).public()
    ]
    return _sync(Kind.DOCUMENT, ids, entries)


def reindex_series(ids: Iterable[int]) -> int:
    """Conference series: every series has its public page (a series holds no draft)."""
    ids = set(ids)
    entries = [
        _entry(
            Kind.SERIES,
            series.pk,
            title=series.name_vi,
            body=_names(series.name_en, other_names=series.other_names),
        )
        for series in ConferenceSeries.objects.filter(pk__in=ids)
    ]
    return _sync(Kind.SERIES, ids, entries)


REINDEX = {
    Kind.PERSON: (Person, reindex_people),
    Kind.AGENCY: (Agency, reindex_agencies),
    Kind.CONFERENCE: (Conference, reindex_conferences),
    Kind.SERIES: (ConferenceSeries, reindex_series),
    Kind.COUNTRY: (Country, reindex_countries),
    Kind.BODY: (Body, reindex_bodies),
    Kind.DOCUMENT: (Document, reindex_documents),
}


def rebuild(*, from_scratch: bool = False, batch: int = 2000) -> int:
    """Index everything, drop entries for rows that are gone; return the rows written.

    Rows that are right are left alone, so a second run writes nothing. ``from_scratch``
    empties the index first. On SQLite the FTS5 table is first rebuilt from the entries, so
    one that has drifted from them (a crash, a hand-made edit) is put right too, and the
    triggers that keep it in step with the entries can then work on it safely.
    """
    rebuild_full_text()
    writes = 0
    if from_scratch:
        writes += SearchEntry.objects.all().delete()[0]
    ids = list(Article.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        # Every entity is indexed below: no need to follow the links of each batch.
        writes += reindex_articles(ids[start : start + batch], linked=False)
    for kind, (model, reindex) in REINDEX.items():
        ids = list(model.objects.values_list("pk", flat=True))
        for start in range(0, len(ids), batch):
            writes += reindex(ids[start : start + batch])
        gone = SearchEntry.objects.filter(kind=kind).exclude(
            object_id__in=model.objects.values("pk")
        )
        writes += gone.delete()[0]
    orphans = SearchEntry.objects.filter(
        kind__in=[Kind.ARTICLE, Kind.DRAFT, Kind.ANSWER], article__isnull=True
    )
    writes += orphans.delete()[0]
    answers = Segment.objects.filter(kind=Segment.Kind.ANSWER).values("pk")
    writes += (
        SearchEntry.objects.filter(kind=Kind.ANSWER).exclude(object_id__in=answers).delete()[0]
    )
    word_shares.take()
    return writes


GIN_INDEX = "articles_searchentry_document"


def rebuild_full_text() -> None:
    """Repair each backend's full-text structure, and the indexes of the published articles'
    words (``word_index``) and of the answers' (``answer_words``). SQLite: rebuild the FTS5
    table from the entries. PostgreSQL derives its ``tsvector`` column from each row as it is
    written; its GIN index is put back if it was dropped and rebuilt (REINDEX) if it was."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Each table from its own entries: the drafts apart (not a 'rebuild', which would
            # read every entry into the public table).
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}(rowid, title_words, body_words) "
                f"SELECT id, title_words, body_words FROM {TABLE} WHERE kind <> 'draft'"
            )
            cursor.execute(f"DELETE FROM {DRAFTS_FTS_TABLE}")
            cursor.execute(
                f"INSERT INTO {DRAFTS_FTS_TABLE}(rowid, title_words, body_words) "
                f"SELECT id, title_words, body_words FROM {TABLE} WHERE kind = 'draft'"
            )
            cursor.execute(f"DELETE FROM {ENTITIES_FTS_TABLE}")
            cursor.execute(
                f"INSERT INTO {ENTITIES_FTS_TABLE}(rowid, title_words, body_words) "
                f"SELECT id, title_words, body_words FROM {TABLE} "
                f"WHERE kind IN ({kinds_sql(ENTITY_KINDS)})"
            )
        elif connection.vendor == "postgresql":
            # Index DDL refuses to run while deferred foreign-key checks of this transaction
            # are pending: run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {TABLE} USING GIN (document)"
            )
            cursor.execute(f"REINDEX INDEX {GIN_INDEX}")
    word_index.refill()
    answer_words.refill()


# --- following changes ---------------------------------------------------------------------
# Each handler indexes at once, inside the caller's transaction: a rolled-back save takes
# its index changes with it. (An article saved before its segments is indexed again as each
# segment is saved.)


def _article_saved(sender, instance, **kwargs):
    reindex_articles([instance.pk])


def _segment_changed(sender, instance, origin=None, **kwargs):
    if _deleting_article(origin):
        return  # the article goes with its segments; its entries go by _article_deleted
    reindex_articles([instance.article_id])


def _deleting_article(origin) -> bool:
    """Whether a deletion started from an article or a queryset of articles."""
    return isinstance(origin, Article) or (isinstance(origin, QuerySet) and origin.model is Article)


def _article_deleted(sender, instance, **kwargs):
    # The entries' foreign key cascades, but only to the entries that existed when the
    # deletion began: drop any written since, or the deferred key check fails at commit.
    SearchEntry.objects.filter(article_id=instance.pk).delete()


def _position_changed(sender, instance, **kwargs):
    reindex_people([instance.person_id])


def _entity_saved(reindex):
    def handler(sender, instance, **kwargs):
        reindex([instance.pk])

    return handler


def _entity_deleted(kind):
    def handler(sender, instance, **kwargs):
        SearchEntry.objects.filter(kind=kind, object_id=instance.pk).delete()

    return handler


def _agency_saved(sender, instance, **kwargs):
    reindex_agencies([instance.pk])
    # People's entries carry the names of the agencies they serve in.
    reindex_people(instance.positions.values_list("person_id", flat=True).distinct())


def _mention_changed(reindex, field):
    """A mention links or unlinks an entity: whether it is public may change."""

    def handler(sender, instance, origin=None, **kwargs):
        if _deleting_article(origin):
            return  # the article's deletion reindexes nothing it linked: see below
        reindex([getattr(instance, field)])

    return handler


def _titles_changed(sender, instance, action, pk_set=None, **kwargs):
    """The titles a mention attests changed: the person's entry (and the agencies')."""
    if action in ("post_add", "post_remove", "post_clear"):
        reindex_people([instance.person_id])
        if pk_set:
            reindex_agencies(
                Position.objects.filter(pk__in=pk_set).values_list("agency_id", flat=True)
            )


MENTIONS = (
    (PersonMention, reindex_people, "person_id"),
    (AgencyMention, reindex_agencies, "agency_id"),
    (CountryMention, reindex_countries, "country_id"),
    (BodyMention, reindex_bodies, "body_id"),
    (ConferenceMention, reindex_conferences, "conference_id"),
    (DocumentMention, reindex_documents, "document_id"),
)


def connect_signals() -> None:
    for mention, reindex, field in MENTIONS:
        handler = _mention_changed(reindex, field)
        name = mention._meta.model_name
        post_save.connect(handler, sender=mention, weak=False, dispatch_uid=f"search-{name}")
        post_delete.connect(handler, sender=mention, weak=False, dispatch_uid=f"search-{name}-d")
    m2m_changed.connect(
        _titles_changed, sender=PersonMention.positions.through, dispatch_uid="search-titles"
    )
    post_save.connect(_article_saved, sender=Article, dispatch_uid="search-article")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="search-article-delete")
    post_save.connect(_segment_changed, sender=Segment, dispatch_uid="search-segment-save")
    post_delete.connect(_segment_changed, sender=Segment, dispatch_uid="search-segment-delete")
    post_save.connect(_position_changed, sender=Position, dispatch_uid="search-position-save")
    post_delete.connect(_position_changed, sender=Position, dispatch_uid="search-position-del")
    for kind, (model, reindex) in REINDEX.items():
        handler = _agency_saved if model is Agency else _entity_saved(reindex)
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"search-{kind}-save")
        post_delete.connect(
            _entity_deleted(kind), sender=model, weak=False, dispatch_uid=f"search-{kind}-delete"
        )
