"""How many Hypothesis examples an expensive test runs: a share of the active profile's count."""
from __future__ import annotations

import math

from hypothesis import settings


def scaled_examples(fraction: float, *, min_examples: int = 2) -> int:
    """``fraction`` of the active profile's ``max_examples``, rounded down, at least ``min_examples``.

    For tests whose examples each cost wall-clock time (servers, forks, fixed windows): the
    variety of their data matters less than the cost of each example.  Call it where the test
    is decorated: the plugin has loaded the suite's profile before it imports a test module.
    """
    # The epsilon keeps a product such as 0.3 * 20 from flooring to 5 on a float error.
    return max(min_examples, math.floor(settings.default.max_examples * fraction + 1e-9))
