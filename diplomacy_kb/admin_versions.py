"""Saves that never silently undo another editor's: the admin of a row edited with its
inlines (an article, a person, a conference) refuses a save from a stale form and merges it.

Two editors open the same article; one saves; the other's save, from the form as it was,
would put back every field the first one changed. So a versioned row carries a number that
goes up by one at each save, its form posts the number it was opened on, and a save whose
number is not the row's is refused, nothing saved. Its form comes back merged: each field
(inline rows included) that only the other editor changed takes the value now in the
archive, each that only this editor changed keeps theirs, each both changed keeps theirs
and is marked; a message lists it all, and saving again goes through.

To know which fields "this editor changed", every field of a change form and of its
existing inline rows posts its value as opened too (Django's ``show_hidden_initial``: the
``initial-<name>`` inputs); a merged form gets the archive's values there, so that its next
save is compared with what it was merged with.

The check and the save share one transaction that first locks the row (``lock_version``),
so two saves of the same version cannot both pass.
"""

import dataclasses
import datetime
import json

from django import forms
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models, router, transaction
from django.db.models import F
from django.http import QueryDict
from django.urls import reverse
from django.utils import formats
from django.utils.choices import flatten_choices
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext

from diplomacy_kb.admin import KBAdmin

VERSION = "version"
_CHECK = "_kb_version_check"  # a VersionCheck on the request, for get_form and the formsets


@dataclasses.dataclass
class VersionCheck:
    """The row's version read under the lock, and what a stale save is refused with."""

    current: int | None
    restoring: bool = False
    conflict: "Conflict | None" = None


def lock_version(model, lookup: dict, *, using: str | None = None) -> int | None:
    """The version of the row ``lookup`` finds (None if it is gone), the row held until the
    transaction ends, so that two saves cannot both pass the version check. Call it inside
    ``transaction.atomic()``, first thing.

    PostgreSQL locks the row (FOR UPDATE): a second save waits here until the first commits,
    then reads the new version. SQLite has no row locks and ignores FOR UPDATE; a write as the
    transaction's first statement takes the database's write lock instead (waiting out the
    busy timeout), before anything is read.
    """
    using = using or router.db_for_write(model)
    # Ordered by the key alone: the model's ordering may join a nullable relation, and
    # PostgreSQL cannot lock the rows of an outer join.
    rows = model._default_manager.db_manager(using).filter(**lookup).order_by("pk")
    if connections[using].features.has_select_for_update:
        rows = rows.select_for_update()
    else:
        rows.update(version=F(VERSION))
    return rows.values_list(VERSION, flat=True).first()


def posted_version(data) -> int | None:
    """The version a form says it was opened on; None if it says none, or nonsense."""
    try:
        return int(data.get(VERSION, ""))
    except (TypeError, ValueError):
        return None


# --- the forms -----------------------------------------------------------------------------------


class VersionInput(forms.HiddenInput):
    """The version the form was opened on. The read-only model fields the admin compares (an
    article's status) ride along as ``initial-<name>`` inputs, as they were then: the form
    posts them no other way, and a stale save lists their changes too."""

    def __init__(self, carried: dict[str, str] | None = None, attrs=None):
        super().__init__(attrs)
        self.carried = carried or {}

    def render(self, name, value, attrs=None, renderer=None):
        carried = format_html_join(
            "", '<input type="hidden" name="initial-{}" value="{}">', self.carried.items()
        )
        return super().render(name, value, attrs, renderer) + carried


