"""Forms of the ZI monitoring (every POST carries a CSRF token)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import MultipleFileField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.zi.service import MAX_COMMENT, MAX_NOTE


class EvidenceForm(FlaskForm):
    periode = SelectField(_l("Periode"), validators=[DataRequired(_l("Pilih periode bukti."))],
                          validate_choice=False)
    berkas = MultipleFileField(_l("Berkas bukti (PDF, JPG, PNG atau DOCX)"))
    tautan = TextAreaField(_l("Tautan bukti (satu per baris)"), validators=[Optional(), Length(max=3000)],
                           render_kw={"rows": 2, "autocapitalize": "none", "spellcheck": "false",
                                      "placeholder": "https://"})
    catatan = TextAreaField(_l("Catatan untuk penilai"), validators=[Optional(), Length(max=MAX_NOTE)],
                            render_kw={"rows": 3})
    kirim = SubmitField(_l("Kirim bukti"))


class ReviewForm(FlaskForm):
    komentar = TextAreaField(_l("Komentar penilai"), validators=[Optional(), Length(max=MAX_COMMENT)],
                             render_kw={"rows": 2})
    terima = SubmitField(_l("Terima"))
    kembalikan = SubmitField(_l("Kembalikan"))


def _staff_email() -> StringField:
    return StringField(_l("Surel akun staf"), validators=[DataRequired(_l("Tulis surel akun staf.")),
                                                          Length(max=254)],
                       render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"})


class MemberForm(FlaskForm):
    tim = SelectField(_l("Tim"), coerce=int, validators=[DataRequired(_l("Pilih tim."))],
                      validate_choice=True)
    email = _staff_email()
    tambah = SubmitField(_l("Tambahkan anggota"))


class ReviewerForm(FlaskForm):
    email = _staff_email()
    tambah = SubmitField(_l("Tambahkan penilai"))
