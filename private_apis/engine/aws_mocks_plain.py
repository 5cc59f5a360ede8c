"""Outputs of the providers whose resources are values computed from their inputs: random, tls, archive, command.

Their plugins are Go binaries the engine cannot run, but what they return is simple, so programs that use them
preview: every value is derived from the resource's type and name, in the format and of the size the provider
gives (terraform-provider-random's ``random_password`` charset rules, terraform-provider-tls's PEM and OpenSSH
encodings, terraform-provider-archive's checksums). The key material has the right shape and is not a usable key.
A command is not run: its ``stdout`` and ``stderr`` are unknown, as in a preview under the CLI, where the command
runs only on ``up`` (pulumi-command's ``Command`` runs its ``create`` on create).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import string
import struct

from private_apis.engine.aws_mocks import UNKNOWN, AwsMocks, _alnum, _builder, _call, _digest, _hex, _uuid

_SPECIAL = "!@#$%&*()-_=+[]{}<>:?"
"""terraform-provider-random's default ``overrideSpecial`` set."""
_ADJECTIVES = ("brave", "calm", "eager", "gentle", "jolly", "lucky", "proud", "witty")
_ANIMALS = ("badger", "falcon", "gecko", "heron", "koala", "lemur", "otter", "walrus")
_ISSUED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _int(inputs: dict, key: str, default: int) -> int:
    value = inputs.get(key)
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _bytes(seed: str, length: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(f"{seed}/{counter}".encode()).digest()
        counter += 1
    return out[:length]


# --------------------------------------------------------------------- random


def _charset(inputs: dict) -> str:
    chars = ""
    for key, alphabet in (("lower", string.ascii_lowercase), ("upper", string.ascii_uppercase),
                          ("numeric", string.digits)):
        if inputs.get(key) is not False and not (key == "numeric" and inputs.get("number") is False):
            chars += alphabet
    if inputs.get("special") is not False:
        chars += inputs["overrideSpecial"] if isinstance(inputs.get("overrideSpecial"), str) else _SPECIAL
    return chars or string.ascii_lowercase


def _random_text(seed: str, inputs: dict) -> str:
    length = max(_int(inputs, "length", 16), 1)
    return _alnum(seed, length, _charset(inputs)) if length <= 40 else "".join(
        _alnum(f"{seed}/{i}", 1, _charset(inputs)) for i in range(length))


@_builder("random:index/randomPassword:RandomPassword")
def _random_password(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    result = _random_text(seed, inputs)
    bcrypt = "$2a$10$" + _alnum(seed + "bcrypt", 53, string.ascii_letters + string.digits + "./")
    return {"id": "none", "result": result, "bcryptHash": bcrypt}


@_builder("random:index/randomString:RandomString")
def _random_string(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    result = _random_text(seed, inputs)
    return {"id": result, "result": result}


@_builder("random:index/randomId:RandomId")
def _random_id(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    raw = _bytes(seed, max(_int(inputs, "byteLength", 8), 1))
    prefix = inputs.get("prefix") if isinstance(inputs.get("prefix"), str) else ""
    b64_url = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return {"id": b64_url, "b64Url": prefix + b64_url, "b64Std": prefix + base64.b64encode(raw).decode(),
            "hex": prefix + raw.hex(), "dec": prefix + str(int.from_bytes(raw, "big"))}


@_builder("random:index/randomBytes:RandomBytes")
def _random_bytes(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    raw = _bytes(seed, max(_int(inputs, "length", 32), 1))
    encoded = base64.b64encode(raw).decode()
    return {"id": encoded, "base64": encoded, "hex": raw.hex()}


@_builder("random:index/randomInteger:RandomInteger")
def _random_integer(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    low, high = _int(inputs, "min", 0), _int(inputs, "max", 100)
    result = low + int(_hex(seed, 12), 16) % max(high - low + 1, 1)
    return {"id": str(result), "result": result}


@_builder("random:index/randomUuid:RandomUuid")
def _random_uuid(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    result = _uuid(seed)
    return {"id": result, "result": result}


@_builder("random:index/randomPet:RandomPet")
def _random_pet(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    length = max(_int(inputs, "length", 2), 1)
    words = [(_ADJECTIVES if i < length - 1 else _ANIMALS)[int(_hex(f"{seed}/{i}", 4), 16) % 8]
             for i in range(length)]
    separator = inputs.get("separator") if isinstance(inputs.get("separator"), str) else "-"
    if isinstance(inputs.get("prefix"), str) and inputs["prefix"]:
        words.insert(0, inputs["prefix"])
    return {"id": separator.join(words)}


@_builder("random:index/randomShuffle:RandomShuffle")
def _random_shuffle(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    items = list(inputs.get("inputs") or [])
    ordered = sorted(items, key=lambda item: _digest(seed, item))
    count = _int(inputs, "resultCount", len(items))
    return {"id": "-", "results": ordered[:count]}


# --------------------------------------------------------------------- tls


def _pem(label: str, body: bytes) -> str:
    text = base64.b64encode(body).decode()
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"]) + "\n"


def _ssh_string(value: bytes) -> bytes:
    return struct.pack(">I", len(value)) + value


def _key_shape(inputs: dict) -> tuple[str, int, str]:
    """(algorithm, size of the public key in bytes, OpenSSH key type)."""
    algorithm = str(inputs.get("algorithm") or "RSA").upper()
    if algorithm == "ED25519":
        return algorithm, 32, "ssh-ed25519"
    if algorithm == "ECDSA":
        curve = str(inputs.get("ecdsaCurve") or "P224")
        size = {"P256": 65, "P384": 97, "P521": 133}.get(curve, 57)
        return algorithm, size, f"ecdsa-sha2-nistp{curve[1:]}"
    return "RSA", _int(inputs, "rsaBits", 2048) // 8, "ssh-rsa"


@_builder("tls:index/privateKey:PrivateKey")
def _private_key(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    algorithm, size, ssh_type = _key_shape(inputs)
    public = _bytes(seed + "public", size)
    if ssh_type == "ssh-rsa":
        blob = _ssh_string(b"ssh-rsa") + _ssh_string(b"\x01\x00\x01") + _ssh_string(b"\x00" + public)
    else:
        blob = _ssh_string(ssh_type.encode()) + _ssh_string(public)
    private = _bytes(seed + "private", size * 4 if algorithm == "RSA" else size + 16)
    md5 = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    label = {"RSA": "RSA PRIVATE KEY", "ECDSA": "EC PRIVATE KEY"}.get(algorithm, "PRIVATE KEY")
    return {"id": hashlib.sha1(blob, usedforsecurity=False).hexdigest(), "algorithm": algorithm,
            "privateKeyPem": _pem(label, private), "privateKeyPemPkcs8": _pem("PRIVATE KEY", private),
            "privateKeyOpenssh": _pem("OPENSSH PRIVATE KEY", b"openssh-key-v1\x00" + blob + private),
            "publicKeyPem": _pem("PUBLIC KEY", public),
            "publicKeyOpenssh": f"{ssh_type} {base64.b64encode(blob).decode()}\n",
            "publicKeyFingerprintMd5": ":".join(md5[i:i + 2] for i in range(0, 32, 2)),
            "publicKeyFingerprintSha256": "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode()
            .rstrip("=")}


def _certificate(seed: str, inputs: dict) -> dict:
    hours = _int(inputs, "validityPeriodHours", 24)
    serial = str(int(_hex(seed + "serial", 32), 16))
    return {"id": serial, "certPem": _pem("CERTIFICATE", _bytes(seed + "cert", 760)),
            "validityStartTime": _ISSUED.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "validityEndTime": (_ISSUED + datetime.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "readyForRenewal": False}


@_builder("tls:index/selfSignedCert:SelfSignedCert", "tls:index/locallySignedCert:LocallySignedCert")
def _signed_cert(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return _certificate(seed, inputs)


@_builder("tls:index/certRequest:CertRequest")
def _cert_request(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    pem = _pem("CERTIFICATE REQUEST", _bytes(seed + "csr", 600))
    return {"id": hashlib.sha1(pem.encode(), usedforsecurity=False).hexdigest(), "certRequestPem": pem}


@_call("tls:index/getPublicKey:getPublicKey")
def _get_public_key(m: AwsMocks, args: dict) -> dict:
    seed = "tls-public-key/" + str(args.get("privateKeyPem") or args.get("privateKeyOpenssh") or "")
    found = _private_key(m, seed, "key", {"algorithm": "RSA"})
    return {key: found[key] for key in ("id", "algorithm", "publicKeyPem", "publicKeyOpenssh",
                                        "publicKeyFingerprintMd5", "publicKeyFingerprintSha256")}


# --------------------------------------------------------------------- archive


def _archive(seed: str, args: dict) -> dict:
    content = json.dumps({k: v for k, v in args.items() if k != "outputPath"}, sort_keys=True, default=str)
    digest = (seed + content).encode()
    size = 22 + len(content)
    return {"id": hashlib.sha1(digest, usedforsecurity=False).hexdigest(), "outputPath": args.get("outputPath"),
            "outputSha": hashlib.sha1(digest, usedforsecurity=False).hexdigest(),
            "outputSha256": hashlib.sha256(digest).hexdigest(), "outputSha512": hashlib.sha512(digest).hexdigest(),
            "outputMd5": hashlib.md5(digest, usedforsecurity=False).hexdigest(),
            "outputBase64sha256": base64.b64encode(hashlib.sha256(digest).digest()).decode(),
            "outputBase64sha512": base64.b64encode(hashlib.sha512(digest).digest()).decode(), "outputSize": size}


@_builder("archive:index/file:File")
def _archive_file(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return _archive(seed, inputs)


@_call("archive:index/getFile:getFile")
def _get_archive_file(m: AwsMocks, args: dict) -> dict:
    return {**args, **_archive("archive-get-file", args)}


# --------------------------------------------------------------------- command


@_builder("command:local:Command", "command:remote:Command")
def _command(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    # The provider's id is the resource name plus 8 random hex digits (resource.NewUniqueHex).
    return {"id": f"{name}{_hex(seed, 8)}", "stdout": UNKNOWN, "stderr": UNKNOWN}


@_builder("command:remote:CopyFile", "command:remote:CopyToRemote")
def _copy(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": f"{name}{_hex(seed, 8)}"}


@_call("command:local:run")
def _run_command(m: AwsMocks, args: dict) -> dict:
    from private_apis.engine.aws_mocks import UnansweredCall

    raise UnansweredCall("The program runs a local command at preview time (command:local:run), which the offline "
                         "engine does not execute. Fix: give its result in a mocks file and pass --mocks FILE, for "
                         'example {"calls": {"command:local:run": {"stdout": "...", "stderr": ""}}}.')
