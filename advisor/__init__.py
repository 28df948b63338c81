"""Platform Advisor: choose an internal communication platform with your staff, and roll it out.

One thread for the numerical library, unless the user says otherwise: the matrices here are small
(a few thousand rows at most), and OpenBLAS's own threads busy-wait on every core between products.
They took the second core from the bootstrap draws and from the other figures computed beside
them (``survey`` on 100,000 respondents: 1.2 s of CPU for the draws instead of 0.56 s), and in the
dashboard they would take it from other users' sessions. Set before numpy is first imported.
"""

import os as _os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_name, "1")
