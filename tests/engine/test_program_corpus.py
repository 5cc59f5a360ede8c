"""Third-party-style programs (tests/engine/programs/), each previewed with the pack through the CLI entry point as
another team's CI would: their own Pulumi.yaml and, for some, their own virtualenv (pip, uv, poetry), built here
from the engine's installed packages (a .pth file, no download)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from private_apis.engine.toolchain import poetry_env_name

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = Path(__file__).resolve().parent / "programs"
PACK = str(ROOT / "policies")


def preview(program: Path | str, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict, str]:
    directory = program if isinstance(program, Path) else PROGRAMS / program
    done = subprocess.run(
        [sys.executable, "-m", "private_apis", "preview", "--cwd", str(directory), "--stack", "dev",
         "--policy-pack", PACK, "--json", *args],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, capture_output=True, text=True,
        timeout=120)
    return done.returncode, (json.loads(done.stdout) if done.stdout.strip() else {}), done.stderr


def violations(document: dict) -> list[tuple[str, str, str]]:
    return sorted((v["enforcementLevel"], v["policy"], v["resourceName"]) for v in document["violations"])


def types(document: dict) -> list[tuple[str, str]]:
    return sorted((r["type"], r["name"]) for r in document["resources"])


@pytest.fixture(scope="module")
def shared_venv(tmp_path_factory) -> Path:
    """One virtualenv for every project that brings its own: no pip, the engine's site-packages through a .pth."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()"
                                "['purelib'])"], check=True, capture_output=True, text=True).stdout.strip())
    (site / "engine-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def copy_with_venv(name: str, tmp_path: Path, venv: Path, where: str | None) -> Path:
    project = tmp_path / name
    shutil.copytree(PROGRAMS / name, project)
    if where:
        (project / where).symlink_to(venv, target_is_directory=True)
    return project


# --------------------------------------------------------------------- previews that succeed or find violations


def test_webserver_in_the_default_vpc_is_judged_by_the_pack() -> None:
    code, document, _ = preview("default-vpc-webserver")
    assert code == 1
    assert document["outputs"] == {"ami_name": "al2023-ami-2026.11.0-x86_64", "public_ip": "198.51.100.79",
                                   "subnet_count": 3, "vpc_cidr": "172.31.0.0/16"}
    assert violations(document) == [
        ("advisory", "aws-ec2-instance-enable-ebs-encryption", "web-server"),
        ("advisory", "aws-ec2-instance-enable-instance-profile", "web-server"),
        ("advisory", "aws-ec2-securitygroup-configure-internal-ingress", "web-secgrp"),
        ("advisory", "aws-ec2-securitygroup-configure-internal-ingress", "web-secgrp"),
        ("mandatory", "aws-ec2-instance-disallow-public-ip", "web-server"),
        ("mandatory", "aws-ec2-instance-enable-imdsv2", "web-server"),
        ("mandatory", "aws-ec2-securitygroup-configure-admin-port-sources", "web-secgrp"),
        ("mandatory", "aws-ec2-securitygroup-disallow-world-ingress", "web-secgrp"),
        ("mandatory", "aws-ec2-securitygroup-disallow-world-ingress", "web-secgrp"),
    ]
    server = next(r for r in document["resources"] if r["name"] == "web-server")
    assert server["inputs"]["subnetId"].startswith("subnet-") and server["inputs"]["ami"].startswith("ami-")


def test_random_password_and_pet_preview_with_realistic_values() -> None:
    code, document, _ = preview("random-db")
    assert (code, violations(document)) == (0, [])
    assert document["outputs"] == {"endpoint": "orders-gentle-heron.7ny2lclb8zj1.eu-west-1.rds.amazonaws.com:3306",
                                   "identifier": "orders-gentle-heron", "password_length": "[secret]"}
    assert document["secretOutputs"] == ["password_length"]
    assert types(document) == [("aws:rds/instance:Instance", "db"), ("aws:rds/subnetGroup:SubnetGroup", "db-subnets"),
                               ("random:index/randomPassword:RandomPassword", "db-password"),
                               ("random:index/randomPet:RandomPet", "suffix")]


def test_tls_key_gives_an_openssh_public_key_and_a_secret_pem() -> None:
    code, document, _ = preview("tls-keypair")
    assert (code, violations(document)) == (0, [])
    assert document["outputs"] == {"fingerprint_groups": 16, "key_pair_id": "key-7d88b517f6742b3da",
                                   "key_type": "ssh-rsa", "private_key_begins": "[secret]"}
    pair = next(r for r in document["resources"] if r["name"] == "deployer")
    assert pair["inputs"]["publicKey"].startswith("ssh-rsa AAAAB3NzaC1yc2E")


def test_archive_bundle_and_a_managed_policy_looked_up_by_arn() -> None:
    code, document, _ = preview("archive-lambda")
    assert (code, violations(document)) == (0, [])
    assert document["outputs"] == {"function_arn": "arn:aws:lambda:eu-west-1:123456789012:function:fn-c55bac0",
                                   "hash_length": 44, "policy_name": "AWSLambdaBasicExecutionRole",
                                   "policy_path": "/service-role/"}
    attachment = next(r for r in document["resources"] if r["name"] == "fn-basic")
    assert attachment["inputs"]["policyArn"] == "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"


def test_a_command_is_not_run_and_its_output_is_unknown() -> None:
    code, document, _ = preview("command-provisioner")
    assert code == 1
    assert document["outputs"] == {"probe_id": "probe1567859c", "probe_stdout": "output<string>",
                                   "subnet_cidr": "172.31.16.0/20"}
    assert violations(document) == [
        ("advisory", "aws-ec2-instance-enable-ebs-encryption", "server"),
        ("advisory", "aws-ec2-instance-enable-instance-profile", "server"),
        ("mandatory", "aws-ec2-instance-disallow-public-ip-from-subnet", "server"),
        ("mandatory", "aws-ec2-instance-enable-imdsv2", "server"),
    ]


def test_program_in_a_sub_directory_imports_its_own_package() -> None:
    code, document, _ = preview("subdir-module")
    assert (code, violations(document)) == (0, [])
    assert document["outputs"] == {"bucket_arn": "arn:aws:s3:::assets-bf5f34f",
                                   "topic_arn": "arn:aws:sns:eu-central-1:123456789012:assets-events"}
    component = next(r for r in document["resources"] if r["type"] == "acme:storage:PrivateBucket")
    assert {r["name"] for r in document["resources"] if r.get("parent") == component["urn"]} == {
        "assets", "assets-block", "assets-events"}


def test_stack_reference_outputs_reach_the_program_secrets_included() -> None:
    code, document, _ = preview("stackref-consumer", "--stack-reference",
                                f"acme/network/prod={PROGRAMS / 'stackref-consumer' / 'network-prod.json'}")
    assert (code, violations(document)) == (0, [])
    assert document["outputs"] == {"db_password_is_secret": True, "vpc_id": "vpc-0a1b2c3d4e5f60718"}
    fn = next(r for r in document["resources"] if r["name"] == "fn")
    assert fn["inputs"]["vpcConfig"]["subnetIds"] == ["subnet-0aa", "subnet-0bb"]


def test_common_data_sources_answer_in_aws_formats_for_the_stack_account() -> None:
    code, document, _ = preview("data-sources")
    assert (code, violations(document)) == (0, [])
    outputs = document["outputs"]
    assert json.loads(outputs.pop("policy_document")) == {
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
    assert outputs == {
        "account": "111122223333", "alias_target_is_key": True, "ami_param_prefix": "ami-",
        "cert_arn_prefix": "arn:aws:acm:ap-southeast-2:111122223333:certificate", "cert_status": "ISSUED",
        "default_sg_name": "default", "key_manager": "AWS", "partition": "aws",
        "policy_arn": "arn:aws:iam::111122223333:policy/deployer-boundary", "policy_id_prefix": "ANPA",
        "prefix_list_cidrs": ["3.5.0.0/19", "16.182.0.0/16", "52.216.0.0/15", "54.231.0.0/16"],
        "prefix_list_id_length": 11, "region": "ap-southeast-2", "zone_id_prefix": "Z", "zone_name": "example.com",
        "zones": ["ap-southeast-2a", "ap-southeast-2b", "ap-southeast-2c"]}


# --------------------------------------------------------------------- what the engine cannot emulate: one message


def test_multi_language_component_is_named_with_the_mocks_fix(tmp_path) -> None:
    code, document, stderr = preview("awsx-vpc")
    assert (code, document) == (2, {})
    assert stderr == (
        "error: The program uses awsx:ec2:Vpc, a multi-language component of the package 'awsx' (pulumi_awsx): its "
        "provider plugin builds its resources, and the offline engine cannot run plugins. Fix: give the component's "
        'outputs in a mocks file and pass --mocks FILE, for example {"resources": {"awsx:ec2:Vpc": {"<output>": '
        '"..."}}} (the resources it would create are then not previewed).\n')
    mocks = tmp_path / "mocks.json"
    mocks.write_text(json.dumps({"resources": {"awsx:ec2:Vpc": {"vpcId": "vpc-0123456789abcdef0"}}}))
    code, document, _ = preview("awsx-vpc", "--mocks", str(mocks))
    assert (code, document["outputs"]) == (0, {"vpc_id": "vpc-0123456789abcdef0"})


def test_provider_other_than_aws_is_named_with_the_mocks_fix(tmp_path) -> None:
    code, document, stderr = preview("docker-image")
    assert (code, document) == (2, {})
    assert stderr == (
        "error: The program creates docker:index/image:Image, a resource of the package 'docker' (pulumi_docker), "
        "whose provider the offline engine does not emulate. Fix: give its outputs in a mocks file and pass --mocks "
        'FILE, for example {"resources": {"docker:index/image:Image": {"id": "..."}}}.\n')
    mocks = tmp_path / "mocks.json"
    mocks.write_text(json.dumps({"resources": {"docker:index/image:Image": {"id": "sha256:0f0e", "repoDigest": "x"}}}))
    code, document, _ = preview("docker-image", "--mocks", str(mocks))
    assert (code, violations(document)) == (0, [])
    assert next(r for r in document["resources"] if r["name"] == "app-image")["id"] == "sha256:0f0e"


def test_data_source_the_engine_cannot_know_stops_with_its_token() -> None:
    code, document, stderr = preview("unanswered-lookup")
    assert (code, document) == (2, {})
    assert stderr == (
        "error: The program called the data source aws:ec2/getInstance:getInstance, which the offline engine cannot "
        'answer. Fix: supply its result in a mocks file and pass --mocks FILE, for example {"calls": '
        '{"aws:ec2/getInstance:getInstance": {...}}}.\n')


# --------------------------------------------------------------------- the program's own virtualenv


@pytest.mark.parametrize(("name", "where"), [("own-venv-pip", "venv"), ("own-venv-uv", ".venv"),
                                             ("own-venv-poetry", ".venv")])
def test_program_runs_in_the_virtualenv_its_toolchain_names(name, where, shared_venv, tmp_path) -> None:
    project = copy_with_venv(name, tmp_path, shared_venv, where)
    code, document, stderr = preview(project)
    assert code == 0, stderr
    assert document["outputs"]["prefix"] == str(project / where)
    assert document["outputs"]["virtual_env"] == str(project / where)
    assert document["outputs"]["queue_url"].startswith("https://sqs.eu-west-1.amazonaws.com/123456789012/jobs-")


def test_poetry_environment_is_found_in_poetry_cache_without_poetry(shared_venv, tmp_path) -> None:
    project = copy_with_venv("own-venv-poetry", tmp_path, shared_venv, None)
    cache = tmp_path / "poetry-envs"
    cache.mkdir()
    env_dir = cache / f"{poetry_env_name('own-venv-poetry', str(project))}-py3.11"
    env_dir.symlink_to(shared_venv, target_is_directory=True)
    code, document, stderr = preview(project, env={"POETRY_VIRTUALENVS_PATH": str(cache), "PATH": "/usr/bin:/bin"})
    assert code == 0, stderr
    assert document["outputs"]["virtual_env"] == str(env_dir)


def test_missing_uv_environment_is_one_error_naming_the_fix(shared_venv, tmp_path) -> None:
    project = copy_with_venv("own-venv-uv", tmp_path, shared_venv, None)
    code, document, stderr = preview(project)
    assert (code, document) == (2, {})
    assert stderr == (f"error: The project's uv virtualenv {project / '.venv'} does not exist (runtime.options in "
                      "Pulumi.yaml). Fix: run `uv sync` in the project directory.\n")


def test_pip_virtualenv_not_created_yet_runs_the_engine_interpreter_and_says_so(shared_venv, tmp_path) -> None:
    project = copy_with_venv("own-venv-pip", tmp_path, shared_venv, None)
    code, document, stderr = preview(project)
    assert code == 0, stderr
    assert document["outputs"]["prefix"] == sys.prefix
    assert (f"runtime.options.virtualenv in Pulumi.yaml names {project / 'venv'}, which does not exist: the program "
            f"ran with the engine's interpreter ({sys.executable}), whose packages may not be the program's. Fix: "
            "create it (`pulumi install`).") in document["warnings"]
    # A program that fails, most likely for a module its own environment has, is told the same.
    (project / "__main__.py").write_text("import pulumi_not_installed_here\n")
    code, document, stderr = preview(project)
    assert (code, document) == (2, {})
    assert stderr == ("error: The program failed at __main__.py:1: ModuleNotFoundError: No module named "
                      f"'pulumi_not_installed_here' Note: runtime.options.virtualenv in Pulumi.yaml names "
                      f"{project / 'venv'}, which does not exist: the program ran with the engine's interpreter "
                      f"({sys.executable}), whose packages may not be the program's. Fix: create it "
                      "(`pulumi install`).\n")
    (project / "__main__.py").write_text("raise ValueError('a bug of its own')\n")
    code, _, stderr = preview(project)
    assert (code, stderr) == (2, "error: The program failed at __main__.py:1: ValueError: a bug of its own\n")


def test_reading_a_resource_of_another_provider_is_named_too(tmp_path) -> None:
    # `Resource.get(id=...)` is a ReadResource, which only that provider's plugin can answer, as for a create.
    program = tmp_path / "reader"
    program.mkdir()
    (program / "Pulumi.yaml").write_text("name: reader\nruntime: python\n")
    (program / "Pulumi.dev.yaml").write_text("config:\n  aws:region: eu-west-1\n")
    (program / "__main__.py").write_text(
        "import pulumi\n\n"
        "image = pulumi.CustomResource('docker:index/image:Image', 'existing', {'repoDigest': None},\n"
        "                              pulumi.ResourceOptions(id='sha256:0f0e'))\n"
        "pulumi.export('digest', image.repoDigest)\n")
    code, document, stderr = preview(program)
    assert (code, document) == (2, {})
    assert stderr.startswith("error: The program reads docker:index/image:Image, a resource of the package "
                             "'docker' (pulumi_docker), whose provider the offline engine does not emulate.")
