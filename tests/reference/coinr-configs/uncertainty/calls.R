# COINr calls of the uncertainty (UA) and sensitivity (SA) runs.
# Both runs call set.seed(1) and then get_noisy_weights(), so they share the same 100 weight sets.
library(COINr)
coin <- build_example_coin(quietly = TRUE)
# on the `default` coin (= build_example_coin()); vignettes/sensitivity.Rmd specification
set.seed(1)
w_nom <- coin$Meta$Weights$Original
noise_specs <- data.frame(Level = c(2, 3), NoiseFactor = c(0.25, 0.25))
noisy_wts <- get_noisy_weights(w = w_nom, noise_specs = noise_specs, Nrep = 100)
SA_specs <- list(
  Winmax = list(Address = "$Log$Treat$global_specs$f1_para$winmax", Distribution = 1:5, Type = "discrete"),
  Normalisation = list(Address = "$Log$Normalise$global_specs",
                       Distribution = list(list(f_n = "n_minmax", f_n_para = list(c(1, 100))),
                                           list(f_n = "n_zscore", f_n_para = list(c(10, 2)))),
                       Type = "discrete"),
  Weights = list(Address = "$Log$Aggregate$w", Distribution = noisy_wts, Type = "discrete"),
  Aggregation = list(Address = "$Log$Aggregate$f_ag", Distribution = c("a_amean", "a_gmean"), Type = "discrete")
)
SA_res <- get_sensitivity(coin, SA_specs = SA_specs, N = 500, SA_type = "UA", dset = "Aggregated", iCode = "Index", quietly = TRUE)

# SA run:
set.seed(1)
w_nom <- coin$Meta$Weights$Original
noise_specs <- data.frame(Level = c(2, 3), NoiseFactor = c(0.25, 0.25))
noisy_wts <- get_noisy_weights(w = w_nom, noise_specs = noise_specs, Nrep = 100)
SA_specs <- list(
  Winmax = list(Address = "$Log$Treat$global_specs$f1_para$winmax", Distribution = 1:5, Type = "discrete"),
  Normalisation = list(Address = "$Log$Normalise$global_specs",
                       Distribution = list(list(f_n = "n_minmax", f_n_para = list(c(1, 100))),
                                           list(f_n = "n_zscore", f_n_para = list(c(10, 2)))),
                       Type = "discrete"),
  Weights = list(Address = "$Log$Aggregate$w", Distribution = noisy_wts, Type = "discrete"),
  Aggregation = list(Address = "$Log$Aggregate$f_ag", Distribution = c("a_amean", "a_gmean"), Type = "discrete")
)
SA_res2 <- get_sensitivity(coin, SA_specs = SA_specs, N = 100, SA_type = "SA", dset = "Aggregated", iCode = "Index", Nboot = 100, quietly = TRUE)