class RememberInitialMixin:
    """A form on an existing row whose fields post their values as opened, too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for form_field in self.fields.values():
                form_field.show_hidden_initial = True


class VersionedFormMixin(RememberInitialMixin):
    """The admin form of a versioned row; ``VersionedAdmin.get_form`` sets the attributes."""

    opened_version: int | None = None  # the version the form opens on, if not the instance's
    carried_fields: tuple[str, ...] = ()  # read-only model fields, see VersionInput
    conflict: "Conflict | None" = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        carried = {}
        for name in self.carried_fields:
            if self.is_bound and f"initial-{name}" in self.data:
                carried[name] = self.data[f"initial-{name}"]
            else:
                carried[name] = self.instance._meta.get_field(name).value_to_string(self.instance)
        self.fields[VERSION] = forms.IntegerField(
            required=False, widget=VersionInput(carried=carried)
        )
        if self.instance.pk is not None:
            self.initial[VERSION] = (
                self.instance.version if self.opened_version is None else self.opened_version
            )

    def full_clean(self):
        # After the form's own clean(), which may raise: a refused save always says why.
        super().full_clean()
        if self.is_bound and self.conflict is not None:
            for name, message in self.conflict.field_errors.get(None, {}).items():
                if name in self.fields:
                    self.add_error(name, message)
            self.add_error(None, self.conflict.message)


class ConflictFormSetMixin:
    """An inline formset of a merged form: the fields both editors changed are marked."""

    conflict_errors: dict = {}  # Conflict.field_errors

    def full_clean(self):
        super().full_clean()
        for index, errors in self.conflict_errors.get(self.prefix, {}).items():
            if self.is_bound and index < len(self.forms):
                form = self.forms[index]
                for name, message in errors.items():
                    if name in form.fields:
                        form.add_error(name, message)


# --- what a merge found, and how the message says it --------------------------------------------


@dataclasses.dataclass
class Difference:
    """One change made since the form was opened, in the editor's words (plain text)."""

    label: str  # "Title", or an inline row and its field
    now: str = ""
    yours: str = ""
    note: str = ""  # for a whole row: added or deleted since

    def __str__(self):
        if self.note:
            return format_html("{}: {}", self.label, self.note)
        text = gettext("%(field)s: now “%(now)s”; you had “%(yours)s”")
        return format_html("{}", text % {"field": self.label, "now": self.now, "yours": self.yours})


@dataclasses.dataclass
class Conflict:
    opened: int | None
    current: int
    verbose_name: str
    restoring: bool = False
    history_url: str = ""
    # Changed since: taken into the form; changed by both: the editor's value kept.
    taken: list[Difference] = dataclasses.field(default_factory=list)
    both: list[Difference] = dataclasses.field(default_factory=list)
    # Errors on the fields both changed: under None for the main form, else an inline's
    # prefix, then the row's index (as merged); then the field's name.
    field_errors: dict = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        names = {"model": self.verbose_name, "opened": self.opened, "current": self.current}
        if self.restoring:
            head = gettext(
                "Not restored: someone saved this %(model)s after you opened this earlier "
                "version (it is now version %(current)s). Its history shows what changed; "
                "to restore the version shown anyway, save again."
            )
            return format_html(
                '<p>{}</p><p><a href="{}">{}</a></p>',
                head % names,
                self.history_url,
                gettext("History"),
            )
        if self.opened is None:
            head = gettext(
                "Not saved: this form does not say which version of the %(model)s it was "
                "opened on, so saving it could undo changes made since (it is now version "
                "%(current)s). The form below holds what you sent; reload the page to see "
                "the archive’s values, or save again to replace them with yours."
            )
            return format_html("<p>{}</p>", head % names)
        head = gettext(
            "Not saved: someone saved this %(model)s after you opened it (you opened "
            "version %(opened)s; it is now version %(current)s)."
        )
        parts = [format_html("<p>{}</p>", head % names)]
        lists = (
            (
                gettext(
                    "Changed since, and taken into the form below as you had not changed them:"
                ),
                self.taken,
            ),
            (
                gettext(
                    "Changed since and by you: your values are kept in the form and marked; "
                    "check each against the archive’s:"
                ),
                self.both,
            ),
        )
        for heading, differences in lists:
            if differences:
                items = format_html_join("", "<li>{}</li>", ((d,) for d in differences))
                parts.append(format_html("<p>{}</p><ul>{}</ul>", heading, items))
        if not self.taken and not self.both:
            parts.append(format_html("<p>{}</p>", gettext("No field of this form changed since.")))
        parts.append(format_html("<p>{}</p>", gettext("Check the form, then save again.")))
        return format_html_join("", "{}", ((part,) for part in parts))


def shown(form_field, raw) -> str:
    """A field's value as an editor reads it, from the form's data (or a prepared value)."""
    try:
        value = form_field.to_python(raw)
    except (ValidationError, ValueError, TypeError):
        value = raw
    return _shown(form_field, value)


def _shown(form_field, value) -> str:
    if value is None or value == "" or (isinstance(value, list | tuple) and not value):
        return gettext("(empty)")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple | models.QuerySet):
        text = "; ".join(_shown(form_field, item) for item in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, datetime.date):
        text = formats.localize_input(value)
    elif isinstance(form_field, forms.ChoiceField) and not isinstance(
        form_field, forms.ModelChoiceField
    ):
        labels = {str(key): label for key, label in flatten_choices(form_field.choices)}
        text = str(labels.get(str(value), value))
    else:
        text = str(value)
    return Truncator(text).chars(200)


# --- the merge -----------------------------------------------------------------------------------


