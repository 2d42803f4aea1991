"""polars + numpy peer: read the export with polars, then the shared numpy math.

Usage: python3 polars_peer.py DATA_DIR RESULT_CSV
polars reads UTF-8 only, so the Windows-1252 bytes are decoded first (timed with the rest).
"""
import io
import sys

import polars as pl

import survey_math

data_dir, result = sys.argv[1], sys.argv[2]
with open(f"{data_dir}/dataset.csv", "rb") as f:
    utf8 = f.read().decode("cp1252").encode("utf-8")
data = pl.read_csv(io.BytesIO(utf8), separator=";", decimal_comma=True)
del utf8
frame = pl.read_csv(f"{data_dir}/frame.csv", separator=";")
margins = {m: dict(pl.read_csv(f"{data_dir}/margins-{m}.csv", separator=";").iter_rows())
           for m in survey_math.MARGINS}
cols = {c: data[c].cast(pl.Float64).to_numpy() for c in survey_math.COLUMNS}
rows, design = survey_math.pipeline(cols, dict(zip(frame["stratum"], frame["N"])), margins)
survey_math.write(rows, result)
print(f"polars: {design.n} rows, raking passes {design.passes}, gap {design.gap:.1e}", file=sys.stderr)
