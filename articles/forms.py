"""Forms of the "add an article from its text" admin pages (see ``admin_from_text``).

``SourceForm`` takes the raw text and what the page says about it (step 1); its cleaned
data travels to the next step signed, in one hidden field, so nothing is kept in the
session. ``ReviewForm`` is built from the ``Suggestions`` found in the text (step 2) and
turns what staff tick and correct into an ``ingest.choices.Accepted``.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from typing import Any

from django import forms
from django.core import signing
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from diplomacy_kb.dates import DatePrecision, parse_date_input, truncate
from diplomacy_kb.text import fold

from .ingest.choices import (
    Accepted,
    PersonChoice,
    PositionChoice,
    ProposalChoice,
    SegmentChoice,
    Suggestions,
)
from .ingest.save import MENTION_KINDS
from .models import Article, PersonMention, Publication, Segment

# A long interview runs to some 30,000 characters; far more is not one article.
MAX_TEXT_CHARS = 300_000
MAX_FILE_BYTES = 4 * MAX_TEXT_CHARS  # UTF-8 takes up to 4 bytes a character
STATE_SALT = "articles.add-from-text"
EXTRA_PEOPLE = 2  # blank rows for officials the suggestions missed

_PRECISION_RANK = {DatePrecision.YEAR: 0, DatePrecision.MONTH: 1, DatePrecision.DAY: 2}


class PartialDateField(forms.CharField):
    """A date typed to a day, a month or a year; cleans to (first day, precision) or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_date_input(value)


NUL_IN_TEXT = _(
    "The text contains a NUL character (U+0000), which is not text. Paste the article again "
    "from the page, or save it as plain UTF-8 text."
)


class RawTextField(forms.CharField):
    """The pasted text, kept as pasted (no stripping), with a NUL explained."""

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)
        self.validators = [
            ProhibitNullCharactersValidator(message=NUL_IN_TEXT)
            if isinstance(v, ProhibitNullCharactersValidator)
            else v
            for v in self.validators
        ]


def _text_problem(text: str) -> str | None:
    """Why ``text`` cannot be an article's text, or None."""
    if "\x00" in text:
        return str(NUL_IN_TEXT)
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            if ord(char) < 32 and char != "\t":
                return str(
                    _(
                        "Line %(line)s contains a control character (U+%(code)s) that is not "
                        "text; remove it."
                    )
                    % {"line": number, "code": f"{ord(char):04X}"}
                )
    if len(text) > MAX_TEXT_CHARS:
        return str(
            _(
                "The text is too long (%(size)s characters; at most %(limit)s). Is it really "
                "one article?"
            )
            % {"size": f"{len(text):,}", "limit": f"{MAX_TEXT_CHARS:,}"}
        )
    if not text.strip():
        return str(_("The text is empty: paste the article, or upload it as a .txt file."))
    return None


