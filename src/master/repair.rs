//! Mends a parsed TOML document after one reading error, so that the reading can go on and
//! report the next: serde stops at the first unknown key or wrong type, and a master with four
//! mistakes should hear of all four in one run.
//!
//! A mended document is only used to find further problems: the first error already refuses
//! the master.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::diagnostic::unknown_field;
use super::nearest;

/// What to put where a value of the wrong type stood.
#[derive(Clone, Copy)]
enum Fix<'a> {
    /// Nothing: the key is left out (it is optional).
    Remove,
    /// The same value under the key the diagnostic suggested (`clinet` read as `client`), so
    /// that a typo in a key does not turn into a missing key as well.
    Rename(&'a str),
    /// An empty text, which the checks then leave alone (the place is reported).
    EmptyText,
    /// The value as the only item of a list: `[kwis]` read as `[[kwis]]`, `"KK"` as `["KK"]`.
    Wrap,
}

/// An empty value of a missing key.
#[derive(Clone, Copy)]
enum Empty {
    Text,
    List,
}

impl Empty {
    fn value<'i>(self) -> DeValue<'i> {
        match self {
            Empty::Text => DeValue::String(Cow::Borrowed("")),
            Empty::List => DeValue::Array(DeArray::new()),
        }
    }
}

enum Mend<'a> {
    /// Mend the entry or list item at the span.
    Replace(Fix<'a>),
    /// Add the missing key to the table at the span.
    Insert(&'a str, Empty),
}

/// Mends `document` where `error` points; `false` when the error cannot be mended.
pub(super) fn repair(document: &mut Spanned<DeTable<'_>>, error: &toml::de::Error) -> bool {
    let Some(span) = error.span() else {
        return false;
    };
    let message = error.message();
    let mend = if let Some((unknown, known)) = unknown_field(message) {
        Mend::Replace(match nearest(unknown, known.iter().copied()) {
            Some(suggestion) => Fix::Rename(
                known
                    .into_iter()
                    .find(|key| *key == suggestion)
                    .unwrap_or_default(),
            ),
            None => Fix::Remove,
        })
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let expected = message.split_once(", expected ").map_or("", |(_, e)| e);
        Mend::Replace(if expected.starts_with("a string") {
            Fix::EmptyText
        } else if expected.starts_with("a sequence") {
            Fix::Wrap
        } else {
            Fix::Remove
        })
    } else if let Some(key) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        // the only required list is a question's `respondents`; the other required keys are text
        Mend::Insert(
            key,
            if key == "respondents" {
                Empty::List
            } else {
                Empty::Text
            },
        )
    } else {
        return false;
    };
    let document_span = document.span();
    mend_table(document.get_mut(), &document_span, &span, &mend)
}

fn mend_table<'i>(
    table: &mut DeTable<'i>,
    table_span: &Range<usize>,
    span: &Range<usize>,
    mend: &Mend<'_>,
) -> bool {
    match *mend {
        Mend::Insert(key, empty) if table_span == span => {
            let key = Spanned::new(span.clone(), Cow::Owned(key.to_string()));
            table.insert(key, Spanned::new(span.clone(), empty.value()));
            return true;
        }
        Mend::Replace(fix) => {
            let found = table
                .iter()
                .find(|(key, value)| key.span() == *span || value.span() == *span)
                .map(|(key, _)| key.clone());
            if let Some(key) = found
                && let Some(old) = table.remove(&key)
            {
                let old_span = old.span();
                let mended = match fix {
                    Fix::Remove => return true,
                    Fix::Rename(suggestion) => {
                        let renamed = Spanned::new(key.span(), Cow::Owned(suggestion.to_string()));
                        match table.get_mut(&renamed).map(Spanned::get_mut) {
                            None => {
                                table.insert(renamed, old);
                            }
                            // `[[respondets]]` beside `[[respondents]]`: one list, in file order
                            Some(DeValue::Array(items)) => {
                                if let DeValue::Array(more) = old.into_inner() {
                                    let mut all: Vec<_> = std::mem::replace(items, DeArray::new())
                                        .into_iter()
                                        .chain(more)
                                        .collect();
                                    all.sort_by_key(|item| item.span().start);
                                    *items = all.into_iter().collect();
                                }
                            }
                            Some(_) => {}
                        }
                        return true;
                    }
                    Fix::EmptyText => DeValue::String(Cow::Borrowed("")),
                    Fix::Wrap => DeValue::Array(std::iter::once(old).collect()),
                };
                table.insert(key, Spanned::new(old_span, mended));
                return true;
            }
        }
        Mend::Insert(..) => {}
    }
    for (_, value) in table.iter_mut() {
        let value_span = value.span();
        if let DeValue::Table(inner) = value.get_mut()
            && mend_table(inner, &value_span, span, mend)
        {
            return true;
        }
        if let DeValue::Array(items) = value.get_mut() {
            {
                if let Some(position) = items.iter().position(|item| item.span() == *span)
                    && matches!(mend, Mend::Replace(_))
                {
                    // a list item of the wrong type, e.g. a number among the initials
                    let kept: DeArray<'i> = std::mem::replace(items, DeArray::new())
                        .into_iter()
                        .enumerate()
                        .filter_map(|(index, item)| (index != position).then_some(item))
                        .collect();
                    *items = kept;
                    return true;
                }
                for item in items.iter_mut() {
                    let item_span = item.span();
                    if let DeValue::Table(inner) = item.get_mut()
                        && mend_table(inner, &item_span, span, mend)
                    {
                        return true;
                    }
                }
            }
        }
    }
    false
}
