"""IKM arithmetic of the SKM (PermenPAN-RB 14/2017), pure functions, plus the SQL aggregation.

Definitions (checked against the regulation, see docs in the module below):

* NRR of an unsur (nilai rata-rata) = sum of its answers / number of respondents who answered it.
* IKM (nilai indeks, 1..4) = Σ NRR × weight, the weight being 1 / number of unsur used: exactly 1/9 when
  all nine are asked. The regulation prints the weight as "1/9 = 0,11"; multiplying by 0.11 instead
  of 1/9 would make a perfect score 99.00, so the fraction is used.
  When a free service's Biaya/Tarif question is not asked, the IKM is the mean of the eight unsur
  answered (the regulation's "total unsur yang terisi").
* IKM konversi (25..100) = IKM × 25, rounded half-up to 2 decimals; the mutu is read from the rounded
  value: ≥ 88.31 A (Sangat Baik), ≥ 76.61 B (Baik), ≥ 65.00 C (Kurang Baik), else D (Tidak Baik).
  An unsur's own category uses the same table on NRR × 25 (NI: A 3.5324–4.00, B 3.0644–3.532,
  C 2.60–3.064, D 1.00–2.5996 are exactly the konversi bounds divided by 25).
* Minimum sample (Krejcie & Morgan): S = λ²NPQ / (d²(N−1) + λ²PQ), λ² = 3.841, P = Q = 0.5, d = 0.05,
  rounded to the nearest whole respondent, which is how the Krejcie & Morgan table is built (50 -> 44,
  500 -> 217; rounding up would give 45 and 218).

All sums are integers from SQL and every quotient is an exact `Fraction`, so boundaries such as
88.305 → 88.31 → A never depend on floating point.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from portal.survey.models import UNSUR_KEYS, SurveyResponse


@dataclass(frozen=True)
class Unsur:
    key: str
    code: str  # U1..U9
    label: object  # lazy string
    answers: tuple  # wording of 1, 2, 3, 4
    question: object


# The answer wording of the regulation's questionnaire, worst (1) to best (4), then the question.
_SESUAI = (_l("Tidak sesuai"), _l("Kurang sesuai"), _l("Sesuai"), _l("Sangat sesuai"))
_MUDAH = (_l("Tidak mudah"), _l("Kurang mudah"), _l("Mudah"), _l("Sangat mudah"))
_CEPAT = (_l("Tidak cepat"), _l("Kurang cepat"), _l("Cepat"), _l("Sangat cepat"))
_TARIF = (_l("Sangat mahal"), _l("Cukup mahal"), _l("Murah"), _l("Gratis"))
_KOMPETEN = (_l("Tidak kompeten"), _l("Kurang kompeten"), _l("Kompeten"), _l("Sangat kompeten"))
_SOPAN = (_l("Tidak sopan dan ramah"), _l("Kurang sopan dan ramah"), _l("Sopan dan ramah"),
          _l("Sangat sopan dan ramah"))
_PENGADUAN = (_l("Tidak ada"), _l("Ada tetapi tidak berfungsi"), _l("Berfungsi kurang maksimal"),
              _l("Dikelola dengan baik"))
_SARANA = (_l("Buruk"), _l("Cukup"), _l("Baik"), _l("Sangat baik"))

UNSUR: tuple[Unsur, ...] = (
    Unsur("persyaratan", "U1", _l("Persyaratan"), _SESUAI,
          _l("Bagaimana pendapat Anda tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?")),
    Unsur("prosedur", "U2", _l("Sistem, Mekanisme, dan Prosedur"), _MUDAH,
          _l("Bagaimana pemahaman Anda tentang kemudahan prosedur pelayanan di unit ini?")),
    Unsur("waktu", "U3", _l("Waktu Penyelesaian"), _CEPAT,
          _l("Bagaimana pendapat Anda tentang kecepatan waktu dalam memberikan pelayanan?")),
    Unsur("biaya", "U4", _l("Biaya/Tarif"), _TARIF,
          _l("Bagaimana pendapat Anda tentang kewajaran biaya/tarif dalam pelayanan?")),
    Unsur("produk", "U5", _l("Produk Spesifikasi Jenis Pelayanan"), _SESUAI,
          _l("Bagaimana pendapat Anda tentang kesesuaian produk pelayanan antara yang tercantum dalam "
             "standar pelayanan dengan hasil yang diberikan?")),
    Unsur("kompetensi", "U6", _l("Kompetensi Pelaksana"), _KOMPETEN,
          _l("Bagaimana pendapat Anda tentang kompetensi/kemampuan petugas dalam pelayanan?")),
    Unsur("perilaku", "U7", _l("Perilaku Pelaksana"), _SOPAN,
          _l("Bagaimana pendapat Anda tentang perilaku petugas dalam pelayanan terkait kesopanan dan "
             "keramahan?")),
    Unsur("pengaduan", "U8", _l("Penanganan Pengaduan, Saran dan Masukan"), _PENGADUAN,
          _l("Bagaimana pendapat Anda tentang penanganan pengaduan pengguna layanan?")),
    Unsur("sarana", "U9", _l("Sarana dan Prasarana"), _SARANA,
          _l("Bagaimana pendapat Anda tentang kualitas sarana dan prasarana?")),
)
UNSUR_BY_KEY: dict[str, Unsur] = {u.key: u for u in UNSUR}
assert tuple(u.key for u in UNSUR) == UNSUR_KEYS


@dataclass(frozen=True)
class Mutu:
    code: str  # A B C D
    label: object  # kinerja unit pelayanan: Sangat Baik ...
    lower: Decimal  # lowest IKM konversi of the class


MUTU: tuple[Mutu, ...] = (
    Mutu("A", _l("Sangat Baik"), Decimal("88.31")),
    Mutu("B", _l("Baik"), Decimal("76.61")),
    Mutu("C", _l("Kurang Baik"), Decimal("65.00")),
    Mutu("D", _l("Tidak Baik"), Decimal("25.00")),
)
MUTU_BY_CODE: dict[str, Mutu] = {m.code: m for m in MUTU}

LAMBDA_SQUARED = Fraction(3841, 1000)  # chi-square, 1 degree of freedom, 5 %
P = Q = Fraction(1, 2)
D_ERROR = Fraction(5, 100)


# --------------------------------------------------------------------------------------------- arithmetic
def nrr(total: int, count: int) -> Fraction | None:
    """Nilai rata-rata of one unsur; None when nobody answered it."""
    if not count:
        return None
    return Fraction(int(total), int(count))


def ikm(nrrs: Iterable[Fraction | None]) -> Fraction | None:
    """Nilai indeks: Σ NRR × 1/k over the k unsur that have answers (k = 9 normally: exactly 1/9)."""
    present = [value for value in nrrs if value is not None]
    if not present:
        return None
    weight = Fraction(1, len(present))
    return sum((value * weight for value in present), Fraction(0))


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Exact half-up rounding of a non-negative fraction to `places` decimals."""
    if value < 0:
        raise ValueError("negative value")
    scale = 10 ** places
    units = math.floor(value * scale + Fraction(1, 2))
    return (Decimal(units) / Decimal(scale)).quantize(Decimal(1).scaleb(-places))


