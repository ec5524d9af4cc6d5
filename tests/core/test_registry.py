"""The feature registry (portal/core/registry.py): a feature declares what it brings, the factory installs
it."""
from __future__ import annotations

import sys
import types

import click
import pytest
from flask import Blueprint
from flask.cli import with_appcontext
from flask_login import login_user

from portal import create_app
from portal.accounts.models import User
from portal.admin.views import _dashboard_panels
from portal.core import registry
from portal.extensions import db
from portal.features import FEATURES
from tests.conftest import make_test_config


def _fake_feature() -> types.ModuleType:
    """`portal.catatan`: a tiny feature package with a page, a staff page, a command and a loader."""
    module = types.ModuleType("portal.catatan")
    module.__path__ = []  # a package (with no models, no templates)
    bp = Blueprint("catatan", "portal.catatan")

    @bp.route("/")
    def index():
        return "catatan umum"

    @bp.route("/staf")
    def staff():
        return "catatan staf"

    @click.command("catatan-halo")
    @with_appcontext
    def hello():
        click.echo("halo dari catatan")

    module.bp = bp
    module.hello = hello
    module.load = lambda session: "3 catatan bawaan"
    module.sample = lambda session: "catatan: contoh"
    module.FEATURE = registry.Feature(
        "catatan",
        blueprints=(registry.Mount("portal.catatan:bp", "/catatan"),),
        menu=(registry.MenuEntry("catatan.index", "Catatan", 65),),
        staff_menu=(registry.MenuEntry("catatan.staff", "Catatan staf", 5, ("editor",)),),
        loaders=(registry.Loader("catatan", "portal.catatan:load"),),
        samplers=("portal.catatan:sample",),
        commands=("portal.catatan:hello",),
    )
    return module


@pytest.fixture
def fake_app(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "portal.catatan", _fake_feature())
    monkeypatch.setattr("portal.features.FEATURES", (*FEATURES, "catatan"))
    app = create_app(make_test_config(tmp_path, None))
    with app.app_context():
        db.create_all()
    return app


def test_a_feature_added_to_the_list_brings_its_blueprint_menus_command_loader_and_sampler(fake_app):
    client = fake_app.test_client()
    assert client.get("/catatan/").get_data(as_text=True) == "catatan umum"
    with fake_app.test_request_context("/"):
        menu = fake_app.jinja_env.globals["nav_items"]()
        endpoints = [endpoint for endpoint, _label in menu]
        assert ("catatan.index", "Catatan") in menu
        assert endpoints.index("survey.form") < endpoints.index("catatan.index")  # order 65: between
        assert endpoints.index("catatan.index") < endpoints.index("recap.index")
        staff = fake_app.jinja_env.globals["admin_menu"]()
        assert staff[:2] == [("admin.dashboard", "Dasbor", ()),
                             ("catatan.staff", "Catatan staf", ("editor",))]
    result = fake_app.test_cli_runner().invoke(args=["catatan-halo"])
    assert result.exit_code == 0, result.output
    assert "halo dari catatan" in result.output
    with fake_app.app_context():
        lines = registry.run_loaders(db.session)
        assert lines[-1] == "catatan: 3 catatan bawaan"
        assert registry.run_samplers(db.session, "sandi-demo-2026")[-1] == "catatan: contoh"


def test_a_package_without_a_feature_declaration_brings_nothing(monkeypatch):
    module = types.ModuleType("portal.kosong")
    monkeypatch.setitem(sys.modules, "portal.kosong", module)
    assert registry.feature_of("kosong") == registry.Feature("kosong")


def test_the_shipped_features_declare_the_menus_in_their_old_order(app):
    with app.test_request_context("/"):
        menu = [endpoint for endpoint, _label in app.jinja_env.globals["nav_items"]()]
        assert menu == ["public.action_plan", "public.standards", "public.pledge", "ppid.index", "dumas.form",
                        "wbs.guide",
                        "survey.form", "recap.index", "api.open_data"]  # issue 12 §1: Data Terbuka last
        staff = app.jinja_env.globals["admin_menu"]()
    assert [(endpoint, roles) for endpoint, _label, roles in staff] == [
        ("admin.dashboard", ()), ("admin_dumas.inbox", ("dumas", "pimpinan")), ("admin_wbs.inbox", ("wbs",)),
        ("admin_survey.responses", ("admin", "editor", "pimpinan")), ("admin_content.pages", ("editor",)),
        ("admin_ppid.index", ("ppid", "editor", "pimpinan")),
        ("admin_ppid_requests.inbox", ("ppid", "pimpinan")),
        ("admin_ppid_objections.inbox", ("ppid", "atasan_ppid", "pimpinan")),
        ("admin_risks.index", ("risiko", "pimpinan", "admin")),
        ("admin_standards.index", ("editor",)), ("admin_zi.dashboard", ()),
        ("admin_gratification.index", ("pegawai", "upg")), ("admin_gratification.recap", ("upg", "pimpinan")),
        ("admin_conflicts.index", ("pegawai", "admin", "pimpinan", "wbs")),
        ("admin_recap.index", ("dumas", "admin", "pimpinan")), ("admin.users", ("admin",)),
        ("admin.settings", ("admin",)), ("admin.jobs_index", ("admin",)),
        ("admin.audit_log", ("admin", "pimpinan")),
    ]


def test_menu_labels_follow_the_reader_language(app):
    with app.test_request_context("/?lang=en"):
        labels = dict(app.jinja_env.globals["nav_items"]())
    assert labels["dumas.form"] != "Pengaduan"  # translated (the catalogue holds "Pengaduan")


def test_every_shipped_command_loader_and_sampler_is_declared(app):
    names = set(app.cli.list_commands(None))
    assert {"init", "demo-data", "create-user", "grant-role", "reset-totp", "import-action-plan", "backup",
            "restore", "check-uploads", "wbs-key-export", "wbs-key-check", "wbs-purge", "wbs-files-to-db",
            "zi-digest"} <= names
    reg = app.extensions[registry.EXTENSION]
    assert [loader.name for loader in reg.loaders()] == [
        "libur nasional & cuti bersama 2026", "rencana aksi", "standar pelayanan", "halaman konten",
        "kategori aduan", "wbs_key", "tim zi"]
    assert [sampler.__module__ for sampler in reg.samplers()] == [
        "portal.accounts.demo", "portal.dumas.demo", "portal.wbs.demo", "portal.survey.service",
        "portal.zi.service", "portal.ppid.demo", "portal.gratification.demo", "portal.conflicts.demo",
        "portal.risks.demo"]


def test_dashboard_panels_follow_the_declared_roles(app, login_as):
    editor = login_as("editor")
    with app.test_request_context("/admin/"):
        login_user(db.session.get(User, editor.id))
        templates, _context = _dashboard_panels()
    # conflicts: declared for every staff member (the ZI team is a membership), it renders empty for an editor
    assert templates == ["admin/content/_dashboard_panel.html", "admin/survey/_dashboard_panel.html",
                         "admin/zi/_dashboard_panel.html", "admin/conflicts/_dashboard_panel.html"]


def test_panels_are_ordered_by_their_declared_order_then_feature_order():
    first = registry.Feature("a", panels=(registry.Panel("a.html", "m:a"),
                                          registry.Panel("a2.html", "m:a2", order=5)))
    second = registry.Feature("b", panels=(registry.Panel("b.html", "m:b", order=10),
                                           registry.Panel("b2.html", "m:b2")))
    reg = registry.Registry([first, second])
    assert [panel.template for panel in reg.panels()] == ["a2.html", "b.html", "a.html", "b2.html"]
