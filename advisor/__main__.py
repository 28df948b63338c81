"""``python -m advisor``: run one command and leave.

The process ends with ``os._exit`` once the output is flushed: tearing the interpreter down one
object at a time (a survey of 100,000 rows holds millions of small strings) took a tenth of a
second of every command and gives the operating system nothing it would not reclaim anyway. Every
file the commands write is written and closed (atomically, see ``advisor.fileio``) and every
database change committed before ``main`` returns, so nothing is left to be done at exit.
"""

import logging
import os
import sys

from advisor.cli import main

code = main()
try:
    sys.stdout.flush()
    sys.stderr.flush()
except (BrokenPipeError, OSError):  # e.g. `python -m advisor catalog | head`: nothing left to say
    code = code or 0
logging.shutdown()
if sys.getprofile() is None and sys.gettrace() is None:  # a profiler or coverage writes at exit
    os._exit(code)
sys.exit(code)
