"""Forms of the PPID staff area: a DIP entry and an exempted item. The domain (service.py) checks the
values again; the forms give the error beside the field."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.core.fields import IntField
from portal.ppid import service as ppid

_TOO_LONG = _l("Isian terlalu panjang.")


class LocalDateField(DateField):
    """A date input whose parse error is in Indonesian; an empty value is left to InputRequired."""

    def process_formdata(self, valuelist):
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            self.raw_data = []
            return
        try:
            super().process_formdata([v.strip() for v in valuelist])
        except ValueError as exc:
            raise ValueError(str(_l("Tanggal tidak valid; gunakan format tanggal yang benar."))) from exc


def _line(label, required=None, limit=ppid.MAX_LINE, **kwargs):
    validators = [DataRequired(required)] if required else [Optional()]
    return StringField(label, validators=[*validators, Length(max=limit, message=_TOO_LONG)],
                       render_kw={"lang": "id"}, **kwargs)


class DipForm(FlaskForm):
    category = SelectField(_l("Kategori"), choices=[
        SelectChoice(code, label) for code, label in ppid.CATEGORY_LABELS.items()],
                           validators=[DataRequired(_l("Pilih kategori."))])
    title = _line(_l("Judul informasi"), _l("Judul informasi wajib diisi."), ppid.MAX_TITLE)
    summary = TextAreaField(_l("Ringkasan isi informasi"), render_kw={"rows": 4, "lang": "id"}, validators=[
        DataRequired(_l("Ringkasan isi informasi wajib diisi.")),
        Length(max=ppid.MAX_TEXT, message=_TOO_LONG)])
    holder = _line(_l("Unit atau pejabat yang menguasai informasi"),
                   _l("Unit atau pejabat yang menguasai informasi wajib diisi."))
    responsible = _line(_l("Penanggung jawab pembuatan atau penerbitan informasi"),
                        _l("Penanggung jawab informasi wajib diisi."))
    origin = _line(_l("Waktu dan tempat pembuatan informasi"))
    formats = _line(_l("Bentuk informasi yang tersedia"),
                    description=_l("Misalnya: softcopy (PDF), hardcopy, situs web."))
    retention = _line(_l("Jangka waktu penyimpanan"))
    year = IntField(_l("Tahun"), validators=[InputRequired(_l("Tahun wajib diisi."))],
                    min_value=ppid.MIN_YEAR, max_value=ppid.MAX_YEAR,
                    message=_l("Tahun harus bilangan 2000 sampai 2100."))
    updated_on = LocalDateField(_l("Tanggal pemutakhiran informasi"), validators=[
        InputRequired(_l("Tanggal pemutakhiran wajib diisi."))])
    link_url = StringField(_l("Tautan dokumen (opsional)"), validators=[
        Optional(), Length(max=ppid.MAX_URL, message=_TOO_LONG)],
        description=_l("Alamat lengkap dokumen, diawali https://."))
    documents = MultipleFileField(_l("Unggah dokumen (opsional)"))
    submit = SubmitField(_l("Simpan"))

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in ppid.DIP_FIELDS}


class ExemptionForm(FlaskForm):
    title = _line(_l("Informasi yang dikecualikan"), _l("Informasi yang dikecualikan wajib diisi."),
                  ppid.MAX_TITLE)
    ground = SelectField(_l("Dasar pengecualian (UU 14/2008 Pasal 17)"),
                         choices=[SelectChoice(letter, letter) for letter in ppid.PASAL_17],
                         validators=[DataRequired(_l("Pilih dasar pengecualian."))])
    legal_basis = _line(_l("Dasar hukum lain (opsional)"))
    consequence = TextAreaField(_l("Konsekuensi bila informasi dibuka (uji konsekuensi)"),
                                render_kw={"rows": 4, "lang": "id"}, validators=[
        DataRequired(_l("Konsekuensi bila informasi dibuka wajib diisi.")),
        Length(max=ppid.MAX_TEXT, message=_TOO_LONG)])
    period = _line(_l("Jangka waktu pengecualian"), _l("Jangka waktu pengecualian wajib diisi."), 120)
    decided_on = LocalDateField(_l("Tanggal penetapan"), validators=[
        InputRequired(_l("Tanggal penetapan wajib diisi."))])
    submit = SubmitField(_l("Simpan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "h. mengungkap rahasia pribadi", in the reader's language (formatted per request, not at import)
        self.ground.choices = [SelectChoice(letter, f"{letter}. {label}")
                               for letter, label in ppid.PASAL_17.items()]

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in ppid.EXEMPTION_FIELDS}
