//! The label sets: every text a workbook shows, in Dutch and English.
//!
//! The sets live in `templates/labels/*.toml` and are compiled into the binary, so the tool runs
//! anywhere without its source tree. This module knows no cell positions.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The language of the workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Nederlands, the default.
    Dutch,
    /// English.
    English,
}

impl Language {
    /// Parses `nl` or `en` (any case).
    pub fn from_code(code: &str) -> Option<Language> {
        match code.to_ascii_lowercase().as_str() {
            "nl" => Some(Language::Dutch),
            "en" => Some(Language::English),
            _ => None,
        }
    }

    /// The language a locale names, as the environment spells it (`nl_NL.UTF-8`, `nl-BE`,
    /// `en_GB`, `en`); `None` for any other, `C` and `POSIX` included.
    ///
    /// ```
    /// use klantwaarde::labels::Language;
    /// assert_eq!(Language::from_locale("nl_BE.UTF-8"), Some(Language::Dutch));
    /// assert_eq!(Language::from_locale("en-GB"), Some(Language::English));
    /// assert_eq!(Language::from_locale("C.UTF-8"), None);
    /// ```
    pub fn from_locale(locale: &str) -> Option<Language> {
        let code = locale
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default();
        Language::from_code(code)
    }

    /// `nl` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Dutch => "nl",
            Language::English => "en",
        }
    }
}

