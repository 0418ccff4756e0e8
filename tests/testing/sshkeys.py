"""Real SSH keys for tests, made once per session with ssh-keygen (never mocked)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

NAMESPACE = "regulation-governance"


@dataclass(frozen=True)
class KeyPair:
    private: Path
    identity: str

    @property
    def public(self) -> Path:
        return self.private.with_name(self.private.name + ".pub")

    def allowed_signers(self, namespace: str = NAMESPACE) -> str:
        key_type, key, *_ = self.public.read_text(encoding="utf-8").split()
        return f'{self.identity} namespaces="{namespace}" {key_type} {key}\n'


@dataclass(frozen=True)
class Keys:
    secretary: KeyPair  # listed in the allowed_signers of test repositories
    outsider: KeyPair  # a valid key that nobody allowed


def generate(folder: Path, name: str, identity: str, key_type: str = "ed25519") -> KeyPair:
    """A new key pair; `key_type` another than Ed25519 (ecdsa) is verified by ssh-keygen, not in-process."""
    private = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", key_type, "-N", "", "-C", identity, "-f", str(private)], check=True
    )
    return KeyPair(private, identity)
