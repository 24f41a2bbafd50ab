//! How much room a text takes in a questionnaire cell: Carlito's advance widths (the font
//! metric-compatible with Calibri, the default font of the workbooks), word wrapping as the
//! spreadsheet apps do it, and the row height that shows the wrapped lines. Pure arithmetic: it
//! reads no font file; `scripts/carlito_widths.py` regenerates the tables.

/// Font units per em of Carlito.
const UNITS_PER_EM: f64 = 2048.0;

/// Pixels per point at the 96 dpi the apps lay out cells with.
const PIXELS_PER_POINT: f64 = 96.0 / 72.0;

/// Pixels left and right of the text inside a cell, together.
const CELL_PADDING: f64 = 7.0;

/// Text is taken 3 % wider than measured, for kerning and the apps' own rounding.
const SLACK: f64 = 1.03;

/// One line of 11-point text, in points: Calibri's ascent and descent (2500 units) at 11 points
/// is 13.4, which Excel rounds to 15 for one line.
const LINE_HEIGHT_11: f64 = 13.5;

// The wider of the regular and italic faces, for U+0020..U+007E then U+00A0..U+017F.
const TEXT: [u16; 319] = [
    463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 794, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949, 1831,
    1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058,
    1378, 1112, 941, 998, 1314, 1162, 1823, 1063, 998, 959, 628, 791, 628, 1020, 1020, 596, 1053,
    1076, 866, 1076, 1019, 625, 1053, 1076, 470, 490, 931, 470, 1636, 1076, 1080, 1076, 1076, 714,
    801, 686, 1076, 925, 1464, 887, 927, 809, 644, 943, 644, 1020, 0, 667, 1020, 1038, 1020, 1038,
    1020, 1020, 804, 1709, 882, 1049, 1020, 0, 1038, 807, 694, 1020, 688, 685, 598, 1126, 1200,
    517, 629, 504, 865, 1049, 1303, 1375, 1383, 949, 1185, 1185, 1185, 1185, 1185, 1185, 1563,
    1092, 1000, 1000, 1000, 1000, 516, 516, 516, 516, 1279, 1322, 1356, 1356, 1356, 1356, 1356,
    1020, 1359, 1314, 1314, 1314, 1314, 998, 1058, 1080, 1053, 1053, 1053, 1053, 1053, 1053, 1583,
    866, 1019, 1019, 1019, 1019, 470, 470, 470, 470, 1076, 1076, 1080, 1080, 1080, 1080, 1080,
    1020, 1084, 1076, 1076, 1076, 1076, 927, 1076, 927, 1185, 1053, 1185, 1053, 1185, 1053, 1092,
    866, 1092, 866, 1092, 866, 1092, 866, 1260, 1164, 1279, 1130, 1000, 1019, 1000, 1019, 1000,
    1019, 1000, 1019, 1000, 1019, 1292, 1053, 1292, 1053, 1292, 1053, 1292, 1053, 1276, 1076, 1344,
    1091, 516, 470, 516, 470, 516, 470, 516, 470, 516, 470, 1170, 960, 653, 490, 1064, 931, 931,
    861, 470, 861, 470, 866, 540, 1118, 765, 880, 507, 1322, 1076, 1322, 1076, 1322, 1076, 1186,
    1287, 1076, 1356, 1080, 1356, 1080, 1356, 1080, 1775, 1740, 1112, 714, 1112, 714, 1112, 714,
    941, 801, 941, 801, 941, 801, 941, 801, 998, 686, 998, 708, 998, 700, 1314, 1076, 1314, 1076,
    1314, 1076, 1314, 1076, 1314, 1076, 1314, 1076, 1823, 1464, 998, 927, 998, 959, 809, 959, 809,
    959, 809, 497,
    // The bold face, same code points.
];
const BOLD: [u16; 319] = [
    463, 667, 898, 1020, 1038, 1493, 1443, 478, 638, 638, 1020, 1020, 528, 627, 547, 880, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 565, 565, 1020, 1020, 1020, 949, 1840,
    1241, 1148, 1084, 1291, 999, 940, 1305, 1292, 546, 678, 1120, 866, 1790, 1349, 1385, 1090,
    1405, 1153, 968, 1014, 1337, 1211, 1856, 1128, 1064, 979, 665, 880, 665, 1020, 1020, 615, 1011,
    1099, 857, 1099, 1031, 648, 971, 1099, 503, 523, 983, 503, 1666, 1099, 1101, 1099, 1099, 728,
    817, 710, 1099, 969, 1526, 941, 970, 814, 704, 973, 704, 1020, 0, 667, 1020, 1038, 1020, 1038,
    1020, 1020, 849, 1709, 852, 1103, 1020, 0, 1038, 799, 701, 1020, 692, 688, 616, 1154, 1224,
    548, 621, 517, 891, 1103, 1347, 1415, 1437, 949, 1241, 1241, 1241, 1241, 1241, 1241, 1588,
    1084, 999, 999, 999, 999, 546, 546, 546, 546, 1309, 1349, 1385, 1385, 1385, 1385, 1385, 1020,
    1394, 1337, 1337, 1337, 1337, 1064, 1090, 1136, 1011, 1011, 1011, 1011, 1011, 1011, 1587, 857,
    1031, 1031, 1031, 1031, 503, 503, 503, 503, 1099, 1099, 1101, 1101, 1101, 1101, 1101, 1020,
    1114, 1099, 1099, 1099, 1099, 970, 1099, 970, 1241, 1011, 1241, 1011, 1241, 1011, 1084, 857,
    1084, 857, 1084, 857, 1084, 857, 1291, 1222, 1309, 1165, 999, 1031, 999, 1031, 999, 1031, 999,
    1031, 999, 1031, 1305, 971, 1305, 971, 1305, 971, 1305, 971, 1292, 1099, 1347, 1121, 546, 503,
    546, 503, 546, 503, 546, 503, 546, 503, 1225, 1027, 678, 523, 1120, 983, 983, 866, 503, 866,
    503, 881, 627, 1150, 865, 886, 540, 1349, 1099, 1349, 1099, 1349, 1099, 1274, 1313, 1099, 1385,
    1101, 1385, 1101, 1385, 1101, 1790, 1726, 1153, 728, 1153, 728, 1153, 728, 968, 817, 968, 817,
    968, 817, 968, 817, 1014, 710, 1014, 744, 1014, 726, 1337, 1099, 1337, 1099, 1337, 1099, 1337,
    1099, 1337, 1099, 1337, 1099, 1856, 1526, 1064, 970, 1064, 979, 814, 979, 814, 979, 814, 529,
];

