# Reference values of the distribution functions, from R's nmath.
# Regenerate (from this folder): Rscript distributions.R  -> distributions.csv
# Columns: fn, x (argument or probability), a, b (parameters; NA if unused), tail (lower/upper), value.
rows <- list()
# A quantile is a reference only where R's own round trip holds: qf and qbeta are known to
# lose digits for tiny p, and those rows would test R, not us.
consistent <- function(p, back) abs(back - p) <= 1e-13 * p
add <- function(fn, x, a, b, tail, value) {
  if (!is.finite(value)) return(invisible())
  rows[[length(rows) + 1]] <<- data.frame(fn = fn, x = sprintf("%.17g", x), a = sprintf("%.17g", a),
                                          b = sprintf("%.17g", b), tail = tail, value = sprintf("%.17g", value))
}
for (x in c(-40, -10, -5, -1.96, -0.5, 0, 0.3, 1, 3, 8, 38)) {
  add("pnorm", x, NA, NA, "lower", pnorm(x)); add("pnorm", x, NA, NA, "upper", pnorm(x, lower.tail = FALSE))
}
for (p in c(1e-300, 1e-100, 1e-20, 1e-5, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999)) if (consistent(p, pnorm(qnorm(p)))) add("qnorm", p, NA, NA, "lower", qnorm(p))
dfs <- c(0.5, 1, 2.5, 5, 30, 312.4, 1e4, 1e7)
for (df in dfs) {
  for (x in c(-1e5, -50, -5, -2, -0.1, 0, 0.7, 2.3, 10, 1e3)) {
    add("pt", x, df, NA, "lower", pt(x, df)); add("pt", x, df, NA, "upper", pt(x, df, lower.tail = FALSE))
  }
  for (p in c(1e-300, 1e-50, 1e-10, 0.001, 0.025, 0.2, 0.5, 0.975, 0.999)) if (consistent(p, pt(qt(p, df), df))) add("qt", p, df, NA, "lower", qt(p, df))
}
for (df1 in c(0.7, 1, 1.73, 3, 10)) for (df2 in c(2, 10.5, 310.4, 1e4)) {
  for (x in c(1e-4, 0.5, 1, 2.5, 8, 40, 300)) {
    add("pf", x, df1, df2, "lower", pf(x, df1, df2)); add("pf", x, df1, df2, "upper", pf(x, df1, df2, lower.tail = FALSE))
  }
  for (p in c(1e-10, 0.05, 0.5, 0.95, 0.99999999)) if (consistent(p, pf(qf(p, df1, df2), df1, df2))) add("qf", p, df1, df2, "lower", qf(p, df1, df2))
}
for (df in c(0.5, 1, 3.3, 10, 100, 1e4)) {
  for (x in c(1e-5, 0.3, 1, 5, 30, 200, 1e3)) {
    add("pchisq", x, df, NA, "lower", pchisq(x, df)); add("pchisq", x, df, NA, "upper", pchisq(x, df, lower.tail = FALSE))
  }
  for (p in c(1e-10, 0.05, 0.5, 0.95, 0.99999999)) if (consistent(p, pchisq(qchisq(p, df), df))) add("qchisq", p, df, NA, "lower", qchisq(p, df))
}
for (a in c(0.3, 1, 2.5, 40, 1500)) for (b in c(0.3, 1, 2.5, 40, 1500)) {
  for (x in c(1e-8, 0.01, 0.3, 0.7, 0.999)) {
    add("pbeta", x, a, b, "lower", pbeta(x, a, b)); add("pbeta", x, a, b, "upper", pbeta(x, a, b, lower.tail = FALSE))
  }
  for (p in c(1e-10, 0.025, 0.5, 0.975)) if (consistent(p, pbeta(qbeta(p, a, b), a, b))) add("qbeta", p, a, b, "lower", qbeta(p, a, b))
}
write.csv(do.call(rbind, rows), "distributions.csv", row.names = FALSE, quote = FALSE)
