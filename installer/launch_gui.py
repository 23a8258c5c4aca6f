"""Entry script of the bundled `officebill` window executable (what pip's gui-script stub does).

`--self-test` is answered here before anything imports Qt, so the bundle's
self-test does not depend on the window's start-up path; officebill.gui.app
does the same for a pip install.
"""
import sys

if "--self-test" in sys.argv[1:]:
    from officebill.selftest import main as self_test

    sys.exit(self_test(sys.argv[1:]))

from officebill.gui.app import main

sys.exit(main())
