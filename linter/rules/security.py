"""Security rules: WAF, public data stores, encryption, secrets, audit trails."""
from __future__ import annotations
