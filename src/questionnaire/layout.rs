//! Where things are in a questionnaire: its rows and columns, and where its pages break.
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

/// Column widths of the questionnaire sheet, in characters. Excel makes them 622 pixels (467
/// points) wide, LibreOffice, whose character is wider, about 490 points: both fit the 523
/// points between A4's side margins, so the sheet prints at full size.
pub const WIDTHS: [f64; 4] = [8.0, 61.0, 7.0, 9.0];

/// The height of a spacer row between parts, in points.
pub const SPACER: f64 = 4.5;

/// The top and bottom margins of the printed page, in inches (the footer stands in the bottom
/// one).
pub const MARGIN: f64 = 0.5;

/// The printable height of an A4 page in points: 842 less the top and bottom margins, less 8
/// points the apps may round away.
pub const PAGE_HEIGHT: f64 = 842.0 - 2.0 * MARGIN * 72.0 - 8.0;

/// A questionnaire whose rows fit on one page at this print scale (%) or more prints on one
/// page; below it, the questions' 11-point text would print smaller than 8.8 points and the
/// descriptions' 10-point text smaller than 8.
pub const SMALLEST_ONE_PAGE_SCALE: f64 = 80.0;

/// What one KWI of a respondent's questionnaire holds, for laying it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KwiShape {
    /// The respondent's questions of this KWI.
    pub questions: usize,
    /// Whether the KWI has a description line.
    pub description: bool,
    /// The linked actions, listed under the question at this index (the "kept the
    /// agreements" question): (question index, number of actions).
    pub actions: Option<(usize, usize)>,
}

/// What occupies one row of the question block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// A KWI heading: index into the respondent's KWI list.
    Kwi(usize),
    /// A KWI's description line.
    Description(usize),
    /// A question: KWI index and question index within it.
    Question(usize, usize),
    /// An action linked to the KWI: KWI index and the action's index among the KWI's actions.
    Action(usize, usize),
}

/// Row positions (0-based) of one respondent's questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Questionnaire {
    /// Title row.
    pub title: u32,
    /// Client, supplier and period, on one line.
    pub parties: u32,
    /// The respondent and the deadline, when there is one.
    pub respondent: u32,
    /// To whom the questionnaire goes back.
    pub return_to: u32,
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
    /// The thank-you with the return address.
    pub thanks: u32,
}

/// How the questionnaire prints: at what scale, and the rows that start a new page.
#[derive(Debug, Clone, PartialEq)]
pub struct Pages {
    /// The print scale in per cent.
    pub scale: u16,
    /// The first row of every page after the first.
    pub breaks: Vec<u32>,
}

impl Questionnaire {
    /// Lays out a questionnaire whose KWIs have these shapes.
    pub fn new(kwis: &[KwiShape]) -> Questionnaire {
        let header = 7;
        let mut row = header + 1;
        let mut lines = Vec::new();
        for (kwi, shape) in kwis.iter().enumerate() {
            lines.push((row, Line::Kwi(kwi)));
            row += 1;
            if shape.description {
                lines.push((row, Line::Description(kwi)));
                row += 1;
            }
            for question in 0..shape.questions {
                lines.push((row, Line::Question(kwi, question)));
                row += 1;
                if let Some((after, count)) = shape.actions
                    && after == question
                {
                    for action in 0..count {
                        lines.push((row, Line::Action(kwi, action)));
                        row += 1;
                    }
                }
            }
        }
        let remarks_label = row + 1;
        Questionnaire {
            title: 0,
            parties: 1,
            respondent: 2,
            return_to: 3,
            progress: 4,
            instruction: 5,
            header,
            lines,
            remarks_label,
            remarks: remarks_label + 1,
            nps: remarks_label + 3,
            nps_reason_label: remarks_label + 4,
            nps_reason: remarks_label + 5,
            anonymous: remarks_label + 7,
            thanks: remarks_label + 9,
        }
    }

    /// The first and last row of the question block, for the live count.
    pub fn question_rows(&self) -> (u32, u32) {
        let first = self.lines.first().map_or(self.header + 1, |(row, _)| *row);
        let last = self.lines.last().map_or(first, |(row, _)| *row);
        (first, last)
    }

    /// The last row written.
    pub fn last_row(&self) -> u32 {
        self.thanks
    }

    /// The rows between the parts that stay empty (a small spacer each).
    pub fn spacers(&self) -> Vec<u32> {
        vec![
            self.header - 1,
            self.remarks_label - 1,
            self.remarks + 1,
            self.nps_reason + 1,
            self.anonymous + 1,
        ]
    }

