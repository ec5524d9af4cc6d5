"""Forms of the conflict-of-interest pages; the rules live in service.py and workflow.py."""
from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from portal.conflicts.models import KIND_FREE, KIND_POTENTIAL

_TOO_LONG = _l("Isian terlalu panjang.")


class Required:
    """Marks a field as required (asterisk, `required` attribute); the service checks it."""

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __call__(self, form, field) -> None:
        return None


KIND_CHOICES = [SelectChoice(KIND_FREE, _l("Saya bebas dari benturan kepentingan")),
                SelectChoice(KIND_POTENTIAL, _l("Saya memiliki potensi benturan kepentingan"))]
TERM_CHOICES = [SelectChoice("pendek", _l("Jangka pendek")), SelectChoice("panjang", _l("Jangka panjang"))]


class DeclarationForm(FlaskForm):
    kind = RadioField(_l("Pernyataan"), choices=KIND_CHOICES, validators=[Required()], validate_choice=False)
    matter = TextAreaField(_l("Urusan yang berpotensi menimbulkan benturan kepentingan"),
                           validators=[Length(max=2000, message=_TOO_LONG)])
    parties = TextAreaField(_l("Pihak-pihak yang terkait"), validators=[Length(max=2000, message=_TOO_LONG)])
    duty = TextAreaField(_l("Tugas atau kewenangan yang terpengaruh"),
                         validators=[Length(max=2000, message=_TOO_LONG)])
    password = PasswordField(_l("Kata sandi Anda (sebagai tanda tangan)"), validators=[Required()])
    submit = SubmitField(_l("Tandatangani pernyataan"))


class IdentificationForm(FlaskForm):
    description = TextAreaField(_l("Uraian potensi benturan kepentingan"), validators=[Required()])
    officials = TextAreaField(_l("Pejabat/pegawai terkait"), validators=[Required()])
    cause = TextAreaField(_l("Penyebab"))
    procedure = TextAreaField(_l("Prosedur penanganan/pencegahan"), validators=[Required()])
    follow_up = TextAreaField(_l("Rencana tindak lanjut"))
    term = SelectField(_l("Jangka tindak lanjut"), choices=TERM_CHOICES, validate_choice=False)
    submit = SubmitField(_l("Simpan"))


class CaseFromDeclarationForm(FlaskForm):
    summary = TextAreaField(_l("Ringkasan kasus"), validators=[Required()])
    submit = SubmitField(_l("Buka kasus"))


class CaseFromWbsForm(FlaskForm):
    reference = StringField(_l("Nomor laporan WBS"), validators=[Required(), Length(max=30)],
                            render_kw={"autocomplete": "off", "placeholder": "WBS-2026-00001"})
    summary = TextAreaField(_l("Ringkasan yang ditulis Tim WBS (tanpa identitas pelapor)"),
                            validators=[Required()])
    submit = SubmitField(_l("Buka kasus"))


class CaseMoveForm(FlaskForm):
    to = SelectField(_l("Langkah berikutnya"), choices=[], validate_choice=False)
    measures = TextAreaField(_l("Langkah penanganan"))
    outcome = TextAreaField(_l("Hasil penanganan / alasan penutupan"))
    note = TextAreaField(_l("Catatan"))
    submit = SubmitField(_l("Simpan langkah"))


class NarrativeForm(FlaskForm):
    procedure = TextAreaField(_l("Prosedur penanganan"))
    socialisation = TextAreaField(_l("Sosialisasi"))
    implementation = TextAreaField(_l("Implementasi"))
    evaluation = TextAreaField(_l("Evaluasi internal"))
    follow_up = TextAreaField(_l("Tindak lanjut"))
    submit = SubmitField(_l("Simpan uraian"))
