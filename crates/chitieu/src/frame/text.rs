//! Text columns whose texts repeat, built straight into Arrow views with each distinct text's
//! bytes stored once.
//!
//! A scorecard repeats a few texts down hundreds of thousands of rows (ids, names, method
//! sentences of a few hundred bytes). A String column is a 16-byte view per row: a text of
//! up to 12 bytes sits in its view, a longer one is a (buffer, offset, length) reference. Here
//! the first row with a text appends its bytes to the column's buffer and every later row
//! copies that view: no text is copied or hashed per row when it is recognised by address
//! (texts the rows share: `Arc<str>`, `&'static str`), and owned texts are recognised by
//! content.

use polars::prelude::*;
use polars_arrow::array::{Utf8ViewArray, View};
use polars_arrow::bitmap::MutableBitmap;

/// Largest buffer of a column: views address bytes with 32-bit offsets.
const BUFFER_MAX: usize = u32::MAX as usize;

/// The builder of one String column (see the module docs). `'a`: the texts pushed outlive
/// the builder, so an address names one text for its whole life.
pub(crate) struct SharedText<'a> {
    views: Vec<View>,
    validity: Option<MutableBitmap>,
    buffers: Vec<Vec<u8>>,
    total_bytes: usize,
    by_address: foldhash::HashMap<(usize, usize), View>,
    by_content: foldhash::HashMap<&'a str, View>,
}

impl<'a> SharedText<'a> {
    pub(crate) fn with_capacity(rows: usize) -> Self {
        Self {
            views: Vec::with_capacity(rows),
            validity: None,
            buffers: vec![Vec::new()],
            total_bytes: 0,
            by_address: foldhash::HashMap::default(),
            by_content: foldhash::HashMap::default(),
        }
    }

    /// Pushes a text that rows share (recognised by its address and length).
    pub(crate) fn push_shared(&mut self, text: Option<&'a str>) {
        let Some(t) = text else {
            return self.push_null();
        };
        let key = (t.as_ptr() as usize, t.len());
        let view = match self.by_address.get(&key) {
            Some(v) => *v,
            None => {
                let v = self.store(t);
                self.by_address.insert(key, v);
                v
            }
        };
        self.push_view(view, t.len());
    }

    /// Pushes a text owned by its row (recognised by content: equal notes are stored once).
    pub(crate) fn push_owned(&mut self, text: Option<&'a str>) {
        let Some(t) = text else {
            return self.push_null();
        };
        let view = match self.by_content.get(t) {
            Some(v) => *v,
            None => {
                let v = self.store(t);
                self.by_content.insert(t, v);
                v
            }
        };
        self.push_view(view, t.len());
    }

    fn push_view(&mut self, view: View, len: usize) {
        self.views.push(view);
        self.total_bytes += len;
        if let Some(v) = &mut self.validity {
            v.push(true);
        }
    }

    fn push_null(&mut self) {
        let v = self.validity.get_or_insert_with(|| {
            let mut v = MutableBitmap::with_capacity(self.views.capacity());
            v.extend_constant(self.views.len(), true);
            v
        });
        v.push(false);
        self.views.push(View::default());
    }

    /// The view of a text seen for the first time, its bytes appended to a buffer.
    fn store(&mut self, t: &str) -> View {
        let bytes = t.as_bytes();
        if bytes.len() <= View::MAX_INLINE_SIZE as usize {
            return View::new_inline(bytes);
        }
        if self
            .buffers
            .last()
            .is_some_and(|b| b.len() + bytes.len() > BUFFER_MAX)
        {
            self.buffers.push(Vec::new());
        }
        let index = self.buffers.len() - 1;
        let buffer = &mut self.buffers[index];
        // Offsets fit: a buffer is started before one would pass `BUFFER_MAX`, and a
        // single text is shorter than that (a `&str` of a scorecard cell).
        let offset = u32::try_from(buffer.len()).expect("buffer within u32");
        buffer.extend_from_slice(bytes);
        View::new_from_bytes(bytes, index as u32, offset)
    }

    /// The column, named `name`.
    pub(crate) fn finish(self, name: &str) -> Column {
        let total_buffer_len = self.buffers.iter().map(Vec::len).sum();
        let buffers: Vec<_> = self.buffers.into_iter().map(Into::into).collect();
        // SAFETY: every view was made by `View::new_inline` from a `&str`, or by
        // `View::new_from_bytes` from a `&str` appended whole at its offset to the buffer of
        // its index (valid UTF-8, within bounds); null rows have the default view and a
        // cleared validity bit; the validity, when present, has one bit per view.
        let array = unsafe {
            Utf8ViewArray::new_unchecked(
                ArrowDataType::Utf8View,
                self.views.into(),
                buffers.into(),
                self.validity.map(Into::into),
                Some(self.total_bytes),
                total_buffer_len,
            )
        };
        StringChunked::with_chunk(name.into(), array).into_column()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_texts_are_stored_once_and_read_back() {
        let long = String::from("a method sentence longer than twelve bytes, in full");
        let other = String::from("another sentence of more than twelve bytes");
        let copy = long.clone(); // equal content, another address
        let rows: Vec<Option<&str>> = vec![
            Some(&long),
            None,
            Some("short"),
            Some(&long),
            Some(&other),
            Some(&copy),
            None,
        ];
        let mut shared = SharedText::with_capacity(rows.len());
        let mut owned = SharedText::with_capacity(rows.len());
        for r in &rows {
            shared.push_shared(*r);
            owned.push_owned(*r);
        }
        for (column, stored) in [
            (shared.finish("x"), long.len() * 2 + other.len()),
            (owned.finish("x"), long.len() + other.len()),
        ] {
            let got: Vec<Option<&str>> = column.str().unwrap().iter().collect();
            assert_eq!(got, rows);
            assert_eq!(column.null_count(), 2);
            let arr = column
                .str()
                .unwrap()
                .downcast_iter()
                .next()
                .unwrap()
                .clone();
            assert_eq!(arr.total_buffer_len(), stored);
        }
    }

    #[test]
    fn a_column_without_nulls_has_no_validity() {
        let mut b = SharedText::with_capacity(2);
        b.push_shared(Some("kind"));
        b.push_owned(Some("a note that is long enough"));
        let c = b.finish("k");
        assert_eq!(c.null_count(), 0);
        assert_eq!(c.str().unwrap().get(1), Some("a note that is long enough"));
    }
}
