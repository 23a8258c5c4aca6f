"""python -m officebill.cli"""
import sys

from . import main

sys.exit(main())
