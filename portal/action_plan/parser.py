"""Parse the Rencana Aksi table of a Zona Integritas decree into structured rows. Pure Python, no Flask.

The source is the text export of the decree's attachment (see portal/data/rencana_aksi_2026_sumber.txt): a
tab-separated table with 7 columns

    NO | KOMPONEN | INDIKATOR | LANGKAH AKSI | BUKTI FISIK | PELAKSANAAN | PENANGGUNG JAWAB

Every line of the table is classified as one of:

* page-break header: ``NO  KOMPONEN ...`` and the column-number line ``1 2 3 4 5 6 7``; dropped.
* area: ``I. MANAJEMEN PERUBAHAN`` (roman numeral, dot, title; other cells empty). Starts a new area,
  clears the group, the team and the current row.
* group (sub-heading): NO and KOMPONEN filled, every other cell empty, e.g. ``1 Pengendalian Gratifikasi``,
  ``2 Pelaksanaan Whistle Blowing System``, ``I Pembangunan Unit Kerja ...``. Not a row; the following rows
  carry it as ``group_code`` / ``group_title``.
* numbered row: NO is a number and the other cells carry the action.
* unnumbered line (NO and KOMPONEN empty). The rule that tells the two kinds apart is the PELAKSANAAN cell:

  - PELAKSANAAN filled -> a new, separate action (sub-row). Every action in the plan has a schedule, and a
    schedule is short enough never to wrap to the next page. The sub-row keeps the NO of the row above and
    gets a letter suffix in its code (``V.2.1`` -> ``V.2.1b``, ``V.2.1c`` ...). Its empty KOMPONEN and
    INDIKATOR cells are taken from the row above: in the printed decree those cells are merged vertically
    (e.g. the SPIP row "Menyusun Daftar Uji Penyelenggaraan SPIP" under "Menyusun peta resiko").
  - PELAKSANAAN empty -> the rest of the previous row's cells, wrapped across a page break: each filled
    cell is appended (with a space) to the same column of the previous row, e.g. I.4 INDIKATOR
    "... dalam pelaksanaan" + "pembangunan WBK/WBBM" and LANGKAH AKSI "... berkontribusi dalam" + "rapat
    pleno". In the 2026 seed every such line sits right after a page-break header (or after another
    continuation line); one found elsewhere is still merged but reported in ``warnings``.

  The first continuation line after a page break continues the wrapped sentence (joined with a space); a
  further continuation line that fills the same column again is a separate paragraph of that cell (joined
  with a newline), as in V.1.2 BUKTI FISIK "... menggunakan media daring" / "Sosialisasi tentang Pencegahan
  Gratifikasi".

  Cases in the 2026 seed: continuations I.4 (indikator, langkah aksi), II.3 (indikator), V.1.2 (bukti fisik,
  two lines), V.2.1c (langkah aksi), V.3.1 (bukti fisik), V.3.5 (langkah aksi), V.5.2b (langkah aksi); new
  sub-rows I.4b, V.2.1b-d, V.4.2b, V.4.3b, V.4.4b, V.5.2b-c, VI.1b-c (V.4.2b comes right after a page break
  and is still a new row: it has its own schedule).

PENANGGUNG JAWAB is written on the first row of an area (and repeated on the first row of some groups);
rows without it inherit the team of the row above within the same area. A row that ends up without a team
is an error.

Cell text: inline markup (``<i>..</i>``, ``<b>``, ``<em>`` ...) is stripped to plain text, whitespace is
collapsed and an empty list item (``"Perjanjian Kinerja, , SAKIP"``) is closed up. Spelling is kept as in
the decree.

Codes: ``<area>.<group>.<NO>`` when the group is numbered with an arabic numeral (area V), else
``<area>.<NO>``; sub-rows add ``b``, ``c``, ... The seed's only roman group ("I Pembangunan Unit Kerja ...")
is the single group of area I, so its rows are ``I.1`` .. ``I.4b``.

Regenerate the shipped data file with::

    python -m portal.action_plan.parser portal/data/rencana_aksi_2026_sumber.txt \\
        -o portal/data/rencana_aksi_2026.json
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

COLUMNS = ("no", "komponen", "indikator", "langkah_aksi", "bukti_fisik", "pelaksanaan", "penanggung_jawab")
TEXT_COLUMNS = COLUMNS[1:]

MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
               "Oktober", "November", "Desember")

_MONTH_WORDS: dict[str, int] = {name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}
_MONTH_WORDS.update({
    "pebruari": 2, "nopember": 11,
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8, "ags": 8,
    "agust": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "nop": 11, "des": 12,
})
_MONTH_RE = "|".join(sorted((re.escape(w) for w in _MONTH_WORDS), key=len, reverse=True))
_RANGE = re.compile(rf"\b({_MONTH_RE})\b\.?\s*-\s*\b({_MONTH_RE})\b")
_SINGLE = re.compile(rf"\b({_MONTH_RE})\b")
_ROMAN_PERIOD = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ALL_YEAR = re.compile(r"\b(setiap bulan|tiap bulan|per bulan|perbulan|bulanan|sepanjang tahun"
                       r"|setiap saat)\b")

ROMAN_AREA = re.compile(r"^(?P<code>[IVX]+)\.\s*(?P<title>\S.*)$")
ROMAN = re.compile(r"^[IVX]+$")
_TAGS = re.compile(r"</?(?:i|b|em|strong|u|sup|sub|span)\b[^>]*>", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


class ActionPlanParseError(ValueError):
    """The text is not a Rencana Aksi table this parser understands. `line` is 1-based in the source."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        self.message = f"Baris {line}: {message}" if line else message
        super().__init__(self.message)


