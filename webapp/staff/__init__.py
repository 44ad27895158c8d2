"""The staff area at /staff: staff keep the signposting content right without a developer.

Editors create, edit, retire, restore and translate services and self-help guides; booking
staff see the day's bookings, with people's details (every view and export is logged), and
set appointment availability; duty workers answer the chats handed to a person, of their
own team; admins do all of it, roll back revisions and manage staff accounts and the duty
teams' hours. Sign-in sessions are kept on the server and end on sign-out, when idle and after
an absolute limit; accounts lock after repeated wrong passwords."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask


def init_app(app: Flask) -> None:
    from webapp.staff import (
        auth,
        availability,  # noqa: F401  (its pages join the bookings blueprint)
        bookings,
        cli,
        duty_teams,
        guides,
        inbox,
        labels,
        missed,
        overdue,
        services,
        usage,
        users,
    )
    from webapp.staff.page_helpers import error_list, local_time
    from webapp.staff.session import SessionInterface

    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(
        minutes=app.config["STAFF_SESSION_MINUTES"]
    )
    app.session_interface = SessionInterface()
    auth.login_manager.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(services.bp)
    app.register_blueprint(guides.bp)
    app.register_blueprint(users.bp)
    app.register_blueprint(bookings.bp)
    app.register_blueprint(missed.bp)
    app.register_blueprint(usage.bp)
    app.register_blueprint(duty_teams.bp)
    app.register_blueprint(inbox.bp)
    app.add_template_global(error_list, "staff_error_list")
    app.add_template_global(labels.label, "staff_label")
    app.add_template_global(local_time, "staff_local_time")
    cli.init_app(app)
    overdue.init_app(app)
