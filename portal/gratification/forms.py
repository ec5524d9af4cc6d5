"""Forms of the gratification register: the report (the KPK form's fields), the UPG's steps and notes, the
inbox filters. The forms carry CSRF, widgets and length caps; the rules are portal/gratification/intake.py's
and workflow.py's, whose messages are shown when they refuse."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from portal.core.validation import parse_day
from portal.gratification.models import HANDLINGS, KPK_DECISIONS, UPG_DECISIONS
from portal.gratification.recap import HANDLING_LABELS, KIND_LABELS
from portal.gratification.workflow import MAX_TEXT, STATUSES

_TOO_LONG = _l("Isian terlalu panjang.")
DECISION_LABELS = {"milik_negara": _l("Milik negara"), "milik_penerima": _l("Milik penerima"),
                   "disalurkan_sosial": _l("Disalurkan ke lembaga sosial / panti")}


def _line(label, limit: int = 255) -> StringField:
    return StringField(label, validators=[Optional(), Length(max=limit, message=_TOO_LONG)])


def _text(label, limit: int = MAX_TEXT) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=limit, message=_TOO_LONG)])


def _pick(options) -> list[SelectChoice]:
    return [SelectChoice("", _l("— pilih —"))] + [SelectChoice(code, label) for code, label in options]


class ReportForm(FlaskForm):
    reporter_name = _line(_l("Nama lengkap"), 160)
    reporter_nik = _line(_l("NIK (tidak wajib)"), 32)
    reporter_position = _line(_l("Jabatan"), 160)
    reporter_unit = _line(_l("Unit kerja"), 160)
    reporter_phone = _line(_l("Nomor telepon/WhatsApp"), 32)
    reporter_email = _line(_l("Alamat e-mail"), 254)
    confidential = BooleanField(_l("Rahasiakan identitas saya dari daftar UPG (hanya tampil di halaman "
                                   "penanganan laporan)"))
    giver_name = _line(_l("Nama pemberi"), 160)
    giver_relation = _line(_l("Hubungan pemberi dengan pelapor"), 160)
    occasion = _line(_l("Peristiwa atau alasan pemberian"))
    place = _line(_l("Tempat penerimaan"))
    received_on = _line(_l("Tanggal penerimaan atau penolakan"), 10)
    kind = SelectField(_l("Jenis gratifikasi"), choices=_pick(KIND_LABELS.items()), validators=[Optional()])
    description = _line(_l("Uraian objek gratifikasi"), 500)
    value = _line(_l("Perkiraan nilai (Rupiah)"), 30)
    chronology = _text(_l("Kronologi penerimaan"))
    handling = SelectField(_l("Tindakan atas gratifikasi"),
                           choices=_pick((code, HANDLING_LABELS[code]) for code in HANDLINGS),
                           validators=[Optional()])
    files = MultipleFileField(_l("Bukti pendukung (foto objek, surat, dan sebagainya; tidak wajib)"))
    submit = SubmitField(_l("Kirim laporan"))

    def values(self) -> dict:
        return {name: field.data for name, field in self._fields.items()
                if name not in ("csrf_token", "files", "submit")}


class InboxFilterForm(FlaskForm):
    """GET filters (no CSRF: reading only); field names are the query-string names."""

    class Meta:
        csrf = False

    cari = StringField(_l("Cari"), validators=[Optional(), Length(max=100)])
    status = SelectField(_l("Status"), validators=[Optional()])
    tenggat = SelectField(_l("Tenggat"), validators=[Optional()])
    tahun = SelectField(_l("Tahun"), validators=[Optional()])

    def fill_choices(self, years) -> None:
        every = SelectChoice("", _l("Semua"))
        self.status.choices = [every] + [SelectChoice(code, label) for code, label in STATUSES.items()]
        self.tenggat.choices = [every, SelectChoice("terlambat", _l("Terlambat")),
                                SelectChoice("segera", _l("Segera jatuh tempo"))]
        self.tahun.choices = [every] + [SelectChoice(str(y), str(y)) for y in years]


class _StepForm(FlaskForm):
    public_note = _text(_l("Catatan untuk pelapor (tidak wajib)"))
    internal_note = _text(_l("Catatan internal UPG (tidak wajib)"))

    def values(self) -> dict:
        out = {}
        for name, field in self._fields.items():
            if name in ("csrf_token", "submit"):
                continue
            out[name] = parse_day(field.data) if name.endswith("_on") else (field.data or "")
        return out


class VerifyForm(_StepForm):
    submit = SubmitField(_l("Tandai diverifikasi"))


class ForwardForm(_StepForm):
    forwarded_on = _line(_l("Tanggal penyampaian ke KPK"), 10)
    kpk_receipt_number = _line(_l("Nomor tanda terima KPK"), 64)
    submit = SubmitField(_l("Catat penyampaian ke KPK"))


class KpkDecisionForm(_StepForm):
    decision = SelectField(_l("Penetapan KPK"), choices=_pick((c, DECISION_LABELS[c]) for c in KPK_DECISIONS),
                           validators=[Optional()])
    decision_on = _line(_l("Tanggal surat keputusan"), 10)
    decision_number = _line(_l("Nomor surat keputusan KPK"), 100)
    submit = SubmitField(_l("Catat penetapan KPK"))


class UpgDecisionForm(_StepForm):
    decision = SelectField(_l("Keputusan UPG"), choices=_pick((c, DECISION_LABELS[c]) for c in UPG_DECISIONS),
                           validators=[Optional()])
    decision_number = _line(_l("Nomor surat UPG (tidak wajib)"), 100)
    reason = _text(_l("Alasan (gratifikasi tidak wajib dilaporkan ke KPK)"))
    submit = SubmitField(_l("Catat keputusan UPG"))


class NotProcessedForm(_StepForm):
    reason = _text(_l("Alasan laporan tidak diproses"))
    submit = SubmitField(_l("Tandai tidak diproses"))


class NoteForm(_StepForm):
    submit = SubmitField(_l("Tambah catatan"))


STEP_FORMS = {"diverifikasi": VerifyForm, "diteruskan_kpk": ForwardForm, "ditetapkan": KpkDecisionForm,
              "ditetapkan_upg": UpgDecisionForm, "tidak_diproses": NotProcessedForm}
