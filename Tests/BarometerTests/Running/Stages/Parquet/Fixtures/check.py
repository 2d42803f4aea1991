#!/usr/bin/env python3
"""Cross-checks Barometer's Parquet artifacts against the readers analysts use.

Run from this folder (pip: pyarrow duckdb polars):

    python3 check.py

1. Writes `pyarrow-written.parquet` the way pyarrow writes a flat table (dictionary codes with
   the fewest bits, nulls in every column, data pages of version 1, several row groups) but
   uncompressed, the subset Barometer reads; `ParquetTests` reads it back.
2. Reads `barometer-written.parquet` (written by `ParquetTests` with `ParquetWriter`, several
   row groups and pages; `BAROMETER_WRITE_FIXTURES=1 swift test --filter ParquetTests` writes
   it again after a change to the writer) with pyarrow, DuckDB and polars, checks that all three see the same
   cells, and writes them to `barometer-written.json`, which `ParquetTests` compares with the
   columns it wrote.
"""
import json
import math

import duckdb
import polars
import pyarrow
import pyarrow.parquet as pq

COLUMNS = {
    "code": [3, None, 1, 3, 200, 0, None],
    "wide": [1000, -5, None, 2147483647, 0, -2147483647, 7],
    "real": [6.162340823948123, None, 1e-300, -0.0, 1.5, float("inf"), 2.0],
    "text": ["a, \"quoted\"\nline", None, "0042", "æøå", "x", None, "last"],
}


def write_pyarrow():
    table = pyarrow.table({
        "code": pyarrow.array(COLUMNS["code"], pyarrow.int32()),
        "wide": pyarrow.array(COLUMNS["wide"], pyarrow.int32()),
        "real": pyarrow.array(COLUMNS["real"], pyarrow.float64()),
        "text": pyarrow.array(COLUMNS["text"], pyarrow.string()),
    })
    pq.write_table(
        table, "pyarrow-written.parquet", compression="none", use_dictionary=["code"],
        data_page_version="1.0", write_statistics=False, row_group_size=3)


def cell(value):
    if isinstance(value, float):
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)  # exact: repr round-trips
    return value


def read_barometer():
    path = "barometer-written.parquet"
    arrow = pq.read_table(path).to_pydict()
    duck = duckdb.sql(f"select * from '{path}'")
    duck_columns = dict(zip(duck.columns, zip(*duck.fetchall())))
    frame = polars.read_parquet(path).to_dict(as_series=False)
    views = [
        {name: [cell(v) for v in values] for name, values in view.items()}
        for view in (arrow, duck_columns, frame)
    ]
    assert views[0] == views[1] == views[2], "pyarrow, DuckDB and polars disagree"
    with open("barometer-written.json", "w", encoding="utf-8") as out:
        json.dump(views[0], out, ensure_ascii=False, indent=1)
        out.write("\n")


write_pyarrow()
read_barometer()