def _as_posted(widget, value) -> list[str]:
    """What a browser posts for ``value`` (a field's prepared value) in ``widget``."""
    while hasattr(widget, "widget"):  # the admin's related-object wrapper
        widget = widget.widget
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if widget.check_test(value) else []
    formatted = widget.format_value(value)
    if formatted is None:
        return []
    if isinstance(formatted, list | tuple):
        return [str(item) for item in formatted]
    return [str(formatted)]


def _opened(form, name):
    """The field's value when the form was opened, as posted in its ``initial-`` input."""
    widget = form.fields[name].hidden_widget()
    return widget.value_from_datadict(form.data, form.files, form[name].html_initial_name)


def _editor_changed(form, name) -> bool:
    """Whether the editor changed the field since the form was opened (Django's own test
    with ``show_hidden_initial``)."""
    form_field = form.fields[name]
    try:
        opened = form_field.to_python(_opened(form, name))
    except ValidationError:
        return True
    return form_field.has_changed(opened, form[name].data)


def merge_fields(form, data: QueryDict, *, row: str = "") -> tuple[list, list, dict]:
    """Merges one form (bound to the editor's data, its instance the row as it is now) into
    ``data``; returns the differences taken, those both changed, and their field errors.
    Only the model's fields count (``base_fields``), not an inline's id, parent or DELETE."""
    taken, both, errors = [], [], {}
    for name in form.base_fields:
        form_field, bound = form.fields[name], form[name]
        now = form_field.prepare_value(bound.initial)
        opened = _opened(form, name)
        # The row as it is now becomes what the merged form was "opened" on.
        data.setlist(bound.html_initial_name, _as_posted(form_field.hidden_widget(), now))
        if not form_field.has_changed(bound.initial, opened):
            continue  # not changed since: the editor's value stands
        label = f"{row} — {bound.label}" if row else str(bound.label)
        difference = Difference(
            label, now=shown(form_field, now), yours=shown(form_field, bound.data)
        )
        if not _editor_changed(form, name):
            data.setlist(bound.html_name, _as_posted(form_field.widget, now))
            taken.append(difference)
        elif form_field.has_changed(bound.initial, bound.data):
            both.append(difference)
            errors[name] = gettext("Changed since you opened the form: now “%(now)s”.") % {
                "now": difference.now
            }
    return taken, both, errors


def _take_row(data: QueryDict, prefix: str, index: int) -> dict[str, list[str]]:
    """Removes one inline form's values from ``data``; returns them by name without the index
    (its values as opened as ``initial-<name>``)."""
    row = {}
    for initial in ("", "initial-"):
        head = f"{initial}{prefix}-{index}-"
        for key in [key for key in data if key.startswith(head)]:
            row[initial + key.removeprefix(head)] = data.getlist(key)
            del data[key]
    return row


def _put_row(data: QueryDict, prefix: str, index: int, row: dict[str, list[str]]):
    for name, values in row.items():
        if name.startswith("initial-"):
            data.setlist(f"initial-{prefix}-{index}-{name.removeprefix('initial-')}", values)
        else:
            data.setlist(f"{prefix}-{index}-{name}", values)


def _row_label(formset, form) -> str:
    verbose_name = capfirst(formset.model._meta.verbose_name)
    if form.instance.pk is not None:
        return f"{verbose_name} “{Truncator(str(form.instance)).chars(80)}”"
    for name in form.base_fields:  # a row deleted since: named by what the form holds
        value = form[name].data
        if value not in (None, "", []):
            return f"{verbose_name} “{Truncator(shown(form.fields[name], value)).chars(80)}”"
    return str(verbose_name)


