//! Walks the tags of an XML part with quick-xml set up exactly as calamine sets it up, and splits
//! their attributes as calamine does, so that a guard meets the elements calamine will meet; never
//! judges what a part holds (the guard that calls it does).

use quick_xml::Reader;
use quick_xml::errors::{Error, IllFormedError, SyntaxError};
use quick_xml::events::{BytesEnd, BytesStart, Event};

use crate::reader::{Damage, ReadError};

/// A reader over `xml` configured as calamine 0.38 configures quick-xml for every part it reads
/// (see its `xml_reader` for xlsx and the part readers of its ods module): end tag names are not
/// matched against start tags (an end tag closes whatever is open), text is not trimmed, comments
/// are not checked, and `<a/>` comes as a start tag followed by an end tag.
pub(crate) fn calamine_reader(xml: &[u8]) -> Reader<&[u8]> {
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    reader
}

/// Calls `visit` with every start and end tag of `xml`, in order, as calamine will meet them.
///
/// calamine reads a part through quick-xml's buffered reader; the walk reads the unpacked part
/// from memory through its slice reader, which runs the same parser without copying each event
/// (a test below checks that both report the same tags). It ends where calamine's reading ends:
/// at the end of the part, or at the first error quick-xml reports (calamine returns every one,
/// and reads no further). Comments, CDATA, processing instructions and text are skipped, as
/// quick-xml delimits them. A document type declaration, or other `<!` markup, is refused as
/// [`unusual_markup`] of `part`: spreadsheet programs never write one, and refusing it means
/// nothing declared in one (an entity, a default attribute) can mean one thing to calamine and
/// another to the guard.
///
/// # Errors
/// The first error `visit` returns, or the refusal of unusual markup.
pub(crate) fn scan_tags(
    xml: &[u8],
    part: &str,
    mut visit: impl FnMut(&Tag<'_>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let mut reader = calamine_reader(xml);
    loop {
        // Text before a tag comes as its own event, so a tag starts where the last event ended.
        let start = reader.buffer_position();
        let event = reader.read_event();
        let end = reader.buffer_position();
        let element = match event {
            Ok(Event::Start(start)) => Element::Start(start),
            Ok(Event::End(end)) => Element::End(end),
            Ok(Event::DocType(_))
            | Err(Error::Syntax(SyntaxError::InvalidBangMarkup | SyntaxError::UnclosedDoctype))
            | Err(Error::IllFormed(IllFormedError::MissingDoctypeName)) => {
                return Err(unusual_markup(part));
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => continue,
        };
        visit(&Tag {
            element,
            start,
            end,
        })?;
    }
}

/// One start or end tag, as quick-xml reports it to calamine.
pub(crate) struct Tag<'b> {
    element: Element<'b>,
    /// Offset of the tag's `<` in the part.
    pub(crate) start: u64,
    /// Offset one past the tag's `>` (for the end tag quick-xml adds after `<a/>`: the same as
    /// its start tag's).
    pub(crate) end: u64,
}

enum Element<'b> {
    Start(BytesStart<'b>),
    End(BytesEnd<'b>),
}

impl Tag<'_> {
    /// Whether this is a start tag (`<a …>`, or the start of `<a …/>`).
    pub(crate) fn is_start(&self) -> bool {
        matches!(self.element, Element::Start(_))
    }

    /// Whether this is an end tag (`</a>`, or the end of `<a …/>`).
    pub(crate) fn is_end(&self) -> bool {
        matches!(self.element, Element::End(_))
    }

    /// The qualified name as quick-xml gives it: a start tag's name runs to the first white
    /// space; an end tag's name is all of its text, trailing white space trimmed.
    pub(crate) fn name(&self) -> &str {
        match &self.element {
            Element::Start(start) => start.name().into_inner(),
            Element::End(end) => end.name().into_inner(),
        }
    }

    /// The name after its first `:` (quick-xml's local name, which calamine's xlsx reader
    /// matches on).
    pub(crate) fn local_name(&self) -> &str {
        match &self.element {
            Element::Start(start) => start.local_name().into_inner(),
            Element::End(end) => end.local_name().into_inner(),
        }
    }

    /// A start tag's well-formed attributes in document order, split as calamine splits them;
    /// none for an end tag. See [`Attributes`].
    pub(crate) fn attributes(&self) -> Attributes<'_> {
        Attributes {
            rest: match &self.element {
                Element::Start(start) => start.attributes_raw(),
                Element::End(_) => "",
            },
        }
    }

    /// The raw value of the first attribute named `key`, found as calamine's `raw_attr` finds it.
    pub(crate) fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes()
            .find(|(name, _)| *name == key)
            .map(|(_, value)| value)
    }
}

