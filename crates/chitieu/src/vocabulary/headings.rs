//! The one bilingual table of headings: every column title, axis title and label that tables,
//! charts and reports show, in Vietnamese (full diacritics) and English. The Rust reports use
//! [`Heading`] values; Python reads the same table (`chitieu.labels.HEADINGS`).

use super::Lang;

macro_rules! headings {
    ($($variant:ident $key:literal $vi:literal $en:literal;)*) => {
        /// A heading shown to people, with its Vietnamese and English text.
        ///
        /// ```
        /// use chitieu::vocabulary::{Heading, Lang};
        /// assert_eq!(Heading::Status.text(Lang::Both), "Trạng thái / Status");
        /// assert_eq!(Heading::from_key("target_year"), Some(Heading::TargetYear));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Heading {
            $(
                #[doc = concat!("“", $vi, "” / “", $en, "”.")]
                $variant,
            )*
        }

        impl Heading {
            /// Every heading, in table order.
            pub const ALL: &'static [Heading] = &[$(Heading::$variant,)*];

            /// Stable snake_case key (the key of `chitieu.labels.HEADINGS` in Python).
            pub fn key(self) -> &'static str {
                match self { $(Self::$variant => $key,)* }
            }

            /// The Vietnamese text.
            pub fn vi(self) -> &'static str {
                match self { $(Self::$variant => $vi,)* }
            }

            /// The English text.
            pub fn en(self) -> &'static str {
                match self { $(Self::$variant => $en,)* }
            }
        }
    };
}

