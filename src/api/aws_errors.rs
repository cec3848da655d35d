//! Turning SDK errors into `ApiError`: the one place that knows AWS's error codes.

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_organizations::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::http::Response as HttpResponse;

use super::{ApiError, CredentialProblem};

/// What a failed attempt means for sending it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// AWS refused for throttling: it did nothing; the request may be sent again.
    Throttled,
    /// No clear answer (a 5xx, a timeout, a dropped connection): AWS may or may not have acted.
    Transient,
    /// An answer: sending the same request again would get the same one.
    Final,
}

pub(crate) fn verdict<E>(err: &SdkError<E, HttpResponse>) -> Verdict
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match err {
        SdkError::ServiceError(ctx) => {
            let code = ctx.err().code().unwrap_or_default();
            if matches!(from_code("", code, String::new(), None), ApiError::Throttled { .. }) {
                Verdict::Throttled
            } else if ctx.raw().status().is_server_error() {
                Verdict::Transient
            } else {
                Verdict::Final
            }
        }
        SdkError::DispatchFailure(_) if find_source::<CredentialsError>(err).is_some() => Verdict::Final,
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => Verdict::Transient,
        _ => Verdict::Final,
    }
}

pub(crate) fn classify<E>(action: &str, err: SdkError<E, HttpResponse>) -> ApiError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &err {
        SdkError::ServiceError(ctx) => {
            let code = ctx.err().code().unwrap_or_default();
            let message = ctx.err().message().unwrap_or_default().to_owned();
            let reason = body_field(ctx.raw().body().bytes(), "Reason");
            from_code(action, code, message, reason)
        }
        SdkError::TimeoutError(_) => ApiError::Network { message: format!("{action} timed out waiting for AWS") },
        // Credential providers fail while the request is being dispatched, so their errors arrive
        // wrapped as dispatch failures; look for them before calling it a network problem.
        SdkError::DispatchFailure(_) => match find_source::<CredentialsError>(&err) {
            Some(cred) => credentials(cred),
            None => ApiError::Network { message: chain(&err) },
        },
        SdkError::ResponseError(ctx) => ApiError::other(
            action,
            format!("unexpected answer from the endpoint (HTTP {})", ctx.raw().status().as_u16()),
        ),
        _ => ApiError::other(action, chain(&err)),
    }
}

/// Maps AWS's error code to the project's error, keeping AWS's message and reason code.
pub(crate) fn from_code(action: &str, code: &str, message: String, reason: Option<String>) -> ApiError {
    let action = action.to_owned();
    match code {
        "AccessDeniedException" | "AccessDenied" | "AccessDeniedForDependencyException" => {
            ApiError::AccessDenied { action, message }
        }
        "TooManyRequestsException" | "ThrottlingException" | "Throttling" => ApiError::Throttled { action },
        "AWSOrganizationsNotInUseException" => ApiError::NotInOrganization,
        "ConcurrentModificationException" => ApiError::ConcurrentModification { action },
        "HandshakeConstraintViolationException" | "ConstraintViolationException" => ApiError::Constraint {
            action,
            reason: reason.unwrap_or_else(|| "CONSTRAINT_VIOLATION".to_owned()),
            message,
        },
        "HandshakeAlreadyInStateException" => ApiError::AlreadyInState { action, message },
        "InvalidHandshakeTransitionException" => ApiError::InvalidTransition { action, message },
        "AlreadyInOrganizationException" => ApiError::AlreadyInOrganization { action, message },
        "DuplicateAccountException"
        | "DuplicateHandshakeException"
        | "DuplicatePolicyException"
        | "DuplicateOrganizationalUnitException"
        | "DuplicatePolicyAttachmentException" => ApiError::Duplicate { action, message },
        "MalformedPolicyDocumentException" => ApiError::MalformedPolicy { action, message },
        "PolicyInUseException" => ApiError::PolicyInUse { action, message },
        "OrganizationalUnitNotEmptyException" => ApiError::NotEmpty { action, message },
        "PolicyNotAttachedException" => ApiError::NotAttached { action, message },
        "PolicyTypeNotEnabledException"
        | "PolicyTypeAlreadyEnabledException"
        | "PolicyTypeNotAvailableForOrganizationException"
        | "PolicyChangesInProgressException" => {
            let what = thing_named(code.trim_end_matches("Exception"));
            ApiError::PolicyTypeState {
                action,
                message: if message.is_empty() { what } else { format!("{what}: {message}") },
            }
        }
        "InvalidInputException" => {
            ApiError::InvalidInput { action, reason: reason.unwrap_or_else(|| "INVALID_INPUT".to_owned()), message }
        }
        "ExpiredTokenException" | "ExpiredToken" | "RequestExpired" => {
            ApiError::Credentials { kind: CredentialProblem::Expired, message }
        }
        "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "InvalidSignatureException"
        | "SignatureDoesNotMatch"
        | "IncompleteSignature"
        | "MissingAuthenticationToken" => ApiError::Credentials { kind: CredentialProblem::Invalid, message },
        c if c.ends_with("NotFoundException") => ApiError::NotFound { what: thing_named(c), message },
        "" => ApiError::Other { action, message },
        c => ApiError::Other { action, message: format!("{c}: {message}") },
    }
}

/// `OrganizationalUnitNotFoundException` → "organizational unit".
fn thing_named(code: &str) -> String {
    let stem = code.trim_end_matches("NotFoundException");
    let mut words = String::new();
    for (i, ch) in stem.chars().enumerate() {
        if ch.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.extend(ch.to_lowercase());
    }
    words
}

