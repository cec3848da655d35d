//! The search index: every OU, account (name, id, email) and policy (name, id) of the organization,
//! matched fuzzily as the user types (nucleo's matcher, the one helix uses). Entries keep their text
//! pre-converted for the matcher, so a keystroke costs the matching and nothing else.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use crate::org::{Account, OrgUnit, PolicyId, PolicySummary, TargetId};

/// What a search result leads to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Found {
    Target(TargetId),
    Policy(PolicyId),
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub found: Found,
    /// What the result list shows: the name, then the id (and an account's email).
    pub text: String,
    haystack: Utf32String,
    /// The name in lower case, for ordering equal scores.
    sort_key: String,
}

/// One result: the entry, its score and where the query's characters matched in `text`.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entry: usize,
    pub score: u32,
    pub indices: Vec<u32>,
}

/// What one search found: how many entries matched, and the best of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    pub matched: usize,
    pub hits: Vec<Hit>,
}

/// How many OUs, accounts and policies the index holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub ous: usize,
    pub accounts: usize,
    pub policies: usize,
}

impl Counts {
    fn add(&mut self, found: &Found) {
        match found {
            Found::Target(TargetId::Account(_)) => self.accounts += 1,
            Found::Target(TargetId::Ou(_)) => self.ous += 1,
            Found::Target(TargetId::Root(_)) => {}
            Found::Policy(_) => self.policies += 1,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Index {
    entries: Vec<Entry>,
    /// Where each thing's entry is, so adding stays constant-time in a large organization.
    position: std::collections::HashMap<Found, usize>,
    counts: Counts,
    /// While a build runs over entries kept from the cache: those not found again yet.
    unconfirmed: Option<std::collections::HashSet<Found>>,
}

impl Index {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Where a thing's entry is, if the index holds it.
    pub fn position_of(&self, found: &Found) -> Option<usize> {
        self.position.get(found).copied()
    }

    /// The name an entry is ordered by (lower case).
    pub fn sort_key(&self, i: usize) -> Option<&str> {
        self.entries.get(i).map(|e| e.sort_key.as_str())
    }

    pub fn entry(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i)
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    fn push(&mut self, found: Found, text: String) {
        // Names come from AWS: cleaned once here, so what is matched is exactly what is shown and
        // the match positions point at the characters on screen.
        let text = crate::sanitize::clean(&text).into_owned();
        let haystack = Utf32String::from(text.as_str());
        let sort_key = text.split("  ").next().unwrap_or_default().to_lowercase();
        if let Some(unconfirmed) = &mut self.unconfirmed {
            unconfirmed.remove(&found);
        }
        match self.position.get(&found).and_then(|&i| self.entries.get_mut(i)) {
            Some(old) => *old = Entry { found, text, haystack, sort_key },
            None => {
                self.counts.add(&found);
                self.position.insert(found.clone(), self.entries.len());
                self.entries.push(Entry { found, text, haystack, sort_key });
            }
        }
    }

    /// A build begins over the entries held: each must be found again to stay.
    pub fn begin_confirm(&mut self) {
        self.unconfirmed = Some(self.position.keys().cloned().collect());
    }

    /// The build is over: with `drop_unconfirmed`, the entries it did not find again go.
    pub fn end_confirm(&mut self, drop_unconfirmed: bool) {
        let Some(gone) = self.unconfirmed.take().filter(|g| drop_unconfirmed && !g.is_empty()) else { return };
        self.remove(&gone);
    }

    /// These things are gone from the organization: their entries go (one pass, whatever the count).
    pub fn remove(&mut self, gone: &std::collections::HashSet<Found>) {
        if !gone.iter().any(|f| self.position.contains_key(f)) {
            return;
        }
        let kept: Vec<Entry> =
            std::mem::take(&mut self.entries).into_iter().filter(|e| !gone.contains(&e.found)).collect();
        self.position.clear();
        self.counts = Counts::default();
        for entry in kept {
            self.counts.add(&entry.found);
            self.position.insert(entry.found.clone(), self.entries.len());
            self.entries.push(entry);
        }
        if let Some(unconfirmed) = &mut self.unconfirmed {
            unconfirmed.retain(|f| !gone.contains(f));
        }
    }

    pub fn add_root(&mut self, root: &crate::org::Root) {
        self.push(Found::Target(TargetId::Root(root.id.clone())), format!("{}  {}", root.name, root.id));
    }

    pub fn add_ou(&mut self, ou: &OrgUnit) {
        self.push(Found::Target(TargetId::Ou(ou.id.clone())), format!("{}  {}", ou.name, ou.id));
    }

    pub fn add_account(&mut self, a: &Account) {
        self.push(Found::Target(TargetId::Account(a.id.clone())), format!("{}  {}  {}", a.name, a.id, a.email));
    }

    pub fn add_policy(&mut self, p: &PolicySummary) {
        self.push(Found::Policy(p.id.clone()), format!("{}  {}", p.name, p.id));
    }

    /// The best `limit` matches for `query`, best first (ties: by name, ignoring case, then by text:
    /// what a person scans for in a list of equals).
    pub fn search(&self, query: &str, limit: usize, matcher: &mut Matcher) -> Results {
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        // Two passes. The first decides what matches with nucleo's linear greedy matcher: it finds
        // a match exactly when the optimal one does, at a fraction of the cost. A short query
        // matches most of a large organization, so only the best candidates by that first score
        // are scored again, optimally, to rank them.
        let normalize: Vec<bool> = pattern.atoms.iter().map(smart_normalization).collect();
        let mut candidates: Vec<(Rank, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| quick_rank(&pattern, &normalize, e.haystack.slice(..), matcher).map(|r| (r, i)))
            .collect();
        let matched = candidates.len();
        let keep = limit.saturating_mul(4).max(256);
        if candidates.len() > keep {
            candidates.select_nth_unstable_by(keep, |a, b| b.0.cmp(&a.0));
            candidates.truncate(keep);
        }
        let mut scored: Vec<(Rank, usize)> = candidates
            .into_iter()
            .filter_map(|(rank, i)| {
                let score = pattern.score(self.entries[i].haystack.slice(..), matcher)?;
                Some((Rank { score, ..rank }, i))
            })
            .collect();
        let order = |a: &(Rank, usize), b: &(Rank, usize)| {
            let (ea, eb) = (&self.entries[a.1], &self.entries[b.1]);
            b.0.cmp(&a.0).then_with(|| ea.sort_key.cmp(&eb.sort_key)).then_with(|| ea.text.cmp(&eb.text))
        };
        // An empty or short query matches nearly everything: pick the best `limit` first (linear)
        // and sort only those, rather than sorting ten thousand entries per keystroke.
        if limit < scored.len() {
            scored.select_nth_unstable_by(limit, order);
            scored.truncate(limit);
        }
        scored.sort_unstable_by(order);
        // Only the results shown get their match positions: that costs more than the score.
        let hits = scored
            .into_iter()
            .map(|(Rank { score, .. }, entry)| {
                let mut indices = Vec::new();
                pattern.indices(self.entries[entry].haystack.slice(..), matcher, &mut indices);
                indices.sort_unstable();
                indices.dedup();
                Hit { entry, score, indices }
            })
            .collect();
        Results { matched, hits }
    }
}

/// How a result ranks: entries where every word of the query occurs as typed come before those
/// matching only with gaps, then by score. Nucleo alone can rank nine digits of an account id,
/// scattered behind a word boundary in another account, above the account whose id holds them
/// together; someone who typed part of an id wants that account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    contiguous: bool,
    score: u32,
}

/// The first pass: for fuzzy atoms the contiguous match where there is one, else nucleo's linear
/// greedy match; the other kinds as nucleo scores them (substring, prefix, exact and negations are
/// linear already). None when the entry does not match.
fn quick_rank(pattern: &Pattern, normalize: &[bool], haystack: Utf32Str<'_>, matcher: &mut Matcher) -> Option<Rank> {
    let mut rank = Rank { contiguous: true, score: 0 };
    for (atom, &normalize) in pattern.atoms.iter().zip(normalize) {
        let score = if atom.kind == AtomKind::Fuzzy && !atom.negative {
            // As `Atom::score` sets them for a pattern parsed with CaseMatching::Ignore.
            matcher.config.ignore_case = true;
            matcher.config.normalize = normalize;
            let needle = atom.needle_text();
            match matcher.substring_match(haystack, needle) {
                Some(score) => score,
                None => {
                    rank.contiguous = false;
                    matcher.fuzzy_match_greedy(haystack, needle)?
                }
            }
        } else {
            atom.score(haystack, matcher)?
        };
        rank.score = rank.score.saturating_add(u32::from(score));
    }
    Some(rank)
}

/// Normalization::Smart: letters with accents in the query are matched as typed; otherwise the
/// haystack's accents are ignored.
fn smart_normalization(atom: &nucleo_matcher::pattern::Atom) -> bool {
    atom.needle_text().chars().all(|c| nucleo_matcher::chars::normalize(c) == c)
}

/// A matcher for `search`; it holds scratch memory, so keep one and reuse it.
pub fn matcher() -> Matcher {
    Matcher::new(Config::DEFAULT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::memory::MemoryOrg;

    fn demo_index() -> Index {
        let s = MemoryOrg::demo_snapshot().unwrap();
        let mut index = Index::default();
        s.organizational_units.iter().for_each(|o| index.add_ou(&o.to_ou()));
        s.accounts.iter().for_each(|a| index.add_account(&a.to_account()));
        s.policies.iter().for_each(|p| index.add_policy(&p.summary()));
        index
    }

    fn first(index: &Index, query: &str) -> String {
        let hits = index.search(query, 5, &mut matcher()).hits;
        let hit = hits.first().unwrap_or_else(|| panic!("nothing found for {query:?}"));
        index.entry(hit.entry).unwrap().text.clone()
    }

    #[test]
    fn accounts_are_found_by_a_fragment_of_name_id_or_email() {
        let index = demo_index();
        assert!(first(&index, "ledger-prod").starts_with("ledger-prod  100001544205"));
        assert!(first(&index, "1544205").starts_with("ledger-prod"));
        assert!(first(&index, "aws-root@example").starts_with("management"));
        assert!(first(&index, "RegionRestr").starts_with("RegionRestriction  p-region0001"));
        assert!(first(&index, "ou-d3mo-sbx").starts_with("Sandbox"));
    }

    #[test]
    fn fuzzy_matches_rank_the_closer_one_first_and_say_where_they_matched() {
        let index = demo_index();
        let hits = index.search("sbxalice", 10, &mut matcher()).hits;
        assert!(!hits.is_empty(), "letters in order, with gaps, still match");
        let top = index.entry(hits[0].entry).unwrap();
        assert!(top.text.starts_with("sandbox-alice"), "{}", top.text);
        let shown: String = hits[0].indices.iter().map(|&i| top.text.chars().nth(i as usize).unwrap()).collect();
        assert_eq!(shown.to_lowercase(), "sbxalice");
        assert!(index.search("zzzzqqq", 10, &mut matcher()).hits.is_empty());
        let prod = index.search("prod", 3, &mut matcher());
        assert_eq!(prod.hits.len(), 3, "the limit holds");
        assert!(prod.matched > 3, "and the count says how many matched in all");
    }

    /// 10,000 accounts with random-looking 12-digit ids, as AWS and moto give them.
    fn large_index() -> (Index, Vec<Account>) {
        let mut index = Index::default();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let accounts: Vec<Account> = (0..10_000)
            .map(|i| {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let id = format!("{:012}", (seed >> 20) % 1_000_000_000_000);
                Account {
                    arn: format!("arn:aws:organizations::111122223333:account/o-bench/{id}"),
                    id: crate::org::AccountId::parse(&id).unwrap(),
                    name: format!("acct-{i:05}"),
                    email: format!("acct-{i:05}@bench.example.com"),
                    state: "ACTIVE".into(),
                    joined_method: None,
                    joined_timestamp: None,
                }
            })
            .collect();
        accounts.iter().for_each(|a| index.add_account(a));
        (index, accounts)
    }

    #[test]
    fn in_a_large_organization_a_fragment_of_the_id_finds_its_account_first() {
        // Nine digits of an id also match, scattered, in thousands of other ids and emails: the
        // account holding them together must still come first.
        let (index, accounts) = large_index();
        let mut matcher = matcher();
        for account in accounts.iter().step_by(97) {
            for fragment in [&account.id.as_str()[3..], &account.email[..14], account.name.as_str()] {
                let hits = index.search(fragment, 200, &mut matcher).hits;
                let top = index.entry(hits[0].entry).unwrap();
                assert!(top.text.starts_with(&account.name), "{fragment:?} → {} instead of {}", top.text, account.name);
            }
        }
    }

    #[test]
    fn a_reloaded_entry_replaces_the_old_one() {
        let s = MemoryOrg::demo_snapshot().unwrap();
        let mut index = Index::default();
        let mut a = s.accounts[0].to_account();
        index.add_account(&a);
        a.name = "renamed".into();
        index.add_account(&a);
        assert_eq!(index.len(), 1);
        assert_eq!(index.counts(), Counts { ous: 0, accounts: 1, policies: 0 });
        assert!(first(&index, "renamed").starts_with("renamed"));
    }
}
