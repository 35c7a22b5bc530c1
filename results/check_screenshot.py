#!/usr/bin/python3
"""check_screenshot.py PNG: print what a screenshot shows, as JSON, so a test can tell a
rendered page from a blank one: {"width", "height", "non_background" (share of pixels that
differ from the most common colour), "colours" (distinct colours)}.
Needs python3-matplotlib (which brings Pillow). Exit 2 when the file is not a readable PNG."""
import json
import sys

try:
    import numpy as np
    from matplotlib import image
except ImportError as error:
    sys.stderr.write("check_screenshot: error: %s (install python3-matplotlib)\n" % error)
    sys.exit(2)

if len(sys.argv) != 2:
    sys.stderr.write("usage: check_screenshot.py SCREENSHOT.png\n")
    sys.exit(2)
try:
    pixels = image.imread(sys.argv[1])
except Exception as error:  # any decoding failure means "not a PNG we can read"
    sys.stderr.write("check_screenshot: error: %s: %s\n" % (sys.argv[1], error))
    sys.exit(2)
height, width = pixels.shape[:2]
rgb = (np.asarray(pixels[..., :3]) * 255).round().astype(np.uint32)
packed = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
values, counts = np.unique(packed, return_counts=True)
print(json.dumps({"width": int(width), "height": int(height),
                  "non_background": float(1.0 - counts.max() / packed.size), "colours": int(len(values))}))
