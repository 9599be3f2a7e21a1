//! What a cell holds (text, number, date, boolean, formula) and how input becomes it: RAW keeps
//! strings as typed; USER_ENTERED parses numbers, dates, booleans and `=formulas` like the UI.
//!
//! Formulas are not evaluated beyond plain arithmetic (`=4/2`, `= 1 / 1024`); a formula the
//! emulator cannot compute shows its own text as its formatted value.

use serde_json::{Value, json};

/// A value a person (or a client) entered.
#[derive(Debug, Clone, PartialEq)]
pub enum Entered {
    Text(String),
    /// A number, with the text Google shows when it keeps the typed form (`2,000,000.01`, dates).
    Number {
        n: f64,
        shown: Option<String>,
        date: bool,
    },
    Bool(bool),
    Formula(String),
}

/// How input values are interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputOption {
    Raw,
    UserEntered,
}

impl InputOption {
    pub fn parse(s: &str) -> Option<InputOption> {
        match s {
            "RAW" => Some(InputOption::Raw),
            "USER_ENTERED" => Some(InputOption::UserEntered),
            _ => None,
        }
    }
}

/// The result of writing one JSON input value: a new value, "clear", or "leave as is" (null).
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Set(Entered),
    Clear,
    Skip,
}

/// Interprets one value from a `values` array.
pub fn from_input(v: &Value, opt: InputOption) -> Write {
    match v {
        Value::Null => Write::Skip,
        Value::Bool(b) => Write::Set(Entered::Bool(*b)),
        Value::Number(n) => Write::Set(Entered::Number {
            n: n.as_f64().unwrap_or(0.0),
            shown: None,
            date: false,
        }),
        Value::String(s) if s.is_empty() => Write::Clear,
        Value::String(s) => Write::Set(match opt {
            InputOption::Raw => Entered::Text(s.clone()),
            InputOption::UserEntered => user_entered(s),
        }),
        other => Write::Set(Entered::Text(other.to_string())),
    }
}

/// Parses text as the Sheets UI would.
pub fn user_entered(s: &str) -> Entered {
    if s.starts_with('=') && s.len() > 1 {
        return Entered::Formula(s.to_string());
    }
    if let Some(rest) = s.strip_prefix('\'') {
        return Entered::Text(rest.to_string());
    }
    if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") {
        return Entered::Bool(s.eq_ignore_ascii_case("true"));
    }
    if let Some(serial) = date_serial(s) {
        return Entered::Number {
            n: serial,
            shown: Some(s.to_string()),
            date: true,
        };
    }
    if let Some((n, grouped)) = parse_number(s) {
        return Entered::Number {
            n,
            shown: grouped.then(|| s.trim().to_string()),
            date: false,
        };
    }
    Entered::Text(s.to_string())
}

/// A plain or comma-grouped decimal number; the flag says it was grouped.
fn parse_number(s: &str) -> Option<(f64, bool)> {
    let t = s.trim();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let grouped = body.contains(',');
    if grouped && !valid_grouping(body) {
        return None;
    }
    let n: f64 = t.replace(',', "").parse().ok()?;
    Some((n, grouped))
}

