# COINr calls that built this configuration (evaluated verbatim by scripts/coinr/make_references.R).
library(COINr)
# targets = ASEM_iMeta$Target (given on the scale of the *raw* data; the 17 denominated
# indicators are divided by their denominators first, so their targets lie far above their data)
# cap_max = TRUE through the iMeta column dist2targ_cap_max; f_n_para = "use_iMeta"
iMeta <- ASEM_iMeta
iMeta$dist2targ_cap_max <- TRUE
coin <- new_coin(ASEM_iData, iMeta, level_names = c("Indicator", "Pillar", "Sub-index", "Index"))
coin <- Denominate(coin, dset = "Raw")
coin <- Impute(coin, dset = "Denominated", f_i = "i_mean")
coin <- Treat(coin, dset = "Imputed", global_specs = list(f1_para = list(winmax = 5)))
coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_dist2targ", f_n_para = "use_iMeta"))
coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
