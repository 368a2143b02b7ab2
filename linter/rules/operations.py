"""Operations and cost rules: DLQs, autoscaling, throttling, replicas, non-prod redundancy."""
from __future__ import annotations