fn valid_grouping(body: &str) -> bool {
    let int = body.split('.').next().unwrap_or("");
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// `YYYY-MM-DD` → days since 1899-12-30 (Google's serial dates).
pub fn date_serial(s: &str) -> Option<f64> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((days_from_civil(y, m, d) - days_from_civil(1899, 12, 30)) as f64)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// A number as Sheets' default format shows it (`2`, `1.5`, `0.0009765625`).
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A number as JSON: integral values without a fraction, like Google.
pub fn number_json(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

/// The computed value of a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Effective {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Entered {
    /// What the cell computes to.
    pub fn effective(&self) -> Effective {
        match self {
            Entered::Text(s) => Effective::Text(s.clone()),
            Entered::Number { n, .. } => Effective::Number(*n),
            Entered::Bool(b) => Effective::Bool(*b),
            Entered::Formula(f) => match evaluate(&f[1..]) {
                Some(n) => Effective::Number(n),
                None => Effective::Text(f.clone()),
            },
        }
    }

    /// What the cell shows (FORMATTED_VALUE).
    pub fn formatted(&self) -> String {
        match self {
            Entered::Number { shown: Some(s), .. } => s.clone(),
            _ => match self.effective() {
                Effective::Text(s) => s,
                Effective::Number(n) => format_number(n),
                Effective::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
            },
        }
    }

    /// UNFORMATTED_VALUE (dates as serials unless `dates_formatted`).
    pub fn unformatted(&self, dates_formatted: bool) -> Value {
        if let Entered::Number {
            date: true,
            shown: Some(s),
            ..
        } = self
            && dates_formatted
        {
            return json!(s);
        }
        match self.effective() {
            Effective::Text(s) => json!(s),
            Effective::Number(n) => number_json(n),
            Effective::Bool(b) => json!(b),
        }
    }

    /// `userEnteredValue` as the API writes it.
    pub fn user_entered_json(&self) -> Value {
        match self {
            Entered::Text(s) => json!({ "stringValue": s }),
            Entered::Number { n, .. } => json!({ "numberValue": number_json(*n) }),
            Entered::Bool(b) => json!({ "boolValue": b }),
            Entered::Formula(f) => json!({ "formulaValue": f }),
        }
    }

    /// `effectiveValue` as the API writes it.
    pub fn effective_json(&self) -> Value {
        match self.effective() {
            Effective::Text(s) => json!({ "stringValue": s }),
            Effective::Number(n) => json!({ "numberValue": number_json(n) }),
            Effective::Bool(b) => json!({ "boolValue": b }),
        }
    }

    /// Reads an `ExtendedValue` (`userEnteredValue` of a CellData); `None` when it is not one.
    pub fn from_extended(v: &Value) -> Option<Entered> {
        let obj = v.as_object()?;
        if let Some(s) = obj.get("stringValue").and_then(Value::as_str) {
            return Some(Entered::Text(s.to_string()));
        }
        if let Some(n) = obj.get("numberValue").and_then(Value::as_f64) {
            return Some(Entered::Number {
                n,
                shown: None,
                date: false,
            });
        }
        if let Some(b) = obj.get("boolValue").and_then(Value::as_bool) {
            return Some(Entered::Bool(b));
        }
        obj.get("formulaValue")
            .and_then(Value::as_str)
            .map(|f| Entered::Formula(f.to_string()))
    }
}

/// Evaluates `+ - * /` arithmetic with parentheses; `None` for anything else.
pub fn evaluate(expr: &str) -> Option<f64> {
    let tokens: Vec<char> = expr.chars().filter(|c| !c.is_whitespace()).collect();
    let mut p = Parser { tokens, pos: 0 };
    let v = p.sum()?;
    (p.pos == p.tokens.len() && v.is_finite()).then_some(v)
}

struct Parser {
    tokens: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.tokens.get(self.pos).copied()
    }

    fn sum(&mut self) -> Option<f64> {
        let mut v = self.product()?;
        while let Some(op @ ('+' | '-')) = self.peek() {
            self.pos += 1;
            let rhs = self.product()?;
            v = if op == '+' { v + rhs } else { v - rhs };
        }
        Some(v)
    }

    fn product(&mut self) -> Option<f64> {
        let mut v = self.atom()?;
        while let Some(op @ ('*' | '/')) = self.peek() {
            self.pos += 1;
            let rhs = self.atom()?;
            v = if op == '*' { v * rhs } else { v / rhs };
        }
        Some(v)
    }

    fn atom(&mut self) -> Option<f64> {
        match self.peek()? {
            '-' => {
                self.pos += 1;
                Some(-self.atom()?)
            }
            '(' => {
                self.pos += 1;
                let v = self.sum()?;
                (self.peek() == Some(')')).then(|| self.pos += 1)?;
                Some(v)
            }
            _ => self.number(),
        }
    }

    fn number(&mut self) -> Option<f64> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
            self.pos += 1;
        }
        let text: String = self.tokens[start..self.pos].iter().collect();
        text.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_keeps_formula_text() {
        assert_eq!(
            from_input(&json!("=1+1"), InputOption::Raw),
            Write::Set(Entered::Text("=1+1".into()))
        );
        assert_eq!(
            from_input(&json!("=1+1"), InputOption::UserEntered),
            Write::Set(Entered::Formula("=1+1".into()))
        );
        assert_eq!(from_input(&json!(""), InputOption::Raw), Write::Clear);
        assert_eq!(from_input(&Value::Null, InputOption::Raw), Write::Skip);
    }

    #[test]
    fn user_entered_parsing_matches_recordings() {
        assert_eq!(user_entered("= 1 / 1024").formatted(), "0.0009765625");
        assert_eq!(user_entered("2,000,000.01").formatted(), "2,000,000.01");
        assert_eq!(user_entered("0042").formatted(), "42");
        assert_eq!(user_entered("2020-01-01").unformatted(false), json!(43831));
        assert_eq!(user_entered("1999-01-02").unformatted(false), json!(36162));
        assert_eq!(user_entered("2020-01-01").formatted(), "2020-01-01");
        assert_eq!(user_entered("=3/2").unformatted(false), json!(1.5));
        assert_eq!(user_entered("3_1_0"), Entered::Text("3_1_0".into()));
        assert_eq!(user_entered("=SUM(A1:A3)").formatted(), "=SUM(A1:A3)");
    }

    #[test]
    fn arithmetic() {
        assert_eq!(evaluate("(1+2)*3-4/2"), Some(7.0));
        assert_eq!(evaluate("-2*-2"), Some(4.0));
        assert_eq!(evaluate("1/0"), None);
        assert_eq!(evaluate("A1+1"), None);
    }
}
