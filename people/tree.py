"""The agency tree, folded so that a page of it stays the same size however many agencies
the archive holds: a page of top-level agencies, a few levels under each, a few agencies
under each, and for the rest a link to the page of the agency they belong to.

The tree is laid out from a light row per agency (``outline_rows``: its pk, parent, names
and kind), so that ten thousand agencies cost one narrow query and a sort; the full rows,
with their counts, are read for the agencies drawn only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

from diplomacy_kb.text import NameOrder, name_sort_key

TREE_ROOTS_SHOWN = 50  # top-level agencies on a page of the tree
TREE_CHILDREN_SHOWN = 10  # under each agency; the agency's own page lists them all
TREE_DEPTH = 3  # levels drawn; the agencies deeper down are on their parents' pages
TREE_NODES_SHOWN = 300  # agencies drawn on one page in all, the upper levels first


@dataclass
class Node:
    agency: Any  # a light row while the tree is laid out, then the Agency itself
    children: list[Node] = field(default_factory=list)
    matched: bool = True
    more: int = 0  # the agencies under it that are not drawn: its own page lists them


def outline_rows(agencies):
    """A light row per agency of the queryset ``agencies``: pk, parent_id, name_vi, name_en
    and kind."""
    fields = ("pk", "parent_id", "name_vi", "name_en", "kind")
    return list(agencies.order_by().values_list(*fields, named=True))


def name_key(name: str) -> str:
    """The order ``by_display_name`` gives Vietnamese names (``name_sort_key`` caches its
    word keys, so ten thousand agency names sort in a fraction of a second)."""
    return name_sort_key(name, NameOrder.FAMILY_FIRST)


def in_name_order(rows: Iterable) -> list:
    """Light rows (or agencies) in the order of their names in the interface's language,
    as ``people.filters.by_display_name`` sorts them; the same names by pk."""
    if (get_language() or "").startswith("en"):
        return sorted(rows, key=lambda r: ((r.name_en or r.name_vi).casefold(), r.pk))
    return sorted(rows, key=lambda r: (name_key(r.name_vi), r.pk))


def agency_outline(rows: Iterable, matched: set[int] | None = None) -> dict[int | None, list]:
    """The rows under each agency, by its pk (None: the top level), in no order. With
    ``matched``, only the matching agencies and, for context, their ancestors. An agency
    whose parent is not among ``rows`` is at the top."""
    by_pk = {r.pk: r for r in rows}
    keep = set(by_pk)
    if matched is not None:
        keep = set()
        for pk in matched:
            while pk in by_pk and pk not in keep:
                keep.add(pk)
                pk = by_pk[pk].parent_id
    children: dict[int | None, list] = defaultdict(list)
    for r in by_pk.values():
        if r.pk in keep:
            children[r.parent_id if r.parent_id in keep else None].append(r)
    return children


def fold_tree(
    roots: list, children: dict[int | None, list], matched: set[int] | None = None
) -> list[Node]:
    """Nodes for ``roots``, in their order, and level by level the agencies under them in
    name order: at most TREE_CHILDREN_SHOWN under each, TREE_DEPTH levels deep and
    TREE_NODES_SHOWN in all. ``Node.more`` counts those left out."""

    def node(row) -> Node:
        return Node(row, matched=matched is None or row.pk in matched)

    nodes = [node(r) for r in roots]
    budget = TREE_NODES_SHOWN - len(nodes)
    level = nodes
    for depth in range(1, TREE_DEPTH + 1):
        under = [children.get(parent.agency.pk, []) for parent in level]
        shown = shares([len(u) for u in under], budget if depth < TREE_DEPTH else 0)
        budget -= sum(shown)
        below = []
        for parent, rows, count in zip(level, under, shown, strict=True):
            if count:
                parent.children = [node(r) for r in in_name_order(rows)[:count]]
                below += parent.children
            parent.more = len(rows) - count
        level = below
    return nodes


def shares(sizes: list[int], budget: int) -> list[int]:
    """How many of each parent's ``sizes`` children to draw: up to TREE_CHILDREN_SHOWN
    each and ``budget`` in all, dealt one at a time in turn, so that when the budget runs
    short every parent still shows some."""
    taken = [0] * len(sizes)
    for round_ in range(TREE_CHILDREN_SHOWN):
        for i, size in enumerate(sizes):
            if budget and size > round_:
                taken[i] += 1
                budget -= 1
    return taken


def walk(nodes: list[Node]) -> Iterator[Node]:
    """Every node of the tree, each before those under it."""
    for n in nodes:
        yield n
        yield from walk(n.children)
