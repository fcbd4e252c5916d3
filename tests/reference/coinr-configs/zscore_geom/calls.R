# COINr calls that built this configuration (evaluated verbatim by scripts/coinr/make_references.R).
library(COINr)
# no imputation, no screening; z-scores c(10, 2) stay positive on ASEM (min 1.52), so a_gmean works
coin <- new_coin(ASEM_iData, ASEM_iMeta, level_names = c("Indicator", "Pillar", "Sub-index", "Index"))
coin <- Denominate(coin, dset = "Raw")
coin <- Treat(coin, dset = "Denominated", global_specs = list(f1_para = list(winmax = 5)))
coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_zscore", f_n_para = list(c(10, 2))))
coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_gmean")
