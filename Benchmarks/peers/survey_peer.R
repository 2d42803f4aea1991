# R survey peer: the benchmark pipeline as an analyst writes it with the survey package.
# Usage: Rscript survey_peer.R DATA_DIR RESULT_CSV [PASSES]
# Adapted from Tests/BarometerTests/Reference/raked-pipeline.R. Raking is R's own
# rake(maxit = 100, epsilon = 1e-10); with PASSES (a number) it instead runs exactly that many
# IPF passes (epsilon = 0), Barometer's stopping rule, should the plain call ever disagree.
suppressPackageStartupMessages(library(survey))
# svyglm (inside svyciprop) warns that zero-weight rows of the calibrated subsets are ignored.
options(warn = -1)
args <- commandArgs(trailingOnly = TRUE)
bundle <- args[[1]]
result <- args[[2]]

data <- read.csv2(file.path(bundle, "dataset.csv"), fileEncoding = "CP1252", na.strings = "")
frame <- read.csv2(file.path(bundle, "frame.csv"))
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
design <- svydesign(ids = ~1, strata = ~stratum, fpc = ~N, data = data)
control <- if (length(args) >= 3) list(maxit = as.integer(args[[3]]), epsilon = 0) else list(maxit = 100, epsilon = 1e-10)
raked <- suppressWarnings(rake(design, list(~sektor, ~stoerrelse, ~region),
                               list(margin("sektor"), margin("stoerrelse"), margin("region")), control = control))
universe <- subset(raked, innovative == 1)

fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
rows <- list()
add <- function(table, name, group, level, est, se, ci, p = NA) {
  rows[[length(rows) + 1]] <<- data.frame(table = table, name = name, group = group, level = level,
    estimate = fmt(est), se = fmt(se), ci_low = fmt(ci[[1]]), ci_high = fmt(ci[[2]]), p_value = fmt(p))
}
# Point estimates and SEs from svymean: svyciprop's estimate is expit of a glm coefficient,
# off in the 8th digit by the glm's convergence; its interval is the logit CI wanted.
for (indicator in c("initiated", "promoted", "collaborated", "positive_role")) {
  f <- as.formula(paste0("~", indicator))
  overall <- svymean(f, universe)
  add("estimates", indicator, "overall", "all", coef(overall)[[1]], SE(overall)[[1]],
      attr(svyciprop(f, universe, method = "logit"), "ci"))
  means <- svyby(f, ~sektor, universe, svymean)
  # ci_l / ci_u are each subset's svyciprop interval (confint(cis) would be Wald intervals).
  cis <- svyby(f, ~sektor, universe, svyciprop, method = "logit", vartype = "ci")
  for (i in seq_len(nrow(means))) {
    add("estimates", indicator, "sektor", means$sektor[[i]], coef(means)[[i]], SE(means)[[i]],
        c(cis$ci_l[[i]], cis$ci_u[[i]]))
  }
}
for (name in names(outcomes)) {
  test <- svychisq(as.formula(paste0("~", name, " + positive_role")), universe, statistic = "F")
  f <- as.formula(paste0("~", name))
  for (level in 0:1) {
    domain <- subset(universe, positive_role == level & !is.na(universe$variables[[name]]))
    # na.rm: the calibrated subset keeps the NA rows (with weight 0).
    share <- svymean(f, domain, na.rm = TRUE)
    add("comparisons", name, "positive_role", level, coef(share)[[1]], SE(share)[[1]],
        attr(svyciprop(f, domain, method = "logit"), "ci"), test$p.value[[1]])
  }
}
write.csv(do.call(rbind, rows), result, row.names = FALSE, quote = FALSE)
