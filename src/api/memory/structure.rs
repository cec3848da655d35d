//! The organization's structure in memory: moving accounts between roots and OUs, refused the way
//! AWS refuses (an account or parent that does not exist, a source that is not the account's
//! parent, a destination it is already in).

use crate::api::{ApiError, ApiResult};
use crate::org::{AccountId, ParentId};
use crate::snapshot::Snapshot;

pub fn move_account(s: &mut Snapshot, account: &AccountId, source: &ParentId, destination: &ParentId) -> ApiResult<()> {
    const A: &str = "MoveAccount";
    let exists = |p: &ParentId| match p {
        ParentId::Root(id) => s.roots.iter().any(|r| &r.id == id),
        ParentId::Ou(id) => s.organizational_units.iter().any(|o| &o.id == id),
    };
    if !exists(destination) {
        return Err(ApiError::NotFound {
            what: "destination parent".to_owned(),
            message: format!("no root or OU {destination}"),
        });
    }
    if !exists(source) {
        return Err(ApiError::NotFound {
            what: "source parent".to_owned(),
            message: format!("no root or OU {source}"),
        });
    }
    let entry = s
        .accounts
        .iter_mut()
        .find(|a| &a.id == account)
        .ok_or_else(|| ApiError::NotFound { what: "account".to_owned(), message: format!("no account {account}") })?;
    if &entry.parent_id == destination {
        return Err(ApiError::Duplicate {
            action: A.to_owned(),
            message: format!("account {account} is already in {destination}"),
        });
    }
    if &entry.parent_id != source {
        return Err(ApiError::NotFound {
            what: "source parent".to_owned(),
            message: format!("account {account} is not in {source}"),
        });
    }
    entry.parent_id = destination.clone();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::memory::MemoryOrg;

    #[test]
    fn an_account_moves_and_the_refusals_are_aws_s() {
        let mut s = MemoryOrg::demo_snapshot().unwrap();
        let account = s.accounts.iter().find(|a| a.name == "ledger-prod").unwrap().clone();
        let sandbox = ParentId::parse("ou-d3mo-sbx00001").unwrap();
        let from = account.parent_id.clone();
        move_account(&mut s, &account.id, &from, &sandbox).unwrap();
        assert_eq!(s.accounts.iter().find(|a| a.id == account.id).unwrap().parent_id, sandbox);
        // Again: it is there already; from the old parent: that is no longer its source.
        assert!(matches!(move_account(&mut s, &account.id, &sandbox, &sandbox), Err(ApiError::Duplicate { .. })));
        let root = ParentId::parse("r-d3mo").unwrap();
        let e = move_account(&mut s, &account.id, &from, &root).unwrap_err();
        assert!(matches!(&e, ApiError::NotFound { what, .. } if what == "source parent"), "{e}");
        let nowhere = ParentId::parse("ou-d3mo-zzzzzzzz").unwrap();
        assert!(matches!(move_account(&mut s, &account.id, &sandbox, &nowhere), Err(ApiError::NotFound { .. })));
    }
}
