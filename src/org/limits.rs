//! AWS's documented limits on the structure and on tags, checked in one place: by the form before
//! anything is sent (so the user reads the reason, not an exception name), and by the in-memory
//! backend the way AWS refuses.

use super::Tag;

/// An OU name: 1 to 128 characters.
pub const MAX_OU_NAME: usize = 128;
/// Roots hold OUs nested at most five levels deep.
pub const MAX_OU_DEPTH: usize = 5;
/// The default quota of OUs in an organization.
pub const MAX_OUS: usize = 1000;
pub const MAX_TAG_KEY: usize = 128;
pub const MAX_TAG_VALUE: usize = 256;
/// Tags on one resource.
pub const MAX_TAGS: usize = 50;

/// Why an OU name cannot be used, if it cannot.
pub fn ou_name_problem(name: &str) -> Option<String> {
    let n = name.chars().count();
    if name.trim().is_empty() {
        Some("An OU needs a name.".to_owned())
    } else if n > MAX_OU_NAME {
        Some(format!("An OU name has at most {MAX_OU_NAME} characters ({n} typed)."))
    } else if name.chars().any(char::is_control) {
        Some("An OU name cannot hold control characters.".to_owned())
    } else {
        None
    }
}

/// Why a new OU cannot go under a parent nested `parent_depth` OUs deep (0 for a root), if it cannot.
pub fn ou_depth_problem(parent_depth: usize) -> Option<String> {
    (parent_depth >= MAX_OU_DEPTH)
        .then(|| format!("OUs nest at most {MAX_OU_DEPTH} levels below the root; this one is at level {parent_depth}."))
}

/// Why a tag cannot be set, if it cannot.
pub fn tag_problem(tag: &Tag) -> Option<String> {
    let (k, v) = (tag.key.chars().count(), tag.value.chars().count());
    if tag.key.trim().is_empty() {
        Some("A tag needs a key.".to_owned())
    } else if k > MAX_TAG_KEY {
        Some(format!("Tag key {}... is {k} characters long: at most {MAX_TAG_KEY}.", prefix(&tag.key)))
    } else if v > MAX_TAG_VALUE {
        Some(format!("The value of {} is {v} characters long: at most {MAX_TAG_VALUE}.", prefix(&tag.key)))
    } else if tag.key.to_lowercase().starts_with("aws:") {
        Some(format!("{}: keys starting with aws: are reserved for AWS.", tag.key))
    } else if tag.key.chars().chain(tag.value.chars()).any(char::is_control) {
        Some(format!("{}: tags cannot hold control characters.", prefix(&tag.key)))
    } else {
        None
    }
}

/// Why a resource cannot carry these tags (all of them, as they would be after a change).
pub fn tags_problem(tags: &[Tag]) -> Option<String> {
    if tags.len() > MAX_TAGS {
        return Some(format!("A resource carries at most {MAX_TAGS} tags ({} here).", tags.len()));
    }
    for (i, t) in tags.iter().enumerate() {
        if let Some(why) = tag_problem(t) {
            return Some(why);
        }
        if tags[..i].iter().any(|o| o.key == t.key) {
            return Some(format!("The key {} is given twice.", t.key));
        }
    }
    None
}

fn prefix(s: &str) -> String {
    s.chars().take(24).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(k: &str, v: &str) -> Tag {
        Tag { key: k.into(), value: v.into() }
    }

    #[test]
    fn the_documented_limits_are_refused_with_their_reason() {
        assert_eq!(ou_name_problem("Prod"), None);
        assert!(ou_name_problem("  ").unwrap().contains("needs a name"));
        assert!(ou_name_problem(&"x".repeat(129)).unwrap().contains("at most 128"));
        assert_eq!(ou_name_problem(&"x".repeat(128)), None);
        assert_eq!(ou_depth_problem(4), None);
        assert!(ou_depth_problem(5).unwrap().contains("at most 5 levels"));
        assert_eq!(tag_problem(&tag("team", "")), None, "an empty value is allowed");
        assert!(tag_problem(&tag("aws:createdBy", "x")).unwrap().contains("reserved"));
        assert!(tag_problem(&tag("AWS:x", "x")).unwrap().contains("reserved"));
        assert!(tag_problem(&tag(&"k".repeat(129), "")).unwrap().contains("at most 128"));
        assert!(tag_problem(&tag("k", &"v".repeat(257))).unwrap().contains("at most 256"));
        assert_eq!(tag_problem(&tag("k", &"v".repeat(256))), None);
        let many: Vec<Tag> = (0..51).map(|i| tag(&format!("k{i}"), "v")).collect();
        assert!(tags_problem(&many).unwrap().contains("at most 50"));
        assert_eq!(tags_problem(&many[..50]), None);
        assert!(tags_problem(&[tag("a", "1"), tag("a", "2")]).unwrap().contains("twice"));
    }
}
