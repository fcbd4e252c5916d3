//! Target-set TOML: any text loads or gives located errors, never a panic; what loads
//! round-trips losslessly through `to_toml`.
#![no_main]

use chitieu::catalog::Catalog;
use chitieu::targets::TargetSet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(set) = TargetSet::from_toml(&text, "fuzz.toml", Catalog::builtin()) {
        let again = TargetSet::from_toml(&set.to_toml(), "again.toml", Catalog::builtin())
            .expect("a set that loaded must load again from its own TOML");
        assert_eq!(again, set);
    }
});
