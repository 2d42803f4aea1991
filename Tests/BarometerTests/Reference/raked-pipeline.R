# Reference estimates for Pipelines/frivillige-2019-raked.yml: the sample wave's stratified
# design (N_h / n_h, fpc) raked to the sector, size band and region margins in
# SampleInput/barometer-2019, then svymean / svyciprop on subsets of the raked design, and the
# value comparison (svychisq) on it, from R's survey package.
# Regenerate (from the repository root): Rscript Tests/BarometerTests/Reference/raked-pipeline.R
# Writes Tests/BarometerTests/Reference/frivillige-2019-raked.csv and
# frivillige-2019-raked-comparisons.csv with 17 significant digits.
#
# Barometer stops raking when the largest relative gap of any margin cell is at most the
# pipeline's tolerance (1e-10). R's rake stops on the change between passes instead, so this
# script finds the number of passes k Barometer's rule gives and reruns R's own rake with
# exactly k passes (epsilon = 0 never stops early): the weights are R's, the stopping rule ours.
suppressPackageStartupMessages(library(survey))

bundle <- "SampleInput/barometer-2019"
out <- "Tests/BarometerTests/Reference"
data <- read.csv2(file.path(bundle, "dataset.csv"), fileEncoding = "CP1252", na.strings = "")
frame <- read.csv2(file.path(bundle, "frame.csv"), na.strings = "")
data$N <- frame$N[match(data$stratum, frame$stratum)]
data$innovative <- as.integer(data$inno_1 %in% 1 | data$inno_2 %in% 1 | data$inno_3 %in% 1 | data$inno_4 %in% 1)
data$initiated <- as.integer(data$igangsat_4 %in% 1)
data$promoted <- as.integer(data$fremmet_frivillige %in% c(1, 2))
data$collaborated <- as.integer(data$samarbejde_4 %in% 1)
data$positive_role <- as.integer(data$initiated | data$promoted | data$collaborated)
outcomes <- c(quality = "vaerdi_1", efficiency = "vaerdi_2", employee_satisfaction = "vaerdi_3",
              citizen_involvement = "vaerdi_4", political_goals = "vaerdi_5")
for (name in names(outcomes)) {
  data[[name]] <- ifelse(data$vaerdi_7 %in% 1, NA, as.integer(data[[outcomes[[name]]]] %in% 1))
}

margin <- function(variable) {
  m <- read.csv2(file.path(bundle, paste0("margins-", variable, ".csv")))
  names(m) <- c(variable, "Freq")
  m
}
formulas <- list(~sektor, ~stoerrelse, ~region)
populations <- list(margin("sektor"), margin("stoerrelse"), margin("region"))
stopifnot(length(unique(sapply(populations, function(p) sum(p$Freq)))) == 1)

design <- svydesign(ids = ~1, strata = ~stratum, fpc = ~N, data = data)
rake_k <- function(k) suppressWarnings(rake(design, formulas, populations, control = list(maxit = k, epsilon = 0)))
gap <- function(d) max(mapply(function(f, p) max(abs(as.vector(svytable(f, d)) - p$Freq) / p$Freq), formulas, populations))
tolerance <- 1e-10
passes <- NA
for (k in 1:100) if (gap(rake_k(k)) <= tolerance) { passes <- k; break }
stopifnot(!is.na(passes))
raked <- rake_k(passes)
cat("raking passes:", passes, " largest gap:", gap(raked), "\n")

fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
universe <- subset(raked, innovative == 1)
rows <- list()
estimate <- function(indicator, group, level, domain) {
  f <- as.formula(paste0("~", indicator))
  m <- svymean(f, domain, deff = TRUE)
  ci <- attr(svyciprop(f, domain, method = "logit"), "ci")
  rows[[length(rows) + 1]] <<- data.frame(
    indicator = indicator, group = group, level = level, passes = passes,
    estimate = fmt(coef(m)[[1]]), se = fmt(SE(m)[[1]]), ci_low = fmt(ci[[1]]), ci_high = fmt(ci[[2]]),
    # A subset of a calibrated design keeps every row, with weight 0 outside the domain.
    n_unweighted = sum(weights(domain) != 0), n_weighted = fmt(sum(weights(domain))), df = degf(domain),
    deff = fmt(attr(m, "deff")[[1]]))
}
for (indicator in c("initiated", "promoted", "collaborated", "positive_role")) {
  estimate(indicator, "overall", "all", universe)
  for (group in c("sektor", "arbejdsplads")) {
    for (level in sort(unique(data[[group]][data$innovative == 1]))) {
      estimate(indicator, group, level, subset(universe, universe$variables[[group]] == level))
    }
  }
  for (s in sort(unique(data$sektor))) for (z in sort(unique(data$stoerrelse))) {
    estimate(indicator, "sektor:stoerrelse", paste0(s, ":", z),
             subset(universe, universe$variables$sektor == s & universe$variables$stoerrelse == z))
  }
}
write.csv(do.call(rbind, rows), file.path(out, "frivillige-2019-raked.csv"), row.names = FALSE, quote = FALSE)

rows <- list()
for (name in names(outcomes)) {
  test <- svychisq(as.formula(paste0("~", name, " + positive_role")), universe, statistic = "F")
  for (level in 0:1) {
    domain <- subset(universe, positive_role == level & !is.na(universe$variables[[name]]))
    f <- as.formula(paste0("~", name))
    m <- svymean(f, domain, na.rm = TRUE)
    ci <- attr(svyciprop(f, domain, method = "logit"), "ci")
    rows[[length(rows) + 1]] <- data.frame(outcome = name, level = level, share = fmt(coef(m)[[1]]), se = fmt(SE(m)[[1]]),
      ci_low = fmt(ci[[1]]), ci_high = fmt(ci[[2]]), n_unweighted = sum(weights(domain) != 0),
      statistic = fmt(test$statistic[[1]]), ndf = fmt(test$parameter[[1]]), ddf = fmt(test$parameter[[2]]),
      p_value = fmt(test$p.value[[1]]))
  }
}
table <- do.call(rbind, rows)
p <- as.numeric(table$p_value[table$level == 0])
table$p_adjusted <- fmt(rep(p.adjust(p, "holm"), each = 2))
write.csv(table, file.path(out, "frivillige-2019-raked-comparisons.csv"), row.names = FALSE, quote = FALSE)
