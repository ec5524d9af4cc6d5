"""Settings are read in one place (portal/config.py); each has its PORTAL_* variable and its default there."""
from __future__ import annotations

import pytest

from portal import create_app
from portal.config import TESTING_DEFAULTS, settings_from_env
from portal.zi.service import DEFAULT_GRACE_DAYS
from tests.conftest import make_test_config

MOVED = {  # setting: (environment variable, default, a value to set)
    "ZI_GRACE_DAYS": ("PORTAL_ZI_GRACE_DAYS", DEFAULT_GRACE_DAYS, 14),
    "ATTACHMENT_MAX_FILES": ("PORTAL_ATTACHMENT_MAX_FILES", 5, 3),
    "ATTACHMENT_MAX_SIZE": ("PORTAL_ATTACHMENT_MAX_SIZE", 10 * 1024 * 1024, 2048),
    "SETTINGS_CACHE_SECONDS": ("PORTAL_SETTINGS_CACHE_SECONDS", 30, 5),
    "PAGE_CACHE_SECONDS": ("PORTAL_PAGE_CACHE_SECONDS", 10, 0),
}


@pytest.mark.parametrize("key", sorted(MOVED))
def test_setting_has_its_default_and_its_variable_in_config(key, tmp_path, monkeypatch):
    env, default, value = MOVED[key]
    monkeypatch.delenv(env, raising=False)
    assert settings_from_env(tmp_path)[key] == default
    monkeypatch.setenv(env, str(value))
    assert settings_from_env(tmp_path)[key] == value


def test_caches_are_off_under_testing_unless_a_test_sets_them(tmp_path):
    app = create_app(make_test_config(tmp_path, None))
    assert {key: app.config[key] for key in TESTING_DEFAULTS} == TESTING_DEFAULTS
    assert "portal_page_cache" not in app.extensions
    app = create_app(make_test_config(tmp_path, None, PAGE_CACHE_SECONDS=7))
    assert app.extensions["portal_page_cache"].seconds == 7
