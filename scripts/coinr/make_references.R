#!/usr/bin/env Rscript
# Reference outputs from the R package COINr (1.1.14) for chitieu's composite-indicator
# pipeline: several construction configurations of the ASEM example plus COINr's
# uncertainty / sensitivity analysis. See scripts/coinr/README.md for how to run it.
#
# Usage:
#   COINR_LIB=<library holding COINr> Rscript scripts/coinr/make_references.R [OUT_DIR]
#
# OUT_DIR defaults to tests/reference/coinr-configs (relative to the repository root,
# located from this script's path). Environment variables:
#   COINR_LIB        library path(s) (":"-separated) searched before R's own libraries
#   COINR_UA_N       replications of the uncertainty analysis (default 500)
#   COINR_SA_N       base sample size N of the sensitivity analysis (default 100; 0 = skip)
#   COINR_SA_NBOOT   bootstrap replications for the Sobol confidence bounds (default 100)
#   COINR_SKIP_UNCERTAINTY  set to 1 to build only the configurations

# ---------------------------------------------------------------------------
# Setup
# ---------------------------------------------------------------------------

lib_env <- Sys.getenv("COINR_LIB", "")
if (nzchar(lib_env)) {
  .libPaths(c(strsplit(lib_env, .Platform$path.sep, fixed = TRUE)[[1]], .libPaths()))
}
suppressPackageStartupMessages(library(COINr))

script_path <- local({
  a <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", a[grepl("^--file=", a)])
  if (length(f) == 1) normalizePath(f) else NA_character_
})
args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1) {
  out_dir <- args[1]
} else {
  if (is.na(script_path)) stop("Cannot locate the script; pass the output folder as first argument.")
  out_dir <- file.path(dirname(dirname(dirname(script_path))), "tests", "reference", "coinr-configs")
}
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
out_dir <- normalizePath(out_dir)

env_num <- function(name, default) {
  v <- Sys.getenv(name, "")
  if (nzchar(v)) as.numeric(v) else default
}
UA_N <- env_num("COINR_UA_N", 500)
SA_N <- env_num("COINR_SA_N", 100)
SA_NBOOT <- env_num("COINR_SA_NBOOT", 100)
SKIP_UNC <- identical(Sys.getenv("COINR_SKIP_UNCERTAINTY", ""), "1")

RNGkind("Mersenne-Twister", "Inversion", "Rejection")  # R >= 3.6 defaults, stated explicitly

# ---------------------------------------------------------------------------
# CSV writing: UTF-8, "\n", header, NA/NaN -> empty field, numbers that round-trip
# (shortest of %.15g / %.16g / %.17g that parses back to the same double; %.17g always does)
# ---------------------------------------------------------------------------

fmt_num <- function(x) {
  out <- rep("", length(x))
  ok <- !is.na(x)
  if (any(is.infinite(x[ok]))) stop("infinite value in output")
  v <- as.numeric(x[ok])
  s <- sprintf("%.15g", v)
  bad <- as.numeric(s) != v
  s[bad] <- sprintf("%.16g", v[bad])
  bad <- as.numeric(s) != v
  s[bad] <- sprintf("%.17g", v[bad])
  out[ok] <- s
  out
}

quote_field <- function(s) {
  need <- grepl("[\",\r\n]", s) | grepl("^\\s|\\s$", s)
  s[need] <- paste0("\"", gsub("\"", "\"\"", s[need], fixed = TRUE), "\"")
  s
}

fmt_col <- function(x) {
  if (is.factor(x)) x <- as.character(x)
  if (is.logical(x)) {
    s <- ifelse(is.na(x), "", ifelse(x, "TRUE", "FALSE"))
  } else if (is.numeric(x)) {
    s <- fmt_num(x)
  } else {
    x <- as.character(x)
    s <- ifelse(is.na(x), "", quote_field(enc2utf8(x)))
  }
  s
}

write_csv <- function(df, path) {
  df <- as.data.frame(df, stringsAsFactors = FALSE)
  cols <- lapply(df, fmt_col)
  header <- paste(quote_field(names(df)), collapse = ",")
  body <- if (nrow(df) > 0) do.call(paste, c(cols, sep = ",")) else character(0)
  con <- file(path, open = "wb")
  on.exit(close(con))
  writeLines(enc2utf8(c(header, body)), con, sep = "\n", useBytes = TRUE)
  invisible(path)
}

