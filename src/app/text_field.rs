//! One text field for every input (the search box, the forms, the check, the picker's filter, a
//! typed `yes`): a line of text with a cursor, edited the way readline and every shell do. It reads
//! as a `&str` wherever the text is used, so callers keep treating it as the text it holds.

use std::ops::Deref;

use crate::keymap::Action;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    /// In characters from the start, 0..=len.
    cursor: usize,
}

impl TextField {
    /// A field holding `text`, the cursor at its end (where typing carries on).
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let cursor = text.chars().count();
        Self { text, cursor }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn at_end(&self) -> bool {
        self.cursor == self.len()
    }

    /// The text before and after the cursor, for the view to draw the cursor between them.
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(self.byte(self.cursor))
    }

    /// Replaces the text (a completion, a value set by the app); the cursor goes to its end.
    pub fn set(&mut self, text: impl Into<String>) {
        *self = Self::new(text);
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn byte(&self, chars: usize) -> usize {
        self.text.char_indices().nth(chars).map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts a character at the cursor unless the field already holds `limit` characters.
    pub fn insert(&mut self, c: char, limit: usize) -> bool {
        if self.len() >= limit {
            return false;
        }
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
        true
    }

    fn remove(&mut self, from: usize, to: usize) {
        let (a, b) = (self.byte(from), self.byte(to));
        self.text.replace_range(a..b, "");
        self.cursor = from;
    }

    /// Where the word before the cursor starts (spaces before it are part of what Ctrl-w deletes).
    fn word_start(&self) -> usize {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let mut i = before.len();
        while i > 0 && before[i - 1].is_whitespace() {
            i -= 1;
        }
        while i > 0 && !before[i - 1].is_whitespace() {
            i -= 1;
        }
        i
    }

    /// The key table's actions a text field takes (the rest belong to the dialog around it).
    pub fn takes(action: Action) -> bool {
        matches!(
            action,
            Action::CursorLeft
                | Action::CursorRight
                | Action::LineStart
                | Action::LineEnd
                | Action::DeleteChar
                | Action::DeleteForward
                | Action::DeleteWord
                | Action::Clear
        )
    }

    /// A field key from the key table; false when it changed nothing (the cursor at an edge, nothing
    /// to delete) or is not a field key.
    pub fn apply(&mut self, action: Action) -> bool {
        let before = (self.cursor, self.text.len());
        match action {
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => self.cursor = (self.cursor + 1).min(self.len()),
            Action::LineStart => self.cursor = 0,
            Action::LineEnd => self.cursor = self.len(),
            Action::DeleteChar if self.cursor > 0 => self.remove(self.cursor - 1, self.cursor),
            Action::DeleteForward if self.cursor < self.len() => {
                let cursor = self.cursor;
                self.remove(cursor, cursor + 1);
            }
            Action::DeleteWord => self.remove(self.word_start(), self.cursor),
            Action::Clear => self.remove(0, self.cursor),
            _ => return false,
        }
        before != (self.cursor, self.text.len())
    }
}

impl Deref for TextField {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl From<&str> for TextField {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for TextField {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl PartialEq<&str> for TextField {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl std::fmt::Display for TextField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;

    fn typed(text: &str) -> TextField {
        let mut f = TextField::default();
        for c in text.chars() {
            assert!(f.insert(c, 100));
        }
        f
    }

    #[test]
    fn typing_goes_in_at_the_cursor() {
        let mut f = typed("s3:GetObjct");
        for _ in 0..2 {
            f.apply(A::CursorLeft);
        }
        f.insert('e', 100);
        assert_eq!(f, "s3:GetObject");
        assert_eq!(f.split(), ("s3:GetObje", "ct"));
        assert!(f.apply(A::LineStart));
        assert!(!f.apply(A::CursorLeft), "nothing left of the start");
        f.insert('>', 100);
        assert_eq!(f.as_str(), ">s3:GetObject");
        assert!(f.apply(A::LineEnd) && f.at_end());
        assert!(!f.apply(A::CursorRight), "nothing right of the end");
    }

    #[test]
    fn deleting_backwards_forwards_by_word_and_to_the_start() {
        let mut f = typed("aws:PrincipalTag/team = red");
        assert!(f.apply(A::DeleteWord));
        assert_eq!(f, "aws:PrincipalTag/team = ");
        assert!(f.apply(A::DeleteWord), "the spaces go with the word before them");
        assert_eq!(f, "aws:PrincipalTag/team ");
        f.apply(A::LineStart);
        assert!(!f.apply(A::DeleteChar), "nothing before the start");
        assert!(f.apply(A::DeleteForward));
        assert_eq!(f, "ws:PrincipalTag/team ");
        f.apply(A::LineEnd);
        for _ in 0..5 {
            f.apply(A::CursorLeft);
        }
        assert!(f.apply(A::Clear), "Ctrl-u deletes up to the cursor");
        assert_eq!(f, "team ");
        assert_eq!(f.cursor(), 0);
    }

    #[test]
    fn multi_byte_characters_are_one_step_each() {
        let mut f = typed("Zürich ü");
        f.apply(A::CursorLeft);
        f.apply(A::DeleteChar);
        assert_eq!(f, "Zürichü");
        f.apply(A::LineStart);
        f.apply(A::CursorRight);
        f.apply(A::DeleteForward);
        assert_eq!(f, "Zrichü");
    }

    #[test]
    fn a_full_field_takes_nothing_more() {
        let mut f = typed("abc");
        assert!(!f.insert('d', 3));
        assert_eq!(f, "abc");
    }
}
