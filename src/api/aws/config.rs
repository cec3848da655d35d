//! How orgtui reaches AWS: the shared configuration loaded as the AWS CLI loads it (profiles, SSO,
//! assume-role, credential_process, environment, IMDS), the user's overrides, the timeouts, and the
//! SDK's own retries turned off (the budget resends).

use std::time::Duration;

use aws_config::meta::region::RegionProviderChain;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_organizations::types::PolicyType as SdkPolicyType;

use crate::org::PolicyType;

#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

/// The SDK sends each request once: resending is the budget's (see `AwsOrg::send`).
pub fn retry_config() -> RetryConfig {
    RetryConfig::disabled()
}

/// Loads the shared AWS configuration the way the AWS CLI does, with the user's overrides.
pub async fn load_config(opts: &ConnectOptions) -> SdkConfig {
    // Organizations is a global service served from us-east-1: a user without a region configured
    // should not be stopped by it.
    let region = RegionProviderChain::first_try(opts.region.clone().map(Region::new))
        .or_default_provider()
        .or_else(Region::from_static("us-east-1"));
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).region(region).retry_config(retry_config()).timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(Duration::from_secs(20))
                .operation_timeout(Duration::from_secs(90))
                .build(),
        );
    if let Some(profile) = &opts.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(url) = &opts.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

/// Every policy type the SDK knows (SCP, RCP, tag, backup, AI opt-out, chatbot, declarative, ...),
/// so a type AWS adds appears once the SDK is updated.
pub fn known_policy_types() -> Vec<PolicyType> {
    let mut types: Vec<PolicyType> = SdkPolicyType::values().iter().map(|t| PolicyType::new(t)).collect();
    types.sort_by_key(PolicyType::sort_key);
    types
}
