"""Shared numpy math of the pandas and polars peers: the benchmark pipeline by hand.

The reader (pandas or polars) hands over plain numpy columns; everything here is the same
for both peers, so their timings differ only by how fast each library reads and converts.
The formulas are R survey's (svydesign with strata and fpc, rake, svymean on subsets of a
calibrated design, svyciprop logit, svychisq F), written out with linearized scores.
"""
import numpy as np
from scipy import stats

MARGINS = ["sektor", "stoerrelse", "region"]   # raking order, as in the pipeline
FLAGS = ["initiated", "promoted", "collaborated", "positive_role"]
OUTCOMES = {"quality": "vaerdi_1", "efficiency": "vaerdi_2", "employee_satisfaction": "vaerdi_3",
            "citizen_involvement": "vaerdi_4", "political_goals": "vaerdi_5"}
# Columns the math needs; the peers still read every column of the export.
COLUMNS = (["stratum"] + MARGINS + [f"inno_{i}" for i in range(1, 5)]
           + ["igangsat_4", "fremmet_frivillige", "samarbejde_4"] + list(OUTCOMES.values()) + ["vaerdi_7"])


def is_code(x, codes):
    """1.0 where x is one of codes, 0.0 otherwise (a missing answer counts as 0, as in R's %in%)."""
    return np.isin(x, codes).astype(np.float64)


def codes_of(x):
    """Dense integer codes 0..K-1 of a coded column, and the sorted distinct values."""
    levels, inverse = np.unique(x, return_inverse=True)
    return inverse, levels


class Design:
    """Stratified design (each row its own PSU), expansion weights N_h/n_h, raked."""

    def __init__(self, cols, frame, margins, tolerance=1e-10, max_iterations=100):
        self.n = len(cols["stratum"])
        self.h, strata = codes_of(cols["stratum"])
        self.H = len(strata)
        self.n_h = np.bincount(self.h, minlength=self.H).astype(np.float64)
        N_h = np.array([frame[s] for s in strata], dtype=np.float64)
        w = (N_h / self.n_h)[self.h]
        # svyrecvar's one-stage scale per stratum: (1 - f_h) n_h / (n_h - 1).
        self.scale = (1 - self.n_h / N_h) * self.n_h / (self.n_h - 1)

        # Raking: IPF in margin order until the largest relative gap of any cell is within
        # tolerance (Barometer's rule); keep each margin's weights right after its step in the
        # last pass, which the raking residuals need (R keeps them as postStrata weights).
        self.cells, targets = [], []
        for m in MARGINS:
            c, levels = codes_of(cols[m])
            self.cells.append(c)
            targets.append(np.array([margins[m][v] for v in levels], dtype=np.float64))
        self.passes = 0
        for _ in range(max_iterations):
            self.passes += 1
            self.w_m = []
            for c, t in zip(self.cells, targets):
                w = w * (t / np.bincount(c, weights=w, minlength=len(t)))[c]
                self.w_m.append(w)
            gap = max(np.max(np.abs(np.bincount(c, weights=w, minlength=len(t)) - t) / t)
                      for c, t in zip(self.cells, targets))
            if gap <= tolerance:
                break
        self.w = w
        self.gap = gap
        self._cross()

    def _cross(self):
        """Cell-level operators of the raking residuals, so backfitting runs on coefficients.

        Backfitting step for margin m: x <- x - w_m * mean_cell(x / w_m). With
        x = x0 - sum_k w_k a_k[cell_k], the cell means of x / w_m are
        b_m - sum_k C_mk a_k, where C_mk[c, c'] = mean over cell c of margin m of
        w_k / w_m restricted to cell c' of margin k. C is tiny (cells x cells), so the 10 passes
        cost nothing and the data are touched once per margin."""
        self.count = [np.bincount(c).astype(np.float64) for c in self.cells]
        self.C = {}
        for m, (cm, wm) in enumerate(zip(self.cells, self.w_m)):
            for k, (ck, wk) in enumerate(zip(self.cells, self.w_m)):
                K_m, K_k = len(self.count[m]), len(self.count[k])
                s = np.bincount(cm * K_k + ck, weights=wk / wm, minlength=K_m * K_k).reshape(K_m, K_k)
                self.C[m, k] = s / self.count[m][:, None]

    def residuals(self, x):
        """Raking residuals of score columns x (n x k): R's 10 backfitting passes."""
        b = [_cell_sums(c, x / wm[:, None], len(cnt)) / cnt[:, None]
             for c, wm, cnt in zip(self.cells, self.w_m, self.count)]
        a = [np.zeros_like(bm) for bm in b]
        for _ in range(10):
            for m in range(len(b)):
                a[m] = a[m] + b[m] - sum(self.C[m, k] @ a[k] for k in range(len(b)))
        for c, wm, am in zip(self.cells, self.w_m, a):
            x = x - wm[:, None] * am[c]
        return x

    def covariance(self, x):
        """Design covariance of the totals of score columns x: residualize, center within
        strata, sum the scaled cross products (each row its own PSU)."""
        x = self.residuals(x)
        x = x - (_cell_sums(self.h, x, self.H) / self.n_h[:, None])[self.h]
        return x.T @ (x * self.scale[self.h][:, None])

    def df(self, domain):
        """R's degf on a subset of a calibrated design: rows minus strata, in the domain."""
        return int(domain.sum()) - len(np.unique(self.h[domain]))

    def mean(self, y, domain):
        """Weighted domain mean of y, its SE and the logit CI (closed form)."""
        wd = self.w * domain
        total = wd.sum()
        p = (wd * np.where(domain, y, 0)).sum() / total
        z = (wd * np.where(domain, y - p, 0) / total)[:, None]
        se = float(np.sqrt(self.covariance(z)[0, 0]))
        t = stats.t.ppf(0.975, self.df(domain))
        half = t * se / (p * (1 - p))
        logit = np.log(p / (1 - p))
        return p, se, _expit(logit - half), _expit(logit + half)

    def chisq_f(self, outcome, group, domain):
        """svychisq(~outcome + group, statistic = "F") on the calibrated subset `domain`: the
        Rao-Scott second-order F of the 2 x 2 table. As in R, Pearson's X^2 uses the table scaled
        to the whole file's row count, and the denominator df is rows - strata of the file."""
        domain = domain & ~np.isnan(outcome)
        wd = self.w * domain
        total = wd.sum()
        # Cells in R's interaction() order: the row factor (outcome) varies fastest.
        cells = [(outcome == r) & (group == c) & domain for c in (0, 1) for r in (0, 1)]
        mm = np.column_stack(cells).astype(np.float64)
        p = (wd[:, None] * mm).sum(axis=0) / total
        V = self.covariance(wd[:, None] * (mm - p) / total)
        N = self.n
        table = (p * N).reshape(2, 2)   # [col][row]
        expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / N
        x2 = float(((table - expected) ** 2 / expected).sum())
        # Delta = (C' D^-1 C / N)^-1 C' D^-1 V D^-1 C, C the interaction contrast residualized on
        # the main effects (R: qr.resid(qr(X1), X12[, -(1:3)])).
        X1 = np.array([[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1]], dtype=np.float64)
        inter = np.array([[0], [0], [0], [1]], dtype=np.float64)
        C = inter - X1 @ np.linalg.lstsq(X1, inter, rcond=None)[0]
        iD = np.diag(np.where(p == 0, 0, 1 / p))
        delta = np.linalg.solve(C.T @ iD @ C / N, C.T @ iD @ V @ iD @ C)
        tr = np.trace(delta)
        d0 = tr ** 2 / np.trace(delta @ delta)
        nu = self.n - self.H
        f = x2 / tr
        return f, d0, d0 * nu, float(stats.f.sf(f, d0, d0 * nu))


