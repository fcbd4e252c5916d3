# COINr calls that built this configuration (evaluated verbatim by scripts/coinr/make_references.R).
library(COINr)
# goalposts per indicator (iMeta columns, f_n_para = "use_iMeta"): lower/upper = 10th/90th
# percentile (type 7) of the denominated data, rounded to 4 significant digits; scale 100;
# trunc2posts FALSE for LPI, Goods and Renew, TRUE for the others. Median imputation.
iMeta <- ASEM_iMeta
tmp <- Denominate(new_coin(ASEM_iData, ASEM_iMeta, level_names = c("Indicator", "Pillar", "Sub-index", "Index"), quietly = TRUE), dset = "Raw")
iCodes <- iMeta$iCode[iMeta$Type == "Indicator"]
iMeta$goalpost_lower <- NA_real_
iMeta$goalpost_upper <- NA_real_
for (ic in iCodes) {
  q <- stats::quantile(tmp$Data$Denominated[[ic]], c(0.1, 0.9), na.rm = TRUE, names = FALSE)
  iMeta$goalpost_lower[iMeta$iCode == ic] <- signif(q[1], 4)
  iMeta$goalpost_upper[iMeta$iCode == ic] <- signif(q[2], 4)
}
iMeta$goalpost_scale <- ifelse(iMeta$Type == "Indicator", 100, NA_real_)
iMeta$goalpost_trunc2posts <- ifelse(iMeta$Type == "Indicator", !(iMeta$iCode %in% c("LPI", "Goods", "Renew")), NA)
coin <- new_coin(ASEM_iData, iMeta, level_names = c("Indicator", "Pillar", "Sub-index", "Index"))
coin <- Denominate(coin, dset = "Raw")
coin <- Impute(coin, dset = "Denominated", f_i = "i_median")
coin <- Normalise(coin, dset = "Imputed", global_specs = list(f_n = "n_goalposts", f_n_para = "use_iMeta"))
coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
