"""Forms of the recap pages: the period chooser (GET, no CSRF: it changes nothing) and the publish form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional

from portal.core import periods
from portal.core.errors import DomainError
from portal.core.fields import IntField
from portal.core.formatting import month_label


class _BlankIsNone:
    """Mixin for typed fields: an empty input is None (Optional() then applies) and a bad one gets our
    message."""

    invalid_message = ""

    def process_formdata(self, valuelist):
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            return
        try:
            super().process_formdata([v.strip() for v in valuelist])
        except ValueError as exc:
            raise ValueError(str(self.invalid_message)) from exc


class _DateField(_BlankIsNone, DateField):
    invalid_message = _l("Tanggal tidak valid; gunakan format TTTT-BB-HH.")


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter: reads only

    period_type = SelectField(_l("Jenis periode"), choices=[
        SelectChoice("tahun", _l("Tahun")), SelectChoice("semester", _l("Semester")),
        SelectChoice("triwulan", _l("Triwulan")), SelectChoice("bulan", _l("Bulan")),
        SelectChoice("rentang", _l("Rentang tanggal")),
    ], default="tahun")
    year = IntField(_l("Tahun"), validators=[Optional()], min_value=periods.MIN_YEAR,
                    max_value=periods.MAX_YEAR,
                    message=_l("Tahun harus berupa angka dari 2000 sampai 2100, mis. 2026."))
    semester = SelectField(_l("Semester"), choices=[SelectChoice("1", "I"), SelectChoice("2", "II")],
                           default="1")
    quarter = SelectField(_l("Triwulan"), choices=[SelectChoice(str(q), r) for q, r in periods.ROMAN.items()],
                          default="1")
    month = SelectField(_l("Bulan"), default="1",
                        choices=[SelectChoice(str(m), LazyString(month_label, m)) for m in range(1, 13)])
    start = _DateField(_l("Dari tanggal"), validators=[Optional()])
    end = _DateField(_l("Sampai tanggal"), validators=[Optional()])
    submit = SubmitField(_l("Tampilkan"))

    def to_period(self) -> periods.Period:
        """The chosen period; DomainError with an Indonesian message when the choice is incomplete."""
        kind = self.period_type.data
        if kind == "rentang":
            return periods.range_period(self.start.data, self.end.data)
        year = self.year.data
        if year is None:
            raise DomainError("Isi tahun periode.")
        if kind == "tahun":
            return periods.year_period(year)
        if kind == "semester":
            return periods.semester_period(year, int(self.semester.data))
        if kind == "triwulan":
            return periods.quarter_period(year, int(self.quarter.data))
        return periods.month_period(year, int(self.month.data))

    def fill_from(self, period: periods.Period) -> None:
        self.period_type.data = period.type
        self.year.data = period.start.year
        self.start.data, self.end.data = period.start, period.end
        self.month.data = str(period.start.month)
        self.quarter.data = str((period.start.month - 1) // 3 + 1)
        self.semester.data = "1" if period.start.month <= 6 else "2"


class PublishForm(FlaskForm):
    period_key = HiddenField(validators=[DataRequired()])
    replace = BooleanField(_l("Ganti rekap yang sudah terbit dengan angka terkini"))
    submit = SubmitField(_l("Terbitkan rekap"))
