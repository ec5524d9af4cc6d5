"""Forms of the staff side of DUMAS (inbox filters, case actions, register, holidays)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.core.validation import parse_int
from portal.dumas.models import CHANNELS, KINDS, STATUSES
from portal.dumas.queries import MINE, QUERY_VALUES, UNASSIGNED

NOTE_MAX = 5000


def _note(label) -> TextAreaField:
    """An optional free-text note of at most NOTE_MAX characters."""
    return TextAreaField(label, validators=[Optional(), Length(max=NOTE_MAX)])


def _pick(options) -> list:
    """A select's choices: "— pilih —" first (nothing chosen), then the options."""
    return [("", _l("— pilih —"))] + list(options)


def _int_or_none(value):
    """An id from a select: a database integer (portal/core/validation.py), else None."""
    return parse_int(value, min_value=1)


class InboxFilterForm(FlaskForm):
    """GET filters: no CSRF token (reading only)."""

    class Meta:
        csrf = False

    # Field names are the query-string names (portal.dumas.queries.QUERY_NAMES), values its values.
    cari = StringField(_l("Cari"), validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Status"), validators=[Optional()])
    kategori = SelectField(_l("Kategori"), validators=[Optional()])
    kanal = SelectField(_l("Kanal"), validators=[Optional()])
    petugas = SelectField(_l("Petugas"), validators=[Optional()])
    tenggat = SelectField(_l("Tenggat"), validators=[Optional()])

    def fill_choices(self, categories, officers) -> None:
        every = ("", _l("Semua"))
        due = QUERY_VALUES["due"]
        self.status.choices = [every] + list(STATUSES.items())
        self.kategori.choices = [every] + [(str(c.id), c.name) for c in categories]
        self.kanal.choices = [every] + list(CHANNELS.items())
        self.petugas.choices = [every, (QUERY_VALUES["officer"][MINE], _l("Kasus saya")),
                                (QUERY_VALUES["officer"][UNASSIGNED], _l("Belum ditugaskan"))] + [
            (str(u.id), u.name or u.email) for u in officers]
        self.tenggat.choices = [every, (due["overdue"], _l("Terlambat")),
                                (due["nearly_due"], _l("Segera jatuh tempo"))]


def _kind_choices():
    return [("", _l("Ikuti jenis bawaan kategori"))] + list(KINDS.items())


class VerifyForm(FlaskForm):
    category_id = SelectField(_l("Kategori"), coerce=_int_or_none, validate_choice=False,
                              validators=[InputRequired(_l("Pilih kategori aduan."))])
    kind = SelectField(_l("Jenis aduan (menentukan tenggat penyelesaian)"), validate_choice=False)
    officer_id = SelectField(_l("Petugas yang menangani"), coerce=_int_or_none, validate_choice=False,
                             validators=[InputRequired(_l("Pilih petugas yang menangani."))])
    public_note = _note(_l("Catatan untuk pelapor (publik)"))
    internal_note = _note(_l("Catatan internal"))
    submit = SubmitField(_l("Verifikasi"))

    def fill_choices(self, categories, officers) -> None:
        self.category_id.choices = _pick((c.id, c.name) for c in categories)
        self.kind.choices = _kind_choices()
        self.officer_id.choices = _pick((u.id, u.name or u.email) for u in officers)


class StatusForm(FlaskForm):
    """One instance per target state, with prefix = the state (so fields have unique ids on the case page)."""

    public_note = _note(_l("Catatan untuk pelapor (publik)"))
    internal_note = _note(_l("Catatan internal"))
    final_answer = _note(_l("Jawaban akhir untuk pelapor"))
    forwarded_to = StringField(_l("Diteruskan kepada (instansi)"), validators=[Optional(), Length(max=200)])
    reason = _note(_l("Alasan"))
    submit = SubmitField(_l("Simpan"))


class NoteForm(FlaskForm):
    public_note = _note(_l("Catatan untuk pelapor (publik)"))
    internal_note = _note(_l("Catatan internal (hanya petugas)"))
    submit = SubmitField(_l("Tambah catatan"))


class AssignForm(FlaskForm):
    officer_id = SelectField(_l("Petugas"), coerce=_int_or_none, validate_choice=False,
                             validators=[InputRequired(_l("Pilih petugas yang menangani."))])
    submit = SubmitField(_l("Tugaskan"))

    def fill_choices(self, officers) -> None:
        self.officer_id.choices = _pick((u.id, u.name or u.email) for u in officers)


class CategoryForm(FlaskForm):
    category_id = SelectField(_l("Kategori"), coerce=_int_or_none, validate_choice=False,
                              validators=[InputRequired(_l("Pilih kategori aduan."))])
    kind = SelectField(_l("Jenis aduan"), validate_choice=False)
    submit = SubmitField(_l("Ubah kategori"))

    def fill_choices(self, categories) -> None:
        self.category_id.choices = _pick((c.id, c.name) for c in categories)
        self.kind.choices = _kind_choices()


class BulkForm(FlaskForm):
    """The inbox's bulk action bar: the ticked rows (`kasus`, read from the request as a list of ids), an
    officer to assign them to or a category to put them in; `kembali` is the list's query string."""

    officer_id = SelectField(_l("Tugaskan kepada"), coerce=_int_or_none, validate_choice=False,
                             validators=[Optional()])
    category_id = SelectField(_l("Kategorikan sebagai"), coerce=_int_or_none, validate_choice=False,
                              validators=[Optional()])
    kembali = HiddenField(validators=[Optional(), Length(max=2000)])

    def fill_choices(self, categories, officers) -> None:
        self.officer_id.choices = _pick((u.id, u.name or u.email) for u in officers)
        self.category_id.choices = _pick((c.id, c.name) for c in categories)


class RegisterForm(FlaskForm):
    """A complaint that arrived outside the website (hotline, e-mail, letter, walk-in, social media,
    SP4N-LAPOR!).

    Field rules (required fields, SP4N-LAPOR! ticket ID, dates not in the future, files) are checked by
    complaints.register_by_staff, the same validation as the public form; its Indonesian messages are put
    back on these fields. The form itself only carries CSRF, widgets and length caps.
    """

    channel = SelectField(_l("Kanal"), validate_choice=False)
    external_id = StringField(_l("Nomor/ID eksternal (mis. nomor tiket SP4N-LAPOR!)"),
                              validators=[Optional(), Length(max=64)])
    received_date = StringField(_l("Tanggal aduan diterima"), validators=[Optional(), Length(max=10)])
    reporter_name = StringField(_l("Nama pelapor"), validators=[Optional(), Length(max=120)])
    reporter_email = StringField(_l("E-mail pelapor"), validators=[Optional(), Length(max=254)])
    reporter_phone = StringField(_l("Telepon/WhatsApp pelapor"), validators=[Optional(), Length(max=32)])
    confidential = BooleanField(_l("Rahasiakan identitas pelapor (hanya petugas DUMAS yang dapat melihat)"))
    public_consent = BooleanField(
        _l("Pelapor setuju aduannya ditampilkan di daftar aduan publik tanpa identitas"))
    category_id = SelectField(_l("Kategori"), validate_choice=False)
    subject = StringField(_l("Perihal"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Uraian aduan"), validators=[Optional(), Length(max=20000)])
    event_place = StringField(_l("Tempat kejadian"), validators=[Optional(), Length(max=200)])
    event_date = StringField(_l("Tanggal kejadian"), validators=[Optional(), Length(max=10)])
    attachments = MultipleFileField(_l("Lampiran (PDF, JPG, PNG, DOCX; maks. 5 berkas, 10 MB per berkas)"))
    submit = SubmitField(_l("Catat aduan"))

    def fill_choices(self, categories) -> None:
        self.channel.choices = _pick((k, v) for k, v in CHANNELS.items() if k != "website")
        self.category_id.choices = _pick((str(c.id), c.name) for c in categories)

    def service_data(self) -> dict:
        names = ("channel", "external_id", "received_date", "reporter_name", "reporter_email",
                 "reporter_phone", "confidential", "public_consent", "category_id", "subject", "description",
                 "event_place", "event_date")
        return {name: self[name].data for name in names}

    def add_service_errors(self, errors: dict[str, list]) -> list:
        """Attach messages to their fields; returns the messages that belong to no field here."""
        leftover: list = []
        for name, messages in errors.items():
            if name in self:
                self[name].errors = list(self[name].errors) + list(messages)
            else:
                leftover.extend(messages)
        return leftover


class HolidayForm(FlaskForm):
    day = DateField(_l("Tanggal"), validators=[InputRequired(_l("Isi tanggal."))])
    name = StringField(_l("Keterangan"),
                       validators=[DataRequired(_l("Keterangan wajib diisi.")), Length(max=160)])
    cuti_bersama = BooleanField(_l("Cuti bersama (bukan libur nasional)"))
    submit = SubmitField(_l("Tambah"))


__all__ = ["AssignForm", "BulkForm", "CategoryForm", "HolidayForm", "InboxFilterForm",
           "NoteForm", "RegisterForm", "StatusForm", "VerifyForm"]
