"""The office settings form's rules (request-free): what a submitted settings form may store.

- Every key of `site_settings.DEFAULTS` is read; a key missing from the submission keeps its stored value
  (a partial form must not blank the rest). Values are stripped and cut to 500 characters.
- The office name is required.
- The PPID texts (`site_settings.MAX_LENGTHS`) are refused, not cut, when longer than their limit; the PPID
  officer is required (the /ppid page names them); the PPID e-mail, when given, must look like an address.
- An empty logo path means the default logo; any other must name an image file under the static folder
  (`site_settings.logo_path_error`).

`check` returns every broken rule at once, so the form can show them all; the view stores a clean result
with `site_settings.save` (which audits the change).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext

from portal.core import site_settings

MAX_VALUE_LENGTH = 500
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass
class SettingsCheck:
    values: dict[str, str]  # what the form shows again (or stores when there is no error)
    errors: list[str] = field(default_factory=list)  # translated messages, in form order

    @property
    def ok(self) -> bool:
        return not self.errors


def check(submitted: Mapping[str, str], stored: Mapping[str, str], static_root: str | Path) -> SettingsCheck:
    """The submission cleaned, with the message of every rule it breaks."""
    values = {key: str(submitted.get(key, stored[key])).strip() for key in site_settings.DEFAULTS}
    errors = []
    for key, value in values.items():
        limit = site_settings.MAX_LENGTHS.get(key)
        if limit is None:
            values[key] = value[:MAX_VALUE_LENGTH]
        elif len(value) > limit:
            errors.append(gettext("%(field)s terlalu panjang: paling banyak %(n)s karakter.",
                                  field=site_settings.DEFAULTS[key][0], n=limit))
    if not values["office_name"]:
        errors.append(gettext("Nama satuan kerja wajib diisi."))
    if not values["ppid_officer"]:
        errors.append(gettext("Pejabat PPID wajib diisi."))
    if values["ppid_email"] and not _EMAIL.fullmatch(values["ppid_email"]):
        errors.append(gettext("E-mail PPID tidak valid."))
    values["logo_path"] = values["logo_path"] or site_settings.DEFAULTS["logo_path"][1]
    logo_error = site_settings.logo_path_error(values["logo_path"], static_root)
    if logo_error:
        errors.append(logo_error)
    return SettingsCheck(values, errors)

