"""Forms of the SKM pages. They render fields, keep what was typed and carry the CSRF token; the rules
(complete questionnaire, ranges, tokens) live in portal.survey.service."""
from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from portal.core import clock
from portal.core.fields import IntField
from portal.survey import ikm
from portal.survey import service as survey
from portal.survey.models import BIAYA_ASK, BIAYA_EXCLUDE


class Required:
    """Marks a field as required (asterisk, `required` attribute); the service does the checking."""

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __call__(self, form, field) -> None:
        return None


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def _unsur_field(unsur: ikm.Unsur) -> RadioField:
    options = choices((str(i + 1), label) for i, label in enumerate(unsur.answers))
    return RadioField(unsur.label, choices=options, validators=[Required()], validate_choice=False)


def _profile_choices(values: list[str]) -> list[SelectChoice]:
    """A profile list as a select: "— Pilih —", then each stored value with its label on the page."""
    return choices([("", _l("— Pilih —"))] + [(v, survey.profile_label(v)) for v in values])


class SurveyForm(FlaskForm):
    # Most people answer on the day they were served: today in the office's zone, which they may change.
    service_date = DateField(_l("Tanggal Anda menerima layanan"), validators=[Required()],
                             default=clock.today)
    gender = RadioField(_l("Jenis kelamin"), choices=choices(survey.GENDERS.items()), validators=[Required()],
                        validate_choice=False)
    age = IntField(_l("Umur (tahun)"), validators=[Required()])
    education = SelectField(_l("Pendidikan terakhir"), validators=[Required()], validate_choice=False)
    occupation = SelectField(_l("Pekerjaan utama"), validators=[Required()], validate_choice=False)
    persyaratan = _unsur_field(ikm.UNSUR_BY_KEY["persyaratan"])
    prosedur = _unsur_field(ikm.UNSUR_BY_KEY["prosedur"])
    waktu = _unsur_field(ikm.UNSUR_BY_KEY["waktu"])
    biaya = _unsur_field(ikm.UNSUR_BY_KEY["biaya"])
    produk = _unsur_field(ikm.UNSUR_BY_KEY["produk"])
    kompetensi = _unsur_field(ikm.UNSUR_BY_KEY["kompetensi"])
    perilaku = _unsur_field(ikm.UNSUR_BY_KEY["perilaku"])
    pengaduan = _unsur_field(ikm.UNSUR_BY_KEY["pengaduan"])
    sarana = _unsur_field(ikm.UNSUR_BY_KEY["sarana"])
    suggestion = TextAreaField(_l("Saran dan masukan (boleh dikosongkan)"))
    t = HiddenField()
    # Honeypot: hidden from people and screen readers (.hp-field, aria-hidden); bots fill it in.
    website = StringField(_l("Situs web (biarkan kosong)"))
    submit = SubmitField(_l("Kirim penilaian"))

    def setup(self, config: survey.ServiceConfig, lists: dict[str, list[str]]) -> None:
        self.education.choices = _profile_choices(lists["education"])
        self.occupation.choices = _profile_choices(lists["occupation"])
        if not config.asks_biaya:
            del self.biaya

    def unsur_fields(self) -> list[tuple[ikm.Unsur, RadioField]]:
        return [(u, self[u.key]) for u in ikm.UNSUR if u.key in self]


class PeriodFilterForm(FlaskForm):
    """GET filter of the staff pages: one period select and one service select."""

    class Meta:
        csrf = False

    periode = SelectField(_l("Periode"), validate_choice=False)
    layanan = SelectField(_l("Layanan"), validate_choice=False)
    submit = SubmitField(_l("Tampilkan"))


class FollowUpForm(FlaskForm):
    period_key = HiddenField()
    scope = HiddenField()  # service slug, or empty for the whole office
    unsur = SelectField(_l("Unsur"), validate_choice=False)
    action = TextAreaField(_l("Rencana tindak lanjut"), validators=[Required()])
    timeline = StringField(_l("Waktu pelaksanaan"))
    responsible = StringField(_l("Penanggung jawab"))
    progress = TextAreaField(_l("Realisasi / perkembangan (bila sudah ada)"))
    submit = SubmitField(_l("Simpan rencana tindak lanjut"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unsur.choices = choices((u.key, f"{u.code} {u.label}") for u in ikm.UNSUR)


class PublishForm(FlaskForm):
    period_key = HiddenField()
    note = TextAreaField(_l("Ringkasan dan analisis (opsional, tampil di halaman publik)"))
    submit = SubmitField(_l("Publikasikan hasil"))


class ServiceSettingForm(FlaskForm):
    service_id = HiddenField()
    survey_open = BooleanField(_l("Tampilkan di survei"))
    is_free = BooleanField(_l("Layanan gratis (tidak dipungut biaya)"))
    biaya_mode = SelectField(_l("Unsur Biaya/Tarif pada layanan gratis"), choices=choices([
        (BIAYA_ASK, _l("Tetap ditanyakan; jawaban terbaik \u201cGratis\u201d "
                       "(kuesioner PermenPAN-RB 14/2017)")),
        (BIAYA_EXCLUDE, _l("Tidak ditanyakan; IKM dihitung dari 8 unsur yang terisi")),
    ]), validate_choice=False)
    annual_population = IntField(_l("Populasi: pengguna layanan per tahun"), validators=[Optional()])
    require_token = BooleanField(_l("Hanya melalui kartu QR sekali pakai"))
    submit = SubmitField(_l("Simpan"))


class CategoriesForm(FlaskForm):
    education = TextAreaField(_l("Pilihan pendidikan (satu per baris)"))
    occupation = TextAreaField(_l("Pilihan pekerjaan (satu per baris)"))
    submit = SubmitField(_l("Simpan pilihan profil"))


class TokenForm(FlaskForm):
    service = SelectField(_l("Layanan"), validate_choice=False)
    count = IntField(_l("Jumlah kartu"), default=20, validators=[Optional()])
    days = IntField(_l("Berlaku (hari)"), default=30, validators=[Optional()])
    submit = SubmitField(_l("Buat kartu QR"))
