//! Where things are in a questionnaire: its rows and columns.
//!
//! This is the one module that knows questionnaire cell positions; the writer asks it where to
//! put each thing, and the `meta` sheet (see [`crate::contract`]) tells every reader where they
//! went, so no reader depends on these positions. It writes nothing and reads nothing.

/// Columns of the questionnaire sheet (0-based).
pub mod column {
    /// Question id.
    pub const ID: u16 = 0;
    /// Question text, and the labels of the closing questions.
    pub const TEXT: u16 = 1;
    /// Score input.
    pub const SCORE: u16 = 2;
    /// Relevance input.
    pub const RELEVANCE: u16 = 3;
    /// The last column used.
    pub const LAST: u16 = RELEVANCE;
}

/// Column widths of the questionnaire sheet, in characters.
pub const WIDTHS: [f64; 4] = [17.0, 64.0, 13.0, 13.0];

/// What occupies one row of the question block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// A KWI heading: index into the respondent's KWI list.
    Kwi(usize),
    /// A KWI's description line.
    Description(usize),
    /// A question: KWI index and question index within it.
    Question(usize, usize),
}

/// Row positions (0-based) of one respondent's questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Questionnaire {
    /// Title row.
    pub title: u32,
    /// Rows of the cover fields: client, supplier, period, respondent, deadline.
    pub client: u32,
    /// Supplier row.
    pub supplier: u32,
    /// Period row.
    pub period: u32,
    /// Respondent row.
    pub respondent: u32,
    /// Deadline row (present even without a deadline, then empty).
    pub deadline: u32,
    /// The live "12 of 17 answered" row.
    pub progress: u32,
    /// The instruction.
    pub instruction: u32,
    /// The table header, repeated on every printed page; panes freeze below it.
    pub header: u32,
    /// Each row of the question block, from `header + 1`.
    pub lines: Vec<(u32, Line)>,
    /// The remarks label; the input cell is the row below, merged across.
    pub remarks_label: u32,
    /// The remarks input.
    pub remarks: u32,
    /// The NPS question, its input in the score column.
    pub nps: u32,
    /// The label of the NPS reason; its input is the row below.
    pub nps_reason_label: u32,
    /// The NPS reason input.
    pub nps_reason: u32,
    /// The anonymity question, its input in the score column.
    pub anonymous: u32,
}

impl Questionnaire {
    /// Lays out a questionnaire whose KWIs have these question counts and description flags.
    pub fn new(kwis: &[(usize, bool)]) -> Questionnaire {
        let header = 9;
        let mut row = header + 1;
        let mut lines = Vec::new();
        for (kwi, &(questions, has_description)) in kwis.iter().enumerate() {
            lines.push((row, Line::Kwi(kwi)));
            row += 1;
            if has_description {
                lines.push((row, Line::Description(kwi)));
                row += 1;
            }
            for question in 0..questions {
                lines.push((row, Line::Question(kwi, question)));
                row += 1;
            }
        }
        let remarks_label = row + 1;
        Questionnaire {
            title: 0,
            client: 1,
            supplier: 2,
            period: 3,
            respondent: 4,
            deadline: 5,
            progress: 6,
            instruction: 7,
            header,
            lines,
            remarks_label,
            remarks: remarks_label + 1,
            nps: remarks_label + 3,
            nps_reason_label: remarks_label + 4,
            nps_reason: remarks_label + 5,
            anonymous: remarks_label + 7,
        }
    }

    /// The first and last row of the question block, for the live count.
    pub fn question_rows(&self) -> (u32, u32) {
        let first = self.lines.first().map_or(self.header + 1, |(row, _)| *row);
        let last = self.lines.last().map_or(first, |(row, _)| *row);
        (first, last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_each_other_without_overlap() {
        let layout = Questionnaire::new(&[(2, true), (3, false)]);
        let rows: Vec<u32> = layout.lines.iter().map(|(row, _)| *row).collect();
        assert_eq!(rows, (10..18).collect::<Vec<_>>());
        assert_eq!(layout.lines[1].1, Line::Description(0));
        assert_eq!(layout.lines[4].1, Line::Kwi(1));
        assert_eq!(layout.question_rows(), (10, 17));
        assert!(layout.remarks_label > 17);
        assert!(layout.anonymous > layout.nps_reason);
    }
}