class SourceForm(forms.Form):
    """Step 1: the raw text and what the outlet's page says about it."""

    publication = forms.ModelChoiceField(
        label=_("Outlet"),
        queryset=Publication.objects.order_by("name"),
        error_messages={
            "required": _("Choose the outlet that published the article."),
            "invalid_choice": _(
                "That outlet is not in the archive. Choose one from the list, or add the "
                "outlet under Publications first."
            ),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Article.Kind.choices, initial=Article.Kind.INTERVIEW
    )
    date = forms.CharField(
        label=_("Date"),
        max_length=20,
        help_text=_(
            "As precise as the source allows: 2016-08-26 (or 26/8/2016) for a day, 2016-08 "
            "for a month, 2016 for a year."
        ),
        error_messages={"required": _("Give the article's date, even if only its year.")},
    )
    date_precision = forms.ChoiceField(
        label=_("Date precision"),
        required=False,
        choices=[("", _("as written")), *DatePrecision.choices],
        help_text=_("Leave “as written” unless the date is known to less than it shows."),
    )
    date_inferred_reason = forms.CharField(
        label=_("Why the date is inferred"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Leave empty when the page prints the date. Otherwise say what it is worked out "
            "from (an anniversary, a date in the URL…)."
        ),
    )
    date_inferred_reason_en = forms.CharField(
        label=_("Why the date is inferred (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The same reason in English, shown on the English pages."),
    )
    source_url = forms.URLField(
        label=_("Source URL"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
        help_text=_(
            "The address the page itself gives. Leave empty if unknown: never guess one. A "
            "URL printed in the text is used when this is empty."
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=500,
        help_text=_("Leave empty to take the first line of the text."),
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    title_in_text = forms.BooleanField(
        label=_("The first line of the text is the title"), required=False, initial=True
    )
    text = RawTextField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100, "maxlength": MAX_TEXT_CHARS}),
        help_text=_(
            "Paste the article as it appears on the outlet's page, title included. Share "
            "buttons, timestamps, credits and repeated captions are removed for you."
        ),
    )
    file = forms.FileField(
        label=_("…or a .txt file"),
        required=False,
        help_text=_("Plain text saved as UTF-8."),
        error_messages={"empty": _("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )

    def clean_date(self) -> tuple[datetime.date, str]:
        return parse_date_input(self.cleaned_data["date"])

    def clean_file(self) -> str | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s bytes; at most %(limit)s)."),
                code="too_large",
                params={"size": f"{upload.size:,}", "limit": f"{MAX_FILE_BYTES:,}"},
            )
        raw = upload.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                _(
                    "The file is not UTF-8 text (byte %(byte)s cannot be read). Save it as "
                    "UTF-8 plain text and upload it again."
                ),
                code="not_utf8",
                params={"byte": exc.start},
            ) from None
        text = text.removeprefix("\ufeff")
        if not text.strip():
            raise forms.ValidationError(_("The file is empty."), code="empty")
        if problem := _text_problem(text):
            raise forms.ValidationError(problem, code="invalid")
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        text, from_file = data.get("text") or "", data.get("file")
        if self.has_error("file") or self.has_error("text"):
            return data
        if from_file and text.strip():
            self.add_error(
                "file", _("Paste the text or upload a file, not both: clear one of them.")
            )
        elif from_file:
            data["raw"] = from_file
        elif problem := _text_problem(text):
            self.add_error("text", problem)
        else:
            data["raw"] = text
        if not data.get("title_in_text") and not (data.get("title") or "").strip():
            self.add_error("title", _("Give the title: the text's first line is not the title."))
        if "date" in data and data.get("date_precision"):
            date, written = data["date"]
            chosen = data["date_precision"]
            if _PRECISION_RANK[chosen] > _PRECISION_RANK[written]:
                self.add_error(
                    "date_precision",
                    _(
                        "The date is written only to the %(written)s; write it in full or "
                        "choose a coarser precision."
                    )
                    % {"written": DatePrecision(written).label},
                )
            else:
                data["date"] = (truncate(date, chosen), chosen)
        return data

    # --- carrying the step's data to the next one ------------------------------------------

    def state(self) -> str:
        """The cleaned data, signed (so it cannot be altered on the way) and compressed."""
        arguments = self.service_arguments()
        return signing.dumps(
            {
                **arguments,
                "publication": arguments["publication"].pk,
                "date": arguments["date"].isoformat(),
                "title": self.cleaned_data.get("title", ""),
            },
            salt=STATE_SALT,
            compress=True,
        )

    @classmethod
    def from_state(cls, state: str) -> SourceForm:
        """A bound form holding what ``state()`` signed. Raises ``signing.BadSignature``."""
        data = signing.loads(state, salt=STATE_SALT)
        return cls(
            data={
                **data,
                "title_in_text": "on" if data["title_in_text"] else "",
            }
        )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        date, precision = data["date"]
        return {
            "publication": data["publication"],
            "kind": data["kind"],
            "date": date,
            "date_precision": precision,
            "date_inferred_reason": data.get("date_inferred_reason", ""),
            "date_inferred_reason_en": data.get("date_inferred_reason_en", ""),
            "source_url": data.get("source_url", ""),
            "title_in_text": bool(data.get("title_in_text")),
            "text": data["raw"],
        }


def kept_value(keep) -> str:
    """The lines put back, as the hidden field carries them."""
    return ",".join(str(n) for n in sorted(keep))


def keep_from(data, removed: Collection[int]) -> set[int]:
    """The lines ticked to be put back in a submitted review (``keep-<n>``). Only lines the
    clean-up removes (``removed``: their numbers) can be put back, and a box counts as the
    form's checkbox reads it ("false" is unticked); any other ``keep-`` field is ignored."""
    if not data:
        return set()
    checkbox = forms.CheckboxInput()
    return {n for n in removed if checkbox.value_from_datadict(data, {}, f"keep-{n}")}


def kept_from(data, removed: Collection[int]) -> set[int]:
    """The lines that were put back when the submitted review was drawn: the hidden field's
    numbers among ``removed`` (anything else in it is ignored)."""
    value = str((data or {}).get("kept") or "")
    numbers = {part.strip() for part in value.split(",")}
    return {n for n in removed if str(n) in numbers}


class ReviewForm(forms.Form):
    """Step 2: the segments and suggestions, as staff correct and tick them."""

    state = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("Title"), max_length=500, widget=forms.TextInput(attrs={"class": "vTextField"})
    )
    title_inferred_reason = forms.CharField(
        label=_("Why the title is inferred"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_(
            "Leave empty when the page prints the title. If you wrote it yourself (from the "
            "address, say), say from what: the public page will show it as inferred."
        ),
    )
    title_inferred_reason_en = forms.CharField(
        label=_("Why the title is inferred (English)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_("The same reason in English, shown on the English pages."),
    )
    # The lines put back when the segments below were drawn (they change with them).
    kept = forms.CharField(widget=forms.HiddenInput, required=False)
    interviewee = forms.ChoiceField(
        label=_("Interviewee"),
        required=False,
        help_text=_("Who gives the answers printed without a speaker label."),
    )

    def __init__(
        self, suggestions: Suggestions, *args, duplicates=(), removed=(), keep=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions
        self.duplicates = list(duplicates)
        self.fields["title"].initial = suggestions.title
        self.fields["kept"].initial = kept_value(keep)

        # Every line the clean-up removes, to put back if it is text after all.
        self.removed = list(removed)
        for line in self.removed:
            self.fields[f"keep-{line.line}"] = forms.BooleanField(
                label=_("Put line %(n)s back") % {"n": line.line},
                required=False,
                initial=line.line in keep,
            )

        people = [(p.key, p.name) for p in suggestions.people]
        extras = [
            (f"x{i}", _("new official, row %(n)s") % {"n": i + 1}) for i in range(EXTRA_PEOPLE)
        ]
        speaker_choices = [("", _("(the interviewee)")), *people, *extras]
        self.fields["interviewee"].choices = [("", "—"), *people, *extras]
        self.fields["interviewee"].initial = suggestions.interviewee
        agency_choices = [
            ("", _("another agency: type its name")),
            *((str(pk), label) for pk, label in suggestions.agency_choices),
            *(
                (f"new:{found.key}", _("%(name)s (new)") % {"name": found.label})
                for found in suggestions.found.get("agency", [])
                if found.is_new
            ),
        ]

        self.segment_fields: list[tuple[int, Any]] = []
        for i, segment in enumerate(suggestions.segments):
            self.fields[f"s{i}-kind"] = forms.ChoiceField(
                label=_("Kind of segment %(n)s") % {"n": i + 1},
                choices=Segment.Kind.choices,
                initial=segment.kind,
            )
            self.fields[f"s{i}-speaker"] = forms.ChoiceField(
                label=_("Speaker of segment %(n)s") % {"n": i + 1},
                choices=speaker_choices,
                required=False,
                initial=suggestions.speaker_key(i),
            )
            self.fields[f"s{i}-drop"] = forms.BooleanField(
                label=_("Drop segment %(n)s") % {"n": i + 1}, required=False
            )
            self.segment_fields.append((i, segment))

        for rows in suggestions.found.values():
            for found in rows:
                self.fields[found.key] = forms.BooleanField(
                    label=found.label, required=False, initial=found.preselected
                )
                if found.is_new:
                    self.fields[f"{found.key}-name"] = forms.CharField(
                        label=_("Name of the new entry"),
                        max_length=400,
                        required=False,
                        initial=found.name,
                    )

        # (person key, suggestion or None, [(title prefix, TitleSuggestion or None)])
        self.person_layout: list[tuple[str, Any, list[tuple[str, Any]]]] = []
        for person in suggestions.people:
            titles = [(f"{person.key}-t{j}", t) for j, t in enumerate(person.titles)]
            if person.is_new and not titles:
                titles.append((f"{person.key}-t0", None))
            self._add_person(person.key, person, titles, agency_choices)
        for key, _label in extras:
            self._add_person(key, None, [(f"{key}-t0", None)], agency_choices)

        if self.duplicates:
            self.fields["confirm_duplicate"] = forms.BooleanField(
                label=_("Save anyway: this is a different article"), required=False
            )

    def _add_person(self, key, person, titles, agency_choices) -> None:
        self.fields[f"{key}-link"] = forms.BooleanField(
            label=_("Link %(name)s") % {"name": person.name} if person else _("Add this official"),
            required=False,
            initial=person.preselected if person else False,
        )
        self.fields[f"{key}-role"] = forms.ChoiceField(
            label=_("Role of %(name)s") % {"name": person.name} if person else _("Role"),
            choices=PersonMention.Role.choices,
            initial=person.role if person else PersonMention.Role.MENTIONED,
        )
        if person is None or person.is_new:
            self.fields[f"{key}-name"] = forms.CharField(
                label=_("Name"),
                required=False,
                max_length=200,
                initial=person.name if person else "",
            )
        for prefix, title in titles:
            if title is not None:
                self.fields[prefix] = forms.BooleanField(
                    label=_("Record the title “%(title)s”") % {"title": title.title},
                    required=False,
                    initial=title.preselected,
                )
            if title is not None and not title.is_new:
                continue
            agency_initial = ""
            if title is not None and title.agency_id:
                agency_initial = str(title.agency_id)
            elif title is not None and title.agency_key:
                agency_initial = f"new:{title.agency_key}"
            self.fields[f"{prefix}-title"] = forms.CharField(
                label=pgettext_lazy("of a position", "Title"),
                required=False,
                max_length=200,
                initial=title.title if title else "",
            )
            self.fields[f"{prefix}-agency"] = forms.ChoiceField(
                label=_("Agency"),
                choices=agency_choices,
                required=False,
                initial=agency_initial,
            )
            self.fields[f"{prefix}-agency_name"] = forms.CharField(
                label=_("Agency name"),
                required=False,
                max_length=300,
                initial=title.agency_name if title else "",
            )
            self.fields[f"{prefix}-start"] = PartialDateField(label=_("From"), required=False)
            self.fields[f"{prefix}-end"] = PartialDateField(label=_("To"), required=False)
        self.person_layout.append((key, person, titles))

    # --- validation --------------------------------------------------------------------------

    def _title_used(self, prefix: str, title) -> bool:
        """Whether a title row is to be recorded: ticked if suggested, filled in if blank."""
        if title is not None:
            return bool(self.cleaned_data.get(prefix))
        return bool((self.cleaned_data.get(f"{prefix}-title") or "").strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for key, person, titles in self.person_layout:
            if not data.get(f"{key}-link"):
                continue
            if (person is None or person.is_new) and not (data.get(f"{key}-name") or "").strip():
                self.add_error(f"{key}-name", _("Give the official's name, or untick the row."))
            for prefix, title in titles:
                if not self._title_used(prefix, title) or (title is not None and not title.is_new):
                    continue
                if not (data.get(f"{prefix}-title") or "").strip():
                    self.add_error(f"{prefix}-title", _("Give the title, or untick it."))
                if (
                    not data.get(f"{prefix}-agency")
                    and not (data.get(f"{prefix}-agency_name") or "").strip()
                ):
                    self.add_error(
                        f"{prefix}-agency_name",
                        _("Choose the agency, or type its name."),
                    )
                start, end = data.get(f"{prefix}-start"), data.get(f"{prefix}-end")
                if start and end and end[0] < start[0]:
                    self.add_error(f"{prefix}-end", _("The end is before the start."))
        for rows in self.suggestions.found.values():
            for found in rows:
                if found.is_new and data.get(found.key):
                    if not (data.get(f"{found.key}-name") or "").strip():
                        self.add_error(
                            f"{found.key}-name", _("Give the name, or untick the new entry.")
                        )
        if self.duplicates and not data.get("confirm_duplicate"):
            self.add_error(
                "confirm_duplicate",
                _(
                    "The archive already has an article with this address or title. Open it "
                    "to check; tick “save anyway” only if this one is a different article."
                ),
            )
        return data

    # --- the result --------------------------------------------------------------------------

    def accepted(self) -> Accepted:
        data = self.cleaned_data
        people = []
        for key, person, titles in self.person_layout:
            if not data.get(f"{key}-link"):
                continue
            positions = []
            for prefix, title in titles:
                if not self._title_used(prefix, title):
                    continue
                if title is not None and not title.is_new:
                    positions.append(
                        PositionChoice(title=title.title, position_id=title.position_id)
                    )
                    continue
                agency = data.get(f"{prefix}-agency") or ""
                proposed = agency.removeprefix("new:") if agency.startswith("new:") else ""
                positions.append(
                    PositionChoice(
                        title=data.get(f"{prefix}-title", ""),
                        agency_id=int(agency) if agency and not proposed else None,
                        agency_key=proposed,
                        agency_name="" if agency else data.get(f"{prefix}-agency_name", ""),
                        start=data.get(f"{prefix}-start"),
                        end=data.get(f"{prefix}-end"),
                    )
                )
            known = person is not None and not person.is_new
            people.append(
                PersonChoice(
                    key=key,
                    role=data[f"{key}-role"],
                    person_id=person.person_id if known else None,
                    name="" if known else data.get(f"{key}-name", ""),
                    positions=tuple(positions),
                )
            )
        mentions = {
            kind: tuple(
                f.pk
                for f in self.suggestions.found.get(kind, [])
                if not f.is_new and data.get(f.key)
            )
            for kind in MENTION_KINDS
        }
        proposals = tuple(
            ProposalChoice(
                key=f.key, kind=f.kind, name=data.get(f"{f.key}-name", ""), proposal=f.new
            )
            for rows in self.suggestions.found.values()
            for f in rows
            if f.is_new and data.get(f.key)
        )
        segments = tuple(
            SegmentChoice(
                kind=data[f"s{i}-kind"],
                speaker=data.get(f"s{i}-speaker", ""),
                drop=bool(data.get(f"s{i}-drop")),
            )
            for i, _segment in self.segment_fields
        )
        # A title held in a proposed agency needs that agency, ticked or not.
        chosen = {p.key for p in proposals}
        needed = {c.agency_key for p in people for c in p.positions if c.agency_key}
        # Its row unticked, it still goes by the name the editor gave it, if any.
        proposals += tuple(
            ProposalChoice(
                key=f.key,
                kind=f.kind,
                name=(data.get(f"{f.key}-name") or "").strip() or f.name,
                proposal=f.new,
            )
            for f in self.suggestions.found.get("agency", [])
            if f.key in needed - chosen
        )
        return Accepted(
            people=tuple(people),
            mentions=mentions,
            proposals=proposals,
            segments=segments,
            interviewee=data.get("interviewee", ""),
        )

    def keep(self) -> set[int]:
        """The removed lines ticked to be put back."""
        return {line.line for line in self.removed if self.cleaned_data.get(f"keep-{line.line}")}

    def removed_rows(self) -> list[dict[str, Any]]:
        return [{"line": line, "keep": self[f"keep-{line.line}"]} for line in self.removed]

    # --- what the template shows -------------------------------------------------------------

    def segment_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "number": i + 1,
                "segment": segment,
                "kind": self[f"s{i}-kind"],
                "speaker": self[f"s{i}-speaker"],
                "drop": self[f"s{i}-drop"],
            }
            for i, segment in self.segment_fields
        ]

    def asks_interviewee(self) -> bool:
        """Whether to ask who answers: an interview, or a segment made an answer."""
        if self.suggestions.parsed.convention != "report":
            return True
        return any(self[f"s{i}-kind"].value() == "answer" for i, _s in self.segment_fields)

    def entity_groups(self) -> list[dict[str, Any]]:
        groups = []
        for kind, (model, _mention, _field) in MENTION_KINDS.items():
            rows = self.suggestions.found.get(kind, [])
            if rows:
                groups.append(
                    {
                        "kind": kind,
                        "label": model._meta.verbose_name_plural,
                        "rows": [
                            {
                                "found": f,
                                "field": self[f.key],
                                "name": self[f"{f.key}-name"] if f.is_new else None,
                            }
                            for f in rows
                        ],
                    }
                )
        return groups

    def person_rows(self) -> list[dict[str, Any]]:
        rows = []
        for key, person, titles in self.person_layout:
            named = person is None or person.is_new
            rows.append(
                {
                    "key": key,
                    "person": person,
                    "link": self[f"{key}-link"],
                    "role": self[f"{key}-role"],
                    "name": self[f"{key}-name"] if named else None,
                    "titles": [
                        {
                            "suggestion": title,
                            "accept": self[prefix] if title is not None else None,
                            "editable": title is None or title.is_new,
                            "fields": [
                                self[f"{prefix}-{name}"]
                                for name in ("title", "agency", "agency_name", "start", "end")
                            ]
                            if title is None or title.is_new
                            else [],
                        }
                        for prefix, title in titles
                    ],
                }
            )
        return rows

    @property
    def known_rows(self):
        return [r for r in self.person_rows() if r["person"] and not r["person"].is_new]

    @property
    def new_rows(self):
        return [r for r in self.person_rows() if not r["person"] or r["person"].is_new]


# --- a review drawn anew -------------------------------------------------------------------------


def _found_identity(found) -> tuple:
    return (found.kind, found.pk) if not found.is_new else (found.kind, "new", fold(found.label))


def _person_identity(person) -> tuple:
    return ("known", person.person_id) if not person.is_new else ("new", fold(person.name))


def _titles(person) -> list[tuple]:
    return [(t.title, t.agency_label, t.position_id, t.in_text) for t in person.titles]


def carry_over(
    data, before: Suggestions | None, after: Suggestions, form: ReviewForm, control=("step",)
) -> dict[str, Any]:
    """The editor's choices in a review drawn from ``before``, for the review ``form`` drawn
    anew from ``after`` (lines were put back or removed again).

    Fields are keyed by entity ("agency-n0", "n1-name", "n1-t0-agency" = "new:agency-n0"),
    and a proposal's or a new official's key is its rank in the text, which changes when a
    line naming another one comes back. So each choice follows its entity: what the editor
    ticked, unticked or renamed stays with the same agency, body, official or title, under
    its new key. What ``after`` finds that ``before`` did not starts as suggested; so do the
    segments, and the titles of a person the changed text gives other titles. Fields that
    belong to no entity (the title, the put-back boxes…) and the ``control`` keys are kept
    as posted. Without ``before`` (it could not be drawn again), every entity starts afresh.
    """
    before_found = before.found.values() if before is not None else ()
    old_found = {_found_identity(f): f.key for rows in before_found for f in rows}
    owner: dict[str, str | None] = {
        f.key: old_found.get(_found_identity(f)) for rows in after.found.values() for f in rows
    }
    old_people = {_person_identity(p): p for p in (before.people if before else ())}
    people: dict[str, str | None] = {}
    same_titles: dict[str, bool] = {}
    for person in after.people:
        was = old_people.get(_person_identity(person))
        people[person.key] = was.key if was else None
        same_titles[person.key] = was is not None and _titles(was) == _titles(person)
    for i in range(EXTRA_PEOPLE):
        people[f"x{i}"], same_titles[f"x{i}"] = f"x{i}", True
    agency_values = {f"new:{old}": f"new:{new}" for new, old in owner.items() if old}
    person_values = {old: new for new, old in people.items() if old}

    def initial(name: str) -> Any:
        field = form.fields[name]
        value = form[name].initial
        if isinstance(field, forms.BooleanField):
            return "on" if value else None
        return None if value is None else str(value)

    def posted(name: str, source: str | None) -> Any:
        """The value posted under ``source`` (the field's old name), else the initial one."""
        if source is None:
            return initial(name)
        if name.endswith("-agency"):
            value = data.get(source) or ""
            if value.startswith("new:"):
                return agency_values.get(value, initial(name))
            return value
        return data.get(source)

    result = {key: data[key] for key in control if key in data}
    for name in form.fields:
        if name.startswith("s") and name[1:].split("-", 1)[0].isdigit():
            value = initial(name)  # a segment, drawn anew
        elif name in owner or name.removesuffix("-name") in owner:
            key = name if name in owner else name.removesuffix("-name")
            old = owner[key]
            value = posted(name, old + name[len(key) :] if old else None)
        elif (key := name.split("-", 1)[0]) in people and "-" in name:
            old, suffix = people[key], name[len(key) :]
            titled = suffix.startswith("-t")
            carried = old is not None and (not titled or same_titles[key])
            value = posted(name, old + suffix if carried else None)
        elif name == "interviewee":
            chosen = data.get(name) or ""
            value = person_values.get(chosen) if chosen else ""
            if chosen and value is None:
                value = initial(name)
        else:
            value = data.get(name)
        if value is not None:
            result[name] = value
    return result
