//! The look of a questionnaire: fonts, fills, borders and which cells are unlocked for input.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// The formats of one questionnaire.
pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) label: Format,
    pub(super) value: Format,
    pub(super) deadline: Format,
    pub(super) progress: Format,
    pub(super) instruction: Format,
    pub(super) header: Format,
    pub(super) kwi: Format,
    pub(super) description: Format,
    pub(super) id: Format,
    pub(super) text: Format,
    pub(super) input_number: Format,
    pub(super) input_text: Format,
    pub(super) input_block: Format,
    pub(super) action: Format,
    pub(super) action_status: Format,
    pub(super) thanks: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let input = Format::new()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF2CC))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBF9000));
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_font_color(Color::RGB(0x1F3864)),
            label: Format::new().set_bold(),
            value: Format::new()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            deadline: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0xC00000)),
            progress: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0x1F3864)),
            instruction: Format::new()
                .set_font_size(10)
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_italic(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F3864))
                .set_align(FormatAlign::VerticalCenter),
            kwi: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xD9E1F2)),
            description: Format::new()
                .set_italic()
                .set_font_size(10)
                .set_font_color(Color::RGB(0x595959))
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            id: Format::new().set_align(FormatAlign::Top),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            input_number: input
                .clone()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            input_text: input
                .clone()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            input_block: input.set_text_wrap().set_align(FormatAlign::Top),
            action: Format::new()
                .set_italic()
                .set_font_size(10)
                .set_font_color(Color::RGB(0x595959))
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            action_status: Format::new()
                .set_italic()
                .set_font_size(10)
                .set_font_color(Color::RGB(0x595959))
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            thanks: Format::new()
                .set_bold()
                .set_font_size(10)
                .set_font_color(Color::RGB(0x1F3864))
                .set_text_wrap()
                .set_align(FormatAlign::Top),
        }
    }
}