@dataclass
class ActionPlanRow:
    seq: int
    area_code: str
    area_title: str
    group_code: str
    group_title: str
    number: int
    code: str
    komponen: str
    indikator: str
    langkah_aksi: str
    bukti_fisik: str
    pelaksanaan: str
    penanggung_jawab: str
    months: list[int] = field(default_factory=list)
    source_lines: list[int] = field(default_factory=list)


@dataclass
class ActionPlan:
    year: int
    title: str
    rows: list[ActionPlanRow]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "title": self.title,
            "count": len(self.rows),
            "rows": [asdict(row) for row in self.rows],
        }


# --------------------------------------------------------------------------------------------- months
def parse_months(text: str) -> list[int]:
    """Month numbers (1-12) in which a PELAKSANAAN value is active, sorted, without duplicates.

    "Januari" -> [1]; "Juni dan Desember" -> [6, 12]; "Januari – Desember" / "Januari-Desember" -> 1..12
    (a range may wrap the year end: "Oktober - Maret" -> 10, 11, 12, 1, 2, 3); "Per Triwulan" ->
    [3, 6, 9, 12] (the month a quarter closes); "Triwulan II" -> [6]; "Per Semester" -> [6, 12];
    "Setiap bulan" -> 1..12. Unknown text gives [].
    """
    s = (text or "").lower()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"\b(s\.?\s?d\.?|s/d|sampai dengan|sampai|hingga)(?=\s|$)", " - ", s)
    months: set[int] = set()
    if _ALL_YEAR.search(s):
        months.update(range(1, 13))
    for match in re.finditer(r"\btriwulan(?:an)?\b(?:\s+(?:ke\s*-?\s*)?(iv|iii|ii|i|[1-4])\b)?", s):
        which = match.group(1)
        if which:
            months.add(_ROMAN_PERIOD[which] * 3)
        else:
            months.update((3, 6, 9, 12))
    for match in re.finditer(r"\bsemester(?:an)?\b(?:\s+(?:ke\s*-?\s*)?(ii|i|[12])\b)?", s):
        which = match.group(1)
        if which:
            months.add(_ROMAN_PERIOD[which] * 6)
        else:
            months.update((6, 12))
    for match in _RANGE.finditer(s):
        start, end = _MONTH_WORDS[match.group(1)], _MONTH_WORDS[match.group(2)]
        month = start
        while True:
            months.add(month)
            if month == end:
                break
            month = month % 12 + 1
    rest = _RANGE.sub(" ", s)
    for match in _SINGLE.finditer(rest):
        months.add(_MONTH_WORDS[match.group(1)])
    return sorted(months)


# ------------------------------------------------------------------------------------------ cell text
def clean_cell(text: str) -> str:
    """Plain text of one cell: markup stripped, whitespace collapsed, empty list items closed up."""
    text = _BR.sub(" ", text)
    text = _TAGS.sub("", text)
    text = text.replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r",(\s*,)+", ",", text)
    return text


def _join(previous: str, more: str, separator: str = " ") -> str:
    if not previous:
        return more
    if not more:
        return previous
    return f"{previous}{separator}{more}"


def _is_page_header(cells: list[str]) -> bool:
    return cells[0].upper() == "NO" and cells[1].upper() == "KOMPONEN"


def _is_column_numbers(cells: list[str]) -> bool:
    return cells == [str(i) for i in range(1, 8)]