def konversi(index: Fraction) -> Decimal:
    """IKM konversi = nilai indeks × 25, rounded half-up to 2 decimals."""
    return round_half_up(index * 25, 2)


def mutu(konversi_value: Decimal | str | float) -> Mutu:
    """Mutu pelayanan of an already rounded IKM konversi (two decimals)."""
    value = Decimal(str(konversi_value)).quantize(Decimal("0.01"))
    for grade in MUTU:
        if value >= grade.lower:
            return grade
    return MUTU[-1]


def unsur_category(value: Fraction) -> Mutu:
    """Category of one unsur from its NRR (the NI table = the konversi table / 25)."""
    return mutu(konversi(value))


def krejcie_morgan(population: int) -> int:
    """Minimum sample for a population of N, as in the Krejcie & Morgan (1970) table that the regulation
    refers to. The table rounds the formula to the nearest whole respondent (N = 50 -> 44.3 -> 44,
    N = 500 -> 217.5 -> 217), not up: rounding half-up reproduces every entry of the table, rounding up
    disagrees with half of them."""
    n = int(population)
    if n <= 0:
        return 0
    s = (LAMBDA_SQUARED * n * P * Q) / (D_ERROR ** 2 * (n - 1) + LAMBDA_SQUARED * P * Q)
    return min(n, math.floor(s + Fraction(1, 2)))


