"""pandas + numpy peer: read the export with pandas, then the shared numpy math.

Usage: python3 pandas_peer.py DATA_DIR RESULT_CSV
"""
import sys

import pandas as pd

import survey_math

data_dir, result = sys.argv[1], sys.argv[2]
# The whole export, every column (the free-text one too), as an analyst would read it.
data = pd.read_csv(f"{data_dir}/dataset.csv", sep=";", encoding="cp1252", decimal=",")
frame = pd.read_csv(f"{data_dir}/frame.csv", sep=";")
margins = {m: dict(pd.read_csv(f"{data_dir}/margins-{m}.csv", sep=";").itertuples(index=False))
           for m in survey_math.MARGINS}
cols = {c: data[c].to_numpy(dtype="float64", na_value=float("nan")) for c in survey_math.COLUMNS}
rows, design = survey_math.pipeline(cols, dict(zip(frame["stratum"], frame["N"])), margins)
survey_math.write(rows, result)
print(f"pandas: {design.n} rows, raking passes {design.passes}, gap {design.gap:.1e}", file=sys.stderr)
