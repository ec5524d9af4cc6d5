"""IKM per service and per unsur over 1,000,000 SKM responses on PostgreSQL, next to a plain SELECT count(*).

    .venv/bin/python benchmarks/skm_1m.py                  # 1,000,000 responses, best/median of 5
    .venv/bin/python benchmarks/skm_1m.py --rows 200000 --repeat 3 --keep

Creates a temporary database next to the server's admin database (default
postgresql+psycopg://postgres@127.0.0.1:5432/test, override with --admin-url or BENCH_DATABASE_URL),
builds the schema from the models (the same indexes as production), adds four services, bulk-loads the
responses with one INSERT ... SELECT over generate_series (one calendar year, skewed answers 1..4 per
unsur, random profiles), runs VACUUM ANALYZE (--no-vacuum: ANALYZE only), then times with the real
service code (portal/survey/ikm.py, portal/survey/service.py):

* IKM per service and per unsur for the whole year: the one GROUP BY query (SUM and COUNT of the nine
  unsur per service) plus the exact arithmetic (NRR, IKM, konversi, mutu) for every service and the office;
* the same for one triwulan (a quarter of the rows, through the (submitted_on, service_id) index);
* the full results page data (compute: IKM + the four profile breakdowns + the biaya check);
* next to `SELECT count(*) FROM survey_responses`.

Prints first, best and median of N runs; the database is dropped at the end unless --keep.
"""
from __future__ import annotations

import time

from benchlib import bulk_load_parser, schema_database, time_cases, vacuum_and_describe
from sqlalchemy import text
from sqlalchemy.orm import Session

from portal.core import periods
from portal.standards.models import Service
from portal.survey import ikm
from portal.survey import service as survey
from portal.survey.models import UNSUR_KEYS

SERVICES = [("layanan-informasi-publik", "Layanan Informasi Publik (PPID)", 0.30),
            ("layanan-pengaduan", "Layanan Pengaduan Masyarakat", 0.10),
            ("layanan-data-pemilih", "Layanan Data Pemilih", 0.40),
            ("layanan-konsultasi", "Layanan Konsultasi Kepemiluan", 0.20)]
EDUCATION = survey.DEFAULT_EDUCATION
OCCUPATION = survey.DEFAULT_OCCUPATION
# Probability that an answer climbs above 1, 2 and 3 (so each unsur has its own skew); waktu is the weak one.
SKEW = {key: (0.98, 0.88, 0.50) for key in UNSUR_KEYS}
SKEW.update(waktu=(0.95, 0.75, 0.30), sarana=(0.97, 0.82, 0.40), biaya=(0.995, 0.99, 0.93))


def pick_from(array: list[str], column: str) -> str:
    quoted = ", ".join("'" + item.replace("'", "''") + "'" for item in array)
    return f"(ARRAY[{quoted}])[1 + floor({column} * {len(array)})::int]"


def load(engine, rows: int, year: int) -> float:
    started = time.perf_counter()
    with Session(engine) as session:
        ids = []
        for order, (slug, name, _share) in enumerate(SERVICES):
            service = Service(slug=slug, name=name, order=order * 10)
            session.add(service)
            session.flush()
            ids.append(service.id)
            survey.save_service_config(session, service, survey_open=True, is_free=True, biaya_mode="tanya",
                                       annual_population=rows // len(SERVICES), require_token=False,
                                       actor=None)
        session.commit()
    bound, cases = 0.0, []
    for service_id, (_slug, _name, share) in zip(ids[:-1], SERVICES[:-1]):
        bound += share
        cases.append(f"WHEN r_service < {bound:.4f} THEN {service_id}")
    service_case = "CASE " + " ".join(cases) + f" ELSE {ids[-1]} END"
    answer_columns = []
    for key in UNSUR_KEYS:
        a, b, c = SKEW[key]
        answer_columns.append(f"(1 + (random() < {a})::int + (random() < {b})::int + (random() < {c})::int)")
    submitted = f"(timestamptz '{year}-01-01 00:00:00+07' + r_time * interval '365 days')"
    sql = f"""
        INSERT INTO survey_responses (service_id, service_date, submitted_at, submitted_on, gender, age,
                                      education, occupation, {", ".join(UNSUR_KEYS)}, suggestion,
                                      service_was_free)
        SELECT {service_case},
               ({submitted} AT TIME ZONE 'Asia/Jakarta')::date - floor(r_lag * 3)::int,
               {submitted},
               ({submitted} AT TIME ZONE 'Asia/Jakarta')::date,
               CASE WHEN r_gender < 0.52 THEN 'L' ELSE 'P' END,
               18 + floor(r_age * 55)::int,
               {pick_from(EDUCATION, "r_edu")},
               {pick_from(OCCUPATION, "r_occ")},
               {", ".join(answer_columns)},
               CASE WHEN r_lag < 0.05 THEN 'Saran nomor ' || g ELSE '' END,
               true
        FROM (
            SELECT g, random() AS r_service, random() AS r_time, random() AS r_lag, random() AS r_gender,
                   random() AS r_age, random() AS r_edu, random() AS r_occ
            FROM generate_series(1, :rows) AS g
        ) AS r
    """
    with engine.begin() as conn:
        conn.execute(text("SELECT setseed(0.14)"))
        conn.execute(text(sql), {"rows": rows})
    return time.perf_counter() - started