    /// Where the pages break, given the height of every row (points, indexed by row).
    ///
    /// A questionnaire that fits on one page at [`SMALLEST_ONE_PAGE_SCALE`] or more prints on
    /// one page, scaled down as far as needed. Otherwise it prints at full size and pages break
    /// only before a KWI heading: the cover stays with the first KWI, the closing questions
    /// stay with the last, so the repeated column header never stands above the closing
    /// questions alone. Only a KWI taller than a page breaks between its own rows.
    pub fn pages(&self, heights: &[f64]) -> Pages {
        let height = |row: u32| heights.get(row as usize).copied().unwrap_or(15.0);
        let last = self.last_row();
        let total: f64 = (0..=last).map(height).sum();
        if total * SMALLEST_ONE_PAGE_SCALE / 100.0 <= PAGE_HEIGHT {
            let scale = (PAGE_HEIGHT / total * 100.0).floor().min(100.0);
            return Pages {
                scale: scale as u16,
                breaks: Vec::new(),
            };
        }
        // The blocks that stay together: each starts at a KWI heading, the first at row 0, the
        // last runs to the end.
        let mut starts: Vec<u32> = self
            .lines
            .iter()
            .filter(|(_, line)| matches!(line, Line::Kwi(_)))
            .map(|(row, _)| *row)
            .skip(1)
            .collect();
        starts.insert(0, 0);
        let header = height(self.header);
        let mut breaks = Vec::new();
        let mut used = 0.0;
        for (index, &start) in starts.iter().enumerate() {
            let end = starts.get(index + 1).map_or(last, |next| next - 1);
            let block: f64 = (start..=end).map(height).sum();
            if used + block <= PAGE_HEIGHT {
                used += block;
                continue;
            }
            if start > 0 && header + block <= PAGE_HEIGHT {
                breaks.push(start);
                used = header + block;
                continue;
            }
            // Taller than a page: break between its rows where they no longer fit.
            for row in start..=end {
                if used + height(row) > PAGE_HEIGHT && row > 0 {
                    breaks.push(row);
                    used = header;
                }
                used += height(row);
            }
        }
        Pages { scale: 100, breaks }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(questions: usize, description: bool, actions: Option<(usize, usize)>) -> KwiShape {
        KwiShape {
            questions,
            description,
            actions,
        }
    }

    #[test]
    fn rows_follow_each_other_without_overlap() {
        let layout = Questionnaire::new(&[shape(2, true, Some((1, 2))), shape(3, false, None)]);
        let rows: Vec<u32> = layout.lines.iter().map(|(row, _)| *row).collect();
        assert_eq!(rows, (8..18).collect::<Vec<_>>());
        assert_eq!(layout.lines[1].1, Line::Description(0));
        assert_eq!(layout.lines[3].1, Line::Question(0, 1));
        assert_eq!(layout.lines[4].1, Line::Action(0, 0));
        assert_eq!(layout.lines[5].1, Line::Action(0, 1));
        assert_eq!(layout.lines[6].1, Line::Kwi(1));
        assert_eq!(layout.question_rows(), (8, 17));
        assert!(layout.remarks_label > 17);
        assert!(layout.anonymous > layout.nps_reason);
        assert!(layout.thanks > layout.anonymous);
        assert_eq!(layout.last_row(), layout.thanks);
    }

    #[test]
    fn a_short_questionnaire_prints_on_one_page() {
        let layout = Questionnaire::new(&[shape(4, true, None); 3]);
        let heights = vec![15.0; layout.last_row() as usize + 1];
        assert_eq!(
            layout.pages(&heights),
            Pages {
                scale: 100,
                breaks: vec![]
            }
        );
        // A little too tall: scaled down, still one page.
        let heights = vec![PAGE_HEIGHT / f64::from(layout.last_row()); heights.len()];
        let pages = layout.pages(&heights);
        assert!(pages.breaks.is_empty());
        assert!((80..100).contains(&pages.scale), "{pages:?}");
    }

    #[test]
    fn long_questionnaires_break_only_before_a_kwi() {
        let layout = Questionnaire::new(&[shape(12, true, Some((11, 3))); 6]);
        let heights = vec![20.0; layout.last_row() as usize + 1];
        let pages = layout.pages(&heights);
        assert_eq!(pages.scale, 100);
        assert!(!pages.breaks.is_empty());
        let kwi_rows: Vec<u32> = layout
            .lines
            .iter()
            .filter(|(_, line)| matches!(line, Line::Kwi(_)))
            .map(|(row, _)| *row)
            .collect();
        for row in &pages.breaks {
            assert!(kwi_rows.contains(row), "break at {row}, not a KWI heading");
        }
        // No page holds more than a page, counting the repeated header.
        let mut starts = vec![0];
        starts.extend(&pages.breaks);
        starts.push(layout.last_row() + 1);
        for pair in starts.windows(2) {
            let rows = f64::from(pair[1] - pair[0]);
            assert!(rows * 20.0 <= PAGE_HEIGHT + 20.0, "{pair:?}");
        }
        // The closing questions share their page with the last KWI.
        let last_kwi = *kwi_rows.last().unwrap();
        assert!(pages.breaks.iter().all(|&row| row <= last_kwi));
    }

    #[test]
    fn a_kwi_taller_than_a_page_breaks_between_its_rows() {
        let layout = Questionnaire::new(&[shape(80, false, None)]);
        let heights = vec![15.0; layout.last_row() as usize + 1];
        let pages = layout.pages(&heights);
        assert_eq!(pages.scale, 100);
        assert!(!pages.breaks.is_empty());
    }
}
