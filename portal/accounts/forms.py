from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[DataRequired(_l("E-mail wajib diisi.")), Length(max=254)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(_l("Kata sandi wajib diisi.")), Length(max=256)])
    submit = SubmitField(_l("Masuk"))
