"""Check that every peer computed the same figures as barometer, so the race is fair.

Usage: python3 check.py BAROMETER_OUTPUT_DIR PEER_CSV...
Compares each peer's estimate and SE with barometer's estimates.csv / comparisons.csv at 1e-8
relative, CIs and p-values at 1e-6 relative (R's svyciprop fits a glm for the logit CI, the
Python peers use the closed form; they differ in about the 8th digit). Exits 1 on any
disagreement or missing figure and prints the largest relative difference per peer.
"""
import csv
import sys

TOLERANCE = {"estimate": 1e-8, "se": 1e-8, "ci_low": 1e-6, "ci_high": 1e-6, "p_value": 1e-6}


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def barometer_figures(out):
    """(table, name, group, level) -> {field: value} from barometer's outputs."""
    figures = {}
    for r in read(f"{out}/estimates.csv"):
        figures["estimates", r["indicator"], r["group"], r["level"]] = {
            k: float(r[k]) for k in ("estimate", "se", "ci_low", "ci_high")}
    for r in read(f"{out}/comparisons.csv"):
        figures["comparisons", r["outcome"], r["group"], r["level"]] = {
            "estimate": float(r["share"]), "se": float(r["se"]), "ci_low": float(r["ci_low"]),
            "ci_high": float(r["ci_high"]), "p_value": float(r["p_value"])}
    return figures


def main():
    expected = barometer_figures(sys.argv[1])
    failed = False
    for path in sys.argv[2:]:
        rows = read(path)
        seen, worst, problems = set(), {k: 0.0 for k in TOLERANCE}, []
        for r in rows:
            key = (r["table"], r["name"], r["group"], r["level"])
            if key not in expected:
                problems.append(f"{key}: not in barometer's output")
                continue
            seen.add(key)
            for field, want in expected[key].items():
                got = float(r[field]) if r[field] else float("nan")
                rel = abs(got - want) / max(abs(want), 1e-300)
                worst[field] = max(worst[field], rel) if rel == rel else float("inf")
                if not rel <= TOLERANCE[field]:
                    problems.append(f"{key} {field}: {got!r} vs barometer {want!r} (rel {rel:.1e})")
        problems += [f"{key}: missing" for key in expected if key not in seen]
        summary = ", ".join(f"{k} {v:.1e}" for k, v in worst.items())
        print(f"{path}: {'DISAGREES' if problems else 'agrees'} with barometer (largest relative difference: {summary})")
        for p in problems[:20]:
            print("  " + p)
        failed |= bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