# minimal JSON writer (no dependency on jsonlite)
to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent + 1); pad0 <- strrep("  ", indent)
  esc <- function(s) paste0("\"", gsub("\n", "\\\\n", gsub("\"", "\\\\\"", gsub("\\\\", "\\\\\\\\", s))), "\"")
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      items <- vapply(names(x), function(n) paste0(pad, esc(n), ": ", to_json(x[[n]], indent + 1)), "")
      return(paste0("{\n", paste(items, collapse = ",\n"), "\n", pad0, "}"))
    }
    if (length(x) == 0) return("[]")
    items <- vapply(x, function(e) paste0(pad, to_json(e, indent + 1)), "")
    return(paste0("[\n", paste(items, collapse = ",\n"), "\n", pad0, "]"))
  }
  one <- function(v) {
    if (is.na(v)) return("null")
    if (is.logical(v)) return(if (v) "true" else "false")
    if (is.numeric(v)) return(fmt_num(v))
    esc(as.character(v))
  }
  if (length(x) == 1) return(one(x))
  paste0("[", paste(vapply(as.list(x), one, ""), collapse = ", "), "]")
}

write_text <- function(lines, path) {
  con <- file(path, open = "wb")
  on.exit(close(con))
  writeLines(enc2utf8(lines), con, sep = "\n", useBytes = TRUE)
}

# ---------------------------------------------------------------------------
# Common inputs
# ---------------------------------------------------------------------------

LEVEL_NAMES <- 'c("Indicator", "Pillar", "Sub-index", "Index")'
inputs_dir <- file.path(out_dir, "inputs")
dir.create(inputs_dir, showWarnings = FALSE)
write_csv(COINr::ASEM_iData, file.path(inputs_dir, "iData.csv"))
write_csv(COINr::ASEM_iMeta, file.path(inputs_dir, "iMeta.csv"))

# ---------------------------------------------------------------------------
# Configurations: each is R code (kept verbatim in <name>/calls.R) that builds `coin`.
# It is evaluated in a fresh environment where COINr is attached.
# ---------------------------------------------------------------------------

NEW_COIN <- paste0('coin <- new_coin(ASEM_iData, ASEM_iMeta, level_names = ', LEVEL_NAMES, ')')

