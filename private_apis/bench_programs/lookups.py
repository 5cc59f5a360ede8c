"""Bench program: ``BENCH_ITEMS`` buckets, each after a synchronous data-source call of its own, the pattern of a
program that looks something up per item (``aws.get_partition()`` in a loop). Its cost per item grows with the number
of items under the SDK itself: see private_apis/bench.py (``bench_lookups``)."""

import os

import pulumi_aws as aws

# Named here, not in the loop, so that the run with no items (the bench's floor) imports the same modules.
Bucket, get_partition = aws.s3.Bucket, aws.get_partition


def build(items: int) -> None:
    for index in range(items):
        partition = get_partition()
        Bucket(f"item-{index}", tags={"partition": partition.partition})


build(int(os.environ.get("BENCH_ITEMS", "10")))