def ikm_per_service_and_unsur(session: Session, period) -> dict:
    """What the IKM figures need: one SQL aggregate, then exact arithmetic per service and for the office."""
    tallies = ikm.tally_by_service(session, period.start, period.end)
    total = ikm.Tally.empty()
    result = {}
    for service_id, tally in tallies.items():
        total.add(tally)
        result[service_id] = _figures(tally)
    result["total"] = _figures(total)
    return result


def _figures(tally: ikm.Tally) -> tuple:
    """(respondents, NRR per unsur, IKM konversi, mutu code) of one tally."""
    nrrs = tally.nrr()
    konversi = ikm.konversi(ikm.ikm(nrrs.values()))
    return tally.respondents, nrrs, konversi, ikm.mutu(konversi).code


def main() -> int:
    parser = bulk_load_parser(__doc__.splitlines()[0], year=2026, vacuum_help="ANALYZE only (no VACUUM)")
    args = parser.parse_args()

    with schema_database(args.admin_url, "portal_bench_skm", keep=args.keep) as (name, engine):
        print(f"database {name}: loading {args.rows:,} SKM responses over {args.year} ...")
        load_seconds = load(engine, args.rows, args.year)
        total = vacuum_and_describe(engine, "survey_responses", load_seconds, no_vacuum=args.no_vacuum)
        print()

        year, quarter = periods.year_period(args.year), periods.quarter_period(args.year, 2)
        with Session(engine) as session:
            cases = [
                ("SELECT count(*) FROM survey_responses", lambda: session.execute(
                    text("SELECT count(*) FROM survey_responses")).scalar_one()),
                (f"IKM per service + per unsur, {year.label}",
                 lambda: ikm_per_service_and_unsur(session, year)),
                (f"IKM per service + per unsur, {quarter.label}",
                 lambda: ikm_per_service_and_unsur(session, quarter)),
                (f"full results data (compute), {year.label}", lambda: survey.compute(session, year)),
                (f"full results data (compute), {quarter.label}", lambda: survey.compute(session, quarter)),
            ]
            results = time_cases(session, cases, args.repeat, width=48)
            figures = ikm_per_service_and_unsur(session, year)
            names = {s.id: s.name for s in session.query(Service)}
        count_best = results["SELECT count(*) FROM survey_responses"][0]
        ikm_best, ikm_median = results[f"IKM per service + per unsur, {year.label}"]
        print(f"\nIKM per service and per unsur over {total:,} responses: best {ikm_best:.0f} ms / median "
              f"{ikm_median:.0f} ms = {ikm_best / count_best:.1f}x a plain count(*); "
              f"goal < 1000 ms: {'met' if ikm_median < 1000 else 'NOT met'}")
        print("check:")
        for key, (n, nrrs, konversi, grade) in figures.items():
            label = "Seluruh layanan" if key == "total" else names[key]
            weakest = min((v, k) for k, v in nrrs.items() if v is not None)[1]
            print(f"  {label:<34} n={n:>9,}  IKM konversi {konversi}  mutu {grade}  terendah {weakest}")
        assert figures["total"][0] == total
        return 0 if ikm_median < 1000 else 1

if __name__ == "__main__":
    raise SystemExit(main())
