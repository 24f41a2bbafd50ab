//! Reads the tags and attributes of an XML part the way calamine's parser does, so that a guard sees
//! the same elements calamine will; never judges what a part holds.

use super::find;
use crate::reader::ReadError;

/// A document type declaration could hide tags from the scan that calamine's parser sees.
pub(crate) fn unusual_markup(part: &str) -> ReadError {
    ReadError::Damaged {
        detail: format!(
            "`{part}` holds a document type declaration or other `<!` markup, which spreadsheet \
             programs do not write"
        ),
    }
}

/// Digits only, saturating; `None` for anything else (calamine ignores such a count too).
pub(crate) fn parse_count(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0u64, |total, digit| {
        total
            .saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    }))
}

/// Walks the tags of an XML part without allocating: enough to read a few attributes before
/// calamine sees the part. It splits the text the way quick-xml (calamine's parser, configured as
/// calamine configures it) does, so that both see the same tags: a tag ends at the first `>`
/// outside quotes; a start tag's name runs to the first white space, an end tag's name is all of
/// it; comments, CDATA sections and processing instructions end where quick-xml ends them. It
/// stops at a document type declaration or other `<!` markup, which spreadsheet programs never
/// write and whose extent quick-xml judges differently: see [`Tags::unusual`].
pub(crate) struct Tags<'a> {
    xml: &'a [u8],
    position: usize,
    /// Set when the walk stopped at markup it does not follow.
    pub(crate) unusual: bool,
}

pub(crate) struct Tag<'a> {
    pub(crate) name: &'a [u8],
    pub(crate) closing: bool,
    pub(crate) self_closing: bool,
    attributes: &'a [u8],
    /// Offsets of `<` and one past `>`.
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl<'a> Tags<'a> {
    pub(crate) fn new(xml: &'a [u8]) -> Self {
        Tags {
            xml,
            position: 0,
            unusual: false,
        }
    }
}

fn is_xml_space(byte: &u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        let xml = self.xml;
        loop {
            let start = self.position + memchr::memchr(b'<', xml.get(self.position..)?)?;
            let rest = &xml[start + 1..];
            // One past the first `end` found from `rest[from..]`.
            let skip_past = |from: usize, end: &[u8]| {
                find(&rest[from.min(rest.len())..], end).map(|at| start + 1 + from + at + end.len())
            };
            if rest.starts_with(b"!--") {
                // `<!-->` does not end a comment: its `-->` must follow the opening `<!--`.
                self.position = skip_past(3, b"-->")?;
                continue;
            }
            if rest.starts_with(b"![CDATA[") {
                self.position = skip_past(0, b"]]>")?;
                continue;
            }
            if rest.starts_with(b"?") {
                self.position = skip_past(0, b"?>")?;
                continue;
            }
            if rest.starts_with(b"!") {
                self.unusual = true;
                return None;
            }
            let closing = rest.first() == Some(&b'/');
            let content_start = start + 1 + usize::from(closing);
            let mut quote = None;
            let mut at = content_start;
            let close = loop {
                let byte = *xml.get(at)?;
                match quote {
                    Some(open) if byte == open => quote = None,
                    Some(_) => {}
                    None if byte == b'"' || byte == b'\'' => quote = Some(byte),
                    None if byte == b'>' => break at,
                    None => {}
                }
                at += 1;
            };
            let content = &xml[content_start..close];
            self.position = close + 1;
            let (name, attributes, self_closing) = if closing {
                let length = content
                    .iter()
                    .rposition(|b| !is_xml_space(b))
                    .map_or(content.len(), |last| last + 1);
                (&content[..length], &content[length..length], false)
            } else {
                let self_closing = content.ends_with(b"/");
                let content = &content[..content.len() - usize::from(self_closing)];
                let length = content
                    .iter()
                    .position(is_xml_space)
                    .unwrap_or(content.len());
                (&content[..length], &content[length..], self_closing)
            };
            return Some(Tag {
                name,
                closing,
                self_closing,
                attributes,
                start,
                end: close + 1,
            });
        }
    }
}

impl<'a> Tag<'a> {
    pub(crate) fn local_name(&self) -> &'a [u8] {
        match self.name.iter().rposition(|&b| b == b':') {
            Some(colon) => &self.name[colon + 1..],
            None => self.name,
        }
    }

    /// The raw value of the attribute with this qualified name.
    pub(crate) fn attribute(&self, wanted: &[u8]) -> Option<&'a [u8]> {
        self.attributes()
            .find(|(name, _)| *name == wanted)
            .map(|(_, value)| value)
    }

    /// The attributes in document order, as (qualified name, raw value).
    pub(crate) fn attributes(&self) -> Attributes<'a> {
        Attributes {
            rest: self.attributes,
        }
    }
}

pub(crate) struct Attributes<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Attributes<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let trim = |bytes: &'a [u8]| &bytes[bytes.iter().take_while(|b| is_xml_space(b)).count()..];
        let mut rest = trim(self.rest);
        while !rest.is_empty() {
            let name_length = rest
                .iter()
                .position(|b| *b == b'=' || is_xml_space(b))
                .unwrap_or(rest.len());
            let name = &rest[..name_length];
            rest = trim(&rest[name_length..]);
            let Some(after_equals) = rest.strip_prefix(b"=") else {
                continue;
            };
            rest = trim(after_equals);
            let quote = *rest.first()?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let length = rest[1..].iter().position(|&b| b == quote)?;
            let value = &rest[1..1 + length];
            self.rest = &rest[length + 2..];
            return Some((name, value));
        }
        self.rest = rest;
        None
    }
}
