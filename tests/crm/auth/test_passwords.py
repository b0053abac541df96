"""The unknown-login dummy hash: stored, not made at import, and as costly as a real one."""

from __future__ import annotations

import subprocess
import sys

from softphone.crm.auth import passwords


def test_importing_passwords_hashes_nothing() -> None:
    script = (
        "import argon2, time\n"
        "calls = []\n"
        "orig = argon2.PasswordHasher.hash\n"
        "argon2.PasswordHasher.hash = lambda self, p: calls.append(p) or orig(self, p)\n"
        "import softphone.crm.auth.passwords\n"
        "print(len(calls))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "0"


def test_the_stored_dummy_has_the_hashers_parameters() -> None:
    """Same memory, passes and lanes as a real hash: an unknown login costs the same."""
    assert not passwords._HASHER.check_needs_rehash(passwords._STORED_DUMMY)
    assert passwords._dummy_hash() == passwords._STORED_DUMMY
    assert not passwords.verify(passwords._dummy_hash(), "anything")