/// The advance width of `character` in font units; the width of a digit for characters the
/// tables do not hold.
fn advance(character: char, bold: bool) -> u16 {
    let table = if bold { &BOLD } else { &TEXT };
    let code = character as u32;
    let index = match code {
        0x20..=0x7E => Some(code - 0x20),
        0xA0..=0x17F => Some(code - 0xA0 + 0x5F),
        _ => None,
    };
    index
        .and_then(|index| table.get(index as usize).copied())
        .filter(|&width| width > 0)
        .unwrap_or(1038)
}

/// The width of `text` on one line, in pixels, at `size` points.
pub(super) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let units: u32 = text.chars().map(|c| u32::from(advance(c, bold))).sum();
    f64::from(units) / UNITS_PER_EM * size * PIXELS_PER_POINT * SLACK
}

/// The width in pixels of a column `characters` wide (Excel's rule for an 11-point default
/// font, whose digits are 7 pixels wide).
pub(super) fn column_pixels(characters: f64) -> f64 {
    (characters * 7.0 + 5.0).trunc()
}

/// How many lines `text` takes when wrapped at word boundaries in cells `pixels` wide; a word
/// wider than the cell is broken where it no longer fits, as the apps do.
pub(super) fn lines(text: &str, pixels: f64, size: f64, bold: bool) -> usize {
    let room = (pixels - CELL_PADDING).max(10.0);
    let space = text_width(" ", size, bold);
    let mut count = 0;
    for paragraph in text.split('\n') {
        let mut line = 0.0;
        count += 1;
        for word in paragraph.split(' ').filter(|word| !word.is_empty()) {
            let width = text_width(word, size, bold);
            let needed = if line > 0.0 {
                line + space + width
            } else {
                width
            };
            if needed <= room {
                line = needed;
                continue;
            }
            if line > 0.0 {
                count += 1;
            }
            // A word wider than a whole line fills lines of its own.
            line = width;
            while line > room {
                count += 1;
                line -= room;
            }
        }
    }
    count
}

