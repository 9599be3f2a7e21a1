//! A small parser for the GraphQL query text kepsync and similar clients send: operations,
//! aliases, arguments, variables, fragments and inline fragments. Not a full GraphQL parser.

use std::collections::BTreeMap;

/// An argument value.
#[derive(Debug, Clone, PartialEq)]
pub enum GqlValue {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Null,
    Enum(String),
    Var(String),
    List(Vec<GqlValue>),
    Object(Vec<(String, GqlValue)>),
}

/// One field of a selection set.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub alias: Option<String>,
    pub name: String,
    pub args: Vec<(String, GqlValue)>,
    pub selection: Vec<Selection>,
    /// 1-based line and column of the field.
    pub line: usize,
    pub column: usize,
}

impl Field {
    /// The response key: the alias, else the name.
    pub fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }

    pub fn arg(&self, name: &str) -> Option<&GqlValue> {
        self.args.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    Field(Field),
    /// `... on Type { … }` (type `None` for a bare `... { … }`).
    Inline(Option<String>, Vec<Selection>),
    /// `...Name`.
    Spread(String),
}

/// A parsed document: the (first) operation's selection and the named fragments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub operation: Vec<Selection>,
    pub is_mutation: bool,
    pub fragments: BTreeMap<String, (String, Vec<Selection>)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Punct(char),
    Spread,
    Name(String),
    Int(i64),
    Float(f64),
    Str(String),
}

/// A syntax error with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    line: usize,
    col: usize,
}

fn lex(src: &str) -> Result<Vec<(Tok, usize, usize)>, ParseError> {
    let mut lx = Lexer {
        chars: src.char_indices().peekable(),
        line: 1,
        col: 1,
    };
    let mut out = Vec::new();
    while let Some(&(_, c)) = lx.chars.peek() {
        let (line, col) = (lx.line, lx.col);
        let err = |m: &str| ParseError {
            message: m.to_string(),
            line,
            column: col,
        };
        match c {
            c if c.is_whitespace() || c == ',' || c == '\u{feff}' => {
                lx.bump();
            }
            '#' => {
                while lx.chars.peek().is_some_and(|&(_, c)| c != '\n') {
                    lx.bump();
                }
            }
            '.' => {
                for _ in 0..3 {
                    if lx.bump() != Some('.') {
                        return Err(err("expected `...`"));
                    }
                }
                out.push((Tok::Spread, line, col));
            }
            '"' => out.push((
                Tok::Str(lx.string().ok_or_else(|| err("unterminated string"))?),
                line,
                col,
            )),
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(&(_, c)) = lx.chars.peek() {
                    if !(c.is_ascii_alphanumeric() || c == '_') {
                        break;
                    }
                    name.push(c);
                    lx.bump();
                }
                out.push((Tok::Name(name), line, col));
            }
            c if c.is_ascii_digit() || c == '-' => {
                let mut num = String::new();
                while let Some(&(_, c)) = lx.chars.peek() {
                    if !(c.is_ascii_digit() || "-+.eE".contains(c)) {
                        break;
                    }
                    num.push(c);
                    lx.bump();
                }
                let tok = match num.parse::<i64>() {
                    Ok(i) => Tok::Int(i),
                    Err(_) => Tok::Float(num.parse().map_err(|_| err("bad number"))?),
                };
                out.push((tok, line, col));
            }
            c if "!$()[]{}:=@|&".contains(c) => {
                lx.bump();
                out.push((Tok::Punct(c), line, col));
            }
            other => return Err(err(&format!("unexpected character `{other}`"))),
        }
    }
    Ok(out)
}

impl Lexer<'_> {
    fn bump(&mut self) -> Option<char> {
        let (_, c) = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    /// A `"…"` string with JSON-like escapes.
    fn string(&mut self) -> Option<String> {
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump()? {
                '"' => return Some(out),
                '\\' => match self.bump()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'u' => {
                        let hex: String = (0..4).filter_map(|_| self.bump()).collect();
                        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                    }
                    c => out.push(c),
                },
                c => out.push(c),
            }
        }
    }
}

struct Parser {
    toks: Vec<(Tok, usize, usize)>,
    pos: usize,
}