def _suffix(index: int) -> str:
    """0 -> '' (the numbered row itself), 1 -> 'b', 2 -> 'c', ..."""
    return "" if index == 0 else chr(ord("a") + index)


# ------------------------------------------------------------------------------------------- the table
def parse_action_plan(text: str) -> ActionPlan:
    """Parse the decree text; raises ActionPlanParseError on a shape it does not recognise."""
    lines = text.splitlines()
    header_index = next(
        (i for i, line in enumerate(lines) if "\t" in line and _is_page_header(_split(line))), None)
    if header_index is None:
        raise ActionPlanParseError("tabel rencana aksi tidak ditemukan (baris judul kolom 'NO, KOMPONEN, "
                                   "INDIKATOR, ...' tidak ada).")
    title, year = _title_and_year(lines[:header_index])
    reader = _TableReader()
    for index in range(header_index, len(lines)):
        raw = lines[index]
        if not raw.strip():
            continue
        if "\t" not in raw:
            break  # end of the table (signature block)
        reader.read(_split(raw), index + 1)
    return _finish(reader, title, year)


@dataclass
class _TableReader:
    """Where the walk through the table is: the area, sub-heading and team in force, the row being read,
    and whether the previous line was a page break (or a continuation of one)."""

    rows: list[ActionPlanRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    area_code: str = ""
    area_title: str = ""
    group_code: str = ""
    group_title: str = ""
    team: str = ""
    current: ActionPlanRow | None = None
    sub_index: int = 0
    after_break: bool = False  # the previous table line was a page-break header or a continuation line
    continued: set[str] = field(default_factory=set)  # columns the previous line (a continuation) appended to

    def read(self, cells: list[str], lineno: int) -> None:
        """One table line: a page header, an area or sub-heading, a numbered row, or a line under one."""
        if _is_page_header(cells) or _is_column_numbers(cells):
            self.after_break, self.continued = True, set()
            return
        no, komponen = cells[0], cells[1]
        area = ROMAN_AREA.match(no)
        if area and not any(cells[1:]):
            self.area_code, self.area_title = area.group("code"), area.group("title")
            self.group_code = self.group_title = self.team = ""
            self._settle(None)
        elif not self.area_code:
            raise ActionPlanParseError("baris tabel sebelum judul area pertama "
                                       "(mis. 'I. MANAJEMEN PERUBAHAN').", lineno)
        elif no and komponen and not any(cells[2:]):
            if not (no.isdigit() or ROMAN.match(no)):
                raise ActionPlanParseError(f"nomor sub-judul tidak dikenal: {no!r}.", lineno)
            self.group_code, self.group_title = no, komponen
            self._settle(None)
        elif no:
            self._numbered(cells, lineno)
        else:
            self._unnumbered(cells, lineno)

    def _settle(self, row: ActionPlanRow | None) -> None:
        """A heading or a new row was read: the next line is not a page-break continuation."""
        self.current, self.after_break, self.continued = row, False, set()

    def _row(self, number: int, komponen: str, indikator: str, cells: list[str], lineno: int) -> None:
        _no, _komponen, _indikator, langkah, bukti, pelaksanaan, _pj = cells
        self._settle(_new_row(self.rows, self.area_code, self.area_title, self.group_code, self.group_title,
                              number, self.sub_index, komponen, indikator, langkah, bukti, pelaksanaan,
                              self.team, lineno))

    def _numbered(self, cells: list[str], lineno: int) -> None:
        no, komponen, indikator, pj = cells[0], cells[1], cells[2], cells[6]
        if not no.isdigit():
            raise ActionPlanParseError(f"kolom NO harus berisi angka, bukan {no!r}.", lineno)
        if not any(cells[2:]):
            raise ActionPlanParseError(f"baris nomor {no} tidak berisi indikator maupun langkah aksi.",
                                       lineno)
        self.team = pj or self.team
        if not self.team:
            raise ActionPlanParseError(
                f"baris nomor {no} tidak mempunyai penanggung jawab dan tidak ada yang dapat diwarisi.",
                lineno)
        self.sub_index = 0
        self._row(int(no), komponen, indikator, cells, lineno)

    def _unnumbered(self, cells: list[str], lineno: int) -> None:
        komponen, indikator, pelaksanaan, pj = cells[1], cells[2], cells[5], cells[6]
        if komponen:
            raise ActionPlanParseError("KOMPONEN terisi tetapi kolom NO kosong.", lineno)
        current = self.current
        if current is None:
            raise ActionPlanParseError("baris lanjutan tanpa baris kegiatan sebelumnya dalam "
                                       "area/sub-judul ini.", lineno)
        if pelaksanaan:
            # A separate action under the same NO (merged KOMPONEN / INDIKATOR cells in the decree).
            self.team = pj or self.team
            self.sub_index += 1
            self._row(current.number, current.komponen, indikator or current.indikator, cells, lineno)
        else:
            self._continuation(current, cells, lineno)

    def _continuation(self, current: ActionPlanRow, cells: list[str], lineno: int) -> None:
        """The rest of the previous row's cells, wrapped to the next page."""
        if not self.after_break:
            self.warnings.append(f"Baris {lineno}: baris lanjutan {current.code} tidak tepat setelah "
                                 "pergantian halaman; teks tetap digabungkan ke baris sebelumnya.")
        filled = set()
        for name, value in zip(TEXT_COLUMNS, cells[1:]):
            if value:
                separator = "\n" if name in self.continued else " "
                setattr(current, name, _join(getattr(current, name), value, separator))
                filled.add(name)
        self.continued = filled
        current.source_lines.append(lineno)
        pj = cells[6]
        if pj:
            current.penanggung_jawab = pj
            self.team = pj
        self.after_break = True


def _finish(reader: _TableReader, title: str, year: int) -> ActionPlan:
    """Months of every row, then the checks on the whole table."""
    rows, warnings = reader.rows, reader.warnings
    if not rows:
        raise ActionPlanParseError("tabel rencana aksi tidak berisi satu pun kegiatan.")
    for row in rows:
        row.months = parse_months(row.pelaksanaan)
        if not row.months:
            warnings.append(f"{row.code}: jadwal pelaksanaan {row.pelaksanaan!r} tidak dikenali sebagai "
                            "bulan.")
    codes = [row.code for row in rows]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ActionPlanParseError(f"kode kegiatan ganda: {', '.join(duplicates)} (nomor baris berulang?).")
    return ActionPlan(year=year, title=title, rows=rows, warnings=warnings)


def _split(line: str) -> list[str]:
    cells = [clean_cell(c) for c in line.split("\t")]
    if len(cells) > len(COLUMNS):
        extra = cells[len(COLUMNS):]
        if any(extra):
            cells = cells[:len(COLUMNS) - 1] + [" ".join(c for c in cells[len(COLUMNS) - 1:] if c)]
        else:
            cells = cells[:len(COLUMNS)]
    return cells + [""] * (len(COLUMNS) - len(cells))


def _title_and_year(before: list[str]) -> tuple[str, int]:
    """The heading right above the table: 'RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS ... TAHUN 2026'."""
    heading: list[str] = []
    for line in reversed(before):
        stripped = clean_cell(line.replace("*", ""))
        if not stripped:
            if heading:
                break
            continue
        heading.insert(0, stripped)
    title = " ".join(heading)
    match = re.search(r"\bTAHUN\s+(\d{4})\b", title, re.IGNORECASE)
    if not match or "RENCANA AKSI" not in title.upper():
        raise ActionPlanParseError(
            "judul tabel 'RENCANA AKSI ... TAHUN <tahun>' tidak ditemukan tepat di atas tabel.")
    return title, int(match.group(1))


def _new_row(rows, area_code, area_title, group_code, group_title, number, sub_index, komponen, indikator,
             langkah, bukti, pelaksanaan, team, lineno) -> ActionPlanRow:
    if group_code.isdigit():
        code = f"{area_code}.{group_code}.{number}{_suffix(sub_index)}"
    else:
        code = f"{area_code}.{number}{_suffix(sub_index)}"
    row = ActionPlanRow(
        seq=len(rows) + 1, area_code=area_code, area_title=area_title, group_code=group_code,
        group_title=group_title, number=number, code=code, komponen=komponen, indikator=indikator,
        langkah_aksi=langkah, bukti_fisik=bukti, pelaksanaan=pelaksanaan, penanggung_jawab=team,
        source_lines=[lineno],
    )
    rows.append(row)
    return row


def parse_file(path: str | Path) -> ActionPlan:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise ActionPlanParseError("berkas bukan teks UTF-8.") from err
    return parse_action_plan(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Parse a Rencana Aksi decree text into JSON.")
    parser.add_argument("source", help="text export of the decree (tab-separated table)")
    parser.add_argument("-o", "--output", help="write JSON here instead of stdout")
    args = parser.parse_args(argv)
    try:
        plan = parse_file(args.source)
    except (OSError, ActionPlanParseError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    data = json.dumps(plan.to_dict(), ensure_ascii=False, indent=1) + "\n"
    if args.output:
        Path(args.output).write_text(data, encoding="utf-8")
    else:
        sys.stdout.write(data)
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
