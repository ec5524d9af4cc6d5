"""Recap of 1,000,000 DUMAS complaints on PostgreSQL, next to a plain SELECT count(*).

    .venv/bin/python benchmarks/recap_1m.py                 # 1,000,000 rows, best of 5
    .venv/bin/python benchmarks/recap_1m.py --rows 200000 --repeat 3 --keep

Creates a temporary database next to the server's admin database (default
postgresql+psycopg://postgres@127.0.0.1:5432/test, override with --admin-url or BENCH_DATABASE_URL),
builds the schema from the models (the same indexes as production), bulk-loads the complaints with
one INSERT ... SELECT over generate_series (3 years, realistic spreads of channel, category, status and
days to close), runs VACUUM ANALYZE (what autovacuum does after a bulk load; --no-vacuum for ANALYZE
only), then times the full recap of one year and each matrix separately with the real service code
(portal/recap/service.py) and prints best and median of N runs. Each matrix timed on its own
runs its own GROUP BY scan; the full recap runs that scan once and folds every matrix from it, plus the
median query. The database is dropped at the end
unless --keep.
"""
from __future__ import annotations

import time

from benchlib import bulk_load_parser, schema_database, time_cases, vacuum_and_describe
from sqlalchemy import text
from sqlalchemy.orm import Session

from portal.core import periods
from portal.dumas.models import Category, Complaint
from portal.recap import service as recaps

CATEGORIES = [  # slug, name, share of complaints (the rest has no category yet)
    ("pelayanan", "Pelayanan", 0.26), ("perilaku-petugas", "Perilaku petugas", 0.09),
    ("data-pemilih", "Data pemilih", 0.22), ("pencalonan", "Pencalonan", 0.10),
    ("logistik", "Logistik", 0.08), ("informasi-publik", "Informasi publik", 0.12),
    ("lainnya", "Lainnya", 0.08),
]
CHANNEL_SHARES = [("website", 0.34), ("email", 0.14), ("whatsapp", 0.16), ("hotline", 0.10), ("lapor", 0.09),
                  ("medsos", 0.07), ("datang", 0.06), ("surat", 0.04)]
# Older complaints are mostly closed; the generator draws one status per row with these shares.
STATUS_SHARES = [("selesai", 0.71), ("ditolak", 0.09), ("diteruskan", 0.07), ("diproses", 0.06),
                 ("diverifikasi", 0.03), ("diterima", 0.04)]


def pick(column: str, shares: list[tuple[str, float]], quote: bool = True) -> str:
    """A CASE over a uniform random column that yields each value with its share."""
    parts, bound = [], 0.0
    for value, share in shares[:-1]:
        bound += share
        parts.append(f"WHEN {column} < {bound:.4f} THEN " + (f"'{value}'" if quote else str(value)))
    last = shares[-1][0]
    return "CASE " + " ".join(parts) + " ELSE " + (f"'{last}'" if quote else str(last)) + " END"


