"""Entry script of the bundled `officebill-cli` console executable (what pip's console-script stub does).

`officebill-cli --self-test` runs the same self-test with a console attached,
which is the way to see its report on Windows (the window executable has none).
"""
import sys

if "--self-test" in sys.argv[1:]:
    from officebill.selftest import main as self_test

    sys.exit(self_test(sys.argv[1:]))

from officebill.cli import main

sys.exit(main())
