"""Shared pytest plugins: fixture modules under tests/fixtures/."""

import os
import tempfile

# Every Label Studio the tests start records itself for discovery (annotations.discovery): in a
# state directory of this session, never the user's own (nor one shared with another session).
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="claimset-test-state-")

pytest_plugins = ["fixtures.datasets", "fixtures.labelstudio", "fixtures.wheel"]
