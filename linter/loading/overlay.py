"""`extends` overlays: merge an overlay's tree onto its base's.

Maps merge key by key, recursively; any other value (lists included) replaces
the base's; `null` removes the key. Positions travel with the values, so a
finding about a value inherited from the base points into the base file.
"""
from __future__ import annotations

from ..yaml_reader import YMap


def merge_overlay(base: YMap, overlay: YMap) -> YMap:
    merged = YMap(overlay.mark)
    merged.removed_marks.update(base.removed_marks)  # a chain of overlays keeps the earliest `null`s
    for key, value in base.items():
        if key == "extends":
            continue
        merged[key] = value
        merged.key_marks[key] = base.key_marks[key]
        merged.val_marks[key] = base.val_marks[key]
        if key in base.more_marks:
            merged.more_marks[key] = list(base.more_marks[key])
    for key, value in overlay.items():
        if key == "extends":
            continue
        if value is None:
            _remove(merged, key)
            # A finding about the missing value (`encrypted`, `multi_az`) points at the `null`.
            merged.removed_marks[key] = overlay.key_marks[key]
        elif key in merged:
            merged.more_marks.setdefault(key, []).append(overlay.key_marks[key])
            # The value now (also) comes from the overlay: findings about it point there.
            merged.val_marks[key] = overlay.val_marks[key]
            if isinstance(value, YMap) and isinstance(merged[key], YMap):
                merged[key] = merge_overlay(merged[key], value)
            else:
                merged[key] = value
        else:
            merged[key] = value
            merged.key_marks[key] = overlay.key_marks[key]
            merged.val_marks[key] = overlay.val_marks[key]
            merged.removed_marks.pop(key, None)
    return merged


def _remove(merged: YMap, key: object) -> None:
    merged.pop(key, None)
    merged.key_marks.pop(key, None)
    merged.val_marks.pop(key, None)
    merged.more_marks.pop(key, None)
