"""Forms of the service-standard admin: a service, and a revision with its 14 components."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from portal.core.fields import IntField
from portal.standards.service import (
    COMPONENTS,
    MAX_COMPONENT_LENGTH,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_SLUG_LENGTH,
)


class LocalDateField(DateField):
    """A date input whose parse error is in Indonesian; an empty value is left to DataRequired."""

    def process_formdata(self, valuelist):
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            self.raw_data = []  # blank counts as missing for InputRequired
            return
        try:
            super().process_formdata([v.strip() for v in valuelist])
        except ValueError as exc:
            raise ValueError(str(_l("Tanggal tidak valid; gunakan format tanggal yang benar."))) from exc


class ServiceForm(FlaskForm):
    name = StringField(_l("Nama layanan"), validators=[
        DataRequired(_l("Nama layanan wajib diisi.")),
        Length(max=MAX_NAME_LENGTH, message=_l("Nama layanan terlalu panjang.")),
    ])
    slug = StringField(_l("Slug (alamat halaman)"), validators=[
        Optional(), Length(max=MAX_SLUG_LENGTH, message=_l("Slug terlalu panjang.")),
        Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
               message=_l("Slug hanya boleh berisi huruf kecil, angka dan tanda hubung.")),
    ])
    description = TextAreaField(_l("Deskripsi singkat"), render_kw={"rows": 3},
                                validators=[Optional(), Length(max=MAX_COMPONENT_LENGTH)])
    order = IntField(_l("Urutan tampil"), validators=[Optional()], min_value=0, max_value=10_000,
                     message=_l("Urutan harus bilangan 0 sampai 10000."))
    active = BooleanField(
        _l("Aktif (tampil di halaman publik dan dapat dipilih sebagai jenis layanan)"), default=True)
    submit = SubmitField(_l("Simpan"))


class RevisionForm(FlaskForm):
    """Fields: effective_date, note, is_sample, one TextAreaField per component key, save_draft/publish."""

    effective_date = LocalDateField(_l("Tanggal berlaku"), validators=[
        InputRequired(_l("Tanggal berlaku wajib diisi."))])
    note = TextAreaField(_l("Catatan revisi"), validators=[
        Optional(), Length(max=MAX_NOTE_LENGTH, message=_l("Catatan revisi terlalu panjang.")),
    ], render_kw={"rows": 2})
    is_sample = BooleanField(_l("Teks contoh (halaman publik menampilkan tanda \u201cContoh\u201d)"))
    save_draft = SubmitField(_l("Simpan sebagai draf"))
    publish = SubmitField(_l("Simpan dan terbitkan"))

    def component_texts(self) -> dict[str, str]:
        return {c.key: self[c.key].data or "" for c in COMPONENTS}


for _component in COMPONENTS:
    _validators = [Length(max=MAX_COMPONENT_LENGTH, message=_l("Teks terlalu panjang."))]
    if _component.required:
        _validators.insert(0, DataRequired(_l("Komponen ini wajib diisi.")))
    else:
        _validators.insert(0, Optional())
    setattr(RevisionForm, _component.key, TextAreaField(
        _component.label, validators=_validators, description=_component.hint,
        render_kw={"rows": 6, "lang": "id"},  # the standard's text is office content, in Indonesian
    ))
del _component, _validators