configs <- list(

  default = c(
    "# exactly the steps of build_example_coin() (R/examples.R)",
    NEW_COIN,
    'coin <- Denominate(coin, dset = "Raw")',
    'coin <- Impute(coin, dset = "Denominated", f_i = "i_mean_grp", use_group = "EurAsia_group")',
    'coin <- Screen(coin, dset = "Imputed", dat_thresh = 0.9, unit_screen = "byNA")',
    'coin <- Treat(coin, dset = "Screened", global_specs = list(f1_para = list(winmax = 5)))',
    'coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(c(0, 100))))',
    'coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")'
  ),

  zscore_geom = c(
    "# no imputation, no screening; z-scores c(10, 2) stay positive on ASEM (min 1.52), so a_gmean works",
    NEW_COIN,
    'coin <- Denominate(coin, dset = "Raw")',
    'coin <- Treat(coin, dset = "Denominated", global_specs = list(f1_para = list(winmax = 5)))',
    'coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_zscore", f_n_para = list(c(10, 2))))',
    'coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_gmean")'
  ),

  rank_harm = c(
    "# median imputation, no treatment, rank normalisation (ties 'min'), harmonic mean",
    NEW_COIN,
    'coin <- Denominate(coin, dset = "Raw")',
    'coin <- Impute(coin, dset = "Denominated", f_i = "i_median")',
    'coin <- Normalise(coin, dset = "Imputed", global_specs = list(f_n = "n_rank"))',
    'coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_hmean")'
  ),

  weights = c(
    "# as `default`, aggregated with changed weights passed through Aggregate(w = <data frame iCode, Weight>)",
    "# (one data frame used at every aggregation level; looked up by iCode)",
    NEW_COIN,
    'coin <- Denominate(coin, dset = "Raw")',
    'coin <- Impute(coin, dset = "Denominated", f_i = "i_mean_grp", use_group = "EurAsia_group")',
    'coin <- Screen(coin, dset = "Imputed", dat_thresh = 0.9, unit_screen = "byNA")',
    'coin <- Treat(coin, dset = "Screened", global_specs = list(f1_para = list(winmax = 5)))',
    'coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(c(0, 100))))',
    "# weights in ASEM_iMeta row order: pillars (Level 2) get 1, 2, ..., 8; the first three indicators",
    "# (LPI, Flights, Ship) get 2; everything else keeps its iMeta weight (1)",
    'w <- ASEM_iMeta[ASEM_iMeta$Type %in% c("Indicator", "Aggregate"), c("iCode", "Level", "Weight")]',
    'w$Weight[w$Level == 2] <- seq_len(sum(w$Level == 2))',
    'w$Weight[which(w$Level == 1)[1:3]] <- 2',
    'coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean", w = w)'
  ),

  dist2targ = c(
    "# targets = ASEM_iMeta$Target (given on the scale of the *raw* data; the 17 denominated",
    "# indicators are divided by their denominators first, so their targets lie far above their data)",
    "# cap_max = TRUE through the iMeta column dist2targ_cap_max; f_n_para = \"use_iMeta\"",
    "iMeta <- ASEM_iMeta",
    "iMeta$dist2targ_cap_max <- TRUE",
    paste0('coin <- new_coin(ASEM_iData, iMeta, level_names = ', LEVEL_NAMES, ')'),
    'coin <- Denominate(coin, dset = "Raw")',
    'coin <- Impute(coin, dset = "Denominated", f_i = "i_mean")',
    'coin <- Treat(coin, dset = "Imputed", global_specs = list(f1_para = list(winmax = 5)))',
    'coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_dist2targ", f_n_para = "use_iMeta"))',
    'coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")'
  ),

  log_fallback = c(
    "# winmax = 1 everywhere (default f2 = log_CT applied to the *original* column when winsorising",
    "# one point does not pass); Services: treatment switched off; Bord: its own winmax = 3",
    NEW_COIN,
    'coin <- Denominate(coin, dset = "Raw")',
    'coin <- Treat(coin, dset = "Denominated", global_specs = list(f1_para = list(winmax = 1)),',
    '              indiv_specs = list(Services = "none", Bord = list(f1_para = list(winmax = 3))))',
    'coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(c(0, 100))))',
    'coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")'
  ),

  goalposts_median = c(
    "# goalposts per indicator (iMeta columns, f_n_para = \"use_iMeta\"): lower/upper = 10th/90th",
    "# percentile (type 7) of the denominated data, rounded to 4 significant digits; scale 100;",
    "# trunc2posts FALSE for LPI, Goods and Renew, TRUE for the others. Median imputation.",
    "iMeta <- ASEM_iMeta",
    paste0('tmp <- Denominate(new_coin(ASEM_iData, ASEM_iMeta, level_names = ', LEVEL_NAMES, ', quietly = TRUE), dset = "Raw")'),
    'iCodes <- iMeta$iCode[iMeta$Type == "Indicator"]',
    'iMeta$goalpost_lower <- NA_real_',
    'iMeta$goalpost_upper <- NA_real_',
    'for (ic in iCodes) {',
    '  q <- stats::quantile(tmp$Data$Denominated[[ic]], c(0.1, 0.9), na.rm = TRUE, names = FALSE)',
    '  iMeta$goalpost_lower[iMeta$iCode == ic] <- signif(q[1], 4)',
    '  iMeta$goalpost_upper[iMeta$iCode == ic] <- signif(q[2], 4)',
    '}',
    'iMeta$goalpost_scale <- ifelse(iMeta$Type == "Indicator", 100, NA_real_)',
    'iMeta$goalpost_trunc2posts <- ifelse(iMeta$Type == "Indicator", !(iMeta$iCode %in% c("LPI", "Goods", "Renew")), NA)',
    paste0('coin <- new_coin(ASEM_iData, iMeta, level_names = ', LEVEL_NAMES, ')'),
    'coin <- Denominate(coin, dset = "Raw")',
    'coin <- Impute(coin, dset = "Denominated", f_i = "i_median")',
    'coin <- Normalise(coin, dset = "Imputed", global_specs = list(f_n = "n_goalposts", f_n_para = "use_iMeta"))',
    'coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")'
  ),

  screen_first = c(
    "# extra: screening *before* imputation, so that units are actually removed (5 of 51 have",
    "# less than 90% of the 49 indicators after denomination); then as `default`",
    NEW_COIN,
    'coin <- Denominate(coin, dset = "Raw")',
    'coin <- Screen(coin, dset = "Denominated", dat_thresh = 0.9, unit_screen = "byNA")',
    'coin <- Impute(coin, dset = "Screened", f_i = "i_mean_grp", use_group = "EurAsia_group")',
    'coin <- Treat(coin, dset = "Imputed", global_specs = list(f1_para = list(winmax = 5)))',
    'coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(c(0, 100))))',
    'coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")'
  )
)

