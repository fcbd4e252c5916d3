//! Composite specifications as people write them (JSON / Python dicts): any text gives a
//! specification or an error naming where it is wrong, never a panic.
#![no_main]

use chitieu::composite::{PipelineSpec, UncertaintySpec};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let groups = Some(vec!["A".to_owned(), "B".to_owned()]);
    if let Err(e) = PipelineSpec::from_json(&text, groups) {
        assert!(!e.to_string().is_empty());
    }
    let _ = PipelineSpec::from_json(&text, None);
    let _ = UncertaintySpec::from_json(&text, "{}");
    let _ = UncertaintySpec::from_json(r#"{"replications": 3}"#, &text);
});
