"""Forms of objections: the applicant's (number + access code, then the objection) and the staff's (the
atasan PPID's answer, the Komisi Informasi dispute). The rules live in portal/ppid/objections.py."""
from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from portal.ppid import objections
from portal.ppid.forms import LocalDateField

_TOO_LONG = _l("Isian terlalu panjang.")
_CODE_KW = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}


class Required:
    """Marks a field as required (asterisk, `required` attribute); the service checks it."""

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __call__(self, form, field) -> None:
        return None


class ObjectionAccessForm(FlaskForm):
    """Step one: the request's number and access code (from the tracking page, or typed in)."""

    number = StringField(_l("Nomor permohonan"), validators=[Required(), Length(max=40)], render_kw=_CODE_KW)
    code = StringField(_l("Kode akses"), validators=[Required(), Length(max=40)], render_kw=_CODE_KW)
    submit = SubmitField(_l("Lanjutkan"))


class ObjectionForm(FlaskForm):
    """Step two: the ground (Pasal 35 ayat 1), the day it arose, the kasus posisi."""

    number = HiddenField()
    code = HiddenField()
    ground = RadioField(_l("Alasan keberatan (UU 14/2008 Pasal 35 ayat 1)"), validators=[Required()],
                        choices=[SelectChoice(code, label)
                                 for code, label in objections.GROUND_LABELS.items()],
                        validate_choice=False)
    arose_on = LocalDateField(_l("Tanggal alasan keberatan ditemukan"), validators=[Optional()])
    reasons = TextAreaField(_l("Kasus posisi (uraian keberatan Anda)"), validators=[Required()],
                            render_kw={"minlength": objections.REASONS_MIN,
                                       "maxlength": objections.REASONS_MAX, "rows": 6})
    submit = SubmitField(_l("Ajukan keberatan"))


class AnswerForm(FlaskForm):
    outcome = RadioField(_l("Keputusan atasan PPID"), validators=[Required()],
                         choices=[SelectChoice(code, label)
                                  for code, label in objections.OUTCOME_LABELS.items()],
                         validate_choice=False)
    answer = TextAreaField(_l("Tanggapan tertulis dan alasannya"),
                           validators=[Optional(), Length(max=objections.ANSWER_MAX, message=_TOO_LONG)],
                           render_kw={"maxlength": objections.ANSWER_MAX, "rows": 6, "lang": "id"})
    submit = SubmitField(_l("Simpan jawaban"))


class DisputeForm(FlaskForm):
    filed_on = LocalDateField(_l("Tanggal diajukan ke Komisi Informasi"), validators=[Required(), Optional()])
    register = StringField(_l("Nomor register sengketa"),
                           validators=[Optional(), Length(max=objections.REGISTER_MAX, message=_TOO_LONG)],
                           render_kw={"maxlength": objections.REGISTER_MAX, "lang": "id"})
    result = SelectField(_l("Hasil sengketa"), validate_choice=False, choices=[
        SelectChoice("", _l("— Belum diputus —")),
        *(SelectChoice(code, label) for code, label in objections.DISPUTE_RESULT_LABELS.items())])
    decided_on = LocalDateField(_l("Tanggal putusan / hasil"), validators=[Optional()])
    note = TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=objections.NOTE_MAX,
                                                                       message=_TOO_LONG)],
                         render_kw={"maxlength": objections.NOTE_MAX, "rows": 3, "lang": "id"})
    submit = SubmitField(_l("Simpan sengketa"))
