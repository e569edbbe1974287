//! The table of the 18 `States.*` intrinsic functions: names, arity and result types.
//!
//! Lint (static arity checks), the expression parser and the simulator all read this one table.

/// One of the intrinsic functions AWS Step Functions defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntrinsicFn {
    /// `States.Format(template, args...)`
    Format,
    /// `States.StringToJson(string)`
    StringToJson,
    /// `States.JsonToString(value)`
    JsonToString,
    /// `States.Array(values...)`
    Array,
    /// `States.ArrayPartition(array, size)`
    ArrayPartition,
    /// `States.ArrayContains(array, value)`
    ArrayContains,
    /// `States.ArrayRange(start, end, step)`
    ArrayRange,
    /// `States.ArrayGetItem(array, index)`
    ArrayGetItem,
    /// `States.ArrayLength(array)`
    ArrayLength,
    /// `States.ArrayUnique(array)`
    ArrayUnique,
    /// `States.Base64Encode(string)`
    Base64Encode,
    /// `States.Base64Decode(string)`
    Base64Decode,
    /// `States.Hash(value, algorithm)`
    Hash,
    /// `States.JsonMerge(a, b, deep)`
    JsonMerge,
    /// `States.MathRandom(start, end[, seed])`
    MathRandom,
    /// `States.MathAdd(a, b)`
    MathAdd,
    /// `States.StringSplit(string, delimiters)`
    StringSplit,
    /// `States.UUID()`
    Uuid,
}

/// How many arguments a function takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// Exactly this many.
    Exactly(usize),
    /// Between the two bounds, inclusive.
    Between(usize, usize),
    /// At least this many.
    AtLeast(usize),
}

impl Arity {
    /// Whether `n` arguments are accepted.
    #[must_use]
    pub fn accepts(self, n: usize) -> bool {
        match self {
            Arity::Exactly(k) => n == k,
            Arity::Between(lo, hi) => (lo..=hi).contains(&n),
            Arity::AtLeast(k) => n >= k,
        }
    }
}

/// The JSON type of a value, as far as static checks can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// A string.
    String,
    /// A number.
    Number,
    /// An integer number.
    Integer,
    /// A boolean.
    Boolean,
    /// An array.
    Array,
    /// An object.
    Object,
    /// Any JSON value.
    Any,
}

impl IntrinsicFn {
    /// Every function, in documentation order.
    pub const ALL: [IntrinsicFn; 18] = [
        IntrinsicFn::Format,
        IntrinsicFn::StringToJson,
        IntrinsicFn::JsonToString,
        IntrinsicFn::Array,
        IntrinsicFn::ArrayPartition,
        IntrinsicFn::ArrayContains,
        IntrinsicFn::ArrayRange,
        IntrinsicFn::ArrayGetItem,
        IntrinsicFn::ArrayLength,
        IntrinsicFn::ArrayUnique,
        IntrinsicFn::Base64Encode,
        IntrinsicFn::Base64Decode,
        IntrinsicFn::Hash,
        IntrinsicFn::JsonMerge,
        IntrinsicFn::MathRandom,
        IntrinsicFn::MathAdd,
        IntrinsicFn::StringSplit,
        IntrinsicFn::Uuid,
    ];

