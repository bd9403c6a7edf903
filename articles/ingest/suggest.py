"""Suggesting what a text links to: every entity it names, known or proposed, the people
with the titles it gives them, and who speaks each answer.

The text is read stretch by stretch (the title, each segment, photo credits, credit lines,
speaker labels), each stretch left to right. At each word the longest reading wins: a
personal name with its titles, a conference by its number, a numbered document, a known
name, an agency's name; whatever a reading covers is not read again, so a known short name
inside a longer one ("Chính phủ" in "Báo Điện tử Chính phủ") is not linked on its own.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Collection

from diplomacy_kb.text import fold
from people.models import Agency

from .agencies import (
    INNER_PARENT_HEADS,
    UNIT_OF_PARENT,
    AgencyPhrase,
    countries_in,
    head_at,
    new_agency_name,
    read_agency,
)
from .choices import (
    ENTITY_KINDS,
    Found,
    PersonSuggestion,
    Proposal,
    Suggestions,
)
from .conferences import (
    ConferenceAt,
    EventAt,
    conference_at,
    event_at,
    event_head_before,
    new_conference_name,
)
from .documents import find_documents, new_document_name
from .embassies import EmbassyList, embassy_list
from .gazetteer import Entity, Gazetteer, load_gazetteer
from .parse import normalise
from .people import PersonAt, TitleAt, find_people, label_person
from .places import ABBREVIATIONS, home_province, province_left_out, written_out
from .roles import order_people, resolve_titles, set_roles
from .segments import parse_text
from .vocabulary import AGENCY_HEADS, BEFORE_NAME_TRIE, TITLE_TRIE
from .words import Words, spelling

_URL = re.compile(r"(?:https?://|www\.)\S+")
_PRIME_MINISTER = {fold("Thủ tướng"), fold("Phó Thủ tướng")}
_AMBASSADOR = {fold("Đại sứ"), fold("Tổng Lãnh sự"), fold("Đại sứ đặc mệnh toàn quyền")}

BODY, CREDIT, LABEL = "body", "credit", "label"


class Collector:
    """Gathers what one text names, keyed as the review form keys it."""

    def __init__(self, gaz: Gazetteer, chunks: list[Words]):
        self.gaz = gaz
        self.chunks = chunks
        self.found: dict[str, dict[object, Found]] = {kind: {} for kind in ENTITY_KINDS}
        self.known: dict[int, PersonSuggestion] = {}
        self.proposals: dict[str, PersonSuggestion] = {}  # by folded name
        self.seen: list[tuple[int, int, str, int]] = []  # (chunk, start, person key, end)
        self.titles: list[tuple[PersonSuggestion, TitleAt]] = []
        self.new_count: dict[str, int] = dict.fromkeys(ENTITY_KINDS, 0)

    @staticmethod
    def note(entry: Found | PersonSuggestion, written: str) -> None:
        entry.count += 1
        if written and written not in entry.words:
            entry.words.append(written)

    # --- entities --------------------------------------------------------------------------

    def propose(self, kind: str, ident: object, label: str, name: str, proposal: Proposal) -> Found:
        rows = self.found[kind]
        if ident not in rows:
            rows[ident] = Found(kind, None, label, name, new=proposal, index=self.new_count[kind])
            self.new_count[kind] += 1
        return rows[ident]

    def entity(self, entity: Entity) -> Found:
        kind, ident = entity
        rows = self.found[kind]
        if ident in rows:
            return rows[ident]
        gaz = self.gaz
        if isinstance(ident, int):
            rows[ident] = Found(kind, ident, gaz.labels[entity], gaz.canonical[entity])
            return rows[ident]
        ref = gaz.reference[entity]
        if kind == "country":
            values = {
                "code": ref.code,
                "name_vi": ref.name_vi,
                "name_en": ref.name_en,
                "other_names": list(ref.other_names),
            }
        else:
            values = {
                "name_vi": ref.name_vi,
                "name_en": ref.name_en,
                "abbreviation": ref.abbreviation,
                "kind": ref.kind,
                "other_names": list(ref.other_names),
            }
        return self.propose(
            kind, ident, gaz.labels[entity], gaz.canonical[entity], Proposal(values)
        )

    def agency(self, phrase: AgencyPhrase, words: Words) -> Found | None:
        """The agency a phrase names (recorded), known or proposed with its parent."""
        if phrase.parent is None and province_left_out(words, phrase.full_end):
            if (home := self.home_province) is not None:
                return self._provincial(phrase, home)
        parent = self.agency(phrase.parent, words) if phrase.parent else None
        agencies = [pk for kind, pk in phrase.known if kind == "agency"]
        if agencies:
            if parent is not None:
                # A department's name is shared by many ministries: the parent decides.
                fits = [
                    pk
                    for pk in agencies
                    if parent.pk is not None and self.gaz.agencies[pk].parent == parent.pk
                ]
                if not fits:
                    return self._new_agency(phrase, parent)
                agencies = fits
            found = self.entity(("agency", self._best_agency(agencies)))
            self.note(found, phrase.written)
            return found
        if phrase.known:  # a country in place of an agency ("Đại sứ Nhật Bản"): named too
            for entity in phrase.known:
                self.note(self.entity(entity), phrase.written)
            return None
        return self._new_agency(phrase, parent)

    @functools.cached_property
    def home_province(self) -> str | None:
        return home_province(self.chunks)

    def _provincial(self, phrase: AgencyPhrase, province: str) -> Found:
        """ "Sở Ngoại vụ tỉnh", the province left out: the body of the article's province."""
        name = written_out(f"{phrase.written} tỉnh {province}")
        kind = AGENCY_HEADS.get(phrase.head or _head(phrase.written), Agency.Kind.OTHER)
        values = {"name_vi": name, "kind": kind, "parent_id": None}
        found = self.propose("agency", (fold(name), ""), name, name, Proposal(values))
        self.note(found, f"{phrase.written} tỉnh")
        return found

    def _best_agency(self, agencies: list[int]) -> int:
        """Of several agencies of one name, the one whose parent the text names too."""
        mentioned = self.found["agency"]
        return next(
            (pk for pk in agencies if self.gaz.agencies[pk].parent in mentioned), agencies[0]
        )

    def _new_agency(self, phrase: AgencyPhrase, parent: Found | None) -> Found:
        # The countries its name holds are named too ("Đại sứ quán Đức", "Chính phủ Trung
        # Quốc").
        words = Words.of(phrase.written)
        for entity in countries_in(words, 0, len(words), self.gaz):
            self.note(self.entity(entity), "")
        if parent is None:
            parent = self._inner_agency(words)
        name = written_out(new_agency_name(phrase))
        if parent is not None and fold(name) in UNIT_OF_PARENT:
            name = f"{name} {parent.name}"  # "Thanh tra Bộ Ngoại giao"
        kind = AGENCY_HEADS.get(phrase.head or _head(phrase.written), Agency.Kind.OTHER)
        values = {"name_vi": name, "kind": kind, "parent_id": None}
        parent_key = ""
        if parent is not None and parent.is_new:
            parent_key = parent.key
        elif parent is not None:
            values["parent_id"] = parent.pk
        if parent is None and (organ := self._organ(name, phrase.written)) is not None:
            return organ
        if kind == Agency.Kind.EMBASSY and parent is None:
            if (same := self._same_embassy(name)) is not None:
                self.note(same, phrase.written)
                return same
        ident = (fold(name), parent.key if parent else "")
        label = f"{name} ({parent.name})" if parent and not name.endswith(parent.name) else name
        found = self.propose("agency", ident, label, name, Proposal(values, parent_key))
        self.note(found, phrase.written)
        return found

    def _organ(self, name: str, written: str) -> Found | None:
        """A committee of a multilateral body, named with it ("Ủy ban Phát triển Năng lực
        của ASOSAI"): proposed as an organ of that body, not as an agency."""
        words = Words.of(name)
        for k in range(2, len(words)):
            if words.words[k - 1] != "cua":
                continue
            known = _known_at(words, k, self.gaz)
            if known is None or known[0] != len(words):
                continue
            bodies = [entity for entity in known[1] if entity[0] == "body"]
            if not bodies:
                return None
            parent = self.entity(bodies[0])
            self.note(parent, "")
            values = {"name_vi": name, "name_en": "", "abbreviation": "", "kind": "organ"}
            parent_key = ""
            if parent.is_new:
                parent_key = parent.key
            else:
                values["parent_id"] = parent.pk
            found = self.propose(
                "body", (fold(name), parent.key), name, name, Proposal(values, parent_key)
            )
            self.note(found, written)
            return found
        return None

    def _same_embassy(self, name: str) -> Found | None:
        """A proposed embassy ``name`` stands for, with or without where it is: "Đại sứ quán
        Đức" and "Đại sứ quán Đức tại Việt Nam" in one text are one embassy, named in full."""
        folded = fold(name)
        for found in self.found["agency"].values():
            if not found.is_new or found.new.values.get("parent_id") or found.new.parent_key:
                continue
            known = fold(found.name)
            if known.startswith(f"{folded} tai "):
                return found
            if folded.startswith(f"{known} tai "):
                found.name = found.label = found.new.values["name_vi"] = name
                return found
        return None

    def _inner_agency(self, words: Words) -> Found | None:
        """The agency a new name ends with, named too and taken as its parent: "Ban Chấp
        hành Trung ương Đảng Cộng sản Việt Nam" belongs to the Party it names."""
        for k in range(1, len(words)):
            head = head_at(words, k)
            if not words.capitalised(k) or head is None or head[1] not in INNER_PARENT_HEADS:
                continue
            inner = read_agency(words, k, self.gaz)
            if inner is not None and inner.full_end == len(words) and inner.end - k >= 2:
                return self.agency(inner, words)
        return None

    # --- people ----------------------------------------------------------------------------

    def person_of(self, at: PersonAt) -> PersonSuggestion:
        if at.person_ids:
            pk = at.person_ids[0]
            if pk not in self.known:
                self.known[pk] = PersonSuggestion(
                    key=f"p{pk}", name=self.gaz.labels["person", pk], person_id=pk
                )
            for other in at.person_ids[1:]:
                self.known.setdefault(
                    other,
                    PersonSuggestion(
                        key=f"p{other}", name=self.gaz.labels["person", other], person_id=other
                    ),
                )
            return self.known[pk]
        folded = fold(at.name)
        if folded not in self.proposals:
            self.proposals[folded] = PersonSuggestion(key=f"n{len(self.proposals)}", name=at.name)
        return self.proposals[folded]

    def person(self, at: PersonAt) -> PersonSuggestion:
        person = self.person_of(at)
        self.note(person, at.name)
        if at.before and not person.before:
            person.before = at.before
        self.seen.append((at.chunk, at.start, person.key, at.end))
        for title in at.titles:
            if title.agency is not None:
                title.agency_found = self.agency(title.agency, self.chunks[at.chunk])
            self.titles.append((person, title))
        for other in at.person_ids[1:]:
            self.titles.extend((self.known[other], title) for title in at.titles)
        return person