def load(engine, rows: int, first_year: int) -> float:
    started = time.perf_counter()
    with Session(engine) as session:
        ids = []
        for order, (slug, name, _share) in enumerate(CATEGORIES):
            cat = Category(slug=slug, name=name, order=order)
            session.add(cat)
            session.flush()
            ids.append(cat.id)
        session.commit()
    category_shares = [(cid, share) for cid, (_s, _n, share) in zip(ids, CATEGORIES)] + [("NULL", 0.05)]

    received = f"(timestamptz '{first_year}-01-01 00:00:00+07' + r_time * interval '1095 days')"
    generated = {  # column -> SQL over the random columns of the inner query
        "number": "'BENCH-' || g",
        "year": f"extract(year from {received} AT TIME ZONE 'Asia/Jakarta')::int",
        "seq": "g",
        "access_code_hash": "'x'",
        "channel": pick("r_channel", CHANNEL_SHARES),
        "category_id": pick("r_category", category_shares, quote=False),
        "subject": "'Aduan nomor ' || g",
        "description": "'Uraian aduan untuk uji beban rekapitulasi.'",
        "status": "status",
        "received_at": received,
        "days_to_close": "CASE WHEN status IN ('selesai','ditolak','diteruskan') THEN days END",
        "closed_on_time": "CASE WHEN status IN ('selesai','ditolak','diteruskan') "
                          "THEN days <= CASE WHEN status = 'selesai' THEN 14 ELSE 3 END OR r_late < 0.1 END",
        "closed_at": "CASE WHEN status IN ('selesai','ditolak','diteruskan') "
                     f"THEN {received} + days * interval '1.4 days' END",
    }
    columns, values = [], []
    for column in Complaint.__table__.columns:
        if column.primary_key:
            continue
        if column.name in generated:
            columns.append(column.name)
            values.append(generated[column.name])
        elif not column.nullable:  # any other NOT NULL column (also ones added later): its model default
            default = column.default
            if default is not None and default.is_scalar:
                value = default.arg
                columns.append(column.name)
                values.append("'" + value.replace("'", "''") + "'" if isinstance(value, str)
                              else ("true" if value is True else "false" if value is False else str(value)))
            elif default is not None:
                columns.append(column.name)
                values.append("now()")
            else:
                raise SystemExit("benchmark does not know how to fill NOT NULL column "
                                 f"complaints.{column.name}")
    sql = f"""
        INSERT INTO complaints ({", ".join(columns)})
        SELECT {", ".join(values)}
        FROM (
            SELECT g, r_time, r_channel, r_category, r_late, {pick("r_status", STATUS_SHARES)} AS status,
                   1 + floor(power(r_days, 2) * 45)::int AS days
            FROM (
                SELECT g, random() AS r_time, random() AS r_channel, random() AS r_category,
                       random() AS r_status, random() AS r_days, random() AS r_late
                FROM generate_series(1, :rows) AS g
            ) AS raw
        ) AS r
    """
    with engine.begin() as conn:
        conn.execute(text("SELECT setseed(0.42)"))
        conn.execute(text(sql), {"rows": rows})
    return time.perf_counter() - started


def main() -> int:
    parser = bulk_load_parser(__doc__.splitlines()[0], year=2025,
                              year_help="year to recap (data covers year-1 .. year+1)",
                              vacuum_help="ANALYZE only (no VACUUM: no index-only scans)")
    args = parser.parse_args()

    with schema_database(args.admin_url, "portal_bench_recap", keep=args.keep) as (name, engine):
        print(f"database {name}: loading {args.rows:,} complaints over {args.year - 1}-{args.year + 1} ...")
        load_seconds = load(engine, args.rows, args.year - 1)
        total = vacuum_and_describe(engine, "complaints", load_seconds, no_vacuum=args.no_vacuum)

        period = periods.year_period(args.year)
        with Session(engine) as session:
            in_year = session.execute(text(
                "SELECT count(*) FROM complaints WHERE received_at >= :s AND received_at < :e"),
                {"s": period.start_utc, "e": period.end_utc}).scalar_one()
            print(f"recap period: {period.label} ({in_year:,} complaints in it)\n")
            cases = [
                ("SELECT count(*) FROM complaints", lambda: session.execute(
                    text("SELECT count(*) FROM complaints")).scalar_one()),
                ("full recap (compute: all matrices)", lambda: recaps.compute(session, period)),
                ("  the shared GROUP BY scan (cube)", lambda: recaps.cube(session, period)),
                ("  status per month/triwulan/year", lambda: recaps.status_matrix(session, period)),
                ("  by category", lambda: recaps.by_category(session, period)),
                ("  by channel", lambda: recaps.by_channel(session, period)),
                ("  median days to resolve", lambda: recaps.median_days_to_resolve(session, period)),
                ("  share closed on time", lambda: recaps.on_time(session, period)),
                ("  closed by category x status", lambda: recaps.followed_up_by_category(session, period)),
            ]
            results = time_cases(session, cases, args.repeat, width=40)
            data = recaps.compute(session, period)
        full_best, full_median = results["full recap (compute: all matrices)"]
        count_best = results["SELECT count(*) FROM complaints"][0]
        totals = data["totals"]
        print(f"\nfull recap best {full_best:.0f} ms / median {full_median:.0f} ms "
              f"= {full_best / count_best:.1f}x a plain count(*) of {total:,} rows; "
              f"goal < 1000 ms: {'met' if full_median < 1000 else 'NOT met'}")
        print(f"check: total {totals['total']:,} = {in_year:,}; resolved {totals['resolved']:,}; "
              f"median {totals['median_days']} working days; on time {totals['on_time_share']}%")
        assert totals["total"] == in_year
        return 0 if full_median < 1000 else 1

if __name__ == "__main__":
    raise SystemExit(main())
