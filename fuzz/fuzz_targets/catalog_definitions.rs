//! User indicator definitions (TOML and JSON): valid or a list of errors, never a panic.
#![no_main]

use chitieu::catalog::{Catalog, Syntax};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for syntax in [Syntax::Toml, Syntax::Json] {
        if let Err(e) = Catalog::builtin().extend(&text, "fuzz", syntax) {
            assert!(!e.errors().is_empty());
        }
    }
});
