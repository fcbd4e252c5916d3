# COINr calls that built this configuration (evaluated verbatim by scripts/coinr/make_references.R).
library(COINr)
# median imputation, no treatment, rank normalisation (ties 'min'), harmonic mean
coin <- new_coin(ASEM_iData, ASEM_iMeta, level_names = c("Indicator", "Pillar", "Sub-index", "Index"))
coin <- Denominate(coin, dset = "Raw")
coin <- Impute(coin, dset = "Denominated", f_i = "i_median")
coin <- Normalise(coin, dset = "Imputed", global_specs = list(f_n = "n_rank"))
coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_hmean")
