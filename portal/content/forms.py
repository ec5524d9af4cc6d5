from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from portal.content.service import BODY_MAX, NOTE_MAX, SLUG_MAX, TITLE_MAX


class PageEditForm(FlaskForm):
    title = StringField(_l("Judul"), validators=[
        DataRequired(_l("Judul wajib diisi.")), Length(max=TITLE_MAX)])
    body = TextAreaField(
        _l("Isi (Markdown)"),
        validators=[DataRequired(_l("Isi halaman wajib diisi.")), Length(max=BODY_MAX)],
        render_kw={"rows": 22, "spellcheck": "true"},
    )
    note = StringField(_l("Catatan perubahan"), validators=[Optional(), Length(max=NOTE_MAX)])
    base_revision = HiddenField()
    save_draft = SubmitField(_l("Simpan draf"))
    save_publish = SubmitField(_l("Simpan & terbitkan"))
    # Without JavaScript: the form page again with the typed text rendered, nothing saved.
    preview = SubmitField(_l("Pratinjau"))


class PreviewForm(FlaskForm):
    """The live preview's request (portal/static/js/preview.js): the Markdown being typed, CSRF-checked."""

    body = TextAreaField(validators=[Optional(), Length(max=BODY_MAX)])


class PageCreateForm(PageEditForm):
    # Checked by the service (one rule, one Indonesian message); the form only bounds the length.
    slug = StringField(
        _l("Slug (alamat halaman)"), validators=[Length(max=SLUG_MAX + 20)],
        render_kw={"autocapitalize": "none", "autocomplete": "off", "spellcheck": "false"},
    )
