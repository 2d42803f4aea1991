# Reference figures for SurveyDesign and DomainMeanEstimator, from R's survey package.
# Regenerate (from this folder): Rscript design.R
# Writes design-data.csv (the sample) and design-reference.csv (R's figures, 17 digits).
suppressPackageStartupMessages(library(survey))
set.seed(20190101)

# 3 strata of unequal size and population, 2-4 clusters per stratum, unequal weights.
strata <- c(rep(1, 14), rep(2, 10), rep(3, 16))
population <- c(`1` = 200, `2` = 45, `3` = 600)[as.character(strata)]
cluster <- c(rep(1:4, length.out = 14), rep(1:2, length.out = 10), rep(1:3, length.out = 16))
group <- sample(1:3, length(strata), replace = TRUE)
flag <- rbinom(length(strata), 1, ifelse(group == 2, 0.6, 0.25))
value <- round(rnorm(length(strata), 10 + 2 * group, 3), 2)
value[c(5, 22)] <- NA
weight <- round(population / as.vector(table(strata)[as.character(strata)]) * runif(length(strata), 0.8, 1.2), 3)
inside <- as.integer(runif(length(strata)) < 0.8)
band <- ifelse(is.na(value), NA, 1 + (value > 13) + (value > 17))
data <- data.frame(row = seq_along(strata), stratum = strata, cluster = cluster, N = population,
                   weight = weight, group = group, flag = flag, value = value, inside = inside, band = band)
write.csv(data, "design-data.csv", row.names = FALSE, na = "")

designs <- list(
  stratified_fpc = svydesign(ids = ~1, strata = ~stratum, fpc = ~N, data = data),
  stratified_weights = svydesign(ids = ~1, strata = ~stratum, weights = ~weight, data = data),
  clustered = svydesign(ids = ~cluster, strata = ~stratum, weights = ~weight, data = data, nest = TRUE),
  unstratified = svydesign(ids = ~1, weights = ~weight, data = data)
)

rows <- list()
fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
# Intervals by method; "wilson" (survey >= 4.5, not in Debian's 4.1) by its published formula
# at the effective n = p(1-p)/var with the t quantile, which is what Barometer implements.
intervals <- function(f, d) {
  ci <- function(method) as.vector(attr(svyciprop(f, d, method = method), "ci"))
  m <- svymean(f, d)
  p <- coef(m)[[1]]; n <- p * (1 - p) / vcov(m)[1, 1]; z <- qt(0.975, degf(d))
  centre <- (p + z^2 / (2 * n)) / (1 + z^2 / n)
  half <- z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2)) / (1 + z^2 / n)
  list(logit = ci("logit"), xlogit = ci("xlogit"), beta = ci("beta"), wilson = c(centre - half, centre + half))
}
add <- function(design, variable, domain, level, m, df, ci) {
  deff <- attr(svymean(as.formula(paste0("~", variable)), attr(m, "design"), na.rm = TRUE, deff = TRUE), "deff")
  row <- data.frame(
    design = design, variable = variable, domain = domain, level = level,
    estimate = fmt(coef(m)[[1]]), se = fmt(SE(m)[[1]]),
    df = df, ci_low = fmt(ci$logit[1]), ci_high = fmt(ci$logit[2]), deff = fmt(deff[[1]]))
  for (method in c("xlogit", "beta", "wilson")) {
    if (is.null(ci[[method]])) ci[[method]] <- c(NA, NA)
    row[[paste0(method, "_low")]] <- fmt(ci[[method]][1]); row[[paste0(method, "_high")]] <- fmt(ci[[method]][2])
  }
  rows[[length(rows) + 1]] <<- row
}
for (name in names(designs)) {
  d <- subset(designs[[name]], inside == 1)
  for (variable in c("flag", "value")) {
    f <- as.formula(paste0("~", variable))
    m <- svymean(f, d, na.rm = TRUE); attr(m, "design") <- d
    ci <- if (variable == "flag") intervals(f, d) else list(logit = c(NA, NA))
    dn <- if (variable == "flag") degf(d) else degf(subset(d, !is.na(value)))
    add(name, variable, "inside", "all", m, dn, ci)
    for (g in sort(unique(data$group[data$inside == 1]))) {
      dg <- subset(d, group == g)
      mg <- svymean(f, dg, na.rm = TRUE); attr(mg, "design") <- dg
      cig <- if (variable == "flag") intervals(f, dg) else list(logit = c(NA, NA))
      dfg <- if (variable == "flag") degf(dg) else degf(subset(dg, !is.na(value)))
      add(name, variable, "group", g, mg, dfg, cig)
    }
  }
}
write.csv(do.call(rbind, rows), "design-reference.csv", row.names = FALSE, na = "", quote = FALSE)

# Rao-Scott tests of independence (svychisq) in the domain inside == 1: flag x group (2 x 3) and
# band x group (3 x 3, with missing bands that still count in N and the degrees of freedom).
tests <- list()
for (name in names(designs)) {
  d <- subset(designs[[name]], inside == 1)
  for (rows in c("flag", "band")) for (statistic in c("F", "Chisq", "Wald")) {
    r <- svychisq(as.formula(paste0("~", rows, " + group")), d, statistic = statistic)
    tests[[length(tests) + 1]] <- data.frame(design = name, rows = rows, statistic = statistic,
      value = fmt(r$statistic[[1]]), ndf = fmt(r$parameter[[1]]),
      ddf = if (statistic != "Chisq") fmt(r$parameter[[2]]) else "", p = fmt(r$p.value[[1]]))
  }
}
write.csv(do.call(rbind, tests), "raoscott-reference.csv", row.names = FALSE, quote = FALSE)