DSETS <- c("Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated")

run_code <- function(code) {
  env <- new.env(parent = globalenv())
  suppressMessages(eval(parse(text = code), envir = env))
  env
}

# order of rows for metadata-like outputs: ASEM_iMeta row order (indicators, then aggregates)
imeta_order <- COINr::ASEM_iMeta$iCode[COINr::ASEM_iMeta$Type %in% c("Indicator", "Aggregate")]

weights_used <- function(coin) {
  w <- coin$Log$Aggregate$w
  im <- coin$Meta$Ind[coin$Meta$Ind$Type %in% c("Indicator", "Aggregate"), ]
  if (is.null(w)) {
    w <- im[c("iCode", "Weight")]
    src <- "iMeta"
  } else if (is.data.frame(w)) {
    src <- "Aggregate(w = data frame)"
  } else {
    stop("weights_used: only NULL or data-frame w handled")
  }
  out <- data.frame(iCode = imeta_order,
                    Level = im$Level[match(imeta_order, im$iCode)],
                    Weight = w$Weight[match(imeta_order, w$iCode)],
                    stringsAsFactors = FALSE)
  # effective weights (COINr's get_eff_weights on a coin carrying these weights)
  c2 <- coin
  c2$Meta$Ind$Weight[match(out$iCode, c2$Meta$Ind$iCode)] <- out$Weight
  ew <- get_eff_weights(c2)
  out$EffWeight <- ew$EffWeight[match(out$iCode, ew$iCode)]
  attr(out, "source") <- src
  out
}

treat_summary <- function(coin, dset_in) {
  dt <- coin$Analysis$Treated$Dets_Table
  tp <- coin$Analysis$Treated$Treated_Points
  x_in <- get_dset(coin, dset_in)
  x_out <- coin$Data$Treated
  icodes <- imeta_order[imeta_order %in% names(x_in)]
  col <- function(name, ic) {
    if (is.null(dt[[name]])) return(NA)
    v <- dt[[name]][match(ic, dt$iCode)]
    if (length(v) == 0) NA else v
  }
  rows <- lapply(icodes, function(ic) {
    in_table <- ic %in% dt$iCode
    pts <- if (!is.null(tp[[ic]])) tp[[ic]] else rep("", nrow(x_in))
    log_applied <- in_table && !is.na(col("check_SkewKurt2.Pass", ic))
    nwin <- col("winsorise.nwin", ic)
    treatment <- if (!in_table) {
      "off"
    } else if (log_applied) {
      "log_CT (winsorisation discarded)"
    } else if (!is.na(nwin) && nwin > 0) {
      "winsorised"
    } else {
      "none (passed)"
    }
    final <- if (log_applied) "2" else if (!is.na(nwin)) "1" else "0"
    changed <- !((is.na(x_in[[ic]]) & is.na(x_out[[ic]])) |
                   (!is.na(x_in[[ic]]) & !is.na(x_out[[ic]]) & x_in[[ic]] == x_out[[ic]]))
    data.frame(
      iCode = ic,
      Treatment = treatment,
      skew_before = col("check_SkewKurt0.Skew", ic),
      kurt_before = col("check_SkewKurt0.Kurt", ic),
      pass_before = col("check_SkewKurt0.Pass", ic),
      winsorise_nwin = nwin,
      n_winhi = sum(grepl("^winhi", pts)),
      n_winlo = sum(grepl("^winlo", pts)),
      skew_after_winsorise = col("check_SkewKurt1.Skew", ic),
      kurt_after_winsorise = col("check_SkewKurt1.Kurt", ic),
      pass_after_winsorise = col("check_SkewKurt1.Pass", ic),
      log_applied = log_applied,
      skew_after_log = col("check_SkewKurt2.Skew", ic),
      kurt_after_log = col("check_SkewKurt2.Kurt", ic),
      pass_after_log = col("check_SkewKurt2.Pass", ic),
      pass_final = col(paste0("check_SkewKurt", final, ".Pass"), ic),
      n_values_changed = sum(changed),
      stringsAsFactors = FALSE)
  })
  do.call(rbind, rows)
}