def period_population(annual: int | None, months: int) -> int | None:
    """Population of a period of `months` months estimated from the annual figure (rounded up)."""
    if not annual:
        return None
    return math.ceil(Fraction(int(annual) * months, 12))


# --------------------------------------------------------------------------------------------- SQL
@dataclass
class Tally:
    """SUM and COUNT of each unsur (and the number of questionnaires) for one service or the office."""

    respondents: int
    sums: dict[str, int]
    counts: dict[str, int]
    paid_on_free: int = 0  # answers on a free service that did not say "Gratis" (biaya < 4)

    @classmethod
    def empty(cls) -> Tally:
        return cls(0, {k: 0 for k in UNSUR_KEYS}, {k: 0 for k in UNSUR_KEYS})

    def add(self, other: Tally) -> None:
        self.respondents += other.respondents
        self.paid_on_free += other.paid_on_free
        for key in UNSUR_KEYS:
            self.sums[key] += other.sums[key]
            self.counts[key] += other.counts[key]

    def nrr(self) -> dict[str, Fraction | None]:
        return {key: nrr(self.sums[key], self.counts[key]) for key in UNSUR_KEYS}


def _period_filter(start: date, end: date):
    return (SurveyResponse.submitted_on >= start, SurveyResponse.submitted_on <= end)


def tally_by_service(session: Session, start: date, end: date) -> dict[int, Tally]:
    """One GROUP BY query: per service, the number of questionnaires, SUM/COUNT of every unsur, and the
    answers on a free service that did not say "Gratis" (a sign of pungutan to look into)."""
    paid = case((and_(SurveyResponse.service_was_free.is_(True), SurveyResponse.biaya < 4), 1), else_=0)
    columns = [func.count(), func.coalesce(func.sum(paid), 0)]
    for key in UNSUR_KEYS:
        column = getattr(SurveyResponse, key)
        columns += [func.coalesce(func.sum(column), 0), func.count(column)]
    query = (
        select(SurveyResponse.service_id, *columns)
        .where(*_period_filter(start, end))
        .group_by(SurveyResponse.service_id)
    )
    result: dict[int, Tally] = {}
    for row in session.execute(query):
        values = list(row)
        service_id, respondents, paid_on_free, rest = values[0], int(values[1]), int(values[2]), values[3:]
        sums = {key: int(rest[2 * i]) for i, key in enumerate(UNSUR_KEYS)}
        counts = {key: int(rest[2 * i + 1]) for i, key in enumerate(UNSUR_KEYS)}
        result[service_id] = Tally(respondents, sums, counts, paid_on_free)
    return result


AGE_BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("< 20", 0, 19), ("20–29", 20, 29), ("30–39", 30, 39), ("40–49", 40, 49), ("50–59", 50, 59),
    ("≥ 60", 60, 200),
)


def _age_bucket():
    return case(*[(SurveyResponse.age <= upper, label) for label, _lower, upper in AGE_BUCKETS[:-1]],
                else_=AGE_BUCKETS[-1][0])


PROFILE_BREAKDOWNS = ("gender", "age", "education", "occupation")


def profile_by_service(session: Session, start: date, end: date) -> dict[int, dict[str, dict[str, int]]]:
    """Respondent profile counts per service: {service_id: {"gender": {"L": 3, ...}, "age": ..., ...}}.

    One scan: GROUP BY every combination (at most services x 2 x 6 x |pendidikan| x |pekerjaan| small
    groups), then the four breakdowns are summed up in Python from those few rows."""
    age = _age_bucket().label("age_bucket")
    query = (
        select(SurveyResponse.service_id, SurveyResponse.gender, age, SurveyResponse.education,
               SurveyResponse.occupation, func.count())
        .where(*_period_filter(start, end))
        .group_by(SurveyResponse.service_id, SurveyResponse.gender, age, SurveyResponse.education,
                  SurveyResponse.occupation)
    )
    result: dict[int, dict[str, dict[str, int]]] = {}
    for service_id, *values, count in session.execute(query):
        breakdowns = result.setdefault(service_id, {name: {} for name in PROFILE_BREAKDOWNS})
        for name, value in zip(PROFILE_BREAKDOWNS, values, strict=True):
            bucket = breakdowns[name]
            bucket[str(value)] = bucket.get(str(value), 0) + int(count)
    return result