def merge_formset(formset, data: QueryDict) -> tuple[list, list, dict]:
    """Merges an inline formset (bound to the editor's data, for the row as it is now) into
    ``data``: its rows field by field, rows added since appended, rows deleted since taken
    out (or kept as new rows where the editor had changed them)."""
    prefix, pk_name = formset.prefix, formset.model._meta.pk.name
    taken, both = [], []
    kept, added, new, seen = [], [], [], set()
    for index, form in enumerate(formset.forms):
        if index >= formset.initial_form_count():
            new.append(_take_row(data, prefix, index))
            continue
        label = _row_label(formset, form)
        deleting = "DELETE" in form.fields and bool(form["DELETE"].data)
        if form.instance.pk is None:  # deleted since
            row = _take_row(data, prefix, index)
            if deleting or not any(_editor_changed(form, name) for name in form.base_fields):
                taken.append(Difference(label, note=gettext("deleted since")))
            else:
                new.append(
                    {
                        name: values
                        for name, values in row.items()
                        if name != pk_name and not name.startswith("initial-")
                    }
                )
                note = gettext(
                    "deleted since, but you had changed it: your version is in the form as a "
                    "new row"
                )
                both.append(Difference(label, note=note))
            continue
        seen.add(form.instance.pk)
        row_taken, row_both, row_errors = merge_fields(form, data, row=label)
        taken += row_taken
        both += row_both
        if deleting and (row_taken or row_both):
            both.append(Difference(label, note=gettext("changed since, and you are deleting it")))
        kept.append((_take_row(data, prefix, index), row_errors))
    for obj in formset.get_queryset():
        if obj.pk in seen:
            continue
        index = len(kept) + len(added)
        form = formset.form(
            instance=obj, prefix=formset.add_prefix(index), **formset.get_form_kwargs(index)
        )
        for name in form.base_fields:
            form_field, bound = form.fields[name], form[name]
            value = form_field.prepare_value(bound.initial)
            data.setlist(bound.html_name, _as_posted(form_field.widget, value))
            data.setlist(bound.html_initial_name, _as_posted(form_field.hidden_widget(), value))
        data[f"{prefix}-{index}-{pk_name}"] = str(obj.pk)
        data[f"{prefix}-{index}-{formset.fk.name}"] = str(formset.instance.pk)
        added.append(_take_row(data, prefix, index))
        label = f"{capfirst(formset.model._meta.verbose_name)} “{Truncator(str(obj)).chars(80)}”"
        taken.append(Difference(label, note=gettext("added since; it is in the form now")))
    rows = [row for row, _ in kept] + added + new
    for index, row in enumerate(rows):
        _put_row(data, prefix, index, row)
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = str(len(kept) + len(added))
    errors = {index: row_errors for index, (_, row_errors) in enumerate(kept) if row_errors}
    return taken, both, errors


# --- the admins ----------------------------------------------------------------------------------