config_notes <- list()

for (name in names(configs)) {
  message("== configuration ", name)
  code <- configs[[name]]
  env <- run_code(code)
  coin <- env$coin
  cdir <- file.path(out_dir, name)
  dir.create(cdir, showWarnings = FALSE)
  write_text(c(
    "# COINr calls that built this configuration (evaluated verbatim by scripts/coinr/make_references.R).",
    "library(COINr)",
    code), file.path(cdir, "calls.R"))

  for (ds in DSETS) {
    if (!is.null(coin$Data[[ds]])) write_csv(coin$Data[[ds]], file.path(cdir, paste0(ds, ".csv")))
  }

  if (!is.null(env$iMeta)) write_csv(env$iMeta, file.path(cdir, "iMeta.csv"))

  # ranks of every aggregate, full precision, ties "min", highest score = rank 1
  rk <- get_results(coin, dset = "Aggregated", tab_type = "Aggs", use = "ranks")
  agg_codes <- names(rk)[names(rk) != "uCode"]
  rk <- rk[match(coin$Data$Aggregated$uCode, rk$uCode), c("uCode", agg_codes)]
  write_csv(rk, file.path(cdir, "ranks.csv"))

  w <- weights_used(coin)
  write_csv(w, file.path(cdir, "weights.csv"))

  if (!is.null(coin$Analysis$Treated)) {
    dt <- coin$Analysis$Treated$Dets_Table
    write_csv(dt, file.path(cdir, "treat_dets_table.csv"))
    tp <- coin$Analysis$Treated$Treated_Points
    write_csv(cbind(uCode = coin$Data$Treated$uCode, tp), file.path(cdir, "treat_points.csv"))
    write_csv(treat_summary(coin, coin$Log$Treat$dset), file.path(cdir, "treat_summary.csv"))
  }
  if (!is.null(coin$Analysis$Screened)) {
    write_csv(coin$Analysis$Screened$DataSummary, file.path(cdir, "screen_summary.csv"))
  }

  config_notes[[name]] <- list(
    datasets = DSETS[DSETS %in% names(coin$Data)],
    units = nrow(coin$Data$Aggregated),
    weights_source = attr(w, "source"),
    removed_units = if (!is.null(coin$Analysis$Screened)) as.list(coin$Analysis$Screened$RemovedUnits) else NULL,
    NaN_cells = sum(vapply(coin$Data, function(d) sum(vapply(d, function(v) sum(is.nan(v)), 0)), 0))
  )

  if (name == "default") {
    ref <- suppressMessages(build_example_coin(quietly = TRUE))
    for (ds in names(ref$Data)) {
      if (!identical(ref$Data[[ds]], coin$Data[[ds]])) stop("default config differs from build_example_coin() at ", ds)
    }
    default_coin <- coin
  }
}

# ---------------------------------------------------------------------------
# Uncertainty and sensitivity analysis (vignette "sensitivity"), on the default coin
# ---------------------------------------------------------------------------