/// The attributes of a start tag as calamine 0.38 splits them. calamine does not use quick-xml's
/// attribute reader but its own, and the two differ on malformed input: a name runs to the next
/// `=` (so `a b="1"` is one attribute named `a b`, where quick-xml reports an error at `b`), its
/// trailing white space trimmed; a value is quoted and runs to the same quote. The guards must
/// read what calamine reads: an attribute reader that gave up earlier would miss a repeat count
/// that calamine applies.
///
/// The attributes end at a malformed one (a name without `=`, a value without quotes). calamine
/// fails on it when it reads that tag's attributes, and then reads nothing further; the guards
/// read on, which can only make them stricter than calamine, never laxer.
pub(crate) struct Attributes<'t> {
    rest: &'t str,
}

impl<'t> Iterator for Attributes<'t> {
    type Item = (&'t str, &'t str);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest.trim_ascii_start();
        if rest.is_empty() {
            self.rest = rest;
            return None;
        }
        // Whatever follows a malformed attribute is not read.
        self.rest = "";
        let (name, after_name) = rest.split_once('=')?;
        let after_equals = after_name.trim_ascii_start();
        let quote = after_equals
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''))?;
        let quoted = &after_equals[1..];
        // An unclosed quote runs to the end (quick-xml refuses such a tag before calamine sees it).
        let (value, after_value) = quoted.split_once(quote).unwrap_or((quoted, ""));
        self.rest = after_value;
        Some((name.trim_ascii_end(), value))
    }
}

/// A document type declaration or other `<!` markup in `part`: refused, see [`scan_tags`].
pub(crate) fn unusual_markup(part: &str) -> ReadError {
    ReadError::Damaged {
        detail: Damage::UnusualMarkup {
            part: part.to_string(),
        },
    }
}

/// Digits only, saturating; `None` for anything else (calamine ignores such a count too).
pub(crate) fn parse_count(digits: &str) -> Option<u64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.bytes().fold(0u64, |total, digit| {
        total
            .saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    }))
}

#[cfg(test)]
mod tests {
    use std::io::{BufReader, Cursor, Read};

    use quick_xml::events::BytesStart;
    use zip::ZipArchive;

    use super::*;
    use crate::reader::tests::support::fixture;

    /// The tags as the walk reports them: (start tag?, name, raw attributes, start, end).
    fn walked(xml: &[u8]) -> Vec<(bool, String, String, u64, u64)> {
        let mut tags = Vec::new();
        let scanned = scan_tags(xml, "part", |tag| {
            let attributes = match &tag.element {
                Element::Start(start) => start.attributes_raw().to_string(),
                Element::End(_) => String::new(),
            };
            tags.push((
                tag.is_start(),
                tag.name().to_string(),
                attributes,
                tag.start,
                tag.end,
            ));
            Ok(())
        });
        assert!(scanned.is_ok(), "{scanned:?}");
        tags
    }

    /// The same through the buffered reader calamine uses, fed in chunks of 7 bytes so that tags
    /// straddle buffer boundaries (calamine's unpacked zip parts arrive in pieces too).
    fn buffered(xml: &[u8]) -> Vec<(bool, String, String, u64, u64)> {
        let mut reader = Reader::from_reader(BufReader::with_capacity(7, xml));
        let config = reader.config_mut();
        config.check_end_names = false;
        config.trim_text(false);
        config.check_comments = false;
        config.expand_empty_elements = true;
        let mut buffer = Vec::new();
        let mut tags = Vec::new();
        loop {
            let start = reader.buffer_position();
            buffer.clear();
            let event = reader.read_event_into(&mut buffer);
            let end = reader.buffer_position();
            match event {
                Ok(Event::Start(element)) => tags.push((
                    true,
                    element.name().into_inner().to_string(),
                    element.attributes_raw().to_string(),
                    start,
                    end,
                )),
                Ok(Event::End(element)) => tags.push((
                    false,
                    element.name().into_inner().to_string(),
                    String::new(),
                    start,
                    end,
                )),
                Ok(Event::Eof) | Err(_) => return tags,
                Ok(_) => {}
            }
        }
    }

    fn parts(path: &str) -> Vec<(String, Vec<u8>)> {
        let bytes = fixture(path);
        let mut archive = ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let mut parts = Vec::new();
        for index in 0..archive.len() {
            let mut part = archive.by_index(index).unwrap();
            let name = part.name().unwrap().to_string();
            if name.ends_with(".xml") {
                let mut content = Vec::new();
                part.read_to_end(&mut content).unwrap();
                parts.push((name, content));
            }
        }
        parts
    }

