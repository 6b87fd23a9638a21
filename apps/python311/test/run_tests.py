"""Runs the unittest suite (same as `python3 -m unittest discover -s test -v`)
and ends with `# pass N` / `# fail N` lines for the CI summary."""

import os
import sys
import unittest

TEST_DIR = os.path.dirname(os.path.abspath(__file__))


def main():
    sys.path.insert(0, TEST_DIR)
    pattern = sys.argv[1] if len(sys.argv) > 1 else "test*.py"
    suite = unittest.defaultTestLoader.discover(TEST_DIR, pattern=pattern, top_level_dir=TEST_DIR)
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    sys.stdout.write("# pass {}\n# fail {}\n".format(passed, failed))
    sys.stdout.flush()
    sys.exit(0 if failed == 0 and result.testsRun > 0 else 1)


if __name__ == "__main__":
    main()
