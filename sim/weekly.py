"""The decorator of compiled code that runs every town-week.

numba counts references to every array a compiled function is given: an atomic increment
on entry and a decrement on exit per array, also per array inside a named tuple. A
batch's state is named tuples of some eighty arrays, so each call of a weekly function
cost 0.5-1 µs before doing anything: 12 µs per town-week, the weekly update of ninety
people. Functions marked ``weekly`` are compiled without reference counting (numba's
``_nrt=False``). numba then refuses to compile them if they allocate an array or return
one they were not given, so they work in arrays their caller holds: the batch's state
and the scratch space of :func:`sim.engine.step.run`.
"""

from __future__ import annotations

import numba

weekly = numba.njit(cache=True, _nrt=False)
