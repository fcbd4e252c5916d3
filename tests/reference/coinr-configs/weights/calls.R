# COINr calls that built this configuration (evaluated verbatim by scripts/coinr/make_references.R).
library(COINr)
# as `default`, aggregated with changed weights passed through Aggregate(w = <data frame iCode, Weight>)
# (one data frame used at every aggregation level; looked up by iCode)
coin <- new_coin(ASEM_iData, ASEM_iMeta, level_names = c("Indicator", "Pillar", "Sub-index", "Index"))
coin <- Denominate(coin, dset = "Raw")
coin <- Impute(coin, dset = "Denominated", f_i = "i_mean_grp", use_group = "EurAsia_group")
coin <- Screen(coin, dset = "Imputed", dat_thresh = 0.9, unit_screen = "byNA")
coin <- Treat(coin, dset = "Screened", global_specs = list(f1_para = list(winmax = 5)))
coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(c(0, 100))))
# weights in ASEM_iMeta row order: pillars (Level 2) get 1, 2, ..., 8; the first three indicators
# (LPI, Flights, Ship) get 2; everything else keeps its iMeta weight (1)
w <- ASEM_iMeta[ASEM_iMeta$Type %in% c("Indicator", "Aggregate"), c("iCode", "Level", "Weight")]
w$Weight[w$Level == 2] <- seq_len(sum(w$Level == 2))
w$Weight[which(w$Level == 1)[1:3]] <- 2
coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean", w = w)