/// `text` with a line break at each space where [`lines`] wraps it, so that no app breaks
/// it elsewhere (LibreOffice breaks "(1-10)" after its hyphen).
pub(super) fn wrap(text: &str, pixels: f64, size: f64, bold: bool) -> String {
    let room = (pixels - CELL_PADDING).max(10.0);
    let space = text_width(" ", size, bold);
    let mut out = String::with_capacity(text.len());
    let mut line = 0.0;
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        let width = text_width(word, size, bold);
        if line > 0.0 && line + space + width > room {
            out.push('\n');
            line = 0.0;
        } else if line > 0.0 {
            out.push(' ');
            line += space;
        }
        out.push_str(word);
        line += width;
    }
    out
}

/// The height in points of a row that shows `lines` lines of `size`-point text: Excel's 15
/// points for one line of 11-point text, then a line height per line, on whole pixels.
pub(super) fn row_height(lines: usize, size: f64) -> f64 {
    let line = LINE_HEIGHT_11 * size / 11.0;
    let points = line * lines.max(1) as f64 + 1.5 * size / 11.0;
    // 0.75 points is one pixel: heights the apps keep as given.
    ((points / 0.75).ceil() * 0.75).max(15.0 * size / 11.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_font() {
        // Carlito: "i" is narrow, "W" wide, digits all 1038 units.
        assert!(text_width("iiii", 11.0, false) < text_width("WWWW", 11.0, false));
        assert_eq!(
            text_width("0123", 11.0, false),
            text_width("9876", 11.0, false)
        );
        assert!(text_width("KWI", 11.0, true) > text_width("KWI", 11.0, false));
        // Characters outside the tables count as a digit, never as nothing.
        assert!(text_width("字", 11.0, false) > 0.0);
        // 1038 units at 11 points is 7.4 pixels: the apps' 7-pixel digit, with the slack.
        let digit = text_width("0", 11.0, false);
        assert!((7.0..8.0).contains(&digit), "{digit}");
    }

    #[test]
    fn text_wraps_at_words() {
        let column = column_pixels(61.0);
        assert_eq!(lines("kort", column, 11.0, false), 1);
        assert_eq!(lines("", column, 11.0, false), 1);
        assert_eq!(lines("a\nb", column, 11.0, false), 2);
        let sentence = "BESTSELLER B.V. borgt de kennis via het met KLANT NV gedeelde opdrachtmanagementdocument";
        assert_eq!(lines(sentence, column, 11.0, false), 2);
        // Nine "woord" a line: 9 × 39.9 pixels and the spaces fill 386 of the 425.
        assert_eq!(lines(&"woord ".repeat(60), column, 11.0, false), 7);
        // One unbroken word of three lines' width.
        let long = "x".repeat(3 * 62);
        assert!((3..=4).contains(&lines(&long, column, 11.0, false)));
    }

    #[test]
    fn wrap_breaks_where_lines_counts() {
        assert_eq!(wrap("Cijfer (1-10)", 54.0, 11.0, true), "Cijfer\n(1-10)");
        assert_eq!(wrap("Nr", 61.0, 11.0, true), "Nr");
        let text = "een twee drie vier vijf zes zeven acht negen tien";
        let wrapped = wrap(text, 120.0, 11.0, false);
        assert_eq!(wrapped.replace('\n', " "), text);
        assert_eq!(wrapped.lines().count(), lines(text, 120.0, 11.0, false));
    }

    #[test]
    fn rows_grow_with_their_lines() {
        assert_eq!(row_height(1, 11.0), 15.0);
        assert_eq!(row_height(2, 11.0), 28.5);
        assert_eq!(row_height(3, 11.0), 42.0);
        assert!(row_height(2, 10.0) < row_height(2, 11.0));
    }
}
