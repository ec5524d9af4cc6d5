"""Forms of the staff side of information requests (inbox filters, extension, decision, officer, note).

The forms carry CSRF, widgets and length caps; the rules (reasons required, the Pasal 17 ground from the
active exemption list, the extension only before the first deadline) are the workflow's
(portal/ppid/workflow.py), whose message is shown when it refuses."""
from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.core.fields import IntField
from portal.core.validation import parse_int
from portal.ppid.queries import MINE, QUERY_VALUES, UNASSIGNED
from portal.ppid.workflow import MAX_COST, MAX_LINE, MAX_TEXT, STATUSES

_TOO_LONG = _l("Isian terlalu panjang.")


def _text(label) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=MAX_TEXT, message=_TOO_LONG)])


def _line(label, limit: int = 255) -> StringField:
    return StringField(label, validators=[Optional(), Length(max=limit, message=_TOO_LONG)])


def _int_or_none(value):
    return value if isinstance(value, int) else parse_int(value, min_value=1)


def _pick(options) -> list:
    return [("", _l("— pilih —"))] + list(options)


class InboxFilterForm(FlaskForm):
    """GET filters (no CSRF: reading only); field names are the query-string names."""

    class Meta:
        csrf = False

    cari = StringField(_l("Cari"), validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Status"), validators=[Optional()])
    tenggat = SelectField(_l("Tenggat"), validators=[Optional()])
    tahun = SelectField(_l("Tahun"), validators=[Optional()])
    petugas = SelectField(_l("Petugas"), validators=[Optional()])

    def fill_choices(self, years, officers) -> None:
        every = ("", _l("Semua"))
        due, officer = QUERY_VALUES["due"], QUERY_VALUES["officer"]
        self.status.choices = [every] + list(STATUSES.items())
        self.tenggat.choices = [every, (due["overdue"], _l("Terlambat")),
                                (due["nearly_due"], _l("Segera jatuh tempo"))]
        self.tahun.choices = [every] + [(str(y), str(y)) for y in years]
        self.petugas.choices = [every, (officer[MINE], _l("Permohonan saya")),
                                (officer[UNASSIGNED], _l("Belum ditugaskan"))] + [
            (str(u.id), u.name or u.email) for u in officers]


class ExtendForm(FlaskForm):
    reason = _text(_l("Alasan perpanjangan (tertulis, disampaikan kepada pemohon)"))
    internal_note = _text(_l("Catatan internal"))
    submit = SubmitField(_l("Perpanjang waktu"))


class DecisionForm(FlaskForm):
    """One instance per decision (prefix = the target state): the written notice's contents."""

    exemption_id = SelectField(_l("Dasar pengecualian (Daftar Informasi yang Dikecualikan)"),
                               coerce=_int_or_none, validate_choice=False, validators=[Optional()])
    reason = _text(_l("Alasan"))
    redaction_note = _text(_l("Bagian yang dihitamkan dan alasannya"))
    holding_body = _line(_l("Badan publik yang menguasai informasi (bila diketahui)"))
    answer_format = _line(_l("Bentuk/format informasi (mis. salinan PDF, fotokopi)"), MAX_LINE)
    cost = IntField(_l("Biaya (Rupiah)"), validators=[Optional()], min_value=0, max_value=MAX_COST)
    payment_note = _line(_l("Cara pembayaran"))
    delivery_note = _text(_l("Cara dan waktu penyampaian informasi"))
    notice_text = _text(_l("Keterangan lain dalam surat pemberitahuan"))
    internal_note = _text(_l("Catatan internal"))
    files = MultipleFileField(_l("Dokumen yang diberikan (PDF, JPG, PNG, DOCX)"))
    submit = SubmitField(_l("Simpan keputusan"))

    def fill_choices(self, exemptions) -> None:
        self.exemption_id.choices = [SelectChoice("", _l("— pilih —"))] + [
            SelectChoice(item.id, gettext("%(title)s (Pasal 17 huruf %(ground)s)", title=item.title,
                                          ground=item.ground), render_kw={"lang": "id"})
            for item in exemptions]

    def values(self) -> dict:
        names = ("exemption_id", "reason", "redaction_note", "holding_body", "answer_format", "cost",
                 "payment_note", "delivery_note", "notice_text", "internal_note")
        values = {name: self[name].data for name in names}
        values["cost"] = values["cost"] or 0
        values = {k: ("" if v is None and k not in ("exemption_id",) else v) for k, v in values.items()}
        return values


class AssignForm(FlaskForm):
    officer_id = SelectField(_l("Petugas"), coerce=_int_or_none, validate_choice=False,
                             validators=[InputRequired(_l("Pilih petugas yang menangani."))])
    submit = SubmitField(_l("Tugaskan"))

    def fill_choices(self, officers) -> None:
        self.officer_id.choices = _pick((u.id, u.name or u.email) for u in officers)


class NoteForm(FlaskForm):
    public_note = _text(_l("Catatan untuk pemohon (publik)"))
    internal_note = _text(_l("Catatan internal (hanya petugas)"))
    submit = SubmitField(_l("Tambah catatan"))