    #[test]
    fn walks_the_tags_calamines_buffered_reader_reports() {
        let mut cases: Vec<(String, Vec<u8>)> = [
            "reader/questionnaire.xlsx",
            "reader/questionnaire-libreoffice.xlsx",
            "reader/questionnaire.ods",
        ]
        .iter()
        .flat_map(|path| parts(path))
        .collect();
        let tricky = [
            "<a x='>'><b/></a  ><c y=\"</a>\"/></c/>",
            "<a><!--></a>--></a><![CDATA[</a>]]><?pi </a>?></a>",
            "<a>text &amp; more<b>x</b></a>",
            "<a><b></a></b></c>",
            "<a x=\"1\" y='2'/><a\tz = \"3\"\n/>",
            "<a><b",
        ];
        cases.extend(
            tricky
                .iter()
                .map(|xml| (xml.to_string(), xml.as_bytes().to_vec())),
        );
        for (name, xml) in cases {
            let tags = walked(&xml);
            assert!(!tags.is_empty(), "{name}");
            assert_eq!(tags, buffered(&xml), "{name}");
        }
    }

    #[test]
    fn reports_where_each_tag_starts_and_ends() {
        let tags = walked(b"<?xml version=\"1.0\"?><a x=\"1\">t</a><b/>");
        let expected = [
            (true, "a", " x=\"1\"", 21, 30),
            (false, "a", "", 31, 35),
            (true, "b", "", 35, 39),
            (false, "b", "", 39, 39),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|&(start, name, attributes, from, to)| {
                (start, name.to_string(), attributes.to_string(), from, to)
            })
            .collect();
        assert_eq!(tags, expected);
    }

    fn check_attributes(raw: &str, expected: &[(&str, &str)]) {
        let tag = Tag {
            element: Element::Start(BytesStart::from_content(format!("c{raw}"), 1)),
            start: 0,
            end: 0,
        };
        let found: Vec<_> = tag.attributes().collect();
        assert_eq!(found, expected, "{raw:?}");
    }

    #[test]
    fn splits_attributes_as_calamine_does() {
        check_attributes("", &[]);
        check_attributes(" r=\"A1\" s='2'", &[("r", "A1"), ("s", "2")]);
        check_attributes(" r = \"A1\"\n\tt=\"s\"", &[("r", "A1"), ("t", "s")]);
        check_attributes(" r=\"A1\"t=\"s\"", &[("r", "A1"), ("t", "s")]);
        check_attributes(" a b=\"1\" r=\"C3\"", &[("a b", "1"), ("r", "C3")]);
        check_attributes(
            " r=\"it's\" t='say \"x\"'",
            &[("r", "it's"), ("t", "say \"x\"")],
        );
        check_attributes(" r=\"A1\" hidden", &[("r", "A1")]);
        check_attributes(" r=A1 t=\"s\"", &[]);
        check_attributes(" r=\"A1", &[("r", "A1")]);
    }

    #[test]
    fn quick_xmls_own_attribute_reader_would_stop_where_calamine_reads_on() {
        // Why the guards split attributes themselves: calamine reads `r` here, quick-xml does not.
        let tag = BytesStart::from_content("c a b=\"1\" r=\"C3\"", 1);
        let mut attributes = tag.attributes();
        let first = attributes.with_checks(false).next();
        assert!(first.as_ref().is_some_and(Result::is_err), "{first:?}");
        check_attributes(" a b=\"1\" r=\"C3\"", &[("a b", "1"), ("r", "C3")]);
    }

    #[test]
    fn refuses_document_type_declarations_and_unknown_markup() {
        for xml in [
            "<!DOCTYPE a><a/>",
            "<a><!ELEMENT a ANY></a>",
            "<a><!DOCTYPE",
            "<!D>",
        ] {
            let result = scan_tags(xml.as_bytes(), "x.xml", |_| Ok(()));
            let message = result.map_err(|error| error.to_string()).unwrap_err();
            assert!(
                message.contains("`x.xml` holds a document type"),
                "{xml}: {message}"
            );
        }
    }

    #[test]
    fn stops_at_the_first_error_as_calamine_does() {
        // An end tag with nothing open is an error to quick-xml: calamine reads no further.
        let tags = walked(b"<a></a></b><c/>");
        assert_eq!(tags.len(), 2, "{tags:?}");
        let tags = walked(b"<a>\xFF</a><c/>");
        assert_eq!(tags.len(), 1, "{tags:?}");
    }
}
