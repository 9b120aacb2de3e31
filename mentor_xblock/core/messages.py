"""Messages people read, marked for translation without importing Django or XBlock.

The core and the services say what went wrong in English, as a message id with named
parameters: `N_("Segment {id} has no end time.", id=segment_id)`. The value is an ordinary
str holding the English text (logs, tests and `str()` keep working), and it remembers its
id and parameters, so the adapter (mentor_xblock/i18n.py) can look the id up in the
learner's catalogue and fill the parameters in after translating. `tools/translations.py`
extracts `N_` (and `Np_` for plurals) like `_`.
"""
from __future__ import annotations


class Message(str):
    """English text that knows its message id and parameters (see the module docstring)."""

    msgid: str
    plural: str | None
    count: int | None
    params: dict

    def __new__(cls, msgid: str, plural: str | None = None, count: int | None = None, **params):
        template = msgid if plural is None or count == 1 else plural
        values = {**params, "n": count} if plural is not None else params
        self = super().__new__(cls, template.format(**values) if values else template)
        self.msgid, self.plural, self.count, self.params = msgid, plural, count, values
        return self

    def translate(self, i18n) -> str:
        """The text in the language of `i18n` (anything with gettext/ngettext); parameters that are
        Messages themselves are translated too."""
        if self.plural is not None:
            template = i18n.ngettext(self.msgid, self.plural, self.count)
        else:
            template = i18n.gettext(self.msgid)
        values = {key: translate(value, i18n) for key, value in self.params.items()}
        try:
            return template.format(**values) if values else template
        except (KeyError, IndexError, ValueError):  # a broken translation must not hide the message
            return self.msgid.format(**values) if values else self.msgid


def N_(msgid: str, **params) -> Message:  # noqa: N802  (gettext's conventional marker name)
    """Mark a message for translation; the adapter translates it for the person reading."""
    return Message(msgid, **params)


def Np_(singular: str, plural: str, count: int, **params) -> Message:  # noqa: N802
    """A plural message: `{n}` is the count (gettext picks the form for the reader's language)."""
    return Message(singular, plural, count, **params)


def translate(value, i18n):
    """A Message in the reader's language; any other value as it is."""
    return value.translate(i18n) if isinstance(value, Message) else value


def number(value: int) -> str:
    """A count for a message parameter, with thousands separators ("1,234"); computed outside the
    `N_` call because Babel refuses to read a call that holds an f-string."""
    return format(value, ",")
