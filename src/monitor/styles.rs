//! The cell formats of the monitor, built once per workbook; it holds formats only and never
//! writes a cell or knows where a format is used.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// The cell formats of the monitor.
pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) note: Format,
    pub(super) header: Format,
    pub(super) header_center: Format,
    pub(super) label: Format,
    pub(super) text: Format,
    pub(super) text_top: Format,
    pub(super) text_top_bold: Format,
    pub(super) wrap: Format,
    pub(super) center_top: Format,
    pub(super) mark: Format,
    pub(super) score: Format,
    pub(super) score_bold: Format,
    pub(super) score_top: Format,
    pub(super) score_top_bold: Format,
    pub(super) score_center: Format,
    pub(super) integer: Format,
    pub(super) integer_top: Format,
    pub(super) big_integer: Format,
    pub(super) percent: Format,
    pub(super) total_label: Format,
    pub(super) total_score: Format,
    pub(super) total_integer: Format,
    pub(super) date_dutch: Format,
    pub(super) date_english: Format,
    pub(super) cover_title: Format,
    pub(super) cover_subtitle: Format,
    pub(super) good: Format,
    pub(super) bad: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let navy = Color::RGB(0x1F3864);
        let grid = |format: Format| {
            format
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF))
        };
        let top = |format: Format| format.set_align(FormatAlign::Top);
        let header = Format::new()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(navy)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::White);
        let total = Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_color(navy),
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            header_center: header.clone().set_align(FormatAlign::Center),
            header,
            label: Format::new().set_bold().set_font_size(12),
            text: grid(Format::new()),
            text_top: grid(top(Format::new())),
            text_top_bold: grid(top(Format::new().set_bold())),
            wrap: grid(top(Format::new().set_text_wrap())),
            center_top: grid(top(Format::new().set_align(FormatAlign::Center))),
            mark: Format::new()
                .set_align(FormatAlign::Center)
                .set_bold()
                .set_font_color(navy),
            score: grid(Format::new().set_num_format("0.00")),
            score_bold: grid(Format::new().set_num_format("0.00").set_bold()),
            score_top: grid(top(Format::new().set_num_format("0.00"))),
            score_top_bold: grid(top(Format::new().set_num_format("0.00").set_bold())),
            score_center: grid(
                Format::new()
                    .set_num_format("0.00")
                    .set_align(FormatAlign::Center),
            ),
            integer: grid(Format::new().set_num_format("0")),
            integer_top: grid(top(Format::new().set_num_format("0"))),
            big_integer: Format::new()
                .set_num_format("0")
                .set_bold()
                .set_font_size(20)
                .set_font_color(navy),
            percent: grid(Format::new().set_num_format("0%")),
            total_score: total.clone().set_num_format("0.00"),
            total_integer: total.clone().set_num_format("0"),
            total_label: total,
            date_dutch: grid(top(Format::new()
                .set_num_format("dd-mm-yyyy")
                .set_align(FormatAlign::Left))),
            date_english: grid(top(Format::new()
                .set_num_format("d mmm yyyy")
                .set_align(FormatAlign::Left))),
            cover_title: Format::new()
                .set_bold()
                .set_font_size(28)
                .set_font_color(navy),
            cover_subtitle: Format::new()
                .set_font_size(16)
                .set_font_color(Color::RGB(0x595959)),
            good: Format::new()
                .set_background_color(Color::RGB(0xC6EFCE))
                .set_font_color(Color::RGB(0x006100)),
            bad: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
        }
    }
}
