"""WBS forms: the reporter's (no identity asked) and the team's."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    MultipleFileField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.core.fields import IntField
from portal.wbs.models import FOLLOWUP_STATUSES, WBS_CATEGORIES
from portal.wbs.service import TEXT_LIMITS

# The reporter's confirmation for a PDF whose author could not be removed (portal/wbs/uploads.py).
PDF_METADATA_CONFIRMATION = _l("Saya mengerti bahwa PDF yang saya lampirkan mungkin masih memuat nama "
                                "penulis, dan tetap ingin mengirimnya.")
MAX_TEXT = 10000  # a message, an outcome, a note


def _optional_text(max_length: int = MAX_TEXT) -> list:
    return [Optional(), Length(max=max_length)]


def category_choices():
    return [("", _l("— pilih kategori —"))] + [(k, v) for k, v in WBS_CATEGORIES.items()]


class ReportForm(FlaskForm):
    category = SelectField(_l("Kategori pelanggaran"), choices=category_choices,
                           validators=[DataRequired(_l("Pilih kategori laporan."))])
    what = TextAreaField(_l("Apa yang terjadi?"), validators=[
        DataRequired(_l("Uraikan apa yang terjadi.")),
        Length(min=20, max=TEXT_LIMITS["what"], message=_l("Uraian antara 20 dan 10.000 karakter."))])
    who = TextAreaField(_l("Siapa yang terlibat?"), validators=_optional_text(TEXT_LIMITS["who"]))
    where = StringField(_l("Di mana kejadiannya?"), validators=_optional_text(TEXT_LIMITS["where"]))
    when = StringField(_l("Kapan kejadiannya?"), validators=_optional_text(TEXT_LIMITS["when"]))
    how = TextAreaField(_l("Bagaimana kejadiannya?"), validators=_optional_text(TEXT_LIMITS["how"]))
    contact = StringField(_l("Kontak (tidak wajib)"), validators=_optional_text(TEXT_LIMITS["contact"]))
    files = MultipleFileField(_l("Lampiran bukti (tidak wajib)"))
    accept_pdf_metadata = BooleanField(PDF_METADATA_CONFIRMATION)
    good_faith = BooleanField(
        _l("Saya menyampaikan laporan ini dengan itikad baik dan sesuai dengan yang saya ketahui."),
        validators=[InputRequired(_l("Centang pernyataan itikad baik untuk mengirim laporan."))],
    )
    submit = SubmitField(_l("Kirim laporan"))


class TrackForm(FlaskForm):
    receipt = StringField(_l("Kode laporan (16 angka)"), validators=[
        DataRequired(_l("Masukkan kode laporan.")), Length(max=40)],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"})
    submit = SubmitField(_l("Buka laporan"))


class ReplyForm(FlaskForm):
    receipt = HiddenField(validators=[DataRequired(), Length(max=40)])
    body = TextAreaField(_l("Pesan untuk Tim WBS"), validators=_optional_text())
    files = MultipleFileField(_l("Tambah berkas (tidak wajib)"))
    accept_pdf_metadata = BooleanField(PDF_METADATA_CONFIRMATION)
    submit = SubmitField(_l("Kirim pesan"))


class ReporterDownloadForm(FlaskForm):
    receipt = HiddenField(validators=[DataRequired(), Length(max=40)])
    attachment_id = HiddenField(validators=[DataRequired()])


# --- team ----------------------------------------------------------------------------------------------

class MessageForm(FlaskForm):
    """The team's entry in the thread. Two explicit actions, each its own button (and its own form on the
    case page): an internal note or a message the reporter reads. A POST naming neither (or both, or the
    old `internal` checkbox alone) is refused: nothing decides by default what the reporter gets to see."""

    ACTION_NOTE = "catatan"
    ACTION_REPORTER = "pelapor"

    body = TextAreaField(_l("Isi"), validators=_optional_text())
    files = MultipleFileField(_l("Lampiran (tidak wajib)"))
    save_note = SubmitField(_l("Simpan sebagai catatan internal"))
    send_to_reporter = SubmitField(_l("Kirim ke pelapor"))

    def action(self) -> str | None:
        """ACTION_NOTE, ACTION_REPORTER, or None when the request did not name exactly one of them."""
        note, reporter = bool(self.save_note.data), bool(self.send_to_reporter.data)
        if note == reporter:
            return None
        return self.ACTION_NOTE if note else self.ACTION_REPORTER


class TransitionForm(FlaskForm):
    to_status = SelectField(_l("Status baru"), choices=[],
                            validators=[DataRequired(_l("Pilih status baru."))])
    category = SelectField(_l("Kategori"), choices=category_choices, validators=[Optional()])
    assigned_to = SelectField(_l("Ditangani oleh"), choices=[], validators=[Optional()])
    forwarded_to = StringField(_l("Diteruskan kepada"), default="Inspektorat", validators=_optional_text(200))
    outcome = TextAreaField(_l("Hasil / alasan (disampaikan kepada pelapor)"), validators=_optional_text())
    public_note = TextAreaField(_l("Catatan untuk pelapor"), validators=_optional_text())
    internal_note = TextAreaField(_l("Catatan internal"), validators=_optional_text())
    submit = SubmitField(_l("Ubah status"))


class RecommendationForm(FlaskForm):
    issued_by = StringField(_l("Pemberi rekomendasi"), default="Inspektorat",
                            validators=[DataRequired(_l("Isi pemberi rekomendasi.")), Length(max=200)])
    issued_on = DateField(_l("Tanggal rekomendasi"),
                          validators=[DataRequired(_l("Isi tanggal rekomendasi."))])
    text = TextAreaField(_l("Rekomendasi"),
                         validators=[DataRequired(_l("Isi rekomendasi.")), Length(max=MAX_TEXT)])
    responsible = StringField(_l("Penanggung jawab tindak lanjut"), default="Tim Penguatan Pengawasan",
                              validators=_optional_text(200))
    due_on = DateField(_l("Batas waktu tindak lanjut"), validators=[Optional()])
    submit = SubmitField(_l("Simpan rekomendasi"))


class FollowupForm(FlaskForm):
    status = SelectField(_l("Status tindak lanjut"), choices=lambda: list(FOLLOWUP_STATUSES.items()),
                         validators=[DataRequired()])
    note = TextAreaField(_l("Tindak lanjut yang dilakukan"), validators=_optional_text())
    on = DateField(_l("Tanggal"), validators=[Optional()])
    submit = SubmitField(_l("Simpan tindak lanjut"))


class QuarterForm(FlaskForm):
    class Meta:
        csrf = False

    tahun = IntField(_l("Tahun"), validators=[Optional()], min_value=2000, max_value=2100)
    tw = SelectField(_l("Triwulan"), choices=lambda: [("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV")],
                     validators=[Optional()])