def _head(name: str) -> str:
    head = head_at(Words.of(name), 0)
    return head[1] if head else ""


def _stretches(parsed, title: str) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The stretches of text read, with their role, and for each speaker label the index of
    its stretch."""
    texts = [(title, BODY), *((s.text, BODY) for s in parsed.segments)]
    texts += [(credit, CREDIT) for credit in parsed.photo_credits]
    # "Nguồn Xây Dựng: https://…/vu-hop-tac-quoc-te-…": the address names nothing.
    texts += [(_URL.sub(" ", line), CREDIT) for line in parsed.credit_lines]
    labels: dict[str, int] = {}
    for segment in parsed.segments:
        if segment.speaker_label and segment.speaker_label not in labels:
            labels[segment.speaker_label] = len(texts)
            texts.append((segment.speaker_label, LABEL))
    return texts, labels


def _known_at(words: Words, i: int, gaz: Gazetteer, people_only: bool = False):
    """(end, entities) of the longest known name (not a person's) from word ``i``."""
    best = None
    for end, values in gaz.names.walk(words, i):
        entities = [v for v in values if v[0] != "person"]
        if not entities:
            continue
        if end - i == 1 and not _one_word_ok(words, i, gaz):
            continue
        best = end, entities
    return best


def _short_at(words: Words, i: int, gaz: Gazetteer):
    """The agency a short name stands for ("Đảng"), alone and capitalised, at word ``i``."""
    entity = gaz.short_names.get(spelling(words.written(i, i + 1)))
    if entity is None or not words.capitalised(i) or words.upper(i):
        return None
    if i + 1 < len(words) and words.capitalised(i + 1) and not words.gap(i).strip():
        return None  # "Đảng Cộng sản Trung Quốc": a longer name ("Đảng, Nhà nước": a list)
    return entity


def _one_word_ok(words: Words, i: int, gaz: Gazetteer) -> bool:
    """A one-word name must be capitalised ("Pháp" the country, not the "pháp" of "biện
    pháp"); one that is also a common word or given name ("Anh", "Đức", "Mỹ") must not
    follow a capitalised word (a personal name: "Tuấn Anh") nor open a sentence."""
    if not words.capitalised(i):
        return False
    if words.words[i] in gaz.exact:
        return words.written(i, i + 1) in gaz.exact[words.words[i]]
    if words.words[i] in gaz.ambiguous:
        if words.sentence_start(i) or words.mostly_upper():
            return False
        if i > 0 and words.capitalised(i - 1) and not words.hard_gap(i - 1):
            if not words.sentence_start(i - 1):
                return False  # "Tuấn Anh": a given name (not "Đoàn Pháp" opening a sentence)
        if i + 1 < len(words) and words.capitalised(i + 1) and not words.gap(i).strip():
            return False  # "Lào Cai": a longer name ("Lào, Thái Lan" and "Mỹ - Trung Quốc" list)
    return True


def _scan(c: int, words: Words, collect: Collector, role: str) -> None:
    gaz = collect.gaz
    n = len(words)
    people = find_people(c, words, gaz) if role == BODY else []
    for at in people:
        collect.person(at)
    claimed = [(at.first_word, at.last_word) for at in people]
    documents = {}
    if role == BODY:
        for doc in find_documents(words.text):
            first = next((k for k in range(n) if words.starts[k] >= doc.start), None)
            if first is not None:
                last = next((k for k in range(first, n) if words.ends[k] >= doc.end), n - 1)
                documents[first] = (last + 1, doc)
    i = 0
    while i < n:
        inside = next((end for start, end in claimed if start <= i < end), None)
        if inside is not None:
            i = inside
            continue
        options: list[tuple[int, int, object]] = []  # (end, priority, what)
        if known := _known_at(words, i, gaz):
            options.append((known[0], 1, known[1]))
        elif (short := _short_at(words, i, gaz)) is not None:
            options.append((i + 1, 1, [short]))
        if role == BODY:
            if conference := conference_at(words, i, gaz):
                options.append((conference.end, 3, conference))
            if event := event_at(words, i, gaz):
                options.append((event.end, 0.5, event))
            if i in documents:
                options.append((documents[i][0], 2, documents[i][1]))
            if (agency := read_agency(words, i, gaz, upper=words.mostly_upper())) is not None:
                # A title is no agency ("Đại sứ Nguyễn Văn A"), but a head that runs past it
                # is ("Đại sứ quán Việt Nam tại In-đô-nê-xi-a").
                title = TITLE_TRIE.longest_spelt(words, i)
                head = head_at(words, i)
                if agency.is_new and (not title or (head and head[0] > title[0])):
                    options.append((agency.full_end, 0, agency))
                if (embassies := embassy_list(words, agency, gaz)) is not None:
                    options.append((embassies.end, 0, embassies))
            if (held := _title_agency_at(words, i, gaz)) is not None:
                options.append((held.full_end, 0, held))
            if (
                words.written(i, i + 1) in ABBREVIATIONS
                and province_left_out(words, i + 1)
                and collect.home_province is not None
            ):
                # "UBND tỉnh": no name to read but the abbreviation.
                options.append((i + 1, 0, AgencyPhrase(i, i + 1, words.written(i, i + 1))))
        if not options:
            i += 1
            continue
        end, _priority, what = max(options, key=lambda o: (o[0], o[1]))
        _record(what, words, collect, i, end)
        i = end


def _title_agency_at(words: Words, i: int, gaz: Gazetteer) -> AgencyPhrase | None:
    """The agency a title names when no name follows it: "Phó Thủ tướng, Bộ trưởng Ngoại
    giao đã trao đổi …" names the ministry (a title with a name is read with the person)."""
    title = TITLE_TRIE.longest_spelt(words, i)
    if title is None or not words.capitalised(i):
        return None
    if i > 0 and not words.gap(i - 1).strip():
        if words.capitalised(i - 1) or event_head_before(words, i):
            return None  # inside a longer name: "Hội nghị Bộ trưởng Ngoại giao"
    start = title[0]
    if start >= len(words) or words.gap(start - 1).strip():
        return None
    agency = read_agency(words, start, gaz, after_title=True, upper=words.mostly_upper())
    if agency is None or not any(kind == "agency" for kind, _pk in agency.known):
        return None  # only an agency the archive knows: a title alone proposes nothing
    return agency


def _known_inside(words: Words, collect: Collector, start: int, end: int) -> None:
    """Record the known names inside a name after its first word: the forum and the
    countries of "Hội nghị Bộ trưởng Ngoại giao hợp tác Mê Công - Lan Thương lần thứ sáu"
    or "… ASEAN - Trung Quốc", the congress of "Nghị quyết Đại hội Đảng lần thứ XII"."""
    i = start
    while i < end:
        conference = conference_at(words, i, collect.gaz)
        if conference is not None and conference.end <= end:
            _record(conference, words, collect, i, conference.end)
            i = conference.end
            continue
        known = _known_at(words, i, collect.gaz)
        if known is not None and known[0] <= end:
            for entity in known[1]:
                collect.note(collect.entity(entity), words.written(i, known[0]))
            i = known[0]
        else:
            i += 1


def _record(what, words: Words, collect: Collector, start: int, end: int) -> None:
    """Record the entity a reading of words ``start``..``end`` names."""
    gaz = collect.gaz
    written = words.written(start, end)
    if isinstance(what, AgencyPhrase):
        collect.agency(what, words)
        return
    if isinstance(what, EmbassyList):
        for name in what.written_out():  # each embassy read as if written out
            spelt = Words.of(name)
            if (phrase := read_agency(spelt, 0, gaz)) is not None:
                collect.agency(phrase, spelt)
        return
    if isinstance(what, list):
        for entity in what:
            collect.note(collect.entity(entity), written)
        if any(kind == "body" for kind, _ident in what):
            # The countries a body's name holds are named too: "Thỏa thuận Mỹ - Mexico -
            # Canada", "Hội đồng Kinh doanh Hoa Kỳ - ASEAN".
            for entity in countries_in(words, start, end, gaz):
                collect.note(collect.entity(entity), "")
        if any(kind == "document" for kind, _ident in what):
            _known_inside(words, collect, start + 1, end)  # "Nghị quyết Đại hội Đảng XII"
        return
    if isinstance(what, EventAt):
        values = {"name_vi": what.name, "kind": what.kind}
        ident = ("event", fold(what.name))
        found = collect.propose("conference", ident, what.name, what.name, Proposal(values))
        collect.note(found, written)
        _known_inside(words, collect, start + 1, end)
        return
    if isinstance(what, ConferenceAt):
        pk = gaz.series[what.series].members.get(what.ordinal)
        if pk is not None:
            found = collect.entity(("conference", pk))
        else:
            name = new_conference_name(gaz, what.series, what.ordinal)
            values = {"series_id": what.series, "ordinal": what.ordinal, "name_vi": name}
            ident = (what.series, what.ordinal)
            found = collect.propose("conference", ident, name, name, Proposal(values))
        collect.note(found, written)
        return
    pk = gaz.documents.get((what.kind, what.lead))
    if pk is not None:
        found = collect.entity(("document", pk))
    elif what.number != what.lead:  # only a number with its code names a document
        name = new_document_name(what.kind, what.number)
        values = {"kind": what.kind, "number": what.number, "name_vi": name}
        ident = (what.kind, fold(what.number))
        found = collect.propose("document", ident, name, name, Proposal(values))
    else:
        return
    collect.note(found, written)


def _speakers(labels: dict[str, int], chunks: list[Words], collect: Collector) -> dict[str, str]:
    """The person key each speaker label names ("" when it names no one the text knows)."""
    speakers: dict[str, str] = {}
    everyone = lambda: [*collect.known.values(), *collect.proposals.values()]  # noqa: E731
    for label, c in labels.items():
        words = chunks[c]
        at = label_person(c, words, collect.gaz)
        if at is not None:
            speakers[label] = collect.person(at).key
            continue
        # A short label: "Thứ trưởng Sơn", "Ông Vịnh", "Đại sứ".
        p = 0
        while p < len(words):
            found = TITLE_TRIE.longest_spelt(words, p) or BEFORE_NAME_TRIE.longest_spelt(words, p)
            if found is None:
                break
            p = found[0]
        rest = words.words[p:]
        key = ""
        if len(rest) == 1:
            matches = [x for x in everyone() if fold(x.name).split()[-1:] == rest]
            key = matches[0].key if len(matches) == 1 else ""
        elif not rest and p:
            title = fold(words.written(0, p))
            matches = [
                person
                for person, t in collect.titles
                if fold(t.title.wording) == title or fold(t.title.head) == title
            ]
            key = matches[0].key if len({m.key for m in matches}) == 1 else ""
        speakers[label] = key
    return speakers


def suggest_links(
    *,
    text: str,
    date: datetime.date,
    title: str = "",
    title_in_text: bool = True,
    kind: str | None = None,
    keep: Collection[int] = (),
) -> Suggestions:
    """Segment ``text`` and suggest what the article links to (see the module's notes).

    Raises ValidationError when the text is empty or cannot be segmented.
    """
    parsed = parse_text(text=text, title_in_text=title_in_text, kind=kind, keep=keep)
    title = normalise(title) or parsed.title
    stretches, labels = _stretches(parsed, title)
    chunks = [Words.of(text) for text, _role in stretches]
    gaz = load_gazetteer({word for chunk in chunks for word in chunk.words})
    collect = Collector(gaz, chunks)
    for c, (_text, role) in enumerate(stretches):
        if role != LABEL:
            _scan(c, chunks[c], collect, role)
    speakers = _speakers(labels, chunks, collect)

    resolve_titles(collect)
    people = order_people(collect)
    interviewee = set_roles(people, parsed, speakers, collect)

    agency_ids = {pk for pk in collect.found["agency"] if isinstance(pk, int)}
    for person in people:
        for suggestion in person.titles:
            if suggestion.agency_id is not None:
                agency_ids.add(suggestion.agency_id)
                suggestion.agency_label = gaz.labels.get(("agency", suggestion.agency_id), "")
            elif suggestion.agency_key:
                suggestion.agency_label = next(
                    f.label
                    for f in collect.found["agency"].values()
                    if f.key == suggestion.agency_key
                )
            else:
                suggestion.agency_label = suggestion.agency_name
    agency_choices = sorted(
        ((pk, gaz.labels["agency", pk]) for pk in agency_ids if ("agency", pk) in gaz.labels),
        key=lambda choice: fold(choice[1]),
    )
    return Suggestions(
        parsed=parsed,
        title=title,
        date=date,
        people=people,
        found={
            kind: sorted(rows.values(), key=lambda f: (f.is_new, -f.count, fold(f.label)))
            for kind, rows in collect.found.items()
        },
        speakers=speakers,
        interviewee=interviewee,
        agency_choices=agency_choices,
    )
