"""docs/python.md's worked example, run as written: the marked sh block with this build's
aicn first on PATH, then the marked python blocks in one interpreter, in a scratch folder."""
import os
import re
import subprocess
import unittest

import aicn_test_env as env

MARKER = "<!-- run by tests/python/test_docs.py"


def marked_blocks(path):
    """[(language, code)] of the fenced blocks right after a MARKER line, in order."""
    with open(path) as handle:
        text = handle.read()
    pattern = re.compile(re.escape(MARKER) + r"[^\n]*-->\n```(\w+)\n(.*?)\n```", re.DOTALL)
    return pattern.findall(text)


class PythonDocs(unittest.TestCase):
    def test_worked_example_runs(self):
        blocks = marked_blocks(os.path.join(env.SOURCE_DIR, "docs", "python.md"))
        languages = [language for language, _ in blocks]
        self.assertEqual(languages[0], "sh")
        self.assertGreaterEqual(languages.count("python"), 3)
        folder = env.scratch(self)
        environment = dict(os.environ, PATH=os.path.dirname(env.AICN_BINARY) + os.pathsep + os.environ["PATH"],
                           PYTHONPATH=env.PACKAGE_DIR, PYTHONDONTWRITEBYTECODE="1")
        for language, code in blocks:
            if language == "sh":
                env.run(["sh", "-e", "-c", code], cwd=folder, env=environment)
        python = "\n".join(code for language, code in blocks if language == "python")
        result = subprocess.run(["/usr/bin/python3", "-W", "error", "-c", python], cwd=folder, env=environment,
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")  # no warning either (a pandas deprecation fails here)
        # The run the example reads, and figures the page shows that do not depend on the engine.
        self.assertIn("<aicn.Run demo: ", result.stdout)
        self.assertIn("B s\n", result.stdout)
        self.assertIn("china-national 1\n", result.stdout)



class InstallDocs(unittest.TestCase):
    def test_the_page_shows_the_project_the_install_test_builds(self):
        with open(os.path.join(env.SOURCE_DIR, "docs", "install.md")) as handle:
            page = handle.read()
        blocks = re.findall(r"```cmake\n(.*?)```", page, re.DOTALL)
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "policy_project", "CMakeLists.txt")) as handle:
            self.assertEqual(blocks, [handle.read()])


if __name__ == "__main__":
    unittest.main()
