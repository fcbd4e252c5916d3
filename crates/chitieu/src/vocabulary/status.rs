//! The progress status classes, with their bilingual labels, symbols and colours.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Progress status classes of official SDG progress reports, plus "not measurable" for
/// qualitative targets.
///
/// ```
/// use chitieu::Status;
/// assert_eq!(Status::OnTrack.label_vi(), "Đúng tiến độ");
/// assert_eq!(Status::from_score(1.0), Status::AccelerationNeeded);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The latest value meets the target.
    TargetAchieved,
    /// On track to meet the target in time.
    OnTrack,
    /// Progress made, but acceleration is needed.
    AccelerationNeeded,
    /// Limited progress.
    LimitedProgress,
    /// Moving away from the target.
    Deterioration,
    /// A binary target (an event) not (yet) achieved.
    NotAchieved,
    /// Too little or unsuitable data to assess.
    UnableToAssess,
    /// The target is qualitative.
    NotMeasurable,
}

impl Status {
    /// All statuses, best first.
    pub const ALL: [Status; 8] = [
        Self::TargetAchieved,
        Self::OnTrack,
        Self::AccelerationNeeded,
        Self::LimitedProgress,
        Self::Deterioration,
        Self::NotAchieved,
        Self::UnableToAssess,
        Self::NotMeasurable,
    ];

    /// Position in [`Status::ALL`] (0 = best).
    ///
    /// ```
    /// use chitieu::Status;
    /// assert!(Status::ALL.iter().enumerate().all(|(i, s)| s.position() == i));
    /// ```
    pub fn position(self) -> usize {
        self as usize
    }

    /// Stable snake_case code, e.g. `on_track`.
    pub fn code(self) -> &'static str {
        match self {
            Self::TargetAchieved => "target_achieved",
            Self::OnTrack => "on_track",
            Self::AccelerationNeeded => "acceleration_needed",
            Self::LimitedProgress => "limited_progress",
            Self::Deterioration => "deterioration",
            Self::NotAchieved => "not_achieved",
            Self::UnableToAssess => "unable_to_assess",
            Self::NotMeasurable => "not_measurable",
        }
    }

    /// The status with this [`Status::code`].
    ///
    /// ```
    /// use chitieu::progress::Status;
    /// assert_eq!(Status::from_code("on_track"), Some(Status::OnTrack));
    /// assert_eq!(Status::from_code("fine"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::TargetAchieved => "Target achieved",
            Self::OnTrack => "On track",
            Self::AccelerationNeeded => "Acceleration needed",
            Self::LimitedProgress => "Limited progress",
            Self::Deterioration => "Deterioration",
            Self::NotAchieved => "Target not achieved",
            Self::UnableToAssess => "Unable to assess",
            Self::NotMeasurable => "Not measurable",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::TargetAchieved => "Đã đạt chỉ tiêu",
            Self::OnTrack => "Đúng tiến độ",
            Self::AccelerationNeeded => "Cần đẩy nhanh",
            Self::LimitedProgress => "Tiến triển hạn chế",
            Self::Deterioration => "Đi xuống",
            Self::NotAchieved => "Chưa đạt chỉ tiêu",
            Self::UnableToAssess => "Không đủ cơ sở đánh giá",
            Self::NotMeasurable => "Không định lượng được",
        }
    }

    /// A symbol per class, so tables and charts never rely on colour alone.
    ///
    /// ```
    /// use chitieu::progress::Status;
    /// assert_eq!(Status::OnTrack.symbol(), "▲");
    /// ```
    pub fn symbol(self) -> &'static str {
        match self {
            Self::TargetAchieved => "★",
            Self::OnTrack => "▲",
            Self::AccelerationNeeded => "►",
            Self::LimitedProgress => "▼",
            Self::Deterioration => "✖",
            Self::NotAchieved => "○",
            Self::UnableToAssess => "?",
            Self::NotMeasurable => "–",
        }
    }

    /// Fill colour (hex RGB) from the Okabe–Ito palette, distinguishable with the common
    /// colour-vision deficiencies; greys for the classes that are not a measure of progress.
    ///
    /// ```
    /// use chitieu::progress::Status;
    /// assert_eq!(Status::TargetAchieved.colour(), "#009E73");
    /// ```
    pub fn colour(self) -> &'static str {
        match self {
            Self::TargetAchieved => "#009E73",
            Self::OnTrack => "#56B4E9",
            Self::AccelerationNeeded => "#F0E442",
            Self::LimitedProgress => "#E69F00",
            Self::Deterioration => "#D55E00",
            Self::NotAchieved => "#CC79A7",
            Self::UnableToAssess => "#999999",
            Self::NotMeasurable => "#DDDDDD",
        }
    }

    /// Text colour readable on [`Status::colour`] (black, or white on the dark fills).
    pub fn text_colour(self) -> &'static str {
        match self {
            Self::TargetAchieved | Self::Deterioration => "#FFFFFF",
            _ => "#000000",
        }
    }

    /// The status of an aggregate score (Open SDG's equal quarters of −5..5).
    pub fn from_score(score: f64) -> Self {
        if score >= 2.5 {
            Self::OnTrack
        } else if score >= 0.0 {
            Self::AccelerationNeeded
        } else if score >= -2.5 {
            Self::LimitedProgress
        } else {
            Self::Deterioration
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
