# COINr calls that built this configuration (evaluated verbatim by scripts/coinr/make_references.R).
library(COINr)
# winmax = 1 everywhere (default f2 = log_CT applied to the *original* column when winsorising
# one point does not pass); Services: treatment switched off; Bord: its own winmax = 3
coin <- new_coin(ASEM_iData, ASEM_iMeta, level_names = c("Indicator", "Pillar", "Sub-index", "Index"))
coin <- Denominate(coin, dset = "Raw")
coin <- Treat(coin, dset = "Denominated", global_specs = list(f1_para = list(winmax = 1)),
              indiv_specs = list(Services = "none", Bord = list(f1_para = list(winmax = 3))))
coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(c(0, 100))))
coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
