"""Keeping the text fingerprints (``articles.ingest.duplicates``) in step with the segments.

Like the search index, the fingerprints are a derived cache of other rows, so signals keep
them current: forgetting a call site must not leave them stale. A save only notes the
article; its fingerprint is recomputed once, when the transaction commits, so an article
saved in the admin with thirty segments is fingerprinted once, not thirty times. Bulk
writes (which send no signals) call ``fingerprint_articles`` themselves.

Deleting an article deletes its fingerprint rows by their foreign key (CASCADE).
"""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from .ingest.duplicates import fingerprint_articles
from .models import Article, Segment

_pending = threading.local()  # like the database connection: one per thread


def _schedule(article_id: int) -> None:
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.add(article_id)
    # A callback for every change, not only the first: a rolled-back transaction or savepoint
    # drops its callbacks, and the ids they were for must still be done at the next commit.
    # The first callback to run takes every id noted so far; the others find none left.
    # robust: a failure is logged, and never undoes or fails the save that has committed.
    transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    ids = getattr(_pending, "ids", None)
    if ids:
        _pending.ids = set()
        fingerprint_articles(ids)


def _article_saved(sender, instance, **kwargs):
    _schedule(instance.pk)


def _segment_changed(sender, instance, origin=None, **kwargs):
    if isinstance(origin, Article) or (isinstance(origin, QuerySet) and origin.model is Article):
        return  # the article goes with its segments, and its fingerprint with it
    _schedule(instance.article_id)


def connect_signals() -> None:
    post_save.connect(_article_saved, sender=Article, dispatch_uid="fingerprint-article")
    post_save.connect(_segment_changed, sender=Segment, dispatch_uid="fingerprint-segment-save")
    post_delete.connect(_segment_changed, sender=Segment, dispatch_uid="fingerprint-segment-delete")
