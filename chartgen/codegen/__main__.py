import sys

from chartgen.codegen import main

sys.exit(main())
