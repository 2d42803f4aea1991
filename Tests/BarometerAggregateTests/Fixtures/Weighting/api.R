# Reference figures for calibrated designs (post-stratification, raking, calibrate(calfun =
# "raking")) on the `api` data shipped with R's survey package: the package's own classic
# examples, with the population margins from its documentation (?rake, ?postStratify).
# Regenerate (from this folder): Rscript api.R
# Writes api-clus1.csv and api-strat.csv (the columns the tests need, factors as integer codes:
# stype E = 1, H = 2, M = 3; sch_wide and awards No = 0, Yes = 1), api-margins.csv (population
# counts) and api-reference.csv (R's figures, 17 significant digits).
suppressPackageStartupMessages(library(survey))
data(api)
options(warn = 1)

code <- function(f) as.integer(f) - (if (nlevels(f) == 2) 1L else 0L)
clus1 <- data.frame(dnum = apiclus1$dnum, fpc = apiclus1$fpc, pw = apiclus1$pw, stype = code(apiclus1$stype),
                    sch_wide = code(apiclus1$sch.wide), awards = code(apiclus1$awards), api00 = apiclus1$api00)
strat <- data.frame(snum = apistrat$snum, stype = code(apistrat$stype), fpc = apistrat$fpc, pw = apistrat$pw,
                    sch_wide = code(apistrat$sch.wide), awards = code(apistrat$awards), api00 = apistrat$api00)
write.csv(clus1, "api-clus1.csv", row.names = FALSE)
write.csv(strat, "api-strat.csv", row.names = FALSE)
clus1$high <- as.integer(clus1$api00 > 700)
strat$high <- as.integer(strat$api00 > 700)

# The documented margins: school types, and schoolwide targets met; awards from apipop.
pop.types <- data.frame(stype = 1:3, Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch_wide = 0:1, Freq = c(1072, 5122))
pop.awards <- data.frame(awards = 0:1, Freq = as.vector(table(apipop$awards)))
margins <- rbind(data.frame(variable = "stype", code = pop.types$stype, N = pop.types$Freq),
                 data.frame(variable = "sch_wide", code = pop.schwide$sch_wide, N = pop.schwide$Freq),
                 data.frame(variable = "awards", code = pop.awards$awards, N = pop.awards$Freq))
write.csv(margins, "api-margins.csv", row.names = FALSE, quote = FALSE)

dclus1 <- svydesign(ids = ~dnum, weights = ~pw, data = clus1, fpc = ~fpc)
dstrat <- svydesign(ids = ~1, strata = ~stype, weights = ~pw, data = strat, fpc = ~fpc)

# Raking passes: R's default stopping rule (table change below 1), and Barometer's (largest
# relative gap of any margin cell below the tolerance), found by rerunning rake with exactly k
# passes (epsilon = 0 never stops early).
rake_k <- function(design, formulas, pops, k) {
  suppressWarnings(rake(design, formulas, pops, control = list(maxit = k, epsilon = 0, verbose = FALSE)))
}
gap <- function(design, formulas, pops) {
  max(mapply(function(f, p) {
    t <- svytable(f, design)
    max(abs(as.vector(t) - p$Freq) / p$Freq)
  }, formulas, pops))
}
passes_for <- function(design, formulas, pops, tolerance) {
  for (k in 1:200) if (gap(rake_k(design, formulas, pops, k), formulas, pops) <= tolerance) return(k)
  stop("no convergence")
}
default_passes <- function(design, formulas, pops) {
  target <- weights(rake(design, formulas, pops))
  for (k in 1:10) if (isTRUE(all.equal(weights(rake_k(design, formulas, pops, k)), target, tolerance = 0))) return(k)
  stop("not found")
}

clus1.formulas <- list(~stype, ~sch_wide); clus1.pops <- list(pop.types, pop.schwide)
strat.formulas <- list(~sch_wide, ~awards); strat.pops <- list(pop.schwide, pop.awards)
tolerance <- 1e-10
designs <- list(
  clus1_rake_default = list(rake(dclus1, clus1.formulas, clus1.pops), default_passes(dclus1, clus1.formulas, clus1.pops)),
  clus1_rake = list(NULL, passes_for(dclus1, clus1.formulas, clus1.pops, tolerance)),
  clus1_poststratify = list(postStratify(dclus1, ~stype, pop.types), NA),
  clus1_calibrate = list(calibrate(dclus1, ~factor(stype) + factor(sch_wide), c(6194, 755, 1018, 5122),
                                   calfun = "raking", epsilon = 1e-13, maxit = 100), NA),
  strat_rake = list(NULL, passes_for(dstrat, strat.formulas, strat.pops, tolerance)),
  strat_poststratify = list(postStratify(dstrat, ~awards, pop.awards), NA)
)
designs$clus1_rake[[1]] <- rake_k(dclus1, clus1.formulas, clus1.pops, designs$clus1_rake[[2]])
designs$strat_rake[[1]] <- rake_k(dstrat, strat.formulas, strat.pops, designs$strat_rake[[2]])
# The default rake is the classic example; its figures as the package's tests print them.
print(svymean(~api00, designs$clus1_rake_default[[1]]), digits = 10)
print(svymean(~api00, designs$clus1_poststratify[[1]]), digits = 10)

fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
rows <- list()
for (name in names(designs)) {
  d <- designs[[name]][[1]]
  domains <- list(all = d, awards = subset(d, awards == 1), middle = subset(d, stype == 3))
  for (domain in names(domains)) {
    dd <- domains[[domain]]
    for (variable in c("api00", "high")) {
      f <- as.formula(paste0("~", variable))
      m <- svymean(f, dd, deff = TRUE)
      ci <- if (variable == "high") attr(svyciprop(f, dd, method = "logit"), "ci") else c(NA, NA)
      beta <- if (variable == "high") attr(svyciprop(f, dd, method = "beta"), "ci") else c(NA, NA)
      rows[[length(rows) + 1]] <- data.frame(
        design = name, passes = designs[[name]][[2]], domain = domain, variable = variable,
        estimate = fmt(coef(m)[[1]]), se = fmt(SE(m)[[1]]), df = degf(dd), deff = fmt(attr(m, "deff")[[1]]),
        n = sum(weights(dd) != 0), weighted = fmt(sum(weights(dd))),
        ci_low = fmt(ci[[1]]), ci_high = fmt(ci[[2]]), beta_low = fmt(beta[[1]]), beta_high = fmt(beta[[2]]))
    }
  }
}
write.csv(do.call(rbind, rows), "api-reference.csv", row.names = FALSE, quote = FALSE, na = "")
