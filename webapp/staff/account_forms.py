"""Staff sign-in and staff account forms (Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from webapp.bounds import EMAIL
from webapp.models.staff import ROLES

MIN_PASSWORD_LENGTH = 12


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), [DataRequired(_l("Enter your email address."))])
    password = PasswordField(_l("Password"), [DataRequired(_l("Enter your password."))])


class UserForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        [
            DataRequired(_l("Enter their email address.")),
            Regexp(EMAIL, message=_l("Enter an email address.")),
            Length(max=200),
        ],
    )
    name = StringField(_l("Full name"), [DataRequired(_l("Enter their name.")), Length(max=200)])
    role = SelectField(_l("Role"), choices=list(ROLES), default="editor")
    password = PasswordField(
        _l("Password"),
        [
            DataRequired(_l("Enter a password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Password again"), [EqualTo("password", _l("The two passwords are not the same."))]
    )
