"""Forms of the staff accounts: log-in, the user form of the admin pages, one's own password."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectMultipleField, StringField, SubmitField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from portal.accounts.models import ROLES


class LoginForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(_l("E-mail wajib diisi.")), Length(max=254)])
    password = PasswordField(_l("Kata sandi"), validators=[
        DataRequired(_l("Kata sandi wajib diisi.")), Length(max=256)])
    submit = SubmitField(_l("Masuk"))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class UserForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[
        DataRequired(_l("E-mail wajib diisi.")), Email(_l("Alamat e-mail tidak valid.")), Length(max=254)])
    name = StringField(_l("Nama"), validators=[Optional(), Length(max=120)])
    # WTForms 3.3 deprecates (value, label) tuples; with filterwarnings=error they would be a 500.
    roles = MultiCheckboxField(
        _l("Peran"), choices=[SelectChoice(role, label) for role, label in ROLES.items()],
        validators=[DataRequired(_l("Pilih sekurang-kurangnya satu peran."))],
        invalid_choice_message=_l("Peran tidak dikenal."),
    )
    password = PasswordField(_l("Kata sandi"), validators=[Optional(), Length(max=256)])
    active = BooleanField(_l("Aktif"), default=True)
    submit = SubmitField(_l("Simpan"))


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Kata sandi saat ini"), validators=[
        DataRequired(_l("Kata sandi saat ini wajib diisi.")), Length(max=256)])
    new = PasswordField(_l("Kata sandi baru"), validators=[
        DataRequired(_l("Kata sandi baru wajib diisi.")), Length(max=256)])
    confirm = PasswordField(_l("Ulangi kata sandi baru"), validators=[
        DataRequired(_l("Ulangi kata sandi baru.")),
        EqualTo("new", _l("Kedua isian kata sandi baru tidak sama."))])
    submit = SubmitField(_l("Ganti kata sandi"))