def _cell_sums(codes, x, K):
    """Per-cell column sums of x (n x k)."""
    return np.column_stack([np.bincount(codes, weights=x[:, j], minlength=K) for j in range(x.shape[1])])


def _expit(x):
    return 1 / (1 + np.exp(-x))


def pipeline(cols, frame, margins):
    """The benchmark pipeline on numpy columns; returns result rows for check.py."""
    design = Design(cols, frame, margins)
    universe = (is_code(cols["inno_1"], [1]) + is_code(cols["inno_2"], [1])
                + is_code(cols["inno_3"], [1]) + is_code(cols["inno_4"], [1])) > 0
    flags = {"initiated": is_code(cols["igangsat_4"], [1]),
             "promoted": is_code(cols["fremmet_frivillige"], [1, 2]),
             "collaborated": is_code(cols["samarbejde_4"], [1])}
    flags["positive_role"] = np.maximum.reduce(list(flags.values()))
    rows = []
    sektor = cols["sektor"]
    for name in FLAGS:
        y = flags[name]
        domains = [("overall", "all", universe)]
        domains += [("sektor", str(int(s)), universe & (sektor == s)) for s in np.unique(sektor[universe])]
        for group, level, domain in domains:
            rows.append(("estimates", name, group, level, *design.mean(y, domain), ""))
    group = flags["positive_role"]
    for name, column in OUTCOMES.items():
        y = np.where(is_code(cols["vaerdi_7"], [1]) == 1, np.nan, is_code(cols[column], [1]))
        _, _, _, p_value = design.chisq_f(y, group, universe)
        for level in (0, 1):
            domain = universe & (group == level) & ~np.isnan(y)
            rows.append(("comparisons", name, "positive_role", str(level), *design.mean(y, domain), p_value))
    return rows, design


def write(rows, path):
    with open(path, "w") as f:
        f.write("table,name,group,level,estimate,se,ci_low,ci_high,p_value\n")
        for r in rows:
            f.write(",".join(v if isinstance(v, str) else repr(float(v)) for v in r) + "\n")
