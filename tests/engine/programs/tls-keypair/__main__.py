"""An EC2 key pair from a tls private key, the key's fingerprint exported."""

import pulumi
import pulumi_aws as aws
import pulumi_tls as tls

key = tls.PrivateKey("ssh", algorithm="RSA", rsa_bits=4096)
pair = aws.ec2.KeyPair("deployer", public_key=key.public_key_openssh)

pulumi.export("key_type", key.public_key_openssh.apply(lambda text: text.split(" ")[0]))
pulumi.export("fingerprint_groups", key.public_key_fingerprint_md5.apply(lambda text: len(text.split(":"))))
pulumi.export("private_key_begins", key.private_key_pem.apply(lambda pem: pem.splitlines()[0]))
pulumi.export("key_pair_id", pair.id)
