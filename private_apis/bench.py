"""``make bench``: speed figures, measured in one run on this machine.

1. The offline preview of the dev stack with the policy pack, next to the bare program evaluation
   under mocks (the floor), each as a fresh process, median of several runs. Target: at most 1.5x.
2. Policy pack throughput on synthetic stacks of 1,000 and 10,000 mixed resources over the real
   Analyzer protocol, and whether the cost per resource stays flat as the stack grows.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from private_apis.engine.analyzer import PolicyPackProcess, reconcile_config
from private_apis.engine.recorder import RecordedResource

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREVIEW_TARGET = 1.5
FLATNESS_LIMIT = 1.5


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{proc.stderr}")
    return elapsed


def bench_preview(stack: str, runs: int) -> dict[str, float]:
    base = [sys.executable, "-m", "private_apis", "preview", "--stack", stack]
    floors, fulls = [], []
    for _ in range(runs):
        # Interleaved so that machine noise hits both the same way.
        floors.append(_time(base))
        fulls.append(_time([*base, "--policy-pack", "policies"]))
    floor, full = statistics.median(floors), statistics.median(fulls)
    return {"floor_s": floor, "preview_with_pack_s": full, "ratio": full / floor}


_SHAPES: list[tuple[str, dict]] = [
    ("aws:ec2/securityGroup:SecurityGroup", {"vpcId": "vpc-0a1b2c3d4e5f60718", "description": "app", "ingress": [
        {"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["10.0.0.0/16"]}]}),
    ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {"securityGroupId": "sg-0a1b2c3d4e5f60718",
                                                                  "ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
                                                                  "cidrIpv4": "0.0.0.0/0"}),
    ("aws:ec2/instance:Instance", {"ami": "ami-0a1b2c3d4e5f60718", "instanceType": "t3.micro",
                                   "subnetId": "subnet-0a1b2c3d4e5f60718", "associatePublicIpAddress": False,
                                   "metadataOptions": {"httpTokens": "optional"},
                                   "rootBlockDevice": {"encrypted": True}}),
    ("aws:ec2/subnet:Subnet", {"vpcId": "vpc-0a1b2c3d4e5f60718", "cidrBlock": "10.0.1.0/24",
                               "mapPublicIpOnLaunch": False}),
    ("aws:apigateway/restApi:RestApi", {"name": "api", "endpointConfiguration": {"types": "REGIONAL"}}),
    ("aws:apigateway/method:Method", {"restApi": "abc1234567", "resourceId": "r1", "httpMethod": "GET",
                                      "authorization": "NONE"}),
    ("aws:apigateway/stage:Stage", {"restApi": "abc1234567", "stageName": "v1", "deployment": "d1"}),
    ("aws:lb/loadBalancer:LoadBalancer", {"loadBalancerType": "network", "internal": False}),
    ("aws:lb/listener:Listener", {"loadBalancerArn": "arn:lb", "port": 443, "protocol": "TLS",
                                  "sslPolicy": "ELBSecurityPolicy-2016-08", "certificateArn": "arn:cert"}),
    ("aws:lambda/permission:Permission", {"action": "lambda:InvokeFunction", "function": "fn",
                                          "principal": "apigateway.amazonaws.com"}),
    ("aws:iam/policy:Policy", {"policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]})}),
    ("aws:route53/zone:Zone", {"name": "corp.internal"}),
]


def synthetic_stack(count: int) -> list[RecordedResource]:
    """``count`` resources cycling through common shapes, half of them with a violation or two."""
    resources = []
    for i in range(count):
        token, props = _SHAPES[i % len(_SHAPES)]
        name = f"r{i}"
        urn = f"urn:pulumi:bench::bench::{token}::{name}"
        resources.append(RecordedResource(type=token, name=name, urn=urn, parent=None, custom=True, provider=None,
                                          dependencies=[], property_dependencies={}, inputs=dict(props),
                                          outputs=dict(props)))
    return resources


def bench_pack(sizes: list[int]) -> list[dict[str, float]]:
    results = []
    with PolicyPackProcess(os.path.join(ROOT, "policies"), project="bench", stack="bench", config={},
                           rpc_timeout=600) as pack:
        info = pack.info()
        pack.configure(reconcile_config(info.name, info, None))
        # Warm-up: the first calls pay for imports and caches inside the pack, which is not per-resource cost.
        warm = synthetic_stack(500)
        pack.analyze(warm)
        pack.analyze_stack(warm)
        for size in sizes:
            resources = synthetic_stack(size)
            start = time.perf_counter()
            pack.analyze(resources)
            pack.analyze_stack(resources)
            elapsed = time.perf_counter() - start
            results.append({"resources": size, "seconds": elapsed, "per_second": size / elapsed,
                            "ms_per_resource": 1000 * elapsed / size})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack", default="dev")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    preview = bench_preview(args.stack, args.runs)
    packs = bench_pack([int(s) for s in args.sizes.split(",")])
    flatness = packs[-1]["ms_per_resource"] / packs[0]["ms_per_resource"]
    report = {"preview": preview, "pack": packs, "pack_cost_growth": flatness,
              "preview_within_target": preview["ratio"] <= PREVIEW_TARGET, "pack_cost_flat": flatness <= FLATNESS_LIMIT}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"Offline preview of stack '{args.stack}' (median of {args.runs} fresh processes):")
        print(f"  bare program evaluation under mocks (floor): {preview['floor_s']:.2f} s")
        print(f"  preview with the policy pack:                {preview['preview_with_pack_s']:.2f} s")
        print(f"  ratio: {preview['ratio']:.2f}x (target <= {PREVIEW_TARGET}x: "
              f"{'met' if report['preview_within_target'] else 'NOT met'})")
        print("Policy pack throughput over the Analyzer protocol:")
        for row in packs:
            print(f"  {row['resources']:>6} resources: {row['seconds']:.2f} s, {row['per_second']:.0f} resources/s, "
                  f"{row['ms_per_resource']:.3f} ms per resource")
        print(f"  cost per resource grows {flatness:.2f}x from {packs[0]['resources']} to {packs[-1]['resources']} "
              f"(flat if <= {FLATNESS_LIMIT}x: {'yes' if report['pack_cost_flat'] else 'NO'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
