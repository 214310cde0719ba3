"""AcuViewer: an offline reference of acupuncture points and channels for sciatica."""

__version__ = "0.1.0"
