# Reference estimates for the shipped pipelines on SampleInput/barometer-2019, from R's survey
# package: the figures `barometer run` must reproduce.
# Regenerate (from the repository root): Rscript Tests/BarometerTests/Reference/sample-pipelines.R
# Writes Tests/BarometerTests/Reference/<pipeline>.csv with 17 significant digits.
suppressPackageStartupMessages(library(survey))

bundle <- "SampleInput/barometer-2019"
out <- "Tests/BarometerTests/Reference"
data <- read.csv2(file.path(bundle, "dataset.csv"), fileEncoding = "CP1252", na.strings = "")
frame <- read.csv2(file.path(bundle, "frame.csv"), na.strings = "")
data$N <- frame$N[match(data$stratum, frame$stratum)]
data$innovative <- as.integer(data$inno_1 %in% 1 | data$inno_2 %in% 1 | data$inno_3 %in% 1 | data$inno_4 %in% 1)

fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))

reference <- function(pipeline, initiated, promoted, collaborated) {
  d <- data
  d$initiated <- as.integer(d[[initiated]] %in% 1)
  d$promoted <- as.integer(d[[promoted]] %in% c(1, 2))
  d$collaborated <- as.integer(d[[collaborated]] %in% 1)
  d$positive_role <- as.integer(d$initiated | d$promoted | d$collaborated)
  design <- svydesign(ids = ~1, strata = ~stratum, fpc = ~N, data = d)
  universe <- subset(design, innovative == 1)
  rows <- list()
  estimate <- function(indicator, group, level, domain) {
    m <- svymean(as.formula(paste0("~", indicator)), domain)
    ci <- attr(svyciprop(as.formula(paste0("~", indicator)), domain, method = "logit"), "ci")
    rows[[length(rows) + 1]] <<- data.frame(
      indicator = indicator, group = group, level = level,
      estimate = fmt(coef(m)[[1]]), se = fmt(SE(m)[[1]]), ci_low = fmt(ci[[1]]), ci_high = fmt(ci[[2]]),
      n_unweighted = nrow(domain), n_weighted = fmt(sum(weights(domain))), df = degf(domain),
      deff = fmt(attr(svymean(as.formula(paste0("~", indicator)), domain, deff = TRUE), "deff")[[1]]))
  }
  for (indicator in c("initiated", "promoted", "collaborated", "positive_role")) {
    estimate(indicator, "overall", "all", universe)
    for (group in c("sektor", "arbejdsplads")) {
      for (level in sort(unique(universe$variables[[group]]))) {
        estimate(indicator, group, level, universe[universe$variables[[group]] == level, ])
      }
    }
    for (s in sort(unique(universe$variables$sektor))) for (z in sort(unique(universe$variables$stoerrelse))) {
      estimate(indicator, "sektor:stoerrelse", paste0(s, ":", z),
               universe[universe$variables$sektor == s & universe$variables$stoerrelse == z, ])
    }
  }
  table <- do.call(rbind, rows)
  # svyby must agree with the per-level subsets above (it is what analysts would type).
  by <- svyby(~positive_role, ~sektor, universe, svymean)
  stopifnot(isTRUE(all.equal(as.numeric(coef(by)),
    as.numeric(table$estimate[table$indicator == "positive_role" & table$group == "sektor"]), tolerance = 1e-12)))
  write.csv(table, file.path(out, paste0(pipeline, ".csv")), row.names = FALSE, quote = FALSE)
}

reference("frivillige-2019", "igangsat_4", "fremmet_frivillige", "samarbejde_4")
reference("borgere-2019", "igangsat_3", "fremmet_borgere", "samarbejde_3")

# The value comparisons: each value option by a grouping within the universe, "Ved ikke" (vaerdi_7)
# left out of the shares, Rao-Scott F tests (svychisq on the universe, where the left-out rows
# still count in N and the degrees of freedom, as svychisq counts rows with NA), p-values
# corrected across the five outcomes with p.adjust. Writes <pipeline>-comparisons.csv.
outcomes <- c(quality = "vaerdi_1", efficiency = "vaerdi_2", employee_satisfaction = "vaerdi_3",
              citizen_involvement = "vaerdi_4", political_goals = "vaerdi_5")
comparisons <- function(pipeline, initiated, promoted, collaborated, specs) {
  d <- data
  d$positive_role <- as.integer(d[[initiated]] %in% 1 | d[[promoted]] %in% c(1, 2) | d[[collaborated]] %in% 1)
  for (name in names(outcomes)) {
    d[[name]] <- ifelse(d$vaerdi_7 %in% 1, NA, as.integer(d[[outcomes[[name]]]] %in% 1))
  }
  universe <- subset(svydesign(ids = ~1, strata = ~stratum, fpc = ~N, data = d), innovative == 1)
  tables <- list()
  for (spec in specs) {
    rows <- list()
    for (name in names(outcomes)) {
      test <- svychisq(as.formula(paste0("~", name, " + ", spec$group)), universe, statistic = "F")
      first <- NA
      for (level in sort(unique(universe$variables[[spec$group]]))) {
        domain <- subset(universe, universe$variables[[spec$group]] == level & !is.na(universe$variables[[name]]))
        m <- svymean(as.formula(paste0("~", name)), domain)
        if (is.na(first)) first <- coef(m)[[1]]
        ci <- attr(svyciprop(as.formula(paste0("~", name)), domain, method = "logit"), "ci")
        rows[[length(rows) + 1]] <- data.frame(comparison = spec$name, outcome = name, level = level,
          share = fmt(coef(m)[[1]]), se = fmt(SE(m)[[1]]), ci_low = fmt(ci[[1]]), ci_high = fmt(ci[[2]]),
          n_unweighted = nrow(domain), n_weighted = fmt(sum(weights(domain))), df = degf(domain),
          deff = fmt(attr(svymean(as.formula(paste0("~", name)), domain, deff = TRUE), "deff")[[1]]),
          difference = if (level == min(universe$variables[[spec$group]])) "" else fmt(coef(m)[[1]] - first),
          statistic = fmt(test$statistic[[1]]), ndf = fmt(test$parameter[[1]]), ddf = fmt(test$parameter[[2]]),
          p_value = test$p.value[[1]])
      }
    }
    table <- do.call(rbind, rows)
    p <- sapply(names(outcomes), function(name) table$p_value[table$outcome == name][[1]])
    table$p_adjusted <- fmt(p.adjust(p, spec$correction)[table$outcome])
    table$p_value <- fmt(table$p_value)
    tables[[length(tables) + 1]] <- table
  }
  write.csv(do.call(rbind, tables), file.path(out, paste0(pipeline, "-comparisons.csv")), row.names = FALSE, quote = FALSE)
}

comparisons("frivillige-2019", "igangsat_4", "fremmet_frivillige", "samarbejde_4",
            list(list(name = "value_by_positive_role", group = "positive_role", correction = "holm")))
comparisons("borgere-2019", "igangsat_3", "fremmet_borgere", "samarbejde_3",
            list(list(name = "value_by_positive_role", group = "positive_role", correction = "holm"),
                 list(name = "value_by_sector", group = "sektor", correction = "BH")))