unc_code <- c(
  "# on the `default` coin (= build_example_coin()); vignettes/sensitivity.Rmd specification",
  "w_nom <- coin$Meta$Weights$Original",
  "noise_specs <- data.frame(Level = c(2, 3), NoiseFactor = c(0.25, 0.25))",
  "noisy_wts <- get_noisy_weights(w = w_nom, noise_specs = noise_specs, Nrep = 100)",
  "SA_specs <- list(",
  "  Winmax = list(Address = \"$Log$Treat$global_specs$f1_para$winmax\", Distribution = 1:5, Type = \"discrete\"),",
  "  Normalisation = list(Address = \"$Log$Normalise$global_specs\",",
  "                       Distribution = list(list(f_n = \"n_minmax\", f_n_para = list(c(1, 100))),",
  "                                           list(f_n = \"n_zscore\", f_n_para = list(c(10, 2)))),",
  "                       Type = \"discrete\"),",
  "  Weights = list(Address = \"$Log$Aggregate$w\", Distribution = noisy_wts, Type = \"discrete\"),",
  "  Aggregation = list(Address = \"$Log$Aggregate$f_ag\", Distribution = c(\"a_amean\", \"a_gmean\"), Type = \"discrete\")",
  ")"
)

norm_label <- function(s) paste0(s$f_n, "(", paste(unlist(s$f_n_para), collapse = ","), ")")

replication_table <- function(res, noisy_wts) {
  P <- res$Para
  n <- length(P$Winmax)
  wi <- vapply(seq_len(n), function(i) {
    hit <- which(vapply(noisy_wts, function(w) identical(w, P$Weights[[i]]), logical(1)))
    if (length(hit) == 0) NA_integer_ else hit[1]
  }, integer(1))
  if (anyNA(wi)) stop("could not identify the weight set of some replications")
  data.frame(rep = seq_len(n),
             Winmax = unlist(P$Winmax),
             Normalisation = vapply(P$Normalisation, norm_label, ""),
             WeightSet = wi,
             Aggregation = unlist(P$Aggregation),
             stringsAsFactors = FALSE)
}

timing <- list()