headings! {
    Unit "unit" "Đơn vị" "Unit";
    Set "set" "Văn bản" "Plan";
    Target "target" "Mục tiêu" "Target";
    Indicator "indicator" "Chỉ tiêu" "Indicator";
    Year "year" "Năm" "Year";
    Value "value" "Giá trị" "Value";
    Latest "latest" "Mới nhất" "Latest";
    Base "base" "Gốc" "Base";
    TargetValue "target_value" "Giá trị mục tiêu" "Target value";
    TargetYear "target_year" "Năm mục tiêu" "Target year";
    Status "status" "Trạng thái" "Status";
    Score "score" "Điểm" "Score";
    YearMet "year_met" "Năm đạt (dự báo)" "Year met (projected)";
    Projected "projected" "Dự báo" "Projected";
    Observed "observed" "Thực tế" "Observed";
    TargetPath "target_path" "Lộ trình mục tiêu" "Target path";
    Count "count" "Số mục tiêu" "Number of targets";
    Rank "rank" "Thứ hạng" "Rank";
    Region "region" "Vùng" "Region";
    Contribution "contribution" "Đóng góp vào tăng trưởng (điểm %)" "Contribution to growth (pp)";
    Capital "capital" "Vốn" "Capital";
    Labour "labour" "Lao động" "Labour";
    Tfp "tfp" "TFP" "TFP";
    Growth "growth" "Tăng trưởng" "Growth";
    Period "period" "Giai đoạn" "Period";
    MedianRank "median_rank" "Thứ hạng trung vị" "Median rank";
    RankInterval "rank_interval" "Khoảng thứ hạng 5–95%" "5–95% rank interval";
    Citation "citation" "Trích dẫn" "Citation";
    Citations "citations" "Trích dẫn" "Citations";
    Narrative "narrative" "Thuyết minh kết quả" "Narrative";
    Paragraph "paragraph" "Đoạn thuyết minh" "Paragraph";
    Clause "clause" "Nguyên văn" "Clause";
    Source "source" "Nguồn" "Source";
    Note "note" "Ghi chú" "Note";
    Name "name" "Tên" "Name";
    Formula "formula" "Công thức" "Formula";
    MeasureUnit "measure_unit" "Đơn vị tính" "Unit of measure";
    Direction "direction" "Chiều mong muốn" "Desired direction";
    Increase "increase" "tăng" "increase";
    Decrease "decrease" "giảm" "decrease";
    Kind "kind" "Loại" "Kind";
    Aggregation "aggregation" "Cách tổng hợp" "Aggregation";
    Limits "limits" "Giới hạn tự nhiên" "Natural limits";
    Issuer "issuer" "Cơ quan ban hành" "Issuer";
    Document "document" "Số hiệu văn bản" "Document";
    Date "date" "Ngày ban hành" "Date";
    NotConfirmed "not_confirmed" "theo tóm tắt báo chí, chưa đối chiếu văn bản gốc" "from press summaries, not checked against the document";
    Composite "composite" "Chỉ số tổng hợp" "Composite index";
    RankUncertainty "rank_uncertainty" "Độ bất định của thứ hạng" "Rank uncertainty";
    NominalRank "nominal_rank" "Thứ hạng danh nghĩa" "Nominal rank";
    Replications "replications" "Số lần mô phỏng" "Replications";
    UncertainInput "uncertain_input" "Yếu tố bất định" "Uncertain input";
    FirstOrder "first_order" "Chỉ số độ nhạy bậc một" "First-order sensitivity";
    Members "members" "Số thành viên" "Members";
    WithData "with_data" "Số thành viên có thứ hạng công bố" "Members with a published rank";
    Series "series" "Chuỗi" "Series";
    ByYear "by_year" "đến năm" "by";
    ToYear "to_year" "đến năm" "to";
    PerYear "per_year" "mỗi năm" "a year";
    Cumulative "cumulative" "cộng dồn" "cumulative";
    IncreaseEachYear "increase_each_year" "tăng hằng năm" "increase every year";
    IncreaseTrend "increase_trend" "tăng trong kỳ" "increase over the period";
    Top "top" "nhóm dẫn đầu" "top";
    StatusOverview "status_overview" "Tình hình thực hiện các mục tiêu" "Progress towards the targets";
    RankingRegions "ranking_regions" "Xếp hạng trong từng vùng" "Ranking within each region";
    RankingCountry "ranking_country" "Xếp hạng cả nước" "National ranking";
    Highlighted "highlighted" "Đánh dấu" "Highlighted";
    HigherBetter "higher_better" "cao hơn là tốt hơn" "higher is better";
    LowerBetter "lower_better" "thấp hơn là tốt hơn" "lower is better";
    TfpDecomposition "tfp_decomposition" "Đóng góp của vốn, lao động và TFP vào tăng trưởng" "Contributions of capital, labour and TFP to growth";
    OutputGrowth "output_growth" "Tăng trưởng sản lượng (%)" "Output growth (%)";
    TfpShare "tfp_share" "Tỷ lệ đóng góp của TFP (%)" "TFP share of growth (%)";
    Factor "factor" "Yếu tố" "Factor";
    BasePoint "base_point" "Năm gốc: giá trị" "Base year: value";
    LatestPoint "latest_point" "Mới nhất: giá trị" "Latest year: value";
    BaseYear "base_year" "Năm gốc" "Base year";
    BaseValue "base_value" "Giá trị gốc" "Base value";
    LatestYear "latest_year" "Năm mới nhất" "Latest year";
    LatestValue "latest_value" "Giá trị mới nhất" "Latest value";
    ScoreRange "score_range" "Điểm (−5..5)" "Score (−5..5)";
    ProjectedAtTarget "projected_at_target" "Dự báo năm mục tiêu" "Projected at target year";
    PMet "p_met" "Xác suất đạt" "Probability met";
    Asks "asks" "Yêu cầu" "Asks";
    ClauseVi "clause_vi" "Nguyên văn" "Clause (Vietnamese)";
    ClauseEn "clause_en" "Bản dịch" "English rendering";
    Legend "legend" "Chú giải" "Legend";
    Code "code" "Mã" "Code";
    ReportTitle "report_title" "Kết quả thực hiện chỉ tiêu" "Target attainment";
}

impl Heading {
    /// The heading with this [`Heading::key`].
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|h| h.key() == key)
    }

    /// The text in `lang` (`"Vietnamese / English"` for [`Lang::Both`]).
    pub fn text(self, lang: Lang) -> String {
        lang.pick(self.vi(), self.en())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn keys_are_unique_and_both_sides_are_written() {
        let keys: HashSet<&str> = Heading::ALL.iter().map(|h| h.key()).collect();
        assert_eq!(keys.len(), Heading::ALL.len());
        for h in Heading::ALL {
            assert!(!h.vi().is_empty() && !h.en().is_empty(), "{}", h.key());
            assert_eq!(Heading::from_key(h.key()), Some(*h));
        }
    }
}