fn credentials(err: &CredentialsError) -> ApiError {
    let message = chain(err);
    let lower = message.to_lowercase();
    let kind = match err {
        CredentialsError::CredentialsNotLoaded(_) => CredentialProblem::Missing,
        _ if lower.contains("expired") => CredentialProblem::Expired,
        // The instance metadata service is the chain's last resort: it is asked only when nothing
        // before it (environment, files, SSO, web identity, containers) had credentials. Its refusal
        // or absence means none are configured, not that a key was wrong.
        _ if lower.contains("imds") || lower.contains("instance metadata") => CredentialProblem::Missing,
        _ => CredentialProblem::Invalid,
    };
    ApiError::Credentials { kind, message }
}

/// "outer: inner: innermost", each cause once. The SDK's own formatter appends a Debug dump of the
/// whole chain, which is noise for a user (and can carry response headers).
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = String::new();
    let mut current = Some(err);
    while let Some(e) = current {
        let part = e.to_string();
        if !part.is_empty() && !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
        current = e.source();
    }
    text
}

fn find_source<'a, T: std::error::Error + 'static>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a T> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}

fn body_field(body: Option<&[u8]>, field: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body?).ok()?;
    value.get(field)?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_errors_in_the_users_words() {
        let e = from_code("DescribePolicy", "PolicyNotFoundException", "We can't find a policy".into(), None);
        assert_eq!(e, ApiError::NotFound { what: "policy".into(), message: "We can't find a policy".into() });
        let e = from_code("ListChildren", "OrganizationalUnitNotFoundException", String::new(), None);
        assert_eq!(e.to_string(), "organizational unit not found");
        let e = from_code("ListRoots", "AccessDeniedException", "no".into(), None);
        assert_eq!(e, ApiError::AccessDenied { action: "ListRoots".into(), message: "no".into() });
        let e = from_code("X", "InvalidInputException", "m".into(), Some("INVALID_ENUM".into()));
        assert!(matches!(e, ApiError::InvalidInput { ref reason, .. } if reason == "INVALID_ENUM"));
        assert_eq!(
            from_code("X", "AWSOrganizationsNotInUseException", String::new(), None),
            ApiError::NotInOrganization
        );
        assert!(matches!(
            from_code("X", "ExpiredTokenException", String::new(), None),
            ApiError::Credentials { kind: CredentialProblem::Expired, .. }
        ));
        assert!(matches!(from_code("X", "TooManyRequestsException", String::new(), None), ApiError::Throttled { .. }));
        let e = from_code(
            "InviteAccountToOrganization",
            "HandshakeConstraintViolationException",
            "m".into(),
            Some("HANDSHAKE_RATE_LIMIT_EXCEEDED".into()),
        );
        assert_eq!(e.to_string(), "InviteAccountToOrganization refused (HANDSHAKE_RATE_LIMIT_EXCEEDED): m");
        assert!(matches!(
            from_code("AcceptHandshake", "HandshakeAlreadyInStateException", String::new(), None),
            ApiError::AlreadyInState { .. }
        ));
        assert!(matches!(
            from_code("AcceptHandshake", "InvalidHandshakeTransitionException", String::new(), None),
            ApiError::InvalidTransition { .. }
        ));
        assert!(matches!(
            from_code("AcceptHandshake", "AlreadyInOrganizationException", String::new(), None),
            ApiError::AlreadyInOrganization { .. }
        ));
        assert_eq!(
            from_code("AcceptHandshake", "HandshakeNotFoundException", String::new(), None).to_string(),
            "handshake not found"
        );
        assert_eq!(
            from_code("X", "ServiceException", "boom".into(), None).to_string(),
            "X failed: ServiceException: boom"
        );
    }

    #[test]
    fn policy_change_codes_map_to_their_own_errors() {
        let e = from_code("UpdatePolicy", "MalformedPolicyDocumentException", "bad Effect".into(), None);
        assert_eq!(e.to_string(), "UpdatePolicy: AWS rejected the policy document: bad Effect");
        let e = from_code("Delete", "PolicyInUseException", String::new(), None);
        assert!(matches!(e, ApiError::PolicyInUse { .. }));
        let e = from_code("DetachPolicy", "PolicyNotAttachedException", String::new(), None);
        assert!(matches!(e, ApiError::NotAttached { .. }));
        let e = from_code("AttachPolicy", "PolicyTypeNotEnabledException", String::new(), None);
        assert_eq!(e.to_string(), "AttachPolicy: policy type not enabled");
        let e = from_code("AttachPolicy", "DuplicatePolicyAttachmentException", "x".into(), None);
        assert!(matches!(e, ApiError::Duplicate { .. }));
        let reason = Some("MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED".to_owned());
        let e = from_code("DetachPolicy", "ConstraintViolationException", String::new(), reason);
        assert_eq!(e.explanation(), Some("Every root, OU and account must keep at least one SCP."));
    }

    #[test]
    fn reason_is_read_from_the_json_body() {
        let body = br#"{"__type":"InvalidInputException","Message":"m","Reason":"INVALID_PATTERN"}"#;
        assert_eq!(body_field(Some(body), "Reason").as_deref(), Some("INVALID_PATTERN"));
        assert_eq!(body_field(Some(b"<html>"), "Reason"), None);
    }
}
