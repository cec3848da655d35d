"""The boto3 Organizations client every benchmark script uses: a moto endpoint, throwaway keys."""
import boto3


def client(endpoint, config=None):
    return boto3.client(
        "organizations",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=config,
    )