    /// The full name as written in a definition (`States.Format`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            IntrinsicFn::Format => "States.Format",
            IntrinsicFn::StringToJson => "States.StringToJson",
            IntrinsicFn::JsonToString => "States.JsonToString",
            IntrinsicFn::Array => "States.Array",
            IntrinsicFn::ArrayPartition => "States.ArrayPartition",
            IntrinsicFn::ArrayContains => "States.ArrayContains",
            IntrinsicFn::ArrayRange => "States.ArrayRange",
            IntrinsicFn::ArrayGetItem => "States.ArrayGetItem",
            IntrinsicFn::ArrayLength => "States.ArrayLength",
            IntrinsicFn::ArrayUnique => "States.ArrayUnique",
            IntrinsicFn::Base64Encode => "States.Base64Encode",
            IntrinsicFn::Base64Decode => "States.Base64Decode",
            IntrinsicFn::Hash => "States.Hash",
            IntrinsicFn::JsonMerge => "States.JsonMerge",
            IntrinsicFn::MathRandom => "States.MathRandom",
            IntrinsicFn::MathAdd => "States.MathAdd",
            IntrinsicFn::StringSplit => "States.StringSplit",
            IntrinsicFn::Uuid => "States.UUID",
        }
    }

    /// Looks a function up by its full name; names are case-sensitive.
    #[must_use]
    pub fn from_name(name: &str) -> Option<IntrinsicFn> {
        IntrinsicFn::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The number of arguments AWS accepts.
    #[must_use]
    pub fn arity(self) -> Arity {
        match self {
            IntrinsicFn::Format => Arity::AtLeast(1),
            IntrinsicFn::Array => Arity::AtLeast(0),
            IntrinsicFn::Uuid => Arity::Exactly(0),
            IntrinsicFn::StringToJson
            | IntrinsicFn::JsonToString
            | IntrinsicFn::ArrayLength
            | IntrinsicFn::ArrayUnique
            | IntrinsicFn::Base64Encode
            | IntrinsicFn::Base64Decode => Arity::Exactly(1),
            IntrinsicFn::ArrayPartition
            | IntrinsicFn::ArrayContains
            | IntrinsicFn::ArrayGetItem
            | IntrinsicFn::Hash
            | IntrinsicFn::MathAdd
            | IntrinsicFn::StringSplit => Arity::Exactly(2),
            IntrinsicFn::ArrayRange | IntrinsicFn::JsonMerge => Arity::Exactly(3),
            IntrinsicFn::MathRandom => Arity::Between(2, 3),
        }
    }

    /// The type of argument `index` (0-based), for checking literal arguments.
    #[must_use]
    pub fn param_type(self, index: usize) -> ValueType {
        use ValueType as T;
        match (self, index) {
            (IntrinsicFn::Format, 0)
            | (
                IntrinsicFn::StringToJson | IntrinsicFn::Base64Encode | IntrinsicFn::Base64Decode,
                0,
            )
            | (IntrinsicFn::StringSplit, 0 | 1)
            | (IntrinsicFn::Hash, 1) => T::String,
            (
                IntrinsicFn::ArrayPartition
                | IntrinsicFn::ArrayContains
                | IntrinsicFn::ArrayGetItem
                | IntrinsicFn::ArrayLength
                | IntrinsicFn::ArrayUnique,
                0,
            ) => T::Array,
            (IntrinsicFn::ArrayPartition | IntrinsicFn::ArrayGetItem, 1)
            | (IntrinsicFn::ArrayRange, 0..=2)
            | (IntrinsicFn::MathRandom, 0..=2)
            | (IntrinsicFn::MathAdd, 0 | 1) => T::Integer,
            (IntrinsicFn::JsonMerge, 0 | 1) => T::Object,
            (IntrinsicFn::JsonMerge, 2) => T::Boolean,
            _ => T::Any,
        }
    }

    /// The type of the value the function returns.
    #[must_use]
    pub fn return_type(self) -> ValueType {
        use ValueType as T;
        match self {
            IntrinsicFn::Format
            | IntrinsicFn::JsonToString
            | IntrinsicFn::Base64Encode
            | IntrinsicFn::Base64Decode
            | IntrinsicFn::Hash
            | IntrinsicFn::Uuid => T::String,
            IntrinsicFn::Array
            | IntrinsicFn::ArrayPartition
            | IntrinsicFn::ArrayRange
            | IntrinsicFn::ArrayUnique
            | IntrinsicFn::StringSplit => T::Array,
            IntrinsicFn::ArrayContains => T::Boolean,
            IntrinsicFn::ArrayLength | IntrinsicFn::MathRandom | IntrinsicFn::MathAdd => T::Integer,
            IntrinsicFn::JsonMerge => T::Object,
            IntrinsicFn::StringToJson | IntrinsicFn::ArrayGetItem => T::Any,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in IntrinsicFn::ALL {
            assert_eq!(IntrinsicFn::from_name(f.as_str()), Some(f));
        }
        // Names are case-sensitive: AWS rejects `states.format`.
        assert_eq!(IntrinsicFn::from_name("states.format"), None);
        assert_eq!(IntrinsicFn::from_name("States.Uuid"), None);
    }

    #[test]
    fn arity_table() {
        assert!(IntrinsicFn::MathRandom.arity().accepts(2));
        assert!(IntrinsicFn::MathRandom.arity().accepts(3));
        assert!(!IntrinsicFn::MathRandom.arity().accepts(4));
        assert!(IntrinsicFn::Array.arity().accepts(0));
        assert!(!IntrinsicFn::Format.arity().accepts(0));
    }
}
