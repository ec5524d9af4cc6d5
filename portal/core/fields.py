"""Form fields shared by every form: the one integer field.

`IntField` replaces WTForms' IntegerField everywhere: the strict parser of portal/core/validation.py
(ASCII digits only), a range inside the database's `integer` (by default the whole of it; give `min_value`/
`max_value` for the field's real range) and Indonesian messages. A blank value is None (left to
Optional/InputRequired), never a 500 and never a number the database refuses.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField

from portal.core.validation import DB_INT_MAX, DB_INT_MIN, parse_int


class IntField(IntegerField):
    def __init__(self, label=None, validators=None, *, min_value: int = DB_INT_MIN,
                 max_value: int = DB_INT_MAX, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.min_value, self.max_value = max(min_value, DB_INT_MIN), min(max_value, DB_INT_MAX)
        self.message = message

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        value = parse_int(valuelist[0], min_value=self.min_value, max_value=self.max_value)
        if value is None:
            self.data = None
            if parse_int(valuelist[0]) is None:
                raise ValueError(str(self.message or _l("Isikan bilangan bulat (angka 0-9).")))
            raise ValueError(str(self.message or _l("Isikan bilangan antara %(a)s dan %(b)s.",
                                                    a=self.min_value, b=self.max_value)))
        self.data = value
