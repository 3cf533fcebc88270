"""A rendered form submitted as a browser would: every field keeps the default the page
rendered (hidden fields, the csrf token, selected options, checked boxes, textarea text), the
test changes only what a user changes, and the form goes to its own action with its own
method. Tests that hand-pick parameters miss a form that cannot send what the view expects."""

import html.parser
from dataclasses import dataclass, field
from urllib.parse import urljoin

_NOT_SENT = ("submit", "button", "reset", "image", "file")


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)  # of selects, checkboxes, radios

    def set(self, name: str, *values) -> "Form":
        """What the user types or picks; refuses a field the page does not render, and a
        choice the page does not offer."""
        assert name in self.fields, f"no field {name!r} in the form: {sorted(self.fields)}"
        values = [str(v) for v in values]
        if name in self.options:
            offered = self.options[name]
            assert set(values) <= set(offered), f"{name}: {values} not among {offered}"
        self.fields[name] = values
        return self

    def data(self) -> dict[str, list[str]]:
        return {name: values for name, values in self.fields.items() if values}

    def submit(self, client, **extra):
        if self.method == "get":
            return client.get(self.action, self.data(), **extra)
        return client.post(self.action, self.data(), **extra)


class _Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form = self._select = self._textarea = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = Form(action=attrs.get("action") or "", method=attrs.get("method", "get"))
            self._form.method = self._form.method.lower()
            self.forms.append(self._form)
            return
        form, name = self._form, attrs.get("name")
        if form is None:
            return
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in _NOT_SENT:
                return
            values = form.fields.setdefault(name, [])
            if kind in ("checkbox", "radio"):
                form.options.setdefault(name, []).append(attrs.get("value", "on"))
                if "checked" in attrs:
                    values.append(attrs.get("value", "on"))
            else:
                values.append(attrs.get("value") or "")
        elif tag == "select" and name and "disabled" not in attrs:
            self._select, self._first_option = name, None
            self._multiple = "multiple" in attrs
            form.fields.setdefault(name, [])
            form.options.setdefault(name, [])
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            form.options[self._select].append(value)
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                form.fields[self._select].append(value)
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea = name
            form.fields[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            # Browsers drop the one newline right after <textarea>.
            text = self._form.fields[self._textarea][0] + data
            self._form.fields[self._textarea] = [text]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            chosen = self._form.fields[self._select]
            if not chosen and not self._multiple and self._first_option is not None:
                chosen.append(self._first_option)  # a single select sends its first option
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = self._form.fields[self._textarea][0]
            self._form.fields[self._textarea] = [text.removeprefix("\n")]
            self._textarea = None


def forms_of(response) -> list[Form]:
    parser = _Parser()
    parser.feed(response.content.decode())
    request = response.wsgi_request
    for form in parser.forms:
        # Without an action a POST goes to the page's own address; a GET replaces its query.
        here = request.path if form.method == "get" else request.get_full_path()
        form.action = urljoin(request.path, form.action) if form.action else here
    return parser.forms


def rendered_form(response, *, having: str) -> Form:
    """The page's one form with a field ``having`` (the header's logout form has none)."""
    assert response.status_code == 200, response.status_code
    found = [form for form in forms_of(response) if having in form.fields]
    assert len(found) == 1, f"{len(found)} forms with a field {having!r}"
    return found[0]
