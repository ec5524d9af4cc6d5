"""Forms of the public side of DUMAS. They render the fields, keep what the citizen typed, and carry the
CSRF token; the rules themselves live in portal.dumas.service (one place for web and staff)."""
from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from portal.dumas import publication
from portal.dumas import service as svc


class Required:
    """Marks a field as required (asterisk and the HTML `required` attribute); the service checks it."""

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __call__(self, form, field) -> None:
        return None


class ComplaintForm(FlaskForm):
    # HTML attributes mirror the service's rules, so the browser can check them before a slow upload.
    reporter_name = StringField(_l("Nama lengkap"), validators=[Required()],
                                render_kw={"minlength": 2, "maxlength": svc.NAME_MAX})
    reporter_email = StringField(_l("E-mail"), render_kw={"maxlength": svc.EMAIL_MAX})
    reporter_phone = StringField(_l("Nomor telepon / WhatsApp"), render_kw={"maxlength": svc.PHONE_MAX})
    confidential = BooleanField(_l("Rahasiakan identitas saya"))
    public_consent = BooleanField(
        _l("Aduan saya boleh ditampilkan di daftar aduan publik tanpa identitas saya"))
    category_id = SelectField(_l("Kategori aduan"), validators=[Required()], validate_choice=False)
    subject = StringField(_l("Perihal"), validators=[Required()],
                          render_kw={"minlength": svc.SUBJECT_MIN, "maxlength": svc.SUBJECT_MAX})
    description = TextAreaField(_l("Uraian aduan"), validators=[Required()],
                                render_kw={"minlength": svc.DESCRIPTION_MIN,
                                           "maxlength": svc.DESCRIPTION_MAX})
    event_place = StringField(_l("Tempat kejadian"), render_kw={"maxlength": svc.PLACE_MAX})
    event_date = StringField(_l("Tanggal kejadian"))
    attachments = MultipleFileField(_l("Lampiran (boleh lebih dari satu)"))
    consent = BooleanField(_l("Saya menyatakan isi pengaduan ini benar dan setuju data saya diolah untuk "
                              "penanganan pengaduan."), validators=[Required()])
    # Honeypot: hidden from people and screen readers by the .hp-field class; bots fill it in.
    website = StringField(_l("Situs web (biarkan kosong)"))
    submit = SubmitField(_l("Kirim pengaduan"))

    def fill_choices(self, categories) -> None:
        self.category_id.choices = [("", _l("— Pilih kategori —"))] + [
            (str(c.id), c.name) for c in categories]


class TrackForm(FlaskForm):
    number = StringField(_l("Nomor pengaduan"), validators=[Optional(), Length(max=40)],
                         render_kw={"inputmode": "text", "autocomplete": "off",
                                    "autocapitalize": "characters", "spellcheck": "false"})
    # Letters and digits (ABCD-EF23): the text keyboard, capitals, no autocorrect or autofill.
    code = StringField(_l("Kode akses"), validators=[Optional(), Length(max=40)],
                       render_kw={"inputmode": "text", "autocomplete": "off", "autocapitalize": "characters",
                                  "autocorrect": "off", "spellcheck": "false"})
    submit = SubmitField(_l("Lihat status"))


class AddInfoForm(FlaskForm):
    """Shown on the status page. Number and code travel as hidden fields of this POST form (never in a
    URL)."""

    number = HiddenField()
    code = HiddenField()
    text = TextAreaField(_l("Informasi tambahan"), validators=[Optional(), Length(max=svc.INFO_MAX)])
    attachments = MultipleFileField(_l("Lampiran tambahan"))
    submit = SubmitField(_l("Kirim informasi"))


class PublicationForm(FlaskForm):
    """Staff: the public summary of a complaint (publish, or update a published one). The rules (length,
    consent, confidentiality) are portal.dumas.publication's."""

    summary = TextAreaField(_l("Ringkasan publik"),
                            validators=[Optional(), Length(max=publication.SUMMARY_MAX)],
                            render_kw={"rows": 6, "maxlength": publication.SUMMARY_MAX})
    submit = SubmitField(_l("Simpan"))