if (!SKIP_UNC) {
  udir <- file.path(out_dir, "uncertainty")
  dir.create(udir, showWarnings = FALSE)

  ua_code <- c(unc_code[1], "set.seed(1)", unc_code[-1],
               paste0("SA_res <- get_sensitivity(coin, SA_specs = SA_specs, N = ", UA_N,
                      ", SA_type = \"UA\", dset = \"Aggregated\", iCode = \"Index\", quietly = TRUE)"))
  sa_code <- c(paste0("SA_res2 <- get_sensitivity(coin, SA_specs = SA_specs, N = ", SA_N,
                      ", SA_type = \"SA\", dset = \"Aggregated\", iCode = \"Index\", Nboot = ", SA_NBOOT,
                      ", quietly = TRUE)"))
  write_text(c("# COINr calls of the uncertainty (UA) and sensitivity (SA) runs.",
               "# Both runs call set.seed(1) and then get_noisy_weights(), so they share the same 100 weight sets.",
               "library(COINr)",
               "coin <- build_example_coin(quietly = TRUE)",
               ua_code, "", "# SA run:", "set.seed(1)", unc_code[-1], sa_code),
             file.path(udir, "calls.R"))

  # ---- UA
  ua_env <- new.env(parent = globalenv())
  ua_env$coin <- default_coin
  set.seed(1)
  eval(parse(text = unc_code), envir = ua_env)
  ua_time <- system.time(
    ua_env$SA_res <- suppressMessages(get_sensitivity(ua_env$coin, SA_specs = ua_env$SA_specs, N = UA_N,
                                     SA_type = "UA", dset = "Aggregated", iCode = "Index",
                                     quietly = TRUE))
  )
  res <- ua_env$SA_res
  write_csv(res$RankStats, file.path(udir, "rank_stats.csv"))
  write_csv(res$Nominal, file.path(udir, "nominal.csv"))
  nw <- do.call(rbind, lapply(seq_along(ua_env$noisy_wts), function(i) {
    w <- ua_env$noisy_wts[[i]]
    w <- w[w$Level %in% c(2, 3), ]
    data.frame(WeightSet = i, iCode = w$iCode, Level = w$Level, Weight = w$Weight, stringsAsFactors = FALSE)
  }))
  write_csv(nw, file.path(udir, "noisy_weights.csv"))
  write_csv(replication_table(res, ua_env$noisy_wts), file.path(udir, "ua_replications.csv"))
  write_csv(res$Ranks, file.path(udir, "ua_index_ranks.csv"))
  write_csv(res$Scores, file.path(udir, "ua_index_scores.csv"))
  timing$ua <- list(N = UA_N, replications = UA_N, elapsed_s = unname(ua_time["elapsed"]),
                    s_per_replication = unname(ua_time["elapsed"]) / UA_N,
                    failed_replications = sum(colSums(!is.na(res$Scores[-(1:2)])) == 0))

  # ---- SA
  if (SA_N > 0) {
    sa_env <- new.env(parent = globalenv())
    sa_env$coin <- default_coin
    set.seed(1)
    eval(parse(text = unc_code), envir = sa_env)
    sa_time <- system.time(
      sa_env$SA_res2 <- suppressMessages(get_sensitivity(sa_env$coin, SA_specs = sa_env$SA_specs, N = SA_N,
                                          SA_type = "SA", dset = "Aggregated", iCode = "Index",
                                          Nboot = SA_NBOOT, quietly = TRUE))
    )
    res2 <- sa_env$SA_res2
    write_csv(res2$Sensitivity[c("Variable", "Si", "STi", "Si_q5", "Si_q95", "STi_q5", "STi_q95")],
              file.path(udir, "sobol.csv"))
    write_csv(res2$RankStats, file.path(udir, "sa_rank_stats.csv"))
    # per-replication design and output y = mean absolute rank change of the Index vs nominal
    rt <- replication_table(res2, sa_env$noisy_wts)
    d <- length(sa_env$SA_specs)
    rt$Block <- c(rep("A", SA_N), rep("B", SA_N), rep(paste0("AB", seq_len(d)), each = SA_N))
    rk <- res2$Ranks
    rt$y_mean_abs_rank_change <- apply(rk[!(names(rk) %in% c("uCode", "Nominal"))], 2,
                                       function(x) mean(abs(x - rk$Nominal), na.rm = TRUE))
    write_csv(rt[c("rep", "Block", "Winmax", "Normalisation", "WeightSet", "Aggregation", "y_mean_abs_rank_change")],
              file.path(udir, "sa_replications.csv"))
    est <- COINr:::SA_estimate(rt$y_mean_abs_rank_change, N = SA_N, d = d, Nboot = NULL)
    if (!isTRUE(all.equal(est$SensInd$Si, res2$Sensitivity$Si, tolerance = 0)) ||
        !isTRUE(all.equal(est$SensInd$STi, res2$Sensitivity$STi, tolerance = 0))) {
      stop("re-estimating Sobol indices from sa_replications.csv does not reproduce COINr's values")
    }
    timing$sa <- list(N = SA_N, d = d, replications = SA_N * (d + 2), Nboot = SA_NBOOT,
                      elapsed_s = unname(sa_time["elapsed"]),
                      s_per_replication = unname(sa_time["elapsed"]) / (SA_N * (d + 2)),
                      variance_y = est$Variance,
                      failed_replications = sum(colSums(!is.na(res2$Scores[-(1:2)])) == 0))
  }
}

# ---------------------------------------------------------------------------
# versions.json
# ---------------------------------------------------------------------------

versions <- list(
  R = R.version.string,
  R_version = paste(R.version$major, R.version$minor, sep = "."),
  platform = R.version$platform,
  COINr = as.character(utils::packageVersion("COINr")),
  COINr_repository = "https://github.com/bluefoxr/COINr",
  COINr_commit = "b9682034635df03279896b6cb025cd3534f82cbb",
  generated = format(Sys.time(), "%Y-%m-%dT%H:%M:%S%z"),
  RNGkind = as.list(RNGkind()),
  seed = 1,
  configurations = config_notes,
  timing = if (length(timing)) timing else NULL,
  timing_note = paste("Elapsed wall-clock seconds from system.time() around get_sensitivity(); each replication",
                      "is a full Regen() of the coin (new_coin -> Aggregate). Measured on a shared 2-core machine.")
)
write_text(to_json(versions), file.path(out_dir, "versions.json"))
message("done: ", out_dir)
