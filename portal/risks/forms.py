"""Forms of the SPIP risk register. The domain (service.py) checks the values again; the forms give the
error beside the field."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.core.fields import IntField
from portal.core.validation import parse_int
from portal.ppid.forms import LocalDateField
from portal.risks import matrix
from portal.risks import service as risks
from portal.risks.models import MAX_CODE, MAX_LINE

_TOO_LONG = _l("Isian terlalu panjang.")


def _text(label, required=None, rows=3):
    validators = [DataRequired(required)] if required else [Optional()]
    return TextAreaField(label, validators=[*validators, Length(max=risks.MAX_TEXT, message=_TOO_LONG)],
                         render_kw={"rows": rows, "lang": "id"})


def _line(label, required=None, limit=MAX_LINE, **kwargs):
    validators = [DataRequired(required)] if required else [Optional()]
    return StringField(label, validators=[*validators, Length(max=limit, message=_TOO_LONG)],
                       render_kw={"lang": "id"}, **kwargs)


def _int_or_none(value):
    """A select's posted number: None when empty, -1 (refused by the domain) when not a number."""
    if value in (None, ""):
        return None
    number = parse_int(str(value))
    return -1 if number is None else number


class RiskForm(FlaskForm):
    year = IntField(_l("Tahun"), validators=[InputRequired(_l("Tahun wajib diisi."))],
                    min_value=risks.MIN_YEAR, max_value=risks.MAX_YEAR,
                    message=_l("Tahun harus bilangan 2000 sampai 2100."))
    code = StringField(_l("Kode risiko (opsional)"), validators=[
        Optional(), Length(max=MAX_CODE, message=_TOO_LONG)],
        description=_l("Kosongkan untuk nomor otomatis, misalnya R-2026-001."))
    unit = _line(_l("Unit kerja"), _l("Unit kerja wajib diisi."))
    activity = _line(_l("Kegiatan"), _l("Kegiatan wajib diisi."))
    statement = _text(_l("Pernyataan risiko"), _l("Pernyataan risiko wajib diisi."))
    cause = _text(_l("Uraian penyebab"))
    cause_class = SelectField(_l("Kelompok penyebab (5M+E)"), validate_choice=False, validators=[
        DataRequired(_l("Pilih kelompok penyebab risiko."))])
    likelihood = SelectField(_l("Kemungkinan (1-5)"), validate_choice=False, validators=[
        DataRequired(_l("Kemungkinan harus 1 sampai 5."))])
    impact = SelectField(_l("Dampak (1-5)"), validate_choice=False, validators=[
        DataRequired(_l("Dampak harus 1 sampai 5."))])
    control_plan = _text(_l("Rencana pengendalian"))
    owner = _line(_l("Pemilik risiko"))
    due_on = LocalDateField(_l("Tenggat pengendalian"), validators=[Optional()])
    realisation = _text(_l("Realisasi pengendalian"))
    realised_on = LocalDateField(_l("Tanggal realisasi"), validators=[Optional()])
    occurred = BooleanField(_l("Risiko benar-benar terjadi"))
    residual_likelihood = SelectField(_l("Kemungkinan residual"), validate_choice=False,
                                      validators=[Optional()])
    residual_impact = SelectField(_l("Dampak residual"), validate_choice=False, validators=[Optional()])
    submit = SubmitField(_l("Simpan"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cause_class.choices = [SelectChoice("", _l("Pilih kelompok"))] + [
            SelectChoice(code, label) for code, label in risks.CAUSE_LABELS.items()]
        choose = _l("Pilih")
        self.likelihood.choices = [SelectChoice("", choose)] + [
            SelectChoice(str(n), f"{n} – {label}") for n, label in matrix.LIKELIHOOD_LABELS.items()]
        self.impact.choices = [SelectChoice("", choose)] + [
            SelectChoice(str(n), f"{n} – {label}") for n, label in matrix.IMPACT_LABELS.items()]
        not_yet = _l("Belum dinilai")
        self.residual_likelihood.choices = [SelectChoice("", not_yet)] + [
            SelectChoice(str(n), f"{n} – {label}") for n, label in matrix.LIKELIHOOD_LABELS.items()]
        self.residual_impact.choices = [SelectChoice("", not_yet)] + [
            SelectChoice(str(n), f"{n} – {label}") for n, label in matrix.IMPACT_LABELS.items()]

    def fill(self, risk) -> None:
        """Show a saved risk (the select values are strings)."""
        for name in risks.RISK_FIELDS:
            value = getattr(risk, name)
            if name in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
                value = "" if value is None else str(value)
            getattr(self, name).data = value

    def values(self) -> dict:
        out = {name: getattr(self, name).data for name in risks.RISK_FIELDS}
        for name in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
            out[name] = _int_or_none(out[name])
        return out


class CardForm(FlaskForm):
    planned = _text(_l("Rencana pengendalian triwulan ini"),
                    _l("Rencana pengendalian triwulan ini wajib diisi."), rows=2)
    done = _text(_l("Pelaksanaan"), rows=2)
    status = SelectField(_l("Status pelaksanaan"), validate_choice=False, validators=[
        DataRequired(_l("Pilih status pelaksanaan pengendalian."))])
    notes = _text(_l("Catatan"), rows=2)
    submit = SubmitField(_l("Simpan kartu kendali"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [SelectChoice(code, label) for code, label in risks.CARD_STATUS_LABELS.items()]

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in risks.CARD_FIELDS}


class ChecklistItemForm(FlaskForm):
    statement = _text(_l("Pernyataan uji"), _l("Pernyataan uji wajib diisi."), rows=2)
    submit = SubmitField(_l("Tambah pernyataan"))


class ChecklistAnswerForm(FlaskForm):
    answer = SelectField(_l("Jawaban"), validate_choice=False, validators=[
        DataRequired(_l("Pilih jawaban: ya, sebagian, atau tidak."))])
    evidence = _text(_l("Bukti / keterangan"), rows=2)
    submit = SubmitField(_l("Simpan jawaban"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.answer.choices = [SelectChoice("", _l("Pilih"))] + [
            SelectChoice(code, label) for code, label in risks.ANSWER_LABELS.items()]
