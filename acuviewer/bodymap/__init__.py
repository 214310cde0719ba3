"""The body map: the figure and its landmarks, proportional-cun geometry, and the SVG renderer (no Qt)."""