// The set is read from a plain key → text table rather than through `#[derive(Deserialize)]`:
// serde's derived visitor for a struct of 120 strings is one function whose every early return
// drops every field read so far, and LLVM took most of this crate's release build optimising it
// (145 s of LLVM passes against a few seconds without it). Filling the fields one call each,
// without early returns, keeps the code linear in the number of labels.
macro_rules! labels {
    ($($(#[$doc:meta])* $field:ident),* $(,)?) => {
        /// Every text of one language. Field names are the keys of the label files.
        #[derive(Debug, Clone)]
        #[allow(missing_docs)]
        pub struct Labels {
            $($(#[$doc])* pub $field: String,)*
        }

        impl Labels {
            /// The set from a label file's table; every problem (a missing, unknown or
            /// non-text key) in one message.
            fn from_table(mut table: BTreeMap<String, toml::Value>) -> Result<Labels, String> {
                let mut problems = Vec::new();
                let labels = Labels {
                    $($field: take(&mut table, stringify!($field), &mut problems),)*
                };
                problems.extend(table.keys().map(|key| format!("unknown label `{key}`")));
                if problems.is_empty() {
                    Ok(labels)
                } else {
                    Err(problems.join("; "))
                }
            }
        }
    };
}

/// Takes one label out of the table; a missing or non-text one becomes a problem and an empty
/// text, so that every problem is found in one pass.
fn take(
    table: &mut BTreeMap<String, toml::Value>,
    key: &str,
    problems: &mut Vec<String>,
) -> String {
    match table.remove(key) {
        Some(toml::Value::String(text)) => text,
        Some(_) => {
            problems.push(format!("label `{key}` is not a text"));
            String::new()
        }
        None => {
            problems.push(format!("label `{key}` is missing"));
            String::new()
        }
    }
}

labels!(
    default_title,
    standard_active,
    standard_agreements,
    questionnaire_sheet,
    questionnaire_heading,
    client,
    supplier,
    period,
    respondent,
    deadline,
    progress,
    progress_of,
    instruction,
    column_id,
    column_question,
    column_score,
    column_relevance,
    relevance_less,
    relevance_neutral,
    relevance_more,
    score_prompt_title,
    score_prompt,
    score_error_title,
    score_error,
    relevance_prompt_title,
    relevance_prompt,
    relevance_error_title,
    relevance_error,
    remarks,
    remarks_prompt,
    nps_question,
    nps_prompt,
    nps_error,
    nps_reason,
    anonymous_question,
    anonymous_prompt,
    anonymous_error,
    yes,
    no,
    page_footer,
    // the questionnaire closes the loop
    return_to,
    return_to_unknown,
    thanks,
    thanks_no_sender,
    nps_prompt_title,
    monitor_sheet_cover,
    monitor_sheet_respondents,
    monitor_sheet_kwis,
    monitor_sheet_assignment,
    monitor_sheet_scores,
    monitor_sheet_matrix,
    monitor_sheet_questions,
    monitor_sheet_trend,
    monitor_sheet_nps,
    monitor_sheet_remarks,
    monitor_sheet_importance,
    monitor_sheet_answers,
    monitor_sheet_actions,
    monitor_sheet_problems,
    monitor_date,
    monitor_response_rate,
    monitor_total_score,
    monitor_nps,
    monitor_indicative,
    monitor_at_a_glance,
    monitor_vs_target,
    monitor_kwi,
    monitor_kwi_title,
    monitor_description,
    monitor_target,
    monitor_average,
    monitor_score,
    monitor_question_count,
    monitor_answer_count,
    monitor_respondent_count,
    monitor_total,
    monitor_name,
    monitor_initials,
    monitor_email,
    monitor_function,
    monitor_note,
    monitor_status,
    monitor_file,
    monitor_answered,
    monitor_assigned,
    monitor_anonymous,
    monitor_status_returned,
    monitor_status_partial,
    monitor_status_missing,
    monitor_status_empty,
    monitor_status_rejected,
    monitor_question_score,
    monitor_mean_score,
    monitor_mean_weight,
    monitor_many_respondents,
    monitor_weight,
    monitor_weighted,
    monitor_chart_scores,
    monitor_chart_data,
    monitor_chart_trend,
    monitor_chart_nps_trend,
    monitor_chart_nps,
    monitor_chart_importance,
    monitor_promoters,
    monitor_passives,
    monitor_detractors,
    monitor_count,
    monitor_share,
    monitor_nps_answer,
    monitor_reason,
    monitor_importance_axis,
    monitor_performance_axis,
    monitor_line_neutral,
    monitor_line_target,
    monitor_quadrant_improve,
    monitor_quadrant_keep,
    monitor_quadrant_low,
    monitor_quadrant_overkill,
    monitor_owner,
    monitor_severity,
    monitor_cell,
    monitor_message,
    monitor_severity_warning,
    monitor_severity_note,
    monitor_no_problems,
    monitor_no_answers,
    monitor_sheet_status,
    monitor_sheet_nps_remarks,
    monitor_previous,
    monitor_change,
    monitor_now,
    monitor_open_actions,
    monitor_chart_dashboard,
    monitor_no_previous,
    monitor_withheld,
    monitor_analysis_suffix,
    monitor_data_note,
    monitor_no_remarks,
    monitor_unnamed_note,
    monitor_done_words,
    monitor_assignment_down,
);

impl Labels {
    /// The compiled-in label set of `language`.
    pub fn for_language(language: Language) -> &'static Labels {
        static DUTCH: OnceLock<Labels> = OnceLock::new();
        static ENGLISH: OnceLock<Labels> = OnceLock::new();
        let (cell, source) = match language {
            Language::Dutch => (&DUTCH, include_str!("../templates/labels/nl.toml")),
            Language::English => (&ENGLISH, include_str!("../templates/labels/en.toml")),
        };
        // The label files are part of the source; the tests below prove both parse.
        cell.get_or_init(|| {
            toml::from_str(source)
                .map_err(|e| e.to_string())
                .and_then(Labels::from_table)
                .expect("compiled-in label set parses")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_label_sets_parse_and_differ() {
        let dutch = Labels::for_language(Language::Dutch);
        let english = Labels::for_language(Language::English);
        assert_eq!(dutch.yes, "ja");
        assert_eq!(english.yes, "yes");
        assert_ne!(dutch.instruction, english.instruction);
    }

    #[test]
    fn a_label_set_names_every_missing_unknown_or_misspelt_key() {
        let mut table: BTreeMap<String, toml::Value> =
            toml::from_str(include_str!("../templates/labels/en.toml")).unwrap();
        assert!(Labels::from_table(table.clone()).is_ok());
        table.remove("yes");
        table.insert("yess".into(), toml::Value::String("yes".into()));
        table.insert("no".into(), toml::Value::Integer(0));
        let error = Labels::from_table(table).unwrap_err();
        assert_eq!(
            error,
            "label `yes` is missing; label `no` is not a text; unknown label `yess`"
        );
    }

    #[test]
    fn labels_with_placeholders_fill_with_the_values_their_writers_give() {
        for language in [Language::Dutch, Language::English] {
            let labels = Labels::for_language(language);
            let supplier = [("supplier", "S")];
            let sheet = [("sheet", "S")];
            for (text, values) in [
                (&labels.nps_question, &supplier[..]),
                (&labels.monitor_many_respondents, &sheet[..]),
            ] {
                let filled = crate::template::fill(text, values).unwrap();
                assert!(!filled.contains('{'), "{filled}");
            }
        }
    }

    #[test]
    fn sheet_names_are_valid_excel_sheet_names() {
        for language in [Language::Dutch, Language::English] {
            let name = &Labels::for_language(language).questionnaire_sheet;
            assert!(name.chars().count() <= 31, "{name}");
            assert!(
                !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
                "{name}"
            );
        }
    }
}