/// Parses a query document.
pub fn parse(src: &str) -> Result<Document, ParseError> {
    let mut p = Parser {
        toks: lex(src)?,
        pos: 0,
    };
    let mut doc = Document::default();
    let mut have_operation = false;
    while p.peek().is_some() {
        match p.peek() {
            Some(Tok::Name(n)) if n == "fragment" => {
                p.pos += 1;
                let name = p.name()?;
                p.keyword("on")?;
                let on = p.name()?;
                let sel = p.selection_set()?;
                doc.fragments.insert(name, (on, sel));
            }
            _ => {
                let (is_mutation, sel) = p.operation()?;
                if !have_operation {
                    doc.operation = sel;
                    doc.is_mutation = is_mutation;
                    have_operation = true;
                }
            }
        }
    }
    if !have_operation {
        return Err(p.error("the document has no operation"));
    }
    Ok(doc)
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _, _)| t)
    }

    fn error(&self, message: &str) -> ParseError {
        let (line, column) = self
            .toks
            .get(self.pos)
            .or(self.toks.last())
            .map_or((1, 1), |(_, l, c)| (*l, *c));
        ParseError {
            message: message.to_string(),
            line,
            column,
        }
    }

    fn next(&mut self) -> Result<Tok, ParseError> {
        let tok = self
            .peek()
            .cloned()
            .ok_or_else(|| self.error("unexpected end of query"))?;
        self.pos += 1;
        Ok(tok)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), ParseError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(&format!("expected `{c}`")))
        }
    }

    fn name(&mut self) -> Result<String, ParseError> {
        match self.next()? {
            Tok::Name(n) => Ok(n),
            _ => {
                self.pos -= 1;
                Err(self.error("expected a name"))
            }
        }
    }

    fn keyword(&mut self, kw: &str) -> Result<(), ParseError> {
        if self.name()? == kw {
            Ok(())
        } else {
            self.pos -= 1;
            Err(self.error(&format!("expected `{kw}`")))
        }
    }

    fn operation(&mut self) -> Result<(bool, Vec<Selection>), ParseError> {
        let mut is_mutation = false;
        if let Some(Tok::Name(kind)) = self.peek() {
            is_mutation = kind == "mutation";
            if !matches!(kind.as_str(), "query" | "mutation" | "subscription") {
                return Err(self.error("expected `query`, `mutation` or `{`"));
            }
            self.pos += 1;
            if matches!(self.peek(), Some(Tok::Name(_))) {
                self.pos += 1;
            }
            if self.eat('(') {
                self.skip_until_close(')')?;
            }
            self.directives()?;
        }
        Ok((is_mutation, self.selection_set()?))
    }

    /// Skips tokens to the `close` that balances an already-consumed opener.
    fn skip_until_close(&mut self, close: char) -> Result<(), ParseError> {
        let open = if close == ')' { '(' } else { '[' };
        let mut depth = 1;
        while depth > 0 {
            match self.next()? {
                Tok::Punct(c) if c == open => depth += 1,
                Tok::Punct(c) if c == close => depth -= 1,
                _ => {}
            }
        }
        Ok(())
    }

    fn directives(&mut self) -> Result<(), ParseError> {
        while self.eat('@') {
            self.name()?;
            if self.eat('(') {
                self.skip_until_close(')')?;
            }
        }
        Ok(())
    }

    fn selection_set(&mut self) -> Result<Vec<Selection>, ParseError> {
        self.expect('{')?;
        let mut out = Vec::new();
        while !self.eat('}') {
            out.push(self.selection()?);
        }
        Ok(out)
    }

    fn selection(&mut self) -> Result<Selection, ParseError> {
        if self.peek() == Some(&Tok::Spread) {
            self.pos += 1;
            return match self.peek() {
                Some(Tok::Name(n)) if n == "on" => {
                    self.pos += 1;
                    let on = self.name()?;
                    self.directives()?;
                    Ok(Selection::Inline(Some(on), self.selection_set()?))
                }
                Some(Tok::Name(_)) => {
                    let name = self.name()?;
                    self.directives()?;
                    Ok(Selection::Spread(name))
                }
                _ => {
                    self.directives()?;
                    Ok(Selection::Inline(None, self.selection_set()?))
                }
            };
        }
        Ok(Selection::Field(self.field()?))
    }

    fn field(&mut self) -> Result<Field, ParseError> {
        let (line, column) = self.toks.get(self.pos).map_or((1, 1), |(_, l, c)| (*l, *c));
        let first = self.name()?;
        let (alias, name) = if self.eat(':') {
            (Some(first), self.name()?)
        } else {
            (None, first)
        };
        let mut args = Vec::new();
        if self.eat('(') {
            while !self.eat(')') {
                let k = self.name()?;
                self.expect(':')?;
                args.push((k, self.value()?));
            }
        }
        self.directives()?;
        let selection = if self.peek() == Some(&Tok::Punct('{')) {
            self.selection_set()?
        } else {
            Vec::new()
        };
        Ok(Field {
            alias,
            name,
            args,
            selection,
            line,
            column,
        })
    }

    fn value(&mut self) -> Result<GqlValue, ParseError> {
        Ok(match self.next()? {
            Tok::Int(i) => GqlValue::Int(i),
            Tok::Float(f) => GqlValue::Float(f),
            Tok::Str(s) => GqlValue::Str(s),
            Tok::Name(n) => match n.as_str() {
                "true" => GqlValue::Bool(true),
                "false" => GqlValue::Bool(false),
                "null" => GqlValue::Null,
                _ => GqlValue::Enum(n),
            },
            Tok::Punct('$') => GqlValue::Var(self.name()?),
            Tok::Punct('[') => {
                let mut items = Vec::new();
                while !self.eat(']') {
                    items.push(self.value()?);
                }
                GqlValue::List(items)
            }
            Tok::Punct('{') => {
                let mut fields = Vec::new();
                while !self.eat('}') {
                    let k = self.name()?;
                    self.expect(':')?;
                    fields.push((k, self.value()?));
                }
                GqlValue::Object(fields)
            }
            _ => {
                self.pos -= 1;
                return Err(self.error("expected a value"));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(sel: &Selection) -> &Field {
        match sel {
            Selection::Field(f) => f,
            other => panic!("not a field: {other:?}"),
        }
    }

    #[test]
    fn parses_aliases_fragments_and_args() {
        let doc = parse(
            r#"query Q($n: Int = 3) { rateLimit { cost }
              repository(owner: "kubernetes", name: "enhancements") {
                i4222: issue(number: 4222) { ...K }
                prs: pullRequests(states: [OPEN], first: 50, after: null) { nodes { ... on PullRequest { number } } }
                b1: object(oid: "abc") { ... on Blob { text } }
              } }
              fragment K on Issue { number title labels(first: $n) { nodes { name } } }"#,
        )
        .unwrap();
        assert_eq!(doc.operation.len(), 2);
        let repo = field(&doc.operation[1]);
        assert_eq!(repo.arg("owner"), Some(&GqlValue::Str("kubernetes".into())));
        let issue = field(&repo.selection[0]);
        assert_eq!(issue.key(), "i4222");
        assert_eq!(issue.name, "issue");
        assert_eq!(issue.arg("number"), Some(&GqlValue::Int(4222)));
        assert_eq!(issue.selection, [Selection::Spread("K".into())]);
        let prs = field(&repo.selection[1]);
        assert_eq!(
            prs.arg("states"),
            Some(&GqlValue::List(vec![GqlValue::Enum("OPEN".into())]))
        );
        assert_eq!(prs.arg("after"), Some(&GqlValue::Null));
        let (on, sel) = &doc.fragments["K"];
        assert_eq!(on, "Issue");
        assert_eq!(
            field(&sel[2]).arg("first"),
            Some(&GqlValue::Var("n".into()))
        );
    }

    #[test]
    fn anonymous_query_and_escapes() {
        let doc = parse(r#"{ object(expression: "HEAD:a \"b\"\u0041") { oid } }"#).unwrap();
        let f = field(&doc.operation[0]);
        assert_eq!(
            f.arg("expression"),
            Some(&GqlValue::Str("HEAD:a \"b\"A".into()))
        );
    }

    #[test]
    fn syntax_errors_name_the_position() {
        let err = parse("query {\n  issue(number: ) { x }\n}").unwrap_err();
        assert_eq!((err.line, err.message.as_str()), (2, "expected a value"));
        assert!(parse("{ a { b }").is_err());
        assert!(parse("fragment F on X { a }").is_err());
        assert!(parse("{ a } %").is_err());
    }
}
