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
# Tails, made without drawing from the generator (so the columns above stay as they were): a
# rare flag, 0 in groups 1 and 2 and in two rows of group 3 (shares of exactly 0 in domains),
# its complement (shares of exactly 1), and a flag nearly equal to group == 2 (tiny p-values).
first <- function(g, k) which(inside == 1 & group == g)[seq_len(k)]
rare <- integer(length(strata)); rare[first(3, 2)] <- 1L
common <- 1L - rare
linked <- as.integer(group == 2); linked[first(1, 1)] <- 1L; linked[first(2, 1)] <- 0L
data <- data.frame(row = seq_along(strata), stratum = strata, cluster = cluster, N = population,
                   weight = weight, group = group, flag = flag, value = value, inside = inside, band = band,
                   rare = rare, common = common, linked = linked)
write.csv(data, "design-data.csv", row.names = FALSE, na = "")

designs <- list(
  stratified_fpc = svydesign(ids = ~1, strata = ~stratum, fpc = ~N, data = data),
  stratified_weights = svydesign(ids = ~1, strata = ~stratum, weights = ~weight, data = data),
  clustered = svydesign(ids = ~cluster, strata = ~stratum, weights = ~weight, data = data, nest = TRUE),
  unstratified = svydesign(ids = ~1, weights = ~weight, data = data)
)

rows <- list()
fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
# Intervals by method. "wilson" is not in Debian's survey 4.1; survey 4.5 (NEWS: "Wilson ('score
# test') confidence intervals in svyciprop") computes it as below, which is written out here from
# the published score interval: n_eff = p(1 - p) / var(p) from svymean, the t quantile on
# degf(design) (a svymean on a survey.design2 carries no df of its own), and
# (p + t^2/(2 n_eff) -/+ t sqrt(p(1 - p)/n_eff + t^2/(4 n_eff^2))) / (1 + t^2/n_eff);
# like R it is undefined (NaN) for a share of 0 or 1, where n_eff is 0/0.
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
  for (variable in c("flag", "value", "rare", "common")) {
    binary <- variable != "value"
    f <- as.formula(paste0("~", variable))
    m <- svymean(f, d, na.rm = TRUE); attr(m, "design") <- d
    ci <- if (binary) intervals(f, d) else list(logit = c(NA, NA))
    dn <- if (binary) degf(d) else degf(subset(d, !is.na(value)))
    add(name, variable, "inside", "all", m, dn, ci)
    for (g in sort(unique(data$group[data$inside == 1]))) {
      dg <- subset(d, group == g)
      mg <- svymean(f, dg, na.rm = TRUE); attr(mg, "design") <- dg
      cig <- if (binary) suppressWarnings(intervals(f, dg)) else list(logit = c(NA, NA))
      dfg <- if (binary) degf(dg) else degf(subset(dg, !is.na(value)))
      add(name, variable, "group", g, mg, dfg, cig)
    }
  }
}
write.csv(do.call(rbind, rows), "design-reference.csv", row.names = FALSE, na = "", quote = FALSE)

# Rao-Scott tests of independence (svychisq) in the domain inside == 1: flag x group (2 x 3),
# band x group (3 x 3, with missing bands that still count in N and the degrees of freedom),
# rare x group (empty cells) and linked x group (a strong association: p-values in the tail).
tests <- list()
for (name in names(designs)) {
  d <- subset(designs[[name]], inside == 1)
  for (rows in c("flag", "band", "rare", "linked")) for (statistic in c("F", "Chisq", "Wald")) {
    r <- svychisq(as.formula(paste0("~", rows, " + group")), d, statistic = statistic)
    tests[[length(tests) + 1]] <- data.frame(design = name, rows = rows, statistic = statistic,
      value = fmt(r$statistic[[1]]), ndf = fmt(r$parameter[[1]]),
      ddf = if (statistic != "Chisq") fmt(r$parameter[[2]]) else "", p = fmt(r$p.value[[1]]))
  }
}
write.csv(do.call(rbind, tests), "raoscott-reference.csv", row.names = FALSE, quote = FALSE)
