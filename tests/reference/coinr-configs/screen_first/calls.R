# COINr calls that built this configuration (evaluated verbatim by scripts/coinr/make_references.R).
library(COINr)
# extra: screening *before* imputation, so that units are actually removed (5 of 51 have
# less than 90% of the 49 indicators after denomination); then as `default`
coin <- new_coin(ASEM_iData, ASEM_iMeta, level_names = c("Indicator", "Pillar", "Sub-index", "Index"))
coin <- Denominate(coin, dset = "Raw")
coin <- Screen(coin, dset = "Denominated", dat_thresh = 0.9, unit_screen = "byNA")
coin <- Impute(coin, dset = "Screened", f_i = "i_mean_grp", use_group = "EurAsia_group")
coin <- Treat(coin, dset = "Imputed", global_specs = list(f1_para = list(winmax = 5)))
coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(c(0, 100))))
coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
