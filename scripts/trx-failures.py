"""Prints each failed test of the .trx files in a folder: its name, message and stack.

The test command runs dotnet test quietly (one line per project); when a test
fails, this is what a CI log needs to say why without a second run.
"""
import glob
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

for path in sorted(glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)):
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") != "Failed":
            continue
        print("FAILED " + result.get("testName", "?"))
        for tag in ("Message", "StackTrace", "StdOut"):
            node = result.find(".//t:" + tag, NS)
            if node is not None and node.text:
                text = node.text.strip()
                print("  " + tag + ":\n    " + "\n    ".join(text[:6000].splitlines()))
