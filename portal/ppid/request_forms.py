"""Forms of information requests: the public form (/ppid/permohonan), staff registration
(/admin/ppid/permohonan/baru), tracking (/ppid/lacak) and a released file's download. They render the
fields, keep what was typed and carry the CSRF token; the rules are portal.ppid.intake's (one place for the
web and staff)."""
from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from portal.ppid import intake

APPLICANT_TYPE_LABELS = {
    "perorangan": _l("Perorangan"),
    "badan_hukum": _l("Badan hukum"),
}
DELIVERY_LABELS = {
    "lihat": _l("Melihat atau membaca langsung di kantor"),
    "email": _l("Salinan elektronik (softcopy) melalui e-mail"),
    "unduh": _l("Salinan elektronik (softcopy) diunduh dari halaman lacak permohonan"),
    "salinan": _l("Salinan cetak (hardcopy) diambil di kantor"),
}
CHANNEL_LABELS = {
    "website": _l("Situs web"),
    "surat": _l("Surat"),
    "email": _l("E-mail"),
    "datang": _l("Datang langsung"),
}


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(code, label) for code, label in labels.items()]


class Required:
    """Marks a field as required (asterisk, the HTML `required` attribute); the service checks it."""

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __call__(self, form, field) -> None:
        return None


class RequestForm(FlaskForm):
    applicant_type = RadioField(_l("Jenis pemohon"), validators=[Required()], validate_choice=False,
                                choices=_choices(APPLICANT_TYPE_LABELS), default="perorangan")
    applicant_name = StringField(_l("Nama pemohon (orang atau badan hukum)"), validators=[Required()],
                                 render_kw={"maxlength": intake.NAME_MAX})
    identity_number = StringField(_l("NIK (perorangan) atau nomor akta/pengesahan (badan hukum)"),
                                  validators=[Required()], render_kw={"maxlength": intake.IDENTITY_MAX})
    representative = StringField(_l("Nama kuasa atau wakil (khusus badan hukum)"),
                                 render_kw={"maxlength": intake.NAME_MAX})
    address = StringField(_l("Alamat"), validators=[Required()], render_kw={"maxlength": intake.ADDRESS_MAX})
    email = StringField(_l("E-mail"), render_kw={"maxlength": intake.EMAIL_MAX})
    phone = StringField(_l("Nomor telepon / WhatsApp"), render_kw={"maxlength": intake.PHONE_MAX})
    occupation = StringField(_l("Pekerjaan"), render_kw={"maxlength": intake.OCCUPATION_MAX})
    information = TextAreaField(_l("Rincian informasi yang dibutuhkan"), validators=[Required()],
                                render_kw={"rows": 5, "maxlength": intake.INFORMATION_MAX})
    purpose = TextAreaField(_l("Tujuan penggunaan informasi"), validators=[Required()],
                            render_kw={"rows": 3, "maxlength": intake.PURPOSE_MAX})
    delivery = RadioField(_l("Cara memperoleh informasi"), validators=[Required()], validate_choice=False,
                          choices=_choices(DELIVERY_LABELS), default="unduh")
    identity_file = FileField(_l("Pindaian KTP (perorangan) atau akta badan hukum"), validators=[Required()])
    # Honeypot: hidden from people and screen readers by the .hp-field class; bots fill it in.
    website = StringField(_l("Situs web (biarkan kosong)"))
    submit = SubmitField(_l("Kirim permohonan"))


class RegisterRequestForm(RequestForm):
    """Staff: a request that came by letter, e-mail or in person. The scan is optional here."""

    channel = SelectField(_l("Diterima melalui"), validators=[Required()], validate_choice=False,
                          choices=[SelectChoice("", _l("— Pilih —")),
                                   *(SelectChoice(c, CHANNEL_LABELS[c]) for c in intake.STAFF_CHANNELS)])
    received_date = StringField(_l("Tanggal diterima"))
    identity_file = FileField(_l("Pindaian KTP atau akta badan hukum (bila ada)"))
    submit = SubmitField(_l("Catat permohonan"))


class TrackForm(FlaskForm):
    number = StringField(_l("Nomor permohonan"), validators=[Optional(), Length(max=40)],
                         render_kw={"inputmode": "text", "autocomplete": "off",
                                    "autocapitalize": "characters", "spellcheck": "false"})
    code = StringField(_l("Kode akses"), validators=[Optional(), Length(max=40)],
                       render_kw={"inputmode": "text", "autocomplete": "off", "autocapitalize": "characters",
                                  "autocorrect": "off", "spellcheck": "false"})
    submit = SubmitField(_l("Lihat permohonan"))


class DownloadForm(FlaskForm):
    """A released document: number, code and the file's id travel in this POST (never in a URL)."""

    number = HiddenField()
    code = HiddenField()
    file_id = HiddenField()