class VersionedAdmin(KBAdmin):
    """The admin of a row two editors may change at once, with its inlines: a save from a
    form opened on an older version is refused, and the form comes back merged (see the
    module's notes). Every save moves the version on: the form's, and a restore from the
    history's; other writes (an article's publish action) move it themselves."""

    # Read-only model fields whose change since the form was opened the refusal names too.
    compared_readonly_fields: tuple[str, ...] = ()

    def get_fieldsets(self, request, obj=None):
        (name, options), *others = super().get_fieldsets(request, obj)
        return [(name, {**options, "fields": (*options["fields"], VERSION)}), *others]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if "fields" in kwargs:
            fields = kwargs.pop("fields")
        else:
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        # The version is the form's own hidden field: the model's is not editable.
        kwargs["fields"] = None if fields is None else [f for f in fields if f != VERSION]
        form = super().get_form(request, obj, change=change, **kwargs)
        check = getattr(request, _CHECK, None)
        attrs = {
            "opened_version": check.current if check and check.restoring else None,
            "carried_fields": self.compared_readonly_fields,
            "conflict": check.conflict if check else None,
        }
        return type(form)(form.__name__, (VersionedFormMixin, form), attrs)

    def get_formsets_with_inlines(self, request, obj=None):
        check = getattr(request, _CHECK, None)
        errors = check.conflict.field_errors if check and check.conflict else {}
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            form = type(formset.form)(
                formset.form.__name__, (RememberInitialMixin, formset.form), {}
            )
            attrs = {"form": form, "conflict_errors": errors}
            yield type(formset.__name__, (ConflictFormSetMixin, formset), attrs), inline

    # --- the views: a save takes the row's lock first, then compares versions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method != "POST" or "_saveasnew" in request.POST:
            return super().change_view(request, object_id, form_url, extra_context)
        # Locked before django-reversion's revision (and anything else) reads the database.
        with transaction.atomic(using=router.db_for_write(self.model)):
            self._check_version(request, object_id)
            return super().change_view(request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring writes the old row, version number and all, before the form is built or
        # saved: the version to show and compare with is the one before that.
        if request.method != "POST":
            lookup = self._row_lookup(request, object_id)
            if lookup is not None:
                rows = self.model._default_manager.filter(**lookup)
                current = rows.values_list(VERSION, flat=True).first()
                setattr(request, _CHECK, VersionCheck(current=current, restoring=True))
            return super().revision_view(request, object_id, version_id, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)):
            self._check_version(request, object_id, restoring=True)
            return super().revision_view(request, object_id, version_id, extra_context)

    def _row_lookup(self, request, object_id) -> dict | None:
        to_field = request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR))
        if to_field and not self.to_field_allowed(request, to_field):
            return None  # the admin refuses it
        try:
            model_field = self.opts.get_field(to_field) if to_field else self.opts.pk
            return {model_field.attname: model_field.to_python(unquote(object_id))}
        except (FieldDoesNotExist, ValidationError, ValueError):
            return None  # no such row: the admin says so

    def _check_version(self, request, object_id, *, restoring=False):
        """Locks the row, and if the form was opened on another version than the row's,
        merges it into ``request.POST`` and keeps the refusal for the form to show."""
        lookup = self._row_lookup(request, object_id)
        if lookup is None:
            return
        check = VersionCheck(current=lock_version(self.model, lookup), restoring=restoring)
        setattr(request, _CHECK, check)
        if check.current is None or posted_version(request.POST) == check.current:
            return
        obj = self.model._default_manager.filter(**lookup).first()
        if self.has_change_permission(request, obj):  # else the admin refuses the save
            check.conflict = self._conflict(request, obj, check)

    def _conflict(self, request, obj, check: VersionCheck) -> Conflict:
        """Merges the editor's stale form with the row as it is now: ``request.POST``
        becomes the merged form (at the current version); returns what to tell them."""
        conflict = Conflict(
            opened=posted_version(request.POST),
            current=check.current,
            verbose_name=str(self.opts.verbose_name),
            restoring=check.restoring,
        )
        data = request.POST.copy()
        data[VERSION] = str(check.current)
        if check.restoring:
            # Restoring puts back a whole earlier version: nothing to merge, only to confirm.
            info = self.admin_site.name, self.opts.app_label, self.opts.model_name
            conflict.history_url = reverse("{}:{}_{}_history".format(*info), args=[obj.pk])
        elif conflict.opened is not None:
            form = self.get_form(request, obj, change=True)(
                request.POST, request.FILES, instance=obj
            )
            conflict.taken, conflict.both, conflict.field_errors[None] = merge_fields(form, data)
            for name in self.compared_readonly_fields:
                self._merge_readonly(obj, name, data, conflict)
            for formset_class, inline in self.get_formsets_with_inlines(request, obj):
                prefix = formset_class.get_default_prefix()
                formset = formset_class(**self.get_formset_kwargs(request, obj, inline, prefix))
                taken, both, errors = merge_formset(formset, data)
                conflict.taken += taken
                conflict.both += both
                conflict.field_errors[formset.prefix] = errors
        data._mutable = False
        request.POST = data
        return conflict

    def _merge_readonly(self, obj, name, data: QueryDict, conflict: Conflict):
        model_field = self.opts.get_field(name)
        now, opened = model_field.value_to_string(obj), data.get(f"initial-{name}")
        data[f"initial-{name}"] = now
        if opened is not None and opened != now:
            labels = {str(key): str(label) for key, label in model_field.flatchoices}
            difference = Difference(
                str(capfirst(model_field.verbose_name)),
                now=labels.get(now, now) or gettext("(empty)"),
                yours=labels.get(opened, opened) or gettext("(empty)"),
            )
            conflict.taken.append(difference)

    def save_model(self, request, obj, form, change):
        if change:
            check = getattr(request, _CHECK, None)
            # Without a check (a deleted row recovered from the history): the row as it is.
            current = check.current if check else lock_version(self.model, {"pk": obj.pk})
            obj.version = (current or 0) + 1
        super().save_model(request, obj, form, change)


class ParentVersionMixin:
    """The admin of rows also edited inline with a versioned row (an article's segments, a
    person's positions) on their own pages: saving or deleting one moves the parent's
    version on, so that a form on the parent opened before is stale."""

    versioned_parent = ""  # the name of the foreign key to the parent

    def _parent_pks(self, rows) -> set:
        """The parents of ``rows``, model instances or a queryset."""
        attname = self.opts.get_field(self.versioned_parent).attname
        if isinstance(rows, models.QuerySet):
            return set(rows.values_list(attname, flat=True))
        return {getattr(row, attname) for row in rows}

    def _move_parents_on(self, parent_pks: set):
        parent = self.opts.get_field(self.versioned_parent).related_model
        parent._default_manager.filter(pk__in=parent_pks).update(version=F(VERSION) + 1)

    def save_model(self, request, obj, form, change):
        # Both parents when a row moves from one to another.
        before = self._parent_pks(self.model._default_manager.filter(pk=obj.pk))
        super().save_model(request, obj, form, change)
        self._move_parents_on(before | self._parent_pks([obj]))

    def delete_model(self, request, obj):
        parents = self._parent_pks([obj])
        super().delete_model(request, obj)
        self._move_parents_on(parents)

    def delete_queryset(self, request, queryset):
        parents = self._parent_pks(queryset)
        super().delete_queryset(request, queryset)
        self._move_parents_on(parents)
