//! Paging and retrying, shared by every SDK call: follow NextToken to the end (through empty pages,
//! stopping on a repeated token), and retry ConcurrentModification patiently.

use std::future::Future;
use std::time::Duration;

use super::{ApiError, ApiResult};

/// A server that keeps answering with the same token would otherwise keep us paging for ever.
const MAX_PAGES: usize = 100_000;

/// Fetches every page: `fetch` gets the token for the next page and returns its items and the token
/// after it. An empty page can still carry a token, so only a missing token ends the walk. Each page
/// is retried on ConcurrentModification, so every list call gets that retry in one place.
pub(crate) async fn all_pages<T, F, Fut>(action: &str, mut fetch: F) -> ApiResult<Vec<T>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = ApiResult<(Vec<T>, Option<String>)>>,
{
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let (page, next) = retry_concurrent(|| fetch(token.clone())).await?;
        items.extend(page);
        match next.filter(|t| !t.is_empty()) {
            Some(next) if Some(&next) == token.as_ref() => {
                return Err(ApiError::other(action, "AWS returned the same NextToken twice; stopped paging"));
            }
            Some(next) => token = Some(next),
            None => return Ok(items),
        }
    }
    Err(ApiError::other(action, format!("more than {MAX_PAGES} pages; stopped paging")))
}

/// ConcurrentModification is AWS saying "someone else is changing this right now": worth a few
/// patient retries. (Throttling is already retried by the SDK's standard retry mode.)
pub(super) async fn retry_concurrent<T, F, Fut>(mut call: F) -> ApiResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ApiResult<T>>,
{
    let mut delay = Duration::from_millis(250);
    for _ in 0..3 {
        match call().await {
            Err(ApiError::ConcurrentModification { .. }) => {
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
            other => return other,
        }
    }
    call().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use std::sync::Mutex;

    #[tokio::test]
    async fn all_pages_follows_tokens_through_empty_pages() {
        // Pages: [1,2] → token a; [] → token b; [3] → end.
        let script =
            Mutex::new(vec![(vec![3], None), (vec![], Some("b".to_owned())), (vec![1, 2], Some("a".to_owned()))]);
        let seen = Mutex::new(Vec::new());
        let items = all_pages("Test", |token| {
            seen.lock().unwrap().push(token);
            let page = script.lock().unwrap().pop().unwrap();
            async move { Ok(page) }
        })
        .await
        .unwrap();
        assert_eq!(items, vec![1, 2, 3]);
        assert_eq!(*seen.lock().unwrap(), vec![None, Some("a".to_owned()), Some("b".to_owned())]);
    }

    #[tokio::test]
    async fn all_pages_stops_on_a_repeated_token() {
        let err = all_pages::<u8, _, _>("Test", |_| async { Ok((vec![], Some("same".to_owned()))) }).await.unwrap_err();
        assert!(err.to_string().contains("same NextToken twice"), "{err}");
    }

    #[tokio::test]
    async fn concurrent_modification_is_retried_then_succeeds() {
        let calls = Mutex::new(0);
        let result = retry_concurrent(|| {
            let n = {
                let mut c = calls.lock().unwrap();
                *c += 1;
                *c
            };
            async move { if n < 3 { Err(ApiError::ConcurrentModification { action: "X".into() }) } else { Ok(n) } }
        })
        .await;
        assert_eq!(result, Ok(3));
    }
}
