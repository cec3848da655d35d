//! Where each value of a JSON document starts, by path (`Statement[1].Effect`), so a problem found in
//! the parsed value can be pointed at in the text the user wrote. Runs only on text serde_json has
//! already accepted, so it can be simple.

use std::collections::HashMap;

/// Path → 1-based (line, column) of the value's first character.
pub type Positions = HashMap<String, (usize, usize)>;

pub fn positions(text: &str) -> Positions {
    let mut scanner = Scanner { chars: text.chars().collect(), at: 0, line: 1, column: 1, out: HashMap::new() };
    scanner.value(String::new());
    scanner.out
}

struct Scanner {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
    out: Positions,
}

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn value(&mut self, path: String) {
        self.skip_space();
        self.out.insert(path.clone(), (self.line, self.column));
        match self.peek() {
            Some('{') => self.object(&path),
            Some('[') => self.array(&path),
            Some('"') => {
                self.string();
            }
            _ => {
                while self.peek().is_some_and(|c| !matches!(c, ',' | '}' | ']') && !c.is_whitespace()) {
                    self.bump();
                }
            }
        }
    }

    fn string(&mut self) -> String {
        let mut text = String::new();
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => {
                    if let Some(escaped) = self.bump() {
                        text.push(escaped);
                    }
                }
                c => text.push(c),
            }
        }
        text
    }

    fn object(&mut self, path: &str) {
        self.bump();
        loop {
            self.skip_space();
            match self.peek() {
                Some('"') => {
                    let key = self.string();
                    self.skip_space();
                    self.bump(); // ':'
                    let child = if path.is_empty() { key } else { format!("{path}.{key}") };
                    self.value(child);
                    self.skip_space();
                    if self.peek() == Some(',') {
                        self.bump();
                    }
                }
                Some('}') | None => {
                    self.bump();
                    return;
                }
                Some(_) => {
                    self.bump();
                }
            }
        }
    }

    fn array(&mut self, path: &str) {
        self.bump();
        let mut index = 0;
        loop {
            self.skip_space();
            match self.peek() {
                Some(']') | None => {
                    self.bump();
                    return;
                }
                Some(',') => {
                    self.bump();
                }
                Some(_) => {
                    self.value(format!("{path}[{index}]"));
                    index += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_by_path() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Deny\", \"Action\": [\"s3:*\", \"ec2:*\"]}\n  ]\n}";
        let p = positions(text);
        assert_eq!(p["Version"], (2, 14));
        assert_eq!(p["Statement[0]"], (4, 5));
        assert_eq!(p["Statement[0].Effect"], (4, 16));
        assert_eq!(p["Statement[0].Action[1]"], (4, 43));
    }

    #[test]
    fn escaped_quotes_in_keys_and_values_do_not_confuse_it() {
        let p = positions(r#"{"a\"b": "x\"}", "c": 1}"#);
        assert_eq!(p["a\"b"], (1, 10));
        assert_eq!(p["c"], (1, 23));
    }
}
