"""Submit an admin form as a browser would: read the values a rendered page's form holds."""

from html.parser import HTMLParser

from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._selected_any = False
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value") or "on"))
                return
            self.data.append((name, attrs.get("value") or ""))
        elif tag == "select" and name and "__prefix__" not in name:
            self._select, self._selected_any, self._first_option = name, False, None
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self.data.append((self._select, value))
                self._selected_any = True
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            if not self._selected_any and not self._multiple and self._first_option is not None:
                self.data.append((self._select, self._first_option))
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.data.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(html: str, form_id: str | None = None) -> dict[str, str | list[str]]:
    """The name/value pairs the form (the first, or ``form_id``) would submit; a name with
    several values (a multiple select) maps to a list."""
    reader = _FormReader(form_id)
    reader.feed(html)
    out: dict[str, str | list[str]] = {}
    for name, value in reader.data:
        if name in out:
            current = out[name]
            out[name] = [*current, value] if isinstance(current, list) else [current, value]
        else:
            out[name] = value
    return out


def shown(message: str) -> str:
    """``message`` as the admin shows it: in Vietnamese (the admin's language; our own
    messages stay English until the catalogue translates them), HTML-escaped."""
    with translation.override("vi"):
        return escape(gettext(message))
